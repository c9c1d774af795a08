"""Forms of the internal evaluation registers; rules live in the models and services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.core.scope import Role, visible_park_ids
from parkops.improvement import models as m

InspectionPlanForm = form_for(m.InspectionPlan, ["park", "year", "title", "basis", "approved_on"])
InspectionPlanItemForm = form_for(
    m.InspectionPlanItem, ["plan", "area", "kind", "planned_month", "responsible"]
)


class InspectionForm(RestrictedModelForm):
    class Meta:
        model = m.Inspection
        fields = [
            "park",
            "plan",
            "kind",
            "area",
            "title",
            "held_on",
            "led_by",
            "summary",
            "survey",
            "period_start",
            "report",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Only a survey that has ended has results to evaluate.
        self.fields["survey"].queryset = (
            self.fields["survey"].queryset.filter(closed_on__isnull=False).order_by("-closed_on")
        )


AuthorityContactForm = form_for(
    m.AuthorityContact,
    [
        "park",
        "kind",
        "authority",
        "received_on",
        "subject",
        "requirements",
        "due_on",
        "responsible",
        "state",
        "follow_up",
        "completed_on",
        "attachment",
    ],
)
FindingForm = form_for(m.Finding, ["inspection", "area", "description", "severity", "cause_analysis"])


class CorrectiveActionForm(RestrictedModelForm):
    class Meta:
        model = m.CorrectiveAction
        fields = ["finding", "description", "owner", "deadline", "improvement_document"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from parkops.accounts.models import User

        parks = visible_park_ids(user)
        owners = User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.OPERATOR_ADMIN])
        if parks is not None:
            owners = owners.filter(parks__in=parks).distinct()
        self.fields["owner"].queryset = owners.order_by("username")


class CompletionForm(forms.Form):
    note = forms.CharField(label=_("整改完成情况"), widget=forms.Textarea(attrs={"rows": 2}))
    completed_on = forms.DateField(
        label=_("完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    improvement_document = forms.CharField(label=_("改进文件（名称及版本）"), max_length=200, required=False)
    improvement_file = forms.FileField(label=_("改进文件附件"), required=False)


class VerificationForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("验证结论"),
        choices=[("1", _("整改有效，关闭")), ("0", _("整改无效，退回实施"))],
        coerce=lambda v: v == "1",
    )
    verification = forms.CharField(label=_("验证结果"), widget=forms.Textarea(attrs={"rows": 2}))
