from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    """Internal evaluation and PDCA improvement (clause 9; indicators 62, 63)."""

    name = "parkops.improvement"
    label = "improvement"
    verbose_name = "内部评价与改进"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "evaluation",
                "内部评价计划",
                "improvement:inspectionplan_list",
                "improvement.InspectionPlan",
                order=10,
            ),
            NavItem(
                "evaluation",
                "内部评价记录",
                "improvement:inspection_list",
                "improvement.Inspection",
                order=20,
            ),
            NavItem("evaluation", "检查发现", "improvement:finding_list", "improvement.Finding", order=30),
            NavItem(
                "evaluation",
                "整改措施",
                "improvement:correctiveaction_list",
                "improvement.CorrectiveAction",
                order=40,
            ),
        )
