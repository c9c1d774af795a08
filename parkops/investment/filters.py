"""One FilterSet per investment model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.investment import models as m


class CustomerFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code", "industry_note", "contact_name")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    stage = df.ChoiceFilter(choices=m.Stage.choices, label=_("客户阶段"))
    grade = df.ChoiceFilter(choices=m.Customer.Grade.choices, label=_("客户等级"))
    source = df.ChoiceFilter(choices=m.Customer.Source.choices, label=_("客户来源"))
    industry = df.ModelChoiceFilter(queryset=_restricted(core.Industry), label=_("所属产业"))

    class Meta:
        model = m.Customer
        fields = ["park", "stage", "grade", "source", "industry", "owner"]


class LeaseFilterSet(SearchFilterSet):
    search_fields = ("number", "enterprise__name")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    status = df.ChoiceFilter(choices=m.Lease.Status.choices, label=_("状态"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("承租企业"))
    end_before = df.DateFilter(field_name="end", lookup_expr="lte", label=_("到期日不晚于"))

    class Meta:
        model = m.Lease
        fields = ["park", "status", "enterprise"]


class ParkRecordFilterSet(SearchFilterSet):
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))


def park_filterset(model, search=(), extra=()):
    meta = type("Meta", (), {"model": model, "fields": ["park", *extra]})
    return type(f"{model.__name__}FilterSet", (ParkRecordFilterSet,), {"Meta": meta, "search_fields": search})


class EnterpriseRecordFilterSet(SearchFilterSet):
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业"))
    park = df.ModelChoiceFilter(
        field_name="enterprise__park", queryset=_restricted(core.Park), label=_("园区")
    )


def enterprise_filterset(model, search=(), extra=()):
    meta = type("Meta", (), {"model": model, "fields": ["enterprise", "park", *extra]})
    return type(
        f"{model.__name__}FilterSet", (EnterpriseRecordFilterSet,), {"Meta": meta, "search_fields": search}
    )


InvestmentTargetFilterSet = park_filterset(m.InvestmentTarget, (), ("year",))
EntryConditionFilterSet = park_filterset(m.EntryCondition, ("title",), ("kind", "active"))
PolicyLinkFilterSet = park_filterset(m.PolicyLink, ("title",), ("kind", "published"))
EnterpriseQualificationFilterSet = enterprise_filterset(m.EnterpriseQualification, ("number",), ("kind",))
HeadcountRecordFilterSet = enterprise_filterset(m.HeadcountRecord)
EnterpriseContactFilterSet = enterprise_filterset(m.EnterpriseContact, ("name", "role"))
ResidentGradeFilterSet = enterprise_filterset(m.ResidentGrade, (), ("grade",))


class FollowUpFilterSet(SearchFilterSet):
    search_fields = ("content", "customer__name")
    customer = df.ModelChoiceFilter(queryset=_restricted(m.Customer), label=_("客户"))
    way = df.ChoiceFilter(choices=m.FollowUp.Way.choices, label=_("跟进方式"))

    class Meta:
        model = m.FollowUp
        fields = ["customer", "way"]


class LeaseReminderFilterSet(FilterSet):
    class Meta:
        model = m.LeaseReminder
        fields = ["days_before"]


ArchiveRecordFilterSet = enterprise_filterset(m.ArchiveRecord, ("content",), ("kind",))
PositioningExceptionFilterSet = enterprise_filterset(m.PositioningException, ("reason",))
