from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SpacesConfig(AppConfig):
    name = "parkops.spaces"
    label = "spaces"
    verbose_name = _("空间与预约")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        staff = (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)
        register(
            NavItem(
                "basics",
                pgettext_lazy("list", "空间与配套"),
                "spaces:overview",
                "spaces.FunctionSpace",
                order=110,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "空间预约"),
                "spaces:booking_list",
                "spaces.Booking",
                order=111,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "功能空间台账"),
                "spaces:functionspace_list",
                "spaces.FunctionSpace",
                roles=staff,
                order=112,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "设备设施"),
                "spaces:equipment_list",
                "spaces.Equipment",
                roles=staff,
                order=113,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "楼层平面图"),
                "spaces:floorplan_list",
                "spaces.FloorPlan",
                order=114,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "预约规则"),
                "spaces:bookingrule_list",
                "spaces.BookingRule",
                roles=staff,
                order=115,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "空间使用统计"),
                "spaces:usage",
                "spaces.Booking",
                roles=staff,
                order=116,
            ),
        )
