from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _staff(user) -> bool:
    from parkops.core.scope import Role

    return user.is_superuser or user.role != Role.TENANT


class EventsConfig(AppConfig):
    name = "parkops.events"
    label = "events"
    verbose_name = _("活动日历")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register

        register(
            NavItem("operations", _("活动日历"), "events:calendar", "events.Event", order=400),
            NavItem(
                "operations",
                pgettext_lazy("list", "园区活动"),
                "events:event_list",
                "events.Event",
                order=401,
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "招商推介活动"),
                "events:promotion_list",
                "events.Event",
                order=15,
                allowed=_staff,
                app="investment",
            ),
            NavItem(
                "operations",
                pgettext_lazy("list", "活动报名"),
                "events:eventsignup_list",
                "events.EventSignup",
                order=402,
            ),
        )
