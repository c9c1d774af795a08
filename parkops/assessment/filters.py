"""One FilterSet per model of the assessment app, for its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.assessment import models as m
from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted


def _kinds():
    from parkops.assessment.registry import document_kinds

    return sorted(((code, k.title) for code, k in document_kinds().items()), key=lambda c: c[1])


class DocumentFilterSet(SearchFilterSet):
    search_fields = ("title", "version", "approver")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=_kinds, label=_("文件类别"))
    superseded = df.BooleanFilter(
        field_name="superseded_on", lookup_expr="isnull", exclude=True, label=_("已被替代")
    )

    class Meta:
        model = m.Document
        fields = ["park", "kind"]


def park_filterset(model, search: tuple[str, ...], extra: list[str] = (), park_field: str = "park"):
    attrs = {
        "search_fields": search,
        "park": df.ModelChoiceFilter(field_name=park_field, queryset=_restricted(core.Park), label=_("园区")),
        "Meta": type("Meta", (), {"model": model, "fields": ["park", *extra]}),
    }
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


IncidentFilterSet = park_filterset(m.Incident, ("description", "source"), ["category"])
GoalFilterSet = park_filterset(m.Goal, ("title",), ["year"])
KPIFilterSet = park_filterset(m.KPI, ("name",), ["goal"], park_field="goal__park")
SupplierFilterSet = park_filterset(m.Supplier, ("name", "category"), ["active"])
ServiceOfferingFilterSet = park_filterset(m.ServiceOffering, ("name", "category"), ["active"])
InnovationItemFilterSet = park_filterset(m.InnovationItem, ("title", "description"), ["kind"])
JudgementFilterSet = park_filterset(m.Judgement, ("note",), ["row"])
AssessmentRunFilterSet = park_filterset(m.AssessmentRun, (), ["as_of"])
ServiceRevisionFilterSet = park_filterset(m.ServiceRevision, ("offering_name", "note"), ["change"])
