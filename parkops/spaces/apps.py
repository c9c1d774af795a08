from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "parkops.spaces"
    label = "spaces"
    verbose_name = "空间与预约"
