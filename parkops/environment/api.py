"""Environment registers over the API. Readings, exceedances and notices are read-only here:
a reading must go through the exceedance loop (services.record_reading)."""

from parkops.core.api import ReadOnlyRestrictedViewSet, serializer_for, viewset_for
from parkops.environment import filters
from parkops.environment import models as m

ReadOnlyRestricted = ReadOnlyRestrictedViewSet  # list and detail, narrowed like every viewset


def _route(prefix, model, fields, filterset, read_only=False):
    serializer = serializer_for(model, fields, read_only=tuple(fields) if read_only else ())
    if not read_only:
        return prefix, viewset_for(model, serializer, filterset)
    viewset = type(
        f"{model.__name__}ViewSet",
        (ReadOnlyRestricted,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer,
            "filterset_class": filterset,
            "__doc__": f"{model._meta.verbose_name}：只读（按权限范围过滤）。",
        },
    )
    return prefix, viewset


API_ROUTES = [
    _route(
        "environment/greening-tasks",
        m.GreeningTask,
        ["park", "area", "work", "every_days", "standard", "active"],
        filters.GreeningTaskFilterSet,
    ),
    _route(
        "environment/greening-records",
        m.GreeningRecord,
        ["park", "task", "area", "work", "done_on", "done_by", "note"],
        filters.GreeningRecordFilterSet,
    ),
    _route(
        "environment/waste",
        m.WasteCollection,
        [
            "park",
            "collected_on",
            "category",
            "enterprise",
            "weight_kg",
            "carrier_name",
            "carrier_licence",
            "note",
        ],
        filters.WasteCollectionFilterSet,
    ),
    _route(
        "environment/waste-facilities",
        m.WasteFacility,
        ["park", "kind", "name", "location", "category", "quantity", "cleaning_every_days", "active"],
        filters.WasteFacilityFilterSet,
    ),
    _route(
        "environment/waste-cleaning",
        m.WasteFacilityCleaning,
        ["facility", "done_on", "work", "disinfectant", "done_by", "note"],
        filters.WasteFacilityCleaningFilterSet,
    ),
    _route(
        "environment/points",
        m.MonitoringPoint,
        ["park", "kind", "name", "location", "enterprise", "active"],
        filters.MonitoringPointFilterSet,
    ),
    _route(
        "environment/limits",
        m.PollutantLimit,
        ["point", "pollutant", "unit", "limit", "standard"],
        filters.PollutantLimitFilterSet,
    ),
    _route(
        "environment/readings",
        m.Reading,
        ["point", "limit", "measured_at", "value", "source", "exceeds", "retest_of"],
        filters.ReadingFilterSet,
        read_only=True,
    ),
    _route(
        "environment/exceedances",
        m.Exceedance,
        ["park", "point", "limit", "enterprise", "reading", "status", "closing_reading", "closed_at"],
        filters.ExceedanceFilterSet,
        read_only=True,
    ),
    _route(
        "environment/notices",
        m.PollutionNotice,
        ["exceedance", "enterprise", "content", "deadline", "response", "responded_at"],
        filters.PollutionNoticeFilterSet,
        read_only=True,
    ),
]
