from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Third-party evaluation projects, the expert panel and its reports (clause 10)."""

    name = "parkops.evaluation"
    label = "evaluation"
    verbose_name = "第三方评估项目"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "evaluation",
                "第三方评估项目",
                "evaluation:evaluationproject_list",
                "evaluation.EvaluationProject",
                order=60,
            ),
        )
