from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatagovConfig(AppConfig):
    name = "parkops.datagov"
    label = "datagov"
    verbose_name = _("数据治理与开放")
