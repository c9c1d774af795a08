"""Environment pages under /environment/."""

from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.environment import filters, forms, views
from parkops.environment import models as m

app_name = "environment"


class _FunctionDetail:
    def __init__(self, func):
        self.func = func

    def as_view(self, **kwargs):
        return self.func


def pages_for(
    prefix,
    model,
    *,
    columns,
    filterset,
    form=None,
    edit_view=None,
    detail_view=None,
    select=(),
    related=(),
    delete=True,
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select},
    )
    detail_view = detail_view or type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    if edit_view is None and form is not None:
        edit_view = type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )


urlpatterns = [
    *pages_for(
        "greening-tasks",
        m.GreeningTask,
        columns=("area", "work", "every_days", "standard", "active"),
        filterset=filters.GreeningTaskFilterSet,
        form=forms.GreeningTaskForm,
        related=(("records", pgettext_lazy("list", "养护记录")),),
    ),
    *pages_for(
        "greening",
        m.GreeningRecord,
        columns=("done_on", "area", "work", "done_by", "note"),
        filterset=filters.GreeningRecordFilterSet,
        form=forms.GreeningRecordForm,
    ),
    *pages_for(
        "waste",
        m.WasteCollection,
        columns=("collected_on", "category", "enterprise", "weight_kg", "carrier_name", "carrier_licence"),
        filterset=filters.WasteCollectionFilterSet,
        form=forms.WasteCollectionForm,
        select=("enterprise",),
    ),
    *pages_for(
        "waste-facilities",
        m.WasteFacility,
        columns=("kind", "name", "location", "category", "quantity", "cleaning_every_days", "active"),
        filterset=filters.WasteFacilityFilterSet,
        form=forms.WasteFacilityForm,
        related=(("cleanings", pgettext_lazy("list", "设施清洁消毒记录")),),
    ),
    *pages_for(
        "waste-cleaning",
        m.WasteFacilityCleaning,
        columns=("done_on", "facility", "work", "disinfectant", "done_by", "note"),
        filterset=filters.WasteFacilityCleaningFilterSet,
        form=forms.WasteFacilityCleaningForm,
        select=("facility",),
    ),
    *pages_for(
        "points",
        m.MonitoringPoint,
        columns=("kind", "name", "location", "enterprise", "active"),
        filterset=filters.MonitoringPointFilterSet,
        form=forms.MonitoringPointForm,
        select=("enterprise",),
        related=(
            ("limits", pgettext_lazy("list", "排放限值")),
            ("exceedances", pgettext_lazy("list", "超标事件")),
        ),
    ),
    *pages_for(
        "limits",
        m.PollutantLimit,
        columns=("point", "pollutant", "limit", "unit", "standard"),
        filterset=filters.PollutantLimitFilterSet,
        form=forms.PollutantLimitForm,
        select=("point",),
    ),
    *pages_for(
        "readings",
        m.Reading,
        columns=("measured_at", "point", "limit", "value", "exceeds", "source", "retest_of"),
        filterset=filters.ReadingFilterSet,
        edit_view=views.ReadingEdit,
        select=("point", "limit"),
        delete=False,
    ),
    *pages_for(
        "exceedances",
        m.Exceedance,
        columns=("created_at", "point", "limit", "enterprise", "status", "closed_at"),
        filterset=filters.ExceedanceFilterSet,
        detail_view=_FunctionDetail(views.exceedance_detail),
        select=("point", "limit", "enterprise"),
        delete=False,
    ),
    *pages_for(
        "notices",
        m.PollutionNotice,
        columns=("created_at", "enterprise", "exceedance", "deadline", "responded_at"),
        filterset=filters.PollutionNoticeFilterSet,
        select=("enterprise", "exceedance__point", "exceedance__limit"),
        delete=False,
    ),
]
