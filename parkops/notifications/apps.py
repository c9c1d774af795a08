from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "parkops.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem("platform", "我的通知", "notifications:mine", order=5),
            NavItem(
                "platform",
                "群机器人",
                "notifications:webhookendpoint_list",
                roles=(Role.OPERATOR_ADMIN,),
                order=40,
            ),
            NavItem(
                "platform",
                "通知投递记录",
                "notifications:delivery_list",
                roles=(Role.OPERATOR_ADMIN,),
                order=41,
            ),
        )
