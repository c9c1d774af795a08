from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentConfig(AppConfig):
    """Clause 10 and Appendix A: 表A.1 as data, the expert panel's scoring, the live
    self-assessment with its evidence, document library, incident register and goals."""

    name = "parkops.assessment"
    label = "assessment"
    verbose_name = _("评价与自评估")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        staff = (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)
        register(
            NavItem(
                "evaluation",
                pgettext_lazy("list", "自评估记分卡"),
                "assessment:scorecard",
                "assessment.AssessmentRun",
                staff,
                order=10,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "文件库"),
                "assessment:document_library",
                "assessment.Document",
                staff,
                order=20,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "否决项事件登记"),
                "assessment:incident_list",
                "assessment.Incident",
                staff,
                order=30,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "年度目标"),
                "assessment:goal_list",
                "assessment.Goal",
                staff,
                order=40,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "考核指标"),
                "assessment:kpi_list",
                "assessment.KPI",
                staff,
                order=41,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "服务目录"),
                "assessment:serviceoffering_list",
                "assessment.ServiceOffering",
                staff,
                order=50,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "供应商库"),
                "assessment:supplier_list",
                "assessment.Supplier",
                staff,
                order=51,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "创新事项"),
                "assessment:innovationitem_list",
                "assessment.InnovationItem",
                staff,
                order=60,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "人工评定"),
                "assessment:judgement_list",
                "assessment.Judgement",
                staff,
                order=70,
            ),
            NavItem(
                "evaluation",
                pgettext_lazy("list", "自评估记录"),
                "assessment:assessmentrun_list",
                "assessment.AssessmentRun",
                staff,
                order=80,
            ),
        )
