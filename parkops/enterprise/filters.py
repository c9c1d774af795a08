"""One FilterSet per enterprise-services model, for its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted
from parkops.enterprise import models as m


class ParkRecordFilterSet(SearchFilterSet):
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))


def park_filterset(model, fields, search=()):
    meta = type("Meta", (), {"model": model, "fields": ["park", *fields]})
    return type(f"{model.__name__}FilterSet", (ParkRecordFilterSet,), {"Meta": meta, "search_fields": search})


class DemandFilterSet(ParkRecordFilterSet):
    search_fields = ("number", "title", "description", "enterprise__name")
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业"))

    class Meta:
        model = m.Demand
        fields = ["park", "category", "state", "source", "enterprise", "outcome"]


PartnerFilterSet = park_filterset(m.Partner, ["kind", "active"], ("name", "services"))
EnterpriseServiceFilterSet = park_filterset(
    m.EnterpriseService, ["category", "active"], ("name", "description")
)
PolicyFilterSet = park_filterset(m.Policy, ["level", "active"], ("title", "issuer", "benefit"))


class ServiceCaseFilterSet(ParkRecordFilterSet):
    search_fields = ("title", "work", "result", "enterprise__name")
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("服务企业"))

    class Meta:
        model = m.ServiceCase
        fields = ["park", "category", "successful", "enterprise"]


class PartnerAgreementFilterSet(SearchFilterSet):
    search_fields = ("title", "content", "partner__name")
    partner = df.ModelChoiceFilter(queryset=_restricted(m.Partner), label=_("生态伙伴"))

    class Meta:
        model = m.PartnerAgreement
        fields = ["partner", "kind"]


class EnterpriseProfileFilterSet(SearchFilterSet):
    search_fields = ("enterprise__name",)

    class Meta:
        model = m.EnterpriseProfile
        fields = ["size"]


class PolicyApplicationFilterSet(SearchFilterSet):
    search_fields = ("policy__title", "enterprise__name")
    policy = df.ModelChoiceFilter(queryset=_restricted(m.Policy), label=_("政策"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业"))

    class Meta:
        model = m.PolicyApplication
        fields = ["policy", "enterprise", "state"]
