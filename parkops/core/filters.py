"""One FilterSet per model, serving both its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter
from django_filters.widgets import BooleanWidget

from parkops.core import models as core


def _restricted(model):
    def queryset(request):
        return model.objects.restrict(getattr(request, "user", None), "view")

    return queryset


class YesNoWidget(BooleanWidget):
    """A yes/no filter: 全部 (no filtering) by default, then 是 / 否, in the reader's language.

    Django's own NullBooleanSelect starts at "未知", which reads as a value to look for."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


_lazy_label = lazy(label_for_filter, str)


class FilterSet(df.FilterSet):
    """django-filter's FilterSet with labels that follow each request's language.

    django-filter derives a filter's missing label from the model field once, in whatever
    language is active then, and keeps it on the class: after one English request (the API
    schema, say) every Chinese page showed "Status". Here every label is lazy, so it is read
    in the language of the request that renders it; yes/no filters offer 全部/是/否."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for filter_ in filters.values():
            if filter_._label is None:
                model = getattr(filter_, "model", None) or cls._meta.model
                if model is not None and filter_.field_name:
                    filter_.label = _lazy_label(
                        model, filter_.field_name, filter_.lookup_expr, filter_.exclude
                    )
            if isinstance(filter_, df.BooleanFilter):
                filter_.extra["widget"] = YesNoWidget
                filter_.__dict__.pop("_field", None)
        return filters


class SearchFilterSet(FilterSet):
    """A free-text ``q`` over the model's ``search_fields`` that the reader may see (a field
    above the reader's data level, or personal data it may not unmask, is not searched: a
    match would give the hidden value away)."""

    search_fields: tuple[str, ...] = ()
    q = df.CharFilter(method="search", label=_("搜索"))

    def visible_search_fields(self) -> list[str]:
        user = getattr(self.request, "user", None)
        if user is None:
            return list(self.search_fields)
        from parkops.datagov.protection import hidden_reason

        return [f for f in self.search_fields if not hidden_reason(user, self._meta.model, f)]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        fields = self.visible_search_fields()
        if not fields:
            return queryset.none()
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class ParkFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "address")
    district = df.ChoiceFilter(choices=core.District.choices, label=_("所在区"))

    class Meta:
        model = core.Park
        fields = ["district"]


class BuildingFilterSet(SearchFilterSet):
    search_fields = ("code", "name")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = core.Building
        fields = ["park"]


class FloorFilterSet(FilterSet):
    building = df.ModelChoiceFilter(queryset=_restricted(core.Building), label=_("楼栋"))
    park = df.ModelChoiceFilter(field_name="building__park", queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = core.Floor
        fields = ["building", "park", "number"]


class UnitFilterSet(SearchFilterSet):
    search_fields = ("code", "enterprise__name")
    park = df.ModelChoiceFilter(
        field_name="floor__building__park", queryset=_restricted(core.Park), label=_("园区")
    )
    building = df.ModelChoiceFilter(
        field_name="floor__building", queryset=_restricted(core.Building), label=_("楼栋")
    )
    state = df.ChoiceFilter(choices=core.Unit.State.choices, label=_("状态"))
    use = df.ChoiceFilter(choices=core.Unit.Use.choices, label=_("用途"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("使用企业"))
    area_min = df.NumberFilter(field_name="area", lookup_expr="gte", label=_("面积≥"))
    area_max = df.NumberFilter(field_name="area", lookup_expr="lte", label=_("面积≤"))

    class Meta:
        model = core.Unit
        fields = ["park", "building", "floor", "state", "use", "enterprise"]


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code", "industry_note")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    industry = df.ModelChoiceFilter(queryset=_restricted(core.Industry), label=_("所属产业"))
    status = df.ChoiceFilter(choices=core.Enterprise.Status.choices, label=_("状态"))

    class Meta:
        model = core.Enterprise
        fields = ["park", "industry", "status"]


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("name",)
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=core.DepartmentKind.choices, label=_("职能"))

    class Meta:
        model = core.Department
        fields = ["park", "kind"]


class PositionFilterSet(SearchFilterSet):
    search_fields = ("title",)
    department = df.ModelChoiceFilter(queryset=_restricted(core.Department), label=_("部门"))

    class Meta:
        model = core.Position
        fields = ["department", "professional"]


class StaffFilterSet(SearchFilterSet):
    search_fields = ("name", "employee_no")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    department = df.ModelChoiceFilter(queryset=_restricted(core.Department), label=_("部门"))

    class Meta:
        model = core.Staff
        fields = ["park", "department", "active"]


class StaffRecordFilterSet(FilterSet):
    staff = df.ModelChoiceFilter(queryset=_restricted(core.Staff), label=_("员工"))
    park = df.ModelChoiceFilter(field_name="staff__park", queryset=_restricted(core.Park), label=_("园区"))


def staff_record_filterset(model):
    meta = type("Meta", (), {"model": model, "fields": ["staff", "park"]})
    return type(f"{model.__name__}FilterSet", (StaffRecordFilterSet,), {"Meta": meta})


StaffQualificationFilterSet = staff_record_filterset(core.StaffQualification)
TrainingRecordFilterSet = staff_record_filterset(core.TrainingRecord)
StaffAssessmentFilterSet = staff_record_filterset(core.StaffAssessment)
LeadExperienceFilterSet = staff_record_filterset(core.LeadExperience)


class SupportingServiceFilterSet(SearchFilterSet):
    search_fields = ("name",)
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = core.SupportingService
        fields = ["park"]


class ProjectCaseFilterSet(SearchFilterSet):
    search_fields = ("name", "location")
    operator = df.ModelChoiceFilter(queryset=_restricted(core.Operator), label=_("运营机构"))

    class Meta:
        model = core.ProjectCase
        fields = ["operator", "place_kind"]


class UseChangeFilterSet(SearchFilterSet):
    search_fields = ("unit__code", "actual_use")
    park = df.ModelChoiceFilter(
        field_name="unit__floor__building__park", queryset=_restricted(core.Park), label=_("园区")
    )
    unresolved = df.BooleanFilter(method="filter_unresolved", label=_("未处理"))

    class Meta:
        model = core.UseChange
        fields = ["park", "unit", "resolution"]

    def filter_unresolved(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(resolution="") if value else queryset.exclude(resolution="")


class OperatorFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code")

    class Meta:
        model = core.Operator
        fields: list[str] = []


def restrict_filter_choices(filterset, user):
    """Narrow every related-object choice of a FilterSet's form to what ``user`` may see.

    FilterSets generated from ``Meta.fields`` offer every row of a related model (every
    user, every enterprise); the pages and the API call this so that a filter neither lists
    nor confirms another park's or another tenant's objects."""
    for field in filterset.form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "restrict"):
            field.queryset = core.for_labels(queryset.restrict(user, "view"))
    return filterset
