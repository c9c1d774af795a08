from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "parkops.fees"
    label = "fees"
    verbose_name = "收费与账单"
