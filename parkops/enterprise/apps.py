from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseConfig(AppConfig):
    name = "parkops.enterprise"
    label = "enterprise"
    verbose_name = _("企业服务")
