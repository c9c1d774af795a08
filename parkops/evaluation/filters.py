"""One FilterSet per register, for its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.evaluation.models import EvaluationProject, ExpertScore


class EvaluationProjectFilterSet(SearchFilterSet):
    search_fields = ("title", "assessor_org")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    status = df.ChoiceFilter(choices=EvaluationProject.Status.choices, label=_("阶段"))

    class Meta:
        model = EvaluationProject
        fields = ["park", "status"]


class ExpertScoreFilterSet(FilterSet):
    project = df.NumberFilter(field_name="expert__project", label=_("评估项目"))
    row = df.NumberFilter(field_name="indicator__row", label=_("指标序号"))

    class Meta:
        model = ExpertScore
        fields = ["project", "row"]
