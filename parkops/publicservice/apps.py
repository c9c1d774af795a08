from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _staff(user) -> bool:
    from parkops.core.scope import Role

    return user.is_superuser or user.role != Role.TENANT


class PublicserviceConfig(AppConfig):
    name = "parkops.publicservice"
    label = "publicservice"
    verbose_name = _("公共服务")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem(
                "operations",
                pgettext_lazy("list", "公共服务平台"),
                "publicservice:serviceplatform_list",
                "publicservice.ServicePlatform",
                order=450,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "平台服务案例"),
                "publicservice:platformcase_list",
                "publicservice.PlatformCase",
                order=451,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "党建群团活动"),
                "events:party_list",
                "events.Event",
                order=452,
                allowed=_staff,
                app="publicservice",
            ),
        )
