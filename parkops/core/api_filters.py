"""The API's filter backends: django-filter's, with related-object choices narrowed, and a
query parameter nobody understands refused (400 naming it) rather than silently ignored —
an integrator with a typo must not receive every row believing it filtered them.

A filter or an ordering on a field the caller may not see (above its data level, or
personal data it may not unmask) is refused the same way: applied silently, it would let a
client probe hidden values (``?total_min=1000`` counts the bills above 1,000 without ever
showing a total). Search runs over the search fields the caller may see.
"""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters
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
    cursor = getattr(getattr(view, "paginator", None), "cursor_query_param", None)
    if cursor:  # a list paged by cursor (``core.drf.CursorPagination``)
        known.add(cursor)
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
        hidden = hidden_filters(request, filterset)
        if hidden:
            raise exceptions.ValidationError(hidden)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset.qs


def _hidden_reason(request, model, path):
    from parkops.datagov.protection import hidden_reason

    return hidden_reason(request.user, model, path)


def hidden_filters(request, filterset) -> dict[str, list[str]]:
    """{query parameter: [reason]} for the parameters that filter on a field the caller may
    not see."""
    model = filterset._meta.model
    out = {}
    for param in request.query_params:
        for name, flt in filterset.filters.items():
            suffixes = getattr(
                getattr(filterset.form.fields.get(name), "widget", None), "suffixes", None
            ) or ("",)
            if param not in {f"{name}_{suffix}" if suffix else name for suffix in suffixes}:
                continue
            reason = _hidden_reason(request, model, flt.field_name or name)
            if reason:
                out[param] = [reason]
    return out


class ProtectedOrderingFilter(filters.OrderingFilter):
    """DRF's ordering, refusing (400) an ordering on a field the caller may not see: the
    order of the rows would give the hidden values away."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        model = queryset.model
        hidden = [reason for term in valid if (reason := _hidden_reason(request, model, term.lstrip("-")))]
        if hidden:
            raise exceptions.ValidationError({self.ordering_param: hidden})
        return valid


class ProtectedSearchFilter(filters.SearchFilter):
    """DRF's search over the view's search fields the caller may see; when it may see none of
    them, a search answers 400 rather than matching hidden values."""

    def get_search_fields(self, view, request):
        fields = super().get_search_fields(view, request)
        if not fields:
            return fields
        model = view.get_queryset().model
        visible = [f for f in fields if not _hidden_reason(request, model, f.lstrip("^=@$"))]
        if not visible and self.get_search_terms(request):
            raise exceptions.ValidationError(
                {self.search_param: [_("无权按这些字段搜索：超出可接收的数据级别或须脱敏")]}
            )
        return visible
