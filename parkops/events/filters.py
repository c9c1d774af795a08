"""One FilterSet per calendar model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted
from parkops.events import models as m


class EventFilterSet(SearchFilterSet):
    search_fields = ("title", "place", "organiser", "description")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))
    kind = df.ChoiceFilter(choices=m.EventKind.choices, label=_("活动类型"))
    starts_from = df.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("开始日期起"))
    starts_to = df.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("开始日期止"))

    class Meta:
        model = m.Event
        fields = ["park", "kind", "open_for_signup", "cancelled"]


class EventSignupFilterSet(SearchFilterSet):
    search_fields = ("event__title", "enterprise__name", "contact")
    event = df.ModelChoiceFilter(queryset=_restricted(m.Event), label=_("活动"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("报名企业"))
    status = df.ChoiceFilter(choices=m.EventSignup.Status.choices, label=_("状态"))

    class Meta:
        model = m.EventSignup
        fields = ["event", "enterprise", "status"]


class EventPhotoFilterSet(SearchFilterSet):
    search_fields = ("caption", "event__title")
    event = df.ModelChoiceFilter(queryset=_restricted(m.Event), label=_("活动"))

    class Meta:
        model = m.EventPhoto
        fields = ["event"]
