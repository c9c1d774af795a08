from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicserviceConfig(AppConfig):
    name = "parkops.publicservice"
    label = "publicservice"
    verbose_name = _("公共服务")
