"""Forms of the enterprise-services pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.accounts.models import User
from parkops.core.forms import RestrictedModelForm, form_for
from parkops.core.scope import Role
from parkops.enterprise import models as m

PartnerForm = form_for(
    m.Partner, ["park", "name", "kind", "region", "services", "contact_name", "contact_phone", "active"]
)
PartnerAgreementForm = form_for(
    m.PartnerAgreement, ["partner", "kind", "title", "signed_on", "valid_until", "content", "document"]
)
EnterpriseServiceForm = form_for(
    m.EnterpriseService,
    ["park", "category", "name", "description", "partner", "fee", "how_to_apply", "active"],
)
ServiceCaseForm = form_for(
    m.ServiceCase,
    [
        "park",
        "category",
        "enterprise",
        "title",
        "offering",
        "partner",
        "served_on",
        "work",
        "successful",
        "result",
        "loan_amount",
        "grant_amount",
        "order_amount",
        "hires",
        "patents",
        "proof",
    ],
)
EnterpriseProfileForm = form_for(
    m.EnterpriseProfile, ["enterprise", "size", "revenue", "revenue_year", "rnd_ratio"]
)


class PolicyForm(RestrictedModelForm):
    qualifications = forms.MultipleChoiceField(
        label=_("须具备的资质"),
        choices=m.Qualification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("具备其中任一项即可；不选表示不限"),
    )
    sizes = forms.MultipleChoiceField(
        label=_("适用企业规模"),
        choices=m.Size.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限"),
    )

    class Meta:
        model = m.Policy
        fields = [
            "park",
            "title",
            "issuer",
            "level",
            "industries",
            "qualifications",
            "sizes",
            "min_age_years",
            "max_age_years",
            "min_revenue",
            "max_revenue",
            "min_headcount",
            "max_headcount",
            "opens_on",
            "deadline",
            "benefit",
            "max_benefit",
            "source_url",
            "guide",
            "active",
        ]


class DemandForm(RestrictedModelForm):
    """A need raised by a tenant (its own enterprise) or by staff on an enterprise's behalf."""

    class Meta:
        model = m.Demand
        fields = ["enterprise", "category", "title", "description", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None and user.role == Role.TENANT and not user.is_superuser:
            self.fields.pop("enterprise")
            self.fields.pop("source")
        else:
            self.fields["enterprise"].required = True


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("负责人"))
    due_on = forms.DateField(
        label=_("计划解决日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填默认 30 天内"),
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, park=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["assignee"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                Q(role=Role.STAFF, department="enterprise", parks=park)
                | Q(role=Role.OPERATOR_ADMIN, parks=park)
                | Q(role=Role.OPERATOR_ADMIN, operator=park.operator_id)
            )
            .distinct()
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.name


class MatchForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=m.EnterpriseService.objects.none(), label=_("对接服务"), required=False
    )
    partner = forms.ModelChoiceField(queryset=m.Partner.objects.none(), label=_("对接伙伴"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, demand=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = m.EnterpriseService.objects.filter(park=demand.park_id, active=True)
        self.fields["partner"].queryset = m.Partner.objects.filter(park=demand.park_id, active=True)
        self.fields["service"].initial = demand.offering_id
        self.fields["partner"].initial = demand.partner_id


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=m.Demand.Outcome.choices)
    note = forms.CharField(label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 3}))
    loan_amount = forms.DecimalField(
        label=_("获得融资/贷款（万元）"), required=False, min_value=0, decimal_places=2
    )
    grant_amount = forms.DecimalField(
        label=_("获得资助/奖补（万元）"), required=False, min_value=0, decimal_places=2
    )
    order_amount = forms.DecimalField(
        label=_("促成订单/合同（万元）"), required=False, min_value=0, decimal_places=2
    )
    hires = forms.IntegerField(label=_("招聘到岗人数"), required=False, min_value=0)
    patents = forms.IntegerField(label=_("专利/知识产权（件）"), required=False, min_value=0)
    proof = forms.FileField(label=_("证明材料（可选）"), required=False)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(label=_("评价"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("申报日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("申报结果"),
        choices=[("1", _("已获批")), ("0", _("未获批"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    granted_amount = forms.DecimalField(
        label=_("获批金额（万元）"), required=False, min_value=0, decimal_places=2
    )
    decided_on = forms.DateField(
        label=_("结果日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 2}))
    proof = forms.FileField(label=_("立项或批复文件（可选）"), required=False)
