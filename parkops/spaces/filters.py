"""One FilterSet per model, for the list pages and the API."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet
from parkops.spaces import models as spaces


def _restricted(model):
    def queryset(request):
        return model.objects.restrict(getattr(request, "user", None), "view")

    return queryset


class FunctionSpaceFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    building = df.ModelChoiceFilter(queryset=_restricted(core.Building), label=_("楼栋"))
    kind = df.ChoiceFilter(choices=spaces.FunctionSpace.Kind.choices, label=_("类型"))
    bookable = df.BooleanFilter(label=_("可预约"))
    use_differs = df.BooleanFilter(label=_("实际用途与规划不符"), method="filter_use_differs")

    class Meta:
        model = spaces.FunctionSpace
        fields = ["park", "building", "kind", "bookable"]

    def filter_use_differs(self, queryset, name, value):
        from django.db.models import F

        differs = queryset.exclude(actual_use="").exclude(actual_use=F("planned_use"))
        return differs if value else queryset.exclude(pk__in=differs.values("pk"))


class EquipmentFilterSet(SearchFilterSet):
    search_fields = ("name", "model_no")
    space = df.ModelChoiceFilter(queryset=_restricted(spaces.FunctionSpace), label=_("功能空间"))
    category = df.ChoiceFilter(choices=spaces.Equipment.Category.choices, label=_("类别"))
    status = df.ChoiceFilter(choices=spaces.Equipment.Status.choices, label=_("状态"))

    class Meta:
        model = spaces.Equipment
        fields = ["space", "category", "status"]


class FloorPlanFilterSet(FilterSet):
    building = df.ModelChoiceFilter(
        field_name="floor__building", queryset=_restricted(core.Building), label=_("楼栋")
    )

    class Meta:
        model = spaces.FloorPlan
        fields = ["building"]


class FloorPlanMarkFilterSet(FilterSet):
    plan = df.ModelChoiceFilter(queryset=_restricted(spaces.FloorPlan), label=_("平面图"))

    class Meta:
        model = spaces.FloorPlanMark
        fields = ["plan"]


class BookingRuleFilterSet(FilterSet):
    who = df.ChoiceFilter(choices=spaces.BookingRule.Who.choices, label=_("可预约对象"))
    needs_approval = df.BooleanFilter(label=_("需审批"))

    class Meta:
        model = spaces.BookingRule
        fields = ["who", "needs_approval"]


class BookingFilterSet(SearchFilterSet):
    search_fields = ("purpose", "space__name")
    space = df.ModelChoiceFilter(queryset=_restricted(spaces.FunctionSpace), label=_("功能空间"))
    status = df.ChoiceFilter(choices=spaces.Booking.Status.choices, label=_("状态"))
    starts_after = df.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("开始日期≥"))
    starts_before = df.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("开始日期≤"))

    class Meta:
        model = spaces.Booking
        fields = ["space", "status"]
