"""One FilterSet per register, for its list page (and API)."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.improvement import models as m


class InspectionPlanFilterSet(SearchFilterSet):
    search_fields = ("title",)
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = m.InspectionPlan
        fields = ["park", "year"]


class InspectionPlanItemFilterSet(FilterSet):
    plan = df.ModelChoiceFilter(queryset=_restricted(m.InspectionPlan), label=_("计划"))
    area = df.ChoiceFilter(choices=m.AREA_CHOICES, label=_("服务内容"))

    class Meta:
        model = m.InspectionPlanItem
        fields = ["plan", "area", "kind"]


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "survey__title", "survey_reference")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=m.InspectionKind.choices, label=_("评价形式"))
    area = df.ChoiceFilter(choices=m.AREA_CHOICES, label=_("服务内容"))

    class Meta:
        model = m.Inspection
        fields = ["park", "kind", "area", "plan"]


class FindingFilterSet(SearchFilterSet):
    search_fields = ("description", "cause_analysis")
    park = df.ModelChoiceFilter(
        field_name="inspection__park", queryset=_restricted(core.Park), label=_("园区")
    )
    area = df.ChoiceFilter(choices=m.ServiceArea.choices, label=_("服务内容"))

    class Meta:
        model = m.Finding
        fields = ["park", "area", "severity", "inspection"]


class CorrectiveActionFilterSet(SearchFilterSet):
    search_fields = ("description", "completion_note")
    park = df.ModelChoiceFilter(
        field_name="finding__inspection__park", queryset=_restricted(core.Park), label=_("园区")
    )
    state = df.ChoiceFilter(choices=m.CorrectiveAction.State.choices, label=_("状态"))
    overdue = df.BooleanFilter(method="filter_overdue", label=_("已逾期"))

    class Meta:
        model = m.CorrectiveAction
        fields = ["park", "state", "finding"]

    def filter_overdue(self, queryset, name, value):

        if value is None:
            return queryset
        overdue = queryset.filter(deadline__lt=clock.localdate()).exclude(
            state=m.CorrectiveAction.State.CLOSED
        )
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class AuthorityContactFilterSet(SearchFilterSet):
    search_fields = ("authority", "subject", "requirements", "follow_up")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=m.AuthorityContact.Kind.choices, label=_("类型"))
    state = df.ChoiceFilter(choices=m.AuthorityContact.State.choices, label=_("落实状态"))

    class Meta:
        model = m.AuthorityContact
        fields = ["park", "kind", "state"]
