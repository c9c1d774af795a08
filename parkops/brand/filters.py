"""One FilterSet per brand model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.brand import models as m
from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted


def filterset(model, fields=(), search=()):
    attrs = {
        "search_fields": tuple(search),
        "park": df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区")),
        "Meta": type("Meta", (), {"model": model, "fields": ["park", *fields]}),
    }
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


BrandDocumentFilterSet = filterset(m.BrandDocument, ("kind",), ("title", "essentials"))
CampaignFilterSet = filterset(m.Campaign, (), ("title", "goal", "channels"))
MediaCoverageFilterSet = filterset(m.MediaCoverage, ("campaign", "medium"), ("outlet", "headline"))
OpinionEventFilterSet = filterset(
    m.OpinionEvent, ("source", "sentiment", "level", "state"), ("content", "source_name")
)
