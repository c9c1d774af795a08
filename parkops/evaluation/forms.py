"""Forms of the evaluation pages; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core.forms import RestrictedModelForm
from parkops.evaluation.models import EvaluationProject


class ProjectForm(RestrictedModelForm):
    class Meta:
        model = EvaluationProject
        fields = [
            "park",
            "title",
            "assessor_org",
            "edition",
            "aggregation",
            "min_experts",
            "planned_start",
            "planned_end",
        ]


class DateInput(forms.DateInput):
    input_type = "date"


class ExpertAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("专家账号"), queryset=None, empty_label=_("请选择评估专家"))
    affiliation = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    title = forms.CharField(label=_("职称/专业"), max_length=100, required=False)
    is_lead = forms.BooleanField(label=_("专家组组长"), required=False)
    specialities = forms.MultipleChoiceField(
        label=_("专业领域（可评审的一级指标）"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )

    def __init__(self, *args, project=None, **kwargs):
        from parkops.evaluation.services import assessor_users

        super().__init__(*args, **kwargs)
        taken = project.experts.values("user_id") if project is not None else []
        self.fields["user"].queryset = assessor_users().exclude(pk__in=taken).order_by("username")
        areas = project.speciality_areas() if project is not None else []
        self.fields["specialities"].choices = [(a, gettext(a)) for a in areas]


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("与被评估园区或其运营机构是否存在利益冲突"),
        choices=[("0", _("不存在利益冲突")), ("1", _("存在利益冲突"))],
        coerce=lambda v: v == "1",
        initial="0",
    )
    conflict_detail = forms.CharField(
        label=_("利益冲突说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    worked_for_operator = forms.BooleanField(
        label=_("曾在该园区运营机构任职（含兼职、顾问）"), required=False
    )
    employment_ended_on = forms.DateField(
        label=_("任职结束日期（仍在任职留空）"), required=False, widget=DateInput
    )


class MaterialsForm(forms.Form):
    as_of = forms.DateField(label=_("材料截止日期"), widget=DateInput)
    note = forms.CharField(label=_("提交说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(label=_("核查日期"), widget=DateInput)
    places = forms.CharField(label=_("核查地点"), widget=forms.Textarea(attrs={"rows": 2}))
    people_met = forms.CharField(
        label=_("访谈人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    notes = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    photo = forms.ImageField(label=_("现场照片"), required=False)


class ClarificationForm(forms.Form):
    row = forms.IntegerField(label=_("指标序号"), required=False, min_value=1)
    question = forms.CharField(label=_("澄清问题"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 2}))


class VetoForm(forms.Form):
    illegal = forms.TypedChoiceField(
        label=_("第1行 违法违规行为"),
        choices=[("0", _("未发现")), ("1", _("发现（否决）"))],
        coerce=lambda v: v == "1",
    )
    accident = forms.TypedChoiceField(
        label=_("第2行 责任事故"),
        choices=[("0", _("未发现")), ("1", _("发现（否决）"))],
        coerce=lambda v: v == "1",
    )
    basis = forms.CharField(label=_("核查依据"), widget=forms.Textarea(attrs={"rows": 2}))
    illegal_reason = forms.CharField(
        label=_("第1行结论与事件登记不一致的理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("结论与本园区否决项事件登记不一致时必填"),
    )
    accident_reason = forms.CharField(
        label=_("第2行结论与事件登记不一致的理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("结论与本园区否决项事件登记不一致时必填"),
    )
