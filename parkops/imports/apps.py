from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportsConfig(AppConfig):
    name = "parkops.imports"
    label = "imports"
    verbose_name = _("数据导入")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.core.scope import Role

        register(
            NavItem(
                "platform",
                pgettext_lazy("list", "数据导入"),
                "imports:index",
                "imports.ImportJob",
                roles=(Role.OPERATOR_ADMIN, Role.STAFF),
                order=40,
                allowed=may_import,
            )
        )


def may_import(user) -> bool:
    """The import page's own check: some importer is open to the user."""
    from parkops.imports import framework

    return any(importer.allowed(user) for importer in framework.all_importers())
