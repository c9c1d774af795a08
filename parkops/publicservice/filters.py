"""One FilterSet per public-service model, serving its list page and its API endpoint."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from parkops.core import models as core
from parkops.core.filters import SearchFilterSet, _restricted
from parkops.publicservice import models as m


class ServicePlatformFilterSet(SearchFilterSet):
    search_fields = ("name", "operator", "services")
    park = df.ModelChoiceFilter(queryset=_restricted(core.Park), label=_("园区"))

    class Meta:
        model = m.ServicePlatform
        fields = ["park", "kind", "origin", "active"]


class PlatformCaseFilterSet(SearchFilterSet):
    search_fields = ("service", "client", "result", "enterprise__name")
    platform = df.ModelChoiceFilter(queryset=_restricted(m.ServicePlatform), label=_("平台"))
    enterprise = df.ModelChoiceFilter(queryset=_restricted(core.Enterprise), label=_("服务企业"))

    class Meta:
        model = m.PlatformCase
        fields = ["platform", "enterprise"]
