from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "parkops.insight"
    label = "insight"
    verbose_name = _("监测与分析")
