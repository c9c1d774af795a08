from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "parkops.improvement"
    label = "improvement"
    verbose_name = "内部评价与改进"
