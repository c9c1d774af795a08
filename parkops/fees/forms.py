"""Forms of the fee pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.forms import form_for
from parkops.core.models import Enterprise
from parkops.core.scope import VIEW
from parkops.fees import models as m


def date_input() -> forms.DateInput:
    """The browser's date picker; its value is always ISO."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


FeeStandardForm = form_for(
    m.FeeStandard,
    [
        "park",
        "kind",
        "name",
        "unit",
        "price",
        "effective_from",
        "effective_to",
        "published_at",
        "approval_document",
    ],
)
UtilityReadingForm = form_for(
    m.UtilityReading, ["unit", "enterprise", "kind", "month", "previous", "current"]
)
BusinessLineForm = form_for(m.BusinessLine, ["park", "kind", "name", "description", "active"])
RevenueEntryForm = form_for(m.RevenueEntry, ["line", "month", "amount", "note"])


class BillLineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("收费项目"), choices=[c for c in m.FeeKind.choices if c[0] != m.FeeKind.RENT]
    )
    standard = forms.ModelChoiceField(label=_("收费标准"), queryset=m.FeeStandard.objects.none())
    quantity = forms.DecimalField(label=_("数量"), min_value=Decimal("0"), max_digits=12, decimal_places=2)
    unit_price = forms.DecimalField(
        label=_("单价（元）"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=4,
        required=False,
        help_text=_("留空则按收费标准单价；不得高于标准"),
    )
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, bill: m.Bill, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = m.FeeStandard.objects.restrict(user, VIEW).filter(park=bill.park)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("金额（元）"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    paid_on = forms.DateField(label=_("缴费日期"), initial=clock.localdate, widget=date_input())
    method = forms.ChoiceField(label=_("缴费方式"), choices=m.Payment.Method.choices)
    reference = forms.CharField(label=_("流水号"), max_length=60, required=False)


class GenerateBillsForm(forms.Form):
    period = forms.DateField(label=_("账期（任一日期，按所在月）"), widget=date_input())
    enterprise = forms.ModelChoiceField(
        label=_("企业"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("留空：为所有有租约的在园企业生成"),
    )
    issue = forms.BooleanField(label=_("生成后直接出账"), required=False, initial=True)

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, VIEW).filter(
            park=park, status=Enterprise.Status.RESIDENT
        )
