"""Forms of the customer-service pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm, form_for
from parkops.service import models as svc

ConciergeTeamForm = form_for(
    svc.ConciergeTeam, ["park", "name", "introduction", "introduction_file", "service_hours", "hotline"]
)
ConciergeMemberForm = form_for(svc.ConciergeMember, ["team", "staff", "duty", "duties", "shift", "buildings"])
SurveyQuestionForm = form_for(
    svc.SurveyQuestion, ["survey", "position", "kind", "text", "options", "required"]
)
MeetingServiceForm = form_for(
    svc.MeetingService,
    [
        "park",
        "held_on",
        "title",
        "client",
        "enterprise",
        "venue",
        "attendees",
        "services",
        "feedback",
        "satisfaction",
        "photo",
        "is_case",
    ],
)
ReceptionRecordForm = form_for(
    svc.ReceptionRecord,
    [
        "park",
        "received_on",
        "kind",
        "visitors",
        "scale",
        "purpose",
        "services",
        "host",
        "feedback",
        "is_case",
    ],
)
ValueAddedServiceForm = form_for(
    svc.ValueAddedService,
    [
        "park",
        "name",
        "category",
        "description",
        "free",
        "price",
        "price_unit",
        "provider",
        "how_to_order",
        "active",
    ],
)


class SurveyForm(RestrictedModelForm):
    class Meta:
        model = svc.Survey
        fields = ["park", "title", "introduction", "anonymous", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state != svc.Survey.State.DRAFT:
            # Anonymity is a promise made to respondents when the links go out.
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _("问卷已发放，匿名设置不能更改")


class TicketForm(RestrictedModelForm):
    class Meta:
        model = svc.Ticket
        fields = ["park", "enterprise", "contact", "kind", "channel", "subject", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.role == "tenant" and not user.is_superuser:
            for name in ("park", "enterprise", "contact", "channel"):
                self.fields.pop(name)
        else:
            self.fields["park"].required = True


class NoteForm(forms.Form):
    note = forms.CharField(label=_("处理进展"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("处理结果及回复"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新打开的原因"), widget=forms.Textarea(attrs={"rows": 2}))


class InviteForm(forms.Form):
    users = forms.ModelMultipleChoiceField(queryset=None, label=_("入驻企业用户"), required=False)
    emails = forms.CharField(
        label=_("邮箱（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    all_tenants = forms.BooleanField(label=_("邀请本园区全部入驻企业用户"), required=False)

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.accounts.models import User

        self.fields["users"].queryset = (
            User.objects.filter(is_active=True, role="tenant", enterprise__park=survey.park)
            .select_related("enterprise")
            .order_by("enterprise__name", "username")
        )
        self.fields["users"].label_from_instance = lambda u: f"{u.enterprise.name} · {u.name}"
        self.fields["users"].widget.attrs["size"] = 8


class AnalysisForm(forms.Form):
    analysis = forms.CharField(label=_("结果分析"), widget=forms.Textarea(attrs={"rows": 5}))
    analysis_file = forms.FileField(label=_("分析报告（可选）"), required=False)
    improvement_plan = forms.CharField(label=_("改进计划"), widget=forms.Textarea(attrs={"rows": 5}))
    improvement_file = forms.FileField(label=_("改进计划文件（可选）"), required=False)


class SurveyAnswerForm(forms.Form):
    """The questionnaire itself: one field per question."""

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        K = svc.SurveyQuestion.Kind
        self.questions = list(survey.questions.order_by("position"))
        for q in self.questions:
            label = f"{q.position}. {q.text}"
            name = f"q{q.pk}"
            if q.kind == K.SINGLE:
                field = forms.ChoiceField(
                    choices=[(o, o) for o in q.option_list],
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )
            elif q.kind == K.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(o, o) for o in q.option_list],
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                )
            elif q.kind == K.RATING:
                field = forms.TypedChoiceField(
                    choices=[(i, str(i)) for i in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )
            elif q.kind == K.NPS:
                field = forms.TypedChoiceField(
                    choices=[(i, str(i)) for i in range(0, 11)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
            field.label = label
            field.required = q.required
            field.question = q
            self.fields[name] = field

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
