from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """The third-party evaluation of clause 10: 表A.1 as data, and the expert panel's scoring."""

    name = "parkops.assessment"
    label = "assessment"
    verbose_name = "第三方评估"
