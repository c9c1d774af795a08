from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SafetyConfig(AppConfig):
    name = "parkops.safety"
    label = "safety"
    verbose_name = _("安全管理")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        area = "operations"
        register(
            NavItem(
                area, pgettext_lazy("list", "安全管理概览"), "safety:dashboard", "safety.Hazard", order=200
            ),
            NavItem(
                area, pgettext_lazy("list", "巡查（手机）"), "safety:patrol", "safety.PatrolRun", order=201
            ),
            NavItem(
                area, pgettext_lazy("list", "隐患台账"), "safety:hazard_list", "safety.Hazard", order=202
            ),
            NavItem(
                area,
                pgettext_lazy("list", "巡查记录"),
                "safety:patrolrun_list",
                "safety.PatrolRun",
                order=203,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "巡查路线"),
                "safety:patrolroute_list",
                "safety.PatrolRoute",
                order=204,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "巡查排班"),
                "safety:patrolschedule_list",
                "safety.PatrolSchedule",
                order=205,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "安全制度与应急预案"),
                "safety:safetyplan_list",
                "safety.SafetyPlan",
                order=206,
            ),
            NavItem(area, pgettext_lazy("list", "应急演练"), "safety:drill_list", "safety.Drill", order=207),
            NavItem(
                area,
                pgettext_lazy("list", "特种设备"),
                "safety:specialequipment_list",
                "safety.SpecialEquipment",
                order=208,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "消防设施"),
                "safety:fireequipment_list",
                "safety.FireEquipment",
                order=209,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "消防安全标志"),
                "safety:firesafetysign_list",
                "safety.FireSafetySign",
                order=209,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "电动自行车充电场所"),
                "safety:ebikechargingarea_list",
                "safety.EBikeChargingArea",
                order=210,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "燃气电气广告牌检查"),
                "safety:periodiccheck_list",
                "safety.PeriodicCheck",
                order=211,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "食品经营商户"),
                "safety:foodmerchant_list",
                "safety.FoodMerchant",
                order=212,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "安全管理人员"),
                "safety:securitystaff_list",
                "safety.SecurityStaff",
                order=213,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "安全教育培训"),
                "safety:safetytraining_list",
                "safety.SafetyTraining",
                order=214,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "安全监控系统"),
                "safety:monitoring_status",
                "safety.MonitoringDevice",
                order=215,
            ),
        )
