"""One FilterSet per fees model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.fees import models as m


class FeeStandardFilterSet(SearchFilterSet):
    search_fields = ("name", "published_at")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=m.FeeKind.choices, label=_("收费项目"))

    class Meta:
        model = m.FeeStandard
        fields = ["park", "kind"]


class BillFilterSet(SearchFilterSet):
    search_fields = ("number", "enterprise__name")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业"))
    status = df.ChoiceFilter(choices=m.Bill.Status.choices, label=_("状态"))
    period_from = df.DateFilter(field_name="period", lookup_expr="gte", label=_("账期起"))
    period_to = df.DateFilter(field_name="period", lookup_expr="lte", label=_("账期止"))

    class Meta:
        model = m.Bill
        fields = ["park", "enterprise", "status"]


class PaymentFilterSet(SearchFilterSet):
    search_fields = ("receipt_no", "reference", "bill__number")
    bill = df.ModelChoiceFilter(queryset=_restricted(m.Bill), label=_("账单"))
    method = df.ChoiceFilter(choices=m.Payment.Method.choices, label=_("缴费方式"))

    class Meta:
        model = m.Payment
        fields = ["bill", "method"]


class UtilityReadingFilterSet(FilterSet):
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业"))
    kind = df.ChoiceFilter(choices=m.UtilityReading.Kind.choices, label=_("类别"))
    month = df.DateFilter(label=_("月份"))

    class Meta:
        model = m.UtilityReading
        fields = ["enterprise", "kind", "month"]


class BusinessLineFilterSet(SearchFilterSet):
    search_fields = ("name",)
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = m.BusinessLine
        fields = ["park", "kind", "active"]


class RevenueEntryFilterSet(FilterSet):
    line = df.ModelChoiceFilter(queryset=_restricted(m.BusinessLine), label=_("业态"))
    source = df.ChoiceFilter(choices=m.RevenueEntry.Source.choices, label=_("来源"))

    class Meta:
        model = m.RevenueEntry
        fields = ["line", "source"]
