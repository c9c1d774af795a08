"""The API's filter backend: django-filter's, with related-object choices narrowed, and a
query parameter nobody understands refused (400 naming it) rather than silently ignored —
an integrator with a typo must not receive every row believing it filtered them."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.settings import api_settings

from parkops.core.filters import FilterSet, restrict_filter_choices

# Parameters every list understands besides its filters.
COMMON_PARAMS = frozenset({"format", "limit", "offset", "unmask", "reason"})


def known_params(request, view, filterset) -> set[str]:
    known = set(COMMON_PARAMS)
    if filterset is not None:
        known |= set(filterset.form.fields)
        for name, field in filterset.form.fields.items():
            # Range and multi-widget filters read suffixed names (``area_min``, ``area_max``).
            suffixes = getattr(getattr(field, "widget", None), "suffixes", None) or ()
            known |= {f"{name}_{suffix}" if suffix else name for suffix in suffixes}
    if getattr(view, "search_fields", None):
        known.add(api_settings.SEARCH_PARAM)
    if getattr(view, "ordering_fields", None) or getattr(view, "ordering", None):
        known.add(api_settings.ORDERING_PARAM)
    known |= set(getattr(view, "extra_query_params", ()))
    return known


class RestrictedFilterBackend(DjangoFilterBackend):
    """A filter neither lists nor confirms objects outside the user's view; FilterSets made
    from a viewset's ``filterset_fields`` get per-request labels like the declared ones.
    Unknown parameters and invalid values answer 400 with the reason."""

    filterset_base = FilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return None if filterset is None else restrict_filter_choices(filterset, request.user)

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        unknown = sorted(set(request.query_params) - known_params(request, view, filterset))
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("未知的查询参数：%(name)s") % {"name": name}] for name in unknown}
            )
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset.qs
