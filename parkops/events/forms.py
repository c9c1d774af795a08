from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.events import models as m

_DT = {"type": "datetime-local"}
_DT_FORMAT = "%Y-%m-%dT%H:%M"


class EventForm(RestrictedModelForm):
    class Meta:
        model = m.Event
        fields = [
            "park",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "space",
            "place",
            "organiser",
            "industries",
            "description",
            "open_for_signup",
            "capacity",
            "signup_deadline",
            "attendance",
            "materials",
            "summary",
            "cancelled",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs=_DT, format=_DT_FORMAT),
            "ends_at": forms.DateTimeInput(attrs=_DT, format=_DT_FORMAT),
            "signup_deadline": forms.DateTimeInput(attrs=_DT, format=_DT_FORMAT),
        }


EventPhotoForm = form_for(m.EventPhoto, ["event", "photo", "caption"])


class SignupForm(forms.Form):
    people = forms.IntegerField(label=_("报名人数"), min_value=1, max_value=500, initial=1)
    contact = forms.CharField(label=_("参加人员"), max_length=200, required=False)


class CheckInForm(forms.Form):
    attended = forms.IntegerField(label=_("签到人数"), min_value=0, max_value=5000)
