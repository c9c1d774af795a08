"""One FilterSet per customer-service model, for its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import FilterSet, SearchFilterSet, _restricted
from parkops.service import models as svc


class ParkRecordFilterSet(SearchFilterSet):
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))


def park_filterset(model, fields, search=()):
    meta = type("Meta", (), {"model": model, "fields": ["park", *fields]})
    return type(f"{model.__name__}FilterSet", (ParkRecordFilterSet,), {"Meta": meta, "search_fields": search})


class TicketFilterSet(ParkRecordFilterSet):
    search_fields = ("number", "subject", "content", "enterprise__name")
    received_from = df.DateFilter(field_name="received_at", lookup_expr="date__gte", label=_("提交日期≥"))
    received_to = df.DateFilter(field_name="received_at", lookup_expr="date__lte", label=_("提交日期≤"))

    class Meta:
        model = svc.Ticket
        fields = ["park", "kind", "state", "channel"]


ConciergeTeamFilterSet = park_filterset(svc.ConciergeTeam, [], ("name",))
SurveyFilterSet = park_filterset(svc.Survey, ["state", "anonymous"], ("title",))
MeetingServiceFilterSet = park_filterset(svc.MeetingService, ["is_case"], ("title", "client", "venue"))
ReceptionRecordFilterSet = park_filterset(svc.ReceptionRecord, ["kind", "is_case"], ("visitors", "purpose"))
ValueAddedServiceFilterSet = park_filterset(
    svc.ValueAddedService, ["category", "free", "active"], ("name", "provider")
)


class ConciergeMemberFilterSet(FilterSet):
    team = df.ModelChoiceFilter(queryset=_restricted(svc.ConciergeTeam), label=_("团队"))

    class Meta:
        model = svc.ConciergeMember
        fields = ["team", "duty"]


class SurveyQuestionFilterSet(FilterSet):
    survey = df.ModelChoiceFilter(queryset=_restricted(svc.Survey), label=_("问卷"))

    class Meta:
        model = svc.SurveyQuestion
        fields = ["survey", "kind"]


ServiceRatingFilterSet = park_filterset(svc.ServiceRating, ["rating"], ("comment", "enterprise__name"))
