"""Telemetry pages under /telemetry/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.telemetry import filters, forms, views
from parkops.telemetry import models as m

app_name = "telemetry"


def pages_for(
    prefix,
    model,
    *,
    columns,
    filterset,
    cards,
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
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": cards},
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


class _QuarantineDetail:
    @staticmethod
    def as_view(**kwargs):
        return views.quarantine_detail


urlpatterns = [
    path("status/", views.status, name="status"),
    *pages_for(
        "devices",
        m.Device,
        columns=("code", "name", "kind", "building", "location", "last_seen_at", "active"),
        cards=("kind", "building", "last_seen_at"),
        filterset=filters.DeviceFilterSet,
        form=forms.DeviceForm,
        detail_view=views.DeviceDetail,
        select=("building",),
    ),
    *pages_for(
        "points",
        m.Point,
        columns=("device", "code", "name", "quantity", "unit", "cumulative", "last_ts", "last_value"),
        cards=("quantity", "last_value", "last_ts"),
        filterset=filters.PointFilterSet,
        form=forms.PointForm,
        select=("device",),
        related=(("replacements", pgettext_lazy("list", "换表记录")),),
    ),
    *pages_for(
        "replacements",
        m.MeterReplacement,
        columns=("point", "replaced_at", "old_final_value", "new_initial_value", "note"),
        cards=("replaced_at", "old_final_value", "new_initial_value"),
        filterset=filters.MeterReplacementFilterSet,
        edit_view=views.MeterReplacementEdit,
        select=("point__device",),
        delete=False,
    ),
    *pages_for(
        "quarantine",
        m.Quarantine,
        columns=("received_at", "reason", "device_code", "point_code", "ts", "value", "status"),
        cards=("reason", "received_at", "status"),
        filterset=filters.QuarantineFilterSet,
        detail_view=_QuarantineDetail,
        delete=False,
    ),
    path("quarantine/<int:pk>/<str:action>/", views.quarantine_review, name="quarantine_review"),
    *pages_for(
        "alarm-rules",
        m.AlarmRule,
        columns=(
            "name",
            "point",
            "device_kind",
            "condition",
            "threshold",
            "minutes",
            "factor",
            "severity",
            "active",
        ),
        cards=("condition", "severity", "active"),
        filterset=filters.AlarmRuleFilterSet,
        form=forms.AlarmRuleForm,
        select=("point__device",),
    ),
    *pages_for(
        "alarms",
        m.Alarm,
        columns=("opened_at", "severity", "device", "message", "status", "cleared_at", "work_order"),
        cards=("severity", "status", "opened_at"),
        filterset=filters.AlarmFilterSet,
        select=("device", "work_order"),
        delete=False,
    ),
]
