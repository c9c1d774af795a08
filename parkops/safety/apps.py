from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "parkops.safety"
    label = "safety"
    verbose_name = "安全管理"
