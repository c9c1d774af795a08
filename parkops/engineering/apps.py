from django.apps import AppConfig


class EngineeringConfig(AppConfig):
    name = "parkops.engineering"
    label = "engineering"
    verbose_name = "工程管理"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "operations", "报修工单", "engineering:workorder_list", "engineering.WorkOrder", order=300
            ),
            NavItem(
                "operations",
                "维保计划",
                "engineering:maintenanceplan_list",
                "engineering.MaintenancePlan",
                order=310,
            ),
            NavItem(
                "operations",
                "定期检验检测",
                "engineering:periodictest_list",
                "engineering.PeriodicTest",
                order=320,
            ),
            NavItem(
                "operations",
                "建筑本体维护台账",
                "engineering:buildingconditionrecord_list",
                "engineering.BuildingConditionRecord",
                order=330,
            ),
            NavItem(
                "operations",
                "装修申请",
                "engineering:decorationapplication_list",
                "engineering.DecorationApplication",
                order=340,
            ),
            NavItem(
                "operations",
                "装修审批记录",
                "engineering:decorationreview_list",
                "engineering.DecorationReview",
                order=341,
            ),
            NavItem(
                "operations",
                "工单时限",
                "engineering:workordersla_list",
                "engineering.WorkOrderSla",
                order=350,
            ),
        )
