"""The park's monitoring dashboard and wall screen, data analysis, reports and the digital registers (7.1–7.3)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InsightConfig(AppConfig):
    name = "parkops.insight"
    label = "insight"
    verbose_name = _("监测与分析")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.insight.views import may_see_dashboard

        register(
            NavItem("digital", _("园区监测面板"), "insight:dashboard", order=10, allowed=may_see_dashboard),
            NavItem("platform", _("平台运行状态"), "insight:status", order=90, allowed=may_see_dashboard),
            NavItem("digital", _("租户健康度"), "insight:health", order=20, allowed=may_see_dashboard),
            NavItem("digital", _("服务使用规律"), "insight:patterns", order=21, allowed=may_see_dashboard),
            NavItem("digital", _("数据探索"), "insight:explore", order=22, allowed=may_see_dashboard),
            NavItem("digital", _("月度运营报告"), "insight:monthly", order=23, allowed=may_see_dashboard),
            NavItem("digital", _("年度运营报告"), "insight:yearly", order=24, allowed=may_see_dashboard),
            NavItem(
                "green", _("能耗分析"), "insight:energy", "energy.Meter", order=30, allowed=may_see_dashboard
            ),
            NavItem(
                "green",
                _("月度能耗报告"),
                "insight:energy_report",
                "energy.Meter",
                order=31,
                allowed=may_see_dashboard,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "创新应用场景"),
                "insight:innovationscenario_list",
                "insight.InnovationScenario",
                order=40,
            ),
            NavItem(
                "digital",
                pgettext_lazy("list", "智算/存储中心"),
                "insight:computingcentre_list",
                "insight.ComputingCentre",
                order=41,
            ),
        )
