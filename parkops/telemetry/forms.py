from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import form_for
from parkops.telemetry import models as m

DeviceForm = form_for(
    m.Device,
    [
        "park",
        "code",
        "name",
        "kind",
        "building",
        "floor",
        "unit",
        "space",
        "location",
        "expected_interval_minutes",
        "monitoring_device",
        "pollution_point",
        "installed_on",
        "active",
    ],
)
PointForm = form_for(
    m.Point,
    [
        "device",
        "code",
        "name",
        "quantity",
        "unit",
        "min_value",
        "max_value",
        "cumulative",
        "rollover",
        "pollutant_limit",
    ],
)
AlarmRuleForm = form_for(
    m.AlarmRule,
    [
        "park",
        "name",
        "point",
        "device_kind",
        "condition",
        "threshold",
        "minutes",
        "factor",
        "weeks",
        "severity",
        "active",
    ],
)
MeterReplacementForm = form_for(
    m.MeterReplacement, ["point", "replaced_at", "old_final_value", "new_initial_value", "note"]
)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审核说明"), max_length=300, required=False)
