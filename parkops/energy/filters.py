import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Building, Enterprise, Park
from parkops.energy import models as m


def filterset(model, fields, search=(), **extra):
    attrs = {"search_fields": tuple(search), **extra}
    if any(f.name == "park" for f in model._meta.fields):
        attrs["park"] = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))
        fields = ["park", *fields]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


MeterFilterSet = filterset(
    m.Meter,
    ["category", "scope", "level", "direction", "virtual", "active"],
    ("code", "name"),
    building=df.ModelChoiceFilter(queryset=_restricted(Building), label=_("楼栋")),
    enterprise=df.ModelChoiceFilter(queryset=_restricted(Enterprise), label=_("企业")),
)
VirtualMeterTermFilterSet = filterset(m.VirtualMeterTerm, ["meter"], ("source__code", "source__name"))
EmissionFactorFilterSet = filterset(m.EmissionFactor, ["energy", "year"], ("region", "source"))
TariffPeriodFilterSet = filterset(m.TariffPeriod, ["energy", "band"], ())
EnergySavingMeasureFilterSet = filterset(m.EnergySavingMeasure, ["kind", "area"], ("name", "description"))
DistributedEnergyFilterSet = filterset(m.DistributedEnergy, ["kind"], ("name", "operator_name"))
MajorEquipmentFilterSet = filterset(m.MajorEquipment, ["energy"], ("name",))
EnergyManagerFilterSet = filterset(m.EnergyManager, [], ("name", "duties"))
GreenFacilityFilterSet = filterset(m.GreenFacility, ["kind"], ("name", "location"))
GreenActivityFilterSet = filterset(m.GreenActivity, ["kind", "audience"], ("title", "organiser"))
