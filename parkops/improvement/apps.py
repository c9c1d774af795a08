from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImprovementConfig(AppConfig):
    """Internal evaluation and PDCA improvement (clause 9; indicators 62, 63)."""

    name = "parkops.improvement"
    label = "improvement"
    verbose_name = _("内部评价与改进")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "evaluation",
                pgettext_lazy("list", "内部评价计划"),
                "improvement:inspectionplan_list",
                "improvement.InspectionPlan",
                order=10,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "内部评价记录"),
                "improvement:inspection_list",
                "improvement.Inspection",
                order=20,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "检查发现"),
                "improvement:finding_list",
                "improvement.Finding",
                order=30,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "整改措施"),
                "improvement:correctiveaction_list",
                "improvement.CorrectiveAction",
                order=40,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "政府主管部门检查与通知"),
                "improvement:authoritycontact_list",
                "improvement.AuthorityContact",
                order=50,
            ),
        )
