from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EngineeringConfig(AppConfig):
    name = "parkops.engineering"
    label = "engineering"
    verbose_name = _("工程管理")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "operations",
                pgettext_lazy("list", "报修工单"),
                "engineering:workorder_list",
                "engineering.WorkOrder",
                order=300,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "维保计划"),
                "engineering:maintenanceplan_list",
                "engineering.MaintenancePlan",
                order=310,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "定期检验检测"),
                "engineering:periodictest_list",
                "engineering.PeriodicTest",
                order=320,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "建筑本体维护台账"),
                "engineering:buildingconditionrecord_list",
                "engineering.BuildingConditionRecord",
                order=330,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "装修申请"),
                "engineering:decorationapplication_list",
                "engineering.DecorationApplication",
                order=340,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "装修审批记录"),
                "engineering:decorationreview_list",
                "engineering.DecorationReview",
                order=341,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "工单时限"),
                "engineering:workordersla_list",
                "engineering.WorkOrderSla",
                order=350,
            ),
        )
