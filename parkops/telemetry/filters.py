"""One FilterSet per register, for pages and API alike."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Park
from parkops.telemetry import models as m


def filterset(model, fields, search=(), **extra):
    attrs = {"search_fields": tuple(search), **extra}
    if any(f.name == "park" for f in model._meta.fields):
        attrs["park"] = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))
        fields = ["park", *fields]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


DeviceFilterSet = filterset(m.Device, ["kind", "building", "active"], ("code", "name", "location"))
PointFilterSet = filterset(m.Point, ["quantity", "cumulative"], ("code", "name", "device__code"))
QuarantineFilterSet = filterset(m.Quarantine, ["status", "reason", "source"], ("device_code", "point_code"))
AlarmRuleFilterSet = filterset(m.AlarmRule, ["condition", "severity", "active"], ("name",))
AlarmFilterSet = filterset(m.Alarm, ["status", "severity"], ("message", "device__code"))
MeterReplacementFilterSet = filterset(m.MeterReplacement, [], ("point__code", "point__device__code"))
