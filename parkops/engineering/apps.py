from django.apps import AppConfig


class EngineeringConfig(AppConfig):
    name = "parkops.engineering"
    label = "engineering"
    verbose_name = "工程管理"
