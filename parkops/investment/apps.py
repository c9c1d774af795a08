from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InvestmentConfig(AppConfig):
    name = "parkops.investment"
    label = "investment"
    verbose_name = _("招商与客户")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        staff = (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)
        register(
            NavItem(
                "basics",
                pgettext_lazy("list", "入园条件"),
                "investment:entrycondition_list",
                "investment.EntryCondition",
                order=110,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "入园条件核验"),
                "investment:entry_check",
                "investment.EntryCondition",
                staff,
                order=111,
            ),
            NavItem(
                "basics",
                pgettext_lazy("list", "园区定位核验"),
                "investment:positioning",
                "investment.PositioningException",
                staff,
                order=112,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "招商客户"),
                "investment:customer_list",
                "investment.Customer",
                order=10,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "客户跟进"),
                "investment:followup_list",
                "investment.FollowUp",
                order=11,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "租赁合同"),
                "investment:lease_list",
                "investment.Lease",
                order=12,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "出租与空置"),
                "investment:occupancy",
                "investment.Lease",
                staff,
                order=13,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "招商团队"),
                "investment:team",
                "investment.InvestmentTarget",
                order=14,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "客户分类分级"),
                "investment:grading",
                "investment.ResidentGrade",
                order=16,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "政策与资源"),
                "investment:policylink_list",
                "investment.PolicyLink",
                staff,
                order=17,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业档案"),
                "investment:archive_list",
                "core.Enterprise",
                order=18,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "客户档案记录"),
                "investment:archiverecord_list",
                "investment.ArchiveRecord",
                staff,
                order=19,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业资质"),
                "investment:enterprisequalification_list",
                "investment.EnterpriseQualification",
                staff,
                order=19,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业联系人"),
                "investment:enterprisecontact_list",
                "investment.EnterpriseContact",
                staff,
                order=20,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "在园人数"),
                "investment:headcountrecord_list",
                "investment.HeadcountRecord",
                staff,
                order=21,
            ),
        )
