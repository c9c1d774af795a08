from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EvaluationConfig(AppConfig):
    """Third-party evaluation projects, the expert panel and its reports (clause 10)."""

    name = "parkops.evaluation"
    label = "evaluation"
    verbose_name = _("第三方评估项目")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "evaluation",
                pgettext_lazy("list", "第三方评估项目"),
                "evaluation:evaluationproject_list",
                "evaluation.EvaluationProject",
                order=60,
            ),
        )
