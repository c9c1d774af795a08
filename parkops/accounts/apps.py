from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "parkops.accounts"
    label = "accounts"
    verbose_name = _("用户与权限")

    def ready(self) -> None:
        from parkops.accounts import (
            checks,  # noqa: F401  (deployment checks of the CSP)
            schema,  # noqa: F401  (registers the OpenAPI security scheme)
        )
