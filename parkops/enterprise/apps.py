from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnterpriseConfig(AppConfig):
    name = "parkops.enterprise"
    label = "enterprise"
    verbose_name = _("企业服务")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role
        from parkops.enterprise.views import may_see_overview

        register(
            NavItem(
                "operations",
                pgettext_lazy("list", "企业服务概览"),
                "enterprise:overview",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR),
                allowed=may_see_overview,
                order=500,
                app="enterprise",
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业需求台账"),
                "enterprise:demand_list",
                "enterprise.Demand",
                order=501,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业服务清单"),
                "enterprise:enterpriseservice_list",
                "enterprise.EnterpriseService",
                order=502,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "服务案例"),
                "enterprise:servicecase_list",
                "enterprise.ServiceCase",
                order=503,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "政策匹配"),
                "enterprise:policy_matches",
                "enterprise.Policy",
                order=504,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "政策库"),
                "enterprise:policy_list",
                "enterprise.Policy",
                order=505,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "政策申报"),
                "enterprise:policyapplication_list",
                "enterprise.PolicyApplication",
                order=506,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "企业服务画像"),
                "enterprise:enterpriseprofile_list",
                "enterprise.EnterpriseProfile",
                order=507,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "生态伙伴"),
                "enterprise:partner_list",
                "enterprise.Partner",
                order=508,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "合作协议"),
                "enterprise:partneragreement_list",
                "enterprise.PartnerAgreement",
                order=509,
            ),
        )
