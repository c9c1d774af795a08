from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeesConfig(AppConfig):
    name = "parkops.fees"
    label = "fees"
    verbose_name = _("收费与账单")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        staff = (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)
        register(
            NavItem(
                "basics",
                pgettext_lazy("list", "经营业态"),
                "fees:businessline_list",
                "fees.BusinessLine",
                staff,
                order=120,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "经营收入台账"),
                "fees:revenue",
                "fees.RevenueEntry",
                staff,
                order=121,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "收费标准"),
                "fees:feestandard_list",
                "fees.FeeStandard",
                order=30,
            ),
            NavItem("operations", pgettext_lazy("list", "账单"), "fees:bill_list", "fees.Bill", order=31),
            NavItem(
                "operations", pgettext_lazy("list", "缴费记录"), "fees:payment_list", "fees.Payment", order=32
            ),
            NavItem(
                "operations", pgettext_lazy("list", "欠费"), "fees:arrears", "fees.Bill", staff, order=33
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "水电抄表"),
                "fees:utilityreading_list",
                "fees.UtilityReading",
                order=34,
            ),
        )
