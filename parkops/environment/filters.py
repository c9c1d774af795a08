import django_filters as df
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkops.core.filters import SearchFilterSet, _restricted
from parkops.core.models import Enterprise, Park
from parkops.environment import models as m


def filterset(model, fields, search=(), **extra):
    attrs = {"search_fields": tuple(search), **extra}
    if any(f.name == "park" for f in model._meta.fields):
        attrs["park"] = df.ModelChoiceFilter(queryset=_restricted(Park), label=_("园区"))
        fields = ["park", *fields]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


def _date_range(field, label):
    return {
        "date_from": df.DateFilter(
            field_name=field, lookup_expr="gte", label=format_lazy(pgettext_lazy("filter", "{}起"), label)
        ),
        "date_to": df.DateFilter(
            field_name=field, lookup_expr="lte", label=format_lazy(pgettext_lazy("filter", "{}止"), label)
        ),
    }


GreeningTaskFilterSet = filterset(m.GreeningTask, ["work", "active"], ("area",))
GreeningRecordFilterSet = filterset(
    m.GreeningRecord, ["work", "task"], ("area", "done_by"), **_date_range("done_on", _("日期"))
)
WasteCollectionFilterSet = filterset(
    m.WasteCollection,
    ["category"],
    ("carrier_name", "enterprise__name"),
    enterprise=df.ModelChoiceFilter(queryset=_restricted(Enterprise), label=_("产生企业")),
    **_date_range("collected_on", _("收运日期")),
)
WasteFacilityFilterSet = filterset(m.WasteFacility, ["kind", "category", "active"], ("name", "location"))
WasteFacilityCleaningFilterSet = filterset(
    m.WasteFacilityCleaning,
    ["facility", "work"],
    ("facility__name", "done_by"),
    **_date_range("done_on", _("日期")),
)
MonitoringPointFilterSet = filterset(
    m.MonitoringPoint, ["kind", "enterprise", "active"], ("name", "location")
)
PollutantLimitFilterSet = filterset(m.PollutantLimit, ["point"], ("pollutant", "standard"))
ReadingFilterSet = filterset(
    m.Reading,
    ["point", "source", "exceeds"],
    ("limit__pollutant",),
    **_date_range("measured_at__date", _("监测日期")),
)
ExceedanceFilterSet = filterset(
    m.Exceedance, ["status", "point", "enterprise"], ("point__name", "limit__pollutant")
)
PollutionNoticeFilterSet = filterset(m.PollutionNotice, ["enterprise"], ("content", "response"))
