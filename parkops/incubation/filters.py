"""One FilterSet per incubation model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted
from parkops.incubation import models as m


def filterset(model, fields=(), search=(), **extra):
    attrs = {"search_fields": tuple(search), **extra}
    fields = list(fields)
    if any(f.name == "park" for f in model._meta.fields):
        attrs["park"] = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
        fields = ["park", *fields]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


IncubationCentreFilterSet = filterset(m.IncubationCentre, search=("name", "manager"))
IncubatorServiceFilterSet = filterset(
    m.IncubatorService, ("centre", "category", "active"), search=("name", "description", "provider")
)
StartupFilterSet = filterset(
    m.Startup,
    ("centre", "status"),
    search=("enterprise__name", "project", "founder"),
    enterprise=df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("企业")),
)
MilestoneFilterSet = filterset(m.Milestone, ("startup", "kind"), search=("title", "note"))
MentorFilterSet = filterset(m.Mentor, ("speciality", "active"), search=("name", "organisation"))
MentoringCaseFilterSet = filterset(
    m.MentoringCase, ("mentor", "startup", "topic"), search=("problem", "advice", "outcome")
)
FundFilterSet = filterset(m.Fund, ("kind", "purpose", "active"), search=("name", "manager"))
FundInvestmentFilterSet = filterset(m.FundInvestment, ("fund", "startup", "stage"), search=("note",))
