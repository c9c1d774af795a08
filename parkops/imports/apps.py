from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "parkops.imports"
    label = "imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem(
                "platform",
                "数据导入",
                "imports:index",
                "imports.ImportJob",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF),
                order=40,
            )
        )
