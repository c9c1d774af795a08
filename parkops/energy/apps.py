from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnergyConfig(AppConfig):
    name = "parkops.energy"
    label = "energy"
    verbose_name = _("能源与碳排放")

    def ready(self) -> None:
        from parkops.core.navigation import NavItem, register
        from parkops.energy.views import staff_reader

        area = "green"
        register(
            NavItem(area, pgettext_lazy("list", "能源管理"), "energy:overview", "energy.Meter", order=10),
            NavItem(
                area,
                pgettext_lazy("list", "建筑负荷曲线"),
                "energy:load_curve",
                "energy.Meter",
                order=11,
                allowed=staff_reader,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "计量器具配备（GB 17167）"),
                "energy:coverage",
                "energy.Meter",
                order=12,
                allowed=staff_reader,
            ),
            NavItem(area, pgettext_lazy("list", "能源计量表"), "energy:meter_list", "energy.Meter", order=13),
            NavItem(
                area,
                pgettext_lazy("list", "主要用能设备"),
                "energy:majorequipment_list",
                "energy.MajorEquipment",
                order=14,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "碳排放因子"),
                "energy:emissionfactor_list",
                "energy.EmissionFactor",
                order=15,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "分时电价"),
                "energy:tariffperiod_list",
                "energy.TariffPeriod",
                order=16,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "节能设备与措施"),
                "energy:energysavingmeasure_list",
                "energy.EnergySavingMeasure",
                order=17,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "分布式能源设施"),
                "energy:distributedenergy_list",
                "energy.DistributedEnergy",
                order=18,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "能源管理专人"),
                "energy:energymanager_list",
                "energy.EnergyManager",
                order=19,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "节水器具及绿色设施"),
                "energy:greenfacility_list",
                "energy.GreenFacility",
                order=20,
            ),
            NavItem(
                area,
                pgettext_lazy("list", "绿色低碳培训与活动"),
                "energy:greenactivity_list",
                "energy.GreenActivity",
                order=21,
            ),
        )
