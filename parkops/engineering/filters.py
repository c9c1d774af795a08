"""One FilterSet per engineering model, for its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.engineering import models as eng
from parkops.engineering.selectors import overdue_q


class WorkOrderFilterSet(SearchFilterSet):
    search_fields = ("number", "description", "location", "enterprise__name")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    state = df.ChoiceFilter(choices=eng.WorkOrder.State.choices, label=_("状态"))
    category = df.ChoiceFilter(choices=eng.WorkOrder.Category.choices, label=_("类别"))
    source = df.ChoiceFilter(choices=eng.WorkOrder.Source.choices, label=_("来源"))
    priority = df.ChoiceFilter(choices=eng.WorkOrder.Priority.choices, label=_("优先级"))
    overdue = df.BooleanFilter(method="filter_overdue", label=_("超时未办结"))

    class Meta:
        model = eng.WorkOrder
        fields = ["park", "state", "category", "source", "priority"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ParkRecordFilterSet(SearchFilterSet):
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))


def park_filterset(model, fields, search=()):
    meta = type("Meta", (), {"model": model, "fields": ["park", *fields]})
    return type(f"{model.__name__}FilterSet", (ParkRecordFilterSet,), {"Meta": meta, "search_fields": search})


WorkOrderSlaFilterSet = park_filterset(eng.WorkOrderSla, ["category", "priority"])
MaintenancePlanFilterSet = park_filterset(
    eng.MaintenancePlan, ["system", "schedule", "active"], ("title", "asset")
)
PeriodicTestFilterSet = park_filterset(eng.PeriodicTest, ["system", "result"], ("name", "agency"))
DecorationApplicationFilterSet = park_filterset(
    eng.DecorationApplication, ["state", "agreement_signed"], ("enterprise__name", "contractor", "scope")
)


class BuildingConditionRecordFilterSet(SearchFilterSet):
    search_fields = ("area", "description")
    park = df.ModelChoiceFilter(field_name="building__park", queryset=_restricted(core.Park), label=_("园区"))
    building = df.ModelChoiceFilter(queryset=_restricted(core.Building), label=_("楼栋"))

    class Meta:
        model = eng.BuildingConditionRecord
        fields = ["park", "building", "element", "condition"]


class ApplicationChildFilterSet(FilterSet):
    application = df.ModelChoiceFilter(queryset=_restricted(eng.DecorationApplication), label=_("装修申请"))


def child_filterset(model, fields):
    meta = type("Meta", (), {"model": model, "fields": ["application", *fields]})
    return type(f"{model.__name__}FilterSet", (ApplicationChildFilterSet,), {"Meta": meta})


DecorationReviewFilterSet = child_filterset(eng.DecorationReview, ["step", "decision"])
FireInspectionFilterSet = child_filterset(eng.FireInspection, ["result"])
CompletionAcceptanceFilterSet = child_filterset(eng.CompletionAcceptance, ["passed"])


class AssetReadingFilterSet(FilterSet):
    plan = df.ModelChoiceFilter(queryset=_restricted(eng.MaintenancePlan), label=_("维保计划"))

    class Meta:
        model = eng.AssetReading
        fields = ["plan"]
