from django.apps import AppConfig


class EnvironmentConfig(AppConfig):
    name = "parkops.environment"
    label = "environment"
    verbose_name = "环境管养"
