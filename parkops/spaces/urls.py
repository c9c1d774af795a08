"""Pages of function spaces, equipment, floor plans, booking rules and bookings."""

from django.urls import path

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.spaces import filters, forms, views
from parkops.spaces import models as spaces

app_name = "spaces"


def _list(model, columns, filterset, select=(), card=None):
    return type(
        f"{model.__name__}List",
        (ObjectListView,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )


def _detail(model, select=(), related=()):
    return type(
        f"{model.__name__}Detail", (ObjectDetailView,), {"select_related": select, "related": related}
    )


def _edit(model, form):
    return type(f"{model.__name__}Edit", (ObjectEditView,), {"form_class": form})


def pages(prefix, model, *, columns, filterset, form, select=(), detail=None, related=()):
    patterns = object_urls(
        prefix,
        model,
        list_view=_list(model, columns, filterset, select),
        detail_view=_detail(model, select, related),
        edit_view=_edit(model, form),
        delete_view=ObjectDeleteView,
    )
    if detail is not None:
        # The custom page takes the detail URL (get_absolute_url); keep the generic list/edit/delete.
        name = f"{model._meta.model_name}_detail"
        patterns = [p for p in patterns if p.name != name]
        patterns.append(path(f"{prefix}/<int:pk>/", detail, name=name))
    return patterns


urlpatterns = [
    path("", views.overview, name="overview"),
    path("usage/", views.usage, name="usage"),
    *pages(
        "rooms",
        spaces.FunctionSpace,
        columns=(
            "name",
            "kind",
            "park",
            "building",
            "floor",
            "capacity",
            "area",
            "bookable",
            "planned_use",
            "actual_use",
        ),
        filterset=filters.FunctionSpaceFilterSet,
        form=forms.FunctionSpaceForm,
        select=("park", "building", "floor__building"),
        detail=views.space_detail,
    ),
    path("rooms/<int:pk>/calendar/", views.space_calendar, name="calendar"),
    path("rooms/<int:pk>/book/", views.space_book, name="book"),
    *pages(
        "equipment",
        spaces.Equipment,
        columns=("name", "space", "category", "quantity", "status", "last_checked_on"),
        filterset=filters.EquipmentFilterSet,
        form=forms.EquipmentForm,
        select=("space",),
    ),
    *pages(
        "plans",
        spaces.FloorPlan,
        columns=("__str__", "floor", "note"),
        filterset=filters.FloorPlanFilterSet,
        form=forms.FloorPlanForm,
        select=("floor__building",),
        detail=views.plan_detail,
    ),
    *pages(
        "marks",
        spaces.FloorPlanMark,
        columns=("plan", "unit", "space", "x", "y"),
        filterset=filters.FloorPlanMarkFilterSet,
        form=forms.FloorPlanMarkForm,
        select=("plan__floor__building", "unit", "space"),
    ),
    *pages(
        "rules",
        spaces.BookingRule,
        columns=("space", "who", "opens_at", "closes_at", "max_minutes", "needs_approval", "price_per_hour"),
        filterset=filters.BookingRuleFilterSet,
        form=forms.BookingRuleForm,
        select=("space",),
    ),
    path(
        "bookings/",
        _list(
            spaces.Booking,
            ("__str__", "space", "starts_at", "ends_at", "status", "enterprise", "attendees", "price"),
            filters.BookingFilterSet,
            ("space", "enterprise", "booked_by"),
            card=("status", "starts_at", "ends_at", "space"),
        ).as_view(model=spaces.Booking),
        name="booking_list",
    ),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/decide/", views.booking_decide, name="booking_decide"),
]
