from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "parkops.evaluation"
    label = "evaluation"
    verbose_name = "第三方评估项目"
