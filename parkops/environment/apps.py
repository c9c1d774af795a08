from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnvironmentConfig(AppConfig):
    name = "parkops.environment"
    label = "environment"
    verbose_name = _("环境管养")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        area = "operations"
        register(
            NavItem(
                area,
                pgettext_lazy("list", "绿化养护计划"),
                "environment:greeningtask_list",
                "environment.GreeningTask",
                order=300,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "绿化养护记录"),
                "environment:greeningrecord_list",
                "environment.GreeningRecord",
                order=301,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "垃圾分类收运"),
                "environment:wastecollection_list",
                "environment.WasteCollection",
                order=302,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "垃圾分类设施"),
                "environment:wastefacility_list",
                "environment.WasteFacility",
                order=302,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "设施清洁消毒记录"),
                "environment:wastefacilitycleaning_list",
                "environment.WasteFacilityCleaning",
                order=302,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "污染监测点"),
                "environment:monitoringpoint_list",
                "environment.MonitoringPoint",
                order=303,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "监测读数"),
                "environment:reading_list",
                "environment.Reading",
                order=304,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "超标事件"),
                "environment:exceedance_list",
                "environment.Exceedance",
                order=305,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "污染整改通知"),
                "environment:pollutionnotice_list",
                "environment.PollutionNotice",
                order=306,
            ),
        )
