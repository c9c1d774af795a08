"""The API's filter backend: django-filter's, with related-object choices narrowed."""

from django_filters.rest_framework import DjangoFilterBackend

from parkops.core.filters import FilterSet, restrict_filter_choices


class RestrictedFilterBackend(DjangoFilterBackend):
    """A filter neither lists nor confirms objects outside the user's view; FilterSets made
    from a viewset's ``filterset_fields`` get per-request labels like the declared ones."""

    filterset_base = FilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return None if filterset is None else restrict_filter_choices(filterset, request.user)
