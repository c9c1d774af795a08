from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnergyConfig(AppConfig):
    name = "parkops.energy"
    label = "energy"
    verbose_name = _("能源与碳排放")
