"""Engineering pages, mounted under /engineering/."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.engineering import filters, forms, views
from parkops.engineering import models as eng

app_name = "engineering"


def pages(
    prefix,
    model,
    *,
    columns,
    filterset,
    form=None,
    select=(),
    detail=None,
    related=(),
    delete=True,
    edit=True,
    card=None,
):
    list_view = type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )
    detail_view = detail or type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"related": related, "select_related": select}
    )
    edit_view = (
        type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form}) if edit and form else None
    )
    return object_urls(
        prefix,
        model,
        list_view=list_view,
        detail_view=detail_view,
        edit_view=edit_view,
        delete_view=ObjectDeleteView if delete else None,
    )


urlpatterns = [
    path("work-orders/add/", views.WorkOrderReportView.as_view(), name="workorder_add"),
    *pages(
        "work-orders",
        eng.WorkOrder,
        columns=(
            "number",
            "state",
            "category",
            "priority",
            "source",
            "enterprise",
            "unit",
            "reported_at",
            "assignee",
            "complete_due_at",
            "rating",
        ),
        filterset=filters.WorkOrderFilterSet,
        card=("state", "priority", "complete_due_at", "unit"),
        select=("enterprise", "assignee", "unit__floor__building", "building"),
        detail=views.WorkOrderDetailView,
        delete=False,
        edit=False,
    ),
    *pages(
        "slas",
        eng.WorkOrderSla,
        columns=("park", "category", "priority", "respond_minutes", "complete_hours"),
        filterset=filters.WorkOrderSlaFilterSet,
        form=forms.WorkOrderSlaForm,
        select=("park",),
    ),
    *pages(
        "maintenance-plans",
        eng.MaintenancePlan,
        columns=(
            "title",
            "system",
            "asset",
            "schedule",
            "interval",
            "interval_unit",
            "next_due_on",
            "current_reading",
            "active",
        ),
        filterset=filters.MaintenancePlanFilterSet,
        form=forms.MaintenancePlanForm,
        detail=views.MaintenancePlanDetailView,
    ),
    *pages(
        "periodic-tests",
        eng.PeriodicTest,
        columns=("name", "system", "tested_on", "agency", "result", "next_due_on", "report"),
        filterset=filters.PeriodicTestFilterSet,
        form=forms.PeriodicTestForm,
    ),
    *pages(
        "building-condition",
        eng.BuildingConditionRecord,
        columns=(
            "inspected_on",
            "building",
            "floor",
            "area",
            "element",
            "condition",
            "photo",
            "inspector",
            "repair_order",
        ),
        filterset=filters.BuildingConditionRecordFilterSet,
        form=forms.BuildingConditionRecordForm,
        select=("building", "floor__building", "repair_order"),
    ),
    path("decoration/add/", views.DecorationSubmitView.as_view(), name="decorationapplication_add"),
    *pages(
        "decoration",
        eng.DecorationApplication,
        columns=(
            "enterprise",
            "unit",
            "state",
            "planned_start",
            "planned_end",
            "contractor",
            "agreement_signed",
            "agreement_signed_on",
            "works_started_on",
            "completed_on",
        ),
        filterset=filters.DecorationApplicationFilterSet,
        select=("enterprise", "unit__floor__building"),
        detail=views.DecorationDetailView,
        delete=False,
        edit=False,
    ),
    *pages(
        "decoration-reviews",
        eng.DecorationReview,
        columns=("application", "step", "decision", "comment", "reviewer", "created_at"),
        filterset=filters.DecorationReviewFilterSet,
        select=("application__enterprise", "reviewer"),
        delete=False,
        edit=False,
    ),
    *pages(
        "fire-inspections",
        eng.FireInspection,
        columns=("application", "inspected_on", "result", "issues", "inspector"),
        filterset=filters.FireInspectionFilterSet,
        select=("application__enterprise",),
        delete=False,
        edit=False,
    ),
    *pages(
        "acceptances",
        eng.CompletionAcceptance,
        columns=("application", "accepted_on", "passed", "notes", "inspector"),
        filterset=filters.CompletionAcceptanceFilterSet,
        select=("application__enterprise",),
        delete=False,
        edit=False,
    ),
    *pages(
        "readings",
        eng.AssetReading,
        columns=("plan", "read_on", "value"),
        filterset=filters.AssetReadingFilterSet,
        select=("plan",),
        delete=False,
        edit=False,
    ),
]
