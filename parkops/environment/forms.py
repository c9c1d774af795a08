from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.environment import models as m

GreeningTaskForm = form_for(m.GreeningTask, ["park", "area", "work", "every_days", "standard", "active"])
GreeningRecordForm = form_for(
    m.GreeningRecord, ["park", "task", "area", "work", "done_on", "done_by", "note", "photo"]
)
WasteCollectionForm = form_for(
    m.WasteCollection,
    [
        "park",
        "collected_on",
        "category",
        "enterprise",
        "weight_kg",
        "carrier_name",
        "carrier_licence",
        "note",
    ],
)
MonitoringPointForm = form_for(
    m.MonitoringPoint, ["park", "kind", "name", "location", "enterprise", "active"]
)
WasteFacilityForm = form_for(
    m.WasteFacility,
    ["park", "kind", "name", "location", "category", "quantity", "cleaning_every_days", "active"],
)
WasteFacilityCleaningForm = form_for(
    m.WasteFacilityCleaning, ["facility", "done_on", "work", "disinfectant", "done_by", "note", "photo"]
)
PollutantLimitForm = form_for(m.PollutantLimit, ["point", "pollutant", "unit", "limit", "standard"])


class ReadingForm(RestrictedModelForm):
    class Meta:
        model = m.Reading
        fields = ["point", "limit", "measured_at", "value", "source"]
        widgets = {
            "measured_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }

    def clean(self):
        data = super().clean()
        if data.get("limit") and data.get("point") and data["limit"].point_id != data["point"].pk:
            self.add_error("limit", gettext("所选污染物不属于该监测点"))
        return data


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("整改措施及完成情况"), widget=forms.Textarea(attrs={"rows": 4}))
