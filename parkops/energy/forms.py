from django import forms

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.energy import models as m

MeterForm = form_for(
    m.Meter,
    [
        "park",
        "code",
        "name",
        "category",
        "scope",
        "level",
        "direction",
        "parent",
        "building",
        "enterprise",
        "virtual",
        "point",
        "multiplier",
        "accuracy_class",
        "calibrated_until",
        "active",
    ],
)
VirtualMeterTermForm = form_for(m.VirtualMeterTerm, ["meter", "source", "sign"])
EmissionFactorForm = form_for(m.EmissionFactor, ["park", "energy", "year", "region", "value", "source"])
EnergySavingMeasureForm = form_for(
    m.EnergySavingMeasure,
    [
        "park",
        "name",
        "kind",
        "area",
        "description",
        "commissioned_on",
        "meter",
        "before_from",
        "before_to",
        "after_from",
        "after_to",
        "before_per_day",
        "after_per_day",
    ],
)
DistributedEnergyForm = form_for(
    m.DistributedEnergy,
    [
        "park",
        "kind",
        "name",
        "building",
        "capacity_kw",
        "capacity_kwh",
        "commissioned_on",
        "meter",
        "operator_name",
    ],
)
MajorEquipmentForm = form_for(m.MajorEquipment, ["park", "name", "building", "energy", "rated_kw", "meter"])
EnergyManagerForm = form_for(
    m.EnergyManager, ["park", "name", "staff", "duties", "certificate", "appointed_on", "until"]
)
GreenFacilityForm = form_for(
    m.GreenFacility, ["park", "kind", "name", "location", "quantity", "installed_on", "note", "photo"]
)
GreenActivityForm = form_for(
    m.GreenActivity,
    ["park", "kind", "title", "held_on", "audience", "participants", "organiser", "note", "photo"],
)


class TariffPeriodForm(RestrictedModelForm):
    class Meta:
        model = m.TariffPeriod
        fields = ["park", "energy", "band", "start", "end", "price", "valid_from"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}),
            "end": forms.TimeInput(attrs={"type": "time"}),
        }
