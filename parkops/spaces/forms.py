from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import form_for
from parkops.spaces import models as spaces
from parkops.spaces.services import SLOT_MINUTES

FunctionSpaceForm = form_for(
    spaces.FunctionSpace,
    [
        "park",
        "building",
        "floor",
        "kind",
        "name",
        "capacity",
        "area",
        "description",
        "photo",
        "bookable",
        "planned_use",
        "actual_use",
        "use_change_approval_no",
        "use_change_approved_on",
    ],
)
EquipmentForm = form_for(
    spaces.Equipment,
    ["space", "name", "category", "model_no", "quantity", "status", "last_checked_on", "note"],
)
FloorPlanForm = form_for(spaces.FloorPlan, ["floor", "image", "note"])
FloorPlanMarkForm = form_for(spaces.FloorPlanMark, ["plan", "unit", "space", "x", "y"])
BookingRuleForm = form_for(
    spaces.BookingRule,
    [
        "space",
        "who",
        "opens_at",
        "closes_at",
        "max_minutes",
        "min_notice_minutes",
        "horizon_days",
        "needs_approval",
        "price_per_hour",
        "notes",
    ],
)
for _form in (BookingRuleForm,):
    for _name in ("opens_at", "closes_at"):
        _form.base_fields[_name].widget = forms.TimeInput(
            attrs={"type": "time", "step": 1800}, format="%H:%M"
        )


def _times(rule: spaces.BookingRule, *, end: bool) -> list[tuple[str, str]]:
    out = []
    t = dt.datetime.combine(dt.date(2000, 1, 1), rule.opens_at)
    close = dt.datetime.combine(dt.date(2000, 1, 1), rule.closes_at)
    if end:
        t += dt.timedelta(minutes=SLOT_MINUTES)
    while t <= close if end else t < close:
        out.append((t.strftime("%H:%M"), t.strftime("%H:%M")))
        t += dt.timedelta(minutes=SLOT_MINUTES)
    return out


class BookingForm(forms.Form):
    """A booking of one space: a day, a start and an end on the half hour."""

    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.ChoiceField(label=_("开始"))
    end = forms.ChoiceField(label=_("结束"))
    purpose = forms.CharField(
        label=_("用途"), max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：客户洽谈"})
    )
    attendees = forms.IntegerField(label=_("参加人数"), min_value=1, initial=1)

    def __init__(self, *args, rule: spaces.BookingRule, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = _times(rule, end=False)
        self.fields["end"].choices = _times(rule, end=True)
        self.fields["attendees"].max_value = rule.space.capacity or None
        if rule.space.capacity:
            self.fields["attendees"].help_text = gettext("最多 %(capacity)s 人") % {
                "capacity": rule.space.capacity
            }

    def clean(self):
        data = super().clean()
        if {"date", "start", "end"} <= data.keys():
            tz = timezone.get_current_timezone()
            day = data["date"]
            data["starts_at"] = dt.datetime.combine(day, dt.time.fromisoformat(data["start"]), tz)
            data["ends_at"] = dt.datetime.combine(day, dt.time.fromisoformat(data["end"]), tz)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", gettext("结束时间须晚于开始时间"))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False)
