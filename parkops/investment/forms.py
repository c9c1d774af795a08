"""Forms of the investment pages; related choices narrowed to what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.forms import RestrictedModelForm, form_for
from parkops.core.models import Unit, for_labels
from parkops.core.scope import VIEW
from parkops.core.validators import validate_credit_code
from parkops.investment import models as m


def date_input() -> forms.DateInput:
    """The browser's date picker; its value is always ISO."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _staff_of_my_parks(user):
    """Operator staff of the parks the user sees: the only people a record may be assigned to
    (the user table itself is not narrowed by ``restrict``)."""
    from parkops.accounts.models import User
    from parkops.core.scope import Role, visible_park_ids

    ids = visible_park_ids(user)
    qs = User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.OPERATOR_ADMIN])
    if ids is not None:
        qs = qs.filter(parks__in=ids).distinct()
    return qs.order_by("username")


class StaffChoiceMixin:
    staff_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.staff_fields:
            if name in self.fields:
                self.fields[name].queryset = _staff_of_my_parks(self.user)


_CustomerForm = form_for(
    m.Customer,
    [
        "park",
        "name",
        "credit_code",
        "industry",
        "industry_note",
        "pollution",
        "contact_name",
        "contact_phone",
        "source",
        "event",
        "owner",
        "need_area",
        "note",
    ],
)


class CustomerForm(StaffChoiceMixin, _CustomerForm):
    staff_fields = ("owner",)


class CustomerCreateForm(StaffChoiceMixin, RestrictedModelForm):
    """A new customer starts as 目标 or 意向; 入驻 comes only from signing a lease."""

    staff_fields = ("owner",)
    stage = forms.ChoiceField(
        label=_("客户阶段"),
        choices=[(m.Stage.TARGET, m.Stage.TARGET.label), (m.Stage.INTENT, m.Stage.INTENT.label)],
    )

    class Meta:
        model = m.Customer
        fields = CustomerForm._meta.fields


class FollowUpForm(forms.Form):
    followed_on = forms.DateField(label=_("跟进日期"), initial=clock.localdate, widget=date_input())
    way = forms.ChoiceField(label=_("跟进方式"), choices=m.FollowUp.Way.choices)
    content = forms.CharField(label=_("跟进内容"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("下一步"), required=False, max_length=300)


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("转为"), choices=[c for c in m.Stage.choices if c[0] != m.Stage.RESIDENT]
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class SignLeaseForm(forms.Form):
    """签约入驻: the terms of the lease that moves a customer to 入驻."""

    units = forms.ModelMultipleChoiceField(label=_("租赁房源"), queryset=Unit.objects.none())
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, validators=[validate_credit_code]
    )
    start = forms.DateField(label=_("起租日"), widget=date_input())
    end = forms.DateField(label=_("到期日"), widget=date_input())
    rent_per_m2 = forms.DecimalField(
        label=_("月租金单价（元/㎡·月）"), min_value=Decimal("0"), max_digits=8, decimal_places=2
    )
    escalation_pct = forms.DecimalField(
        label=_("年递增率（%）"),
        min_value=Decimal("0"),
        max_value=Decimal("30"),
        max_digits=5,
        decimal_places=2,
        initial=0,
    )
    deposit = forms.DecimalField(
        label=_("押金（元）"), min_value=Decimal("0"), max_digits=12, decimal_places=2, initial=0
    )
    free_start = forms.DateField(label=_("免租期起"), required=False, widget=date_input())
    free_end = forms.DateField(label=_("免租期止"), required=False, widget=date_input())

    def __init__(self, *args, customer: m.Customer, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = for_labels(Unit.objects.restrict(user, VIEW).filter(floor__building__park=customer.park))
        allowed = Q(state__in=[Unit.State.VACANT, Unit.State.RESERVED])
        if customer.enterprise_id:
            allowed |= Q(enterprise=customer.enterprise)
        self.fields["units"].queryset = (
            units.filter(allowed).select_related("floor__building").order_by("floor__building__code", "code")
        )
        self.fields["units"].label_from_instance = lambda u: (
            f"{u} · {u.area}㎡ · {u.get_use_display()} · {u.get_state_display()}"
            + (f" · 挂牌 {u.listed_rent} 元/㎡·月" if u.listed_rent else "")
        )
        self.fields["units"].widget.attrs["size"] = 10
        if customer.credit_code or customer.enterprise_id:
            self.fields["credit_code"].initial = customer.credit_code
            self.fields["credit_code"].help_text = _("已登记")
        else:
            self.fields["credit_code"].required = True

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("到期日不能早于起租日"))
        a, b = data.get("free_start"), data.get("free_end")
        if bool(a) != bool(b):
            self.add_error("free_end", gettext("免租期须同时填写起止日期"))
        return data


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("解除日期"), widget=date_input())
    termination_reason = forms.CharField(label=_("解除原因"), max_length=300)


class RenewForm(forms.Form):
    end = forms.DateField(label=_("新到期日"), widget=date_input())
    rent_per_m2 = forms.DecimalField(
        label=_("月租金单价（元/㎡·月）"), min_value=Decimal("0"), max_digits=8, decimal_places=2
    )
    escalation_pct = forms.DecimalField(
        label=_("年递增率（%）"),
        min_value=Decimal("0"),
        max_value=Decimal("30"),
        max_digits=5,
        decimal_places=2,
    )


LeaseForm = form_for(m.Lease, ["deposit", "escalation_pct"])


class InvestmentTargetForm(
    StaffChoiceMixin,
    form_for(m.InvestmentTarget, ["park", "member", "year", "duties", "target_area", "target_leases"]),
):
    staff_fields = ("member",)


EntryConditionForm = form_for(
    m.EntryCondition,
    [
        "park",
        "kind",
        "title",
        "description",
        "industry_scope",
        "qualification",
        "max_pollution",
        "mandatory",
        "active",
    ],
)
EnterpriseQualificationForm = form_for(
    m.EnterpriseQualification, ["enterprise", "kind", "name", "number", "issued_on", "valid_until"]
)
HeadcountRecordForm = form_for(m.HeadcountRecord, ["enterprise", "recorded_on", "headcount"])
EnterpriseContactForm = form_for(
    m.EnterpriseContact, ["enterprise", "name", "role", "phone", "email", "primary"]
)


class PolicyLinkForm(RestrictedModelForm):
    url = forms.URLField(label=_("链接"), required=False, assume_scheme="https")

    class Meta:
        model = m.PolicyLink
        fields = ["park", "kind", "title", "summary", "published"]  # url: declared above
