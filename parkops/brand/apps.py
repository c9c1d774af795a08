from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "parkops.brand"
    label = "brand"
    verbose_name = _("品牌与舆情")
