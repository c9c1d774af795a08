from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "parkops.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem("platform", pgettext_lazy("list", "我的通知"), "notifications:mine", order=5),
            NavItem(
                "platform",
                pgettext_lazy("list", "群机器人"),
                "notifications:webhookendpoint_list",
                roles=(Role.OPERATOR_ADMIN,),
                order=40,
            ),
            NavItem(
                "platform",
                pgettext_lazy("list", "通知投递记录"),
                "notifications:delivery_list",
                roles=(Role.OPERATOR_ADMIN,),
                order=41,
            ),
        )
