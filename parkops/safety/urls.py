"""Safety pages under /safety/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkops.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, object_urls
from parkops.safety import filters, forms, views
from parkops.safety import models as m

app_name = "safety"


# Labels of the computed columns (model properties) shown in lists.
COLUMN_LABELS = {
    "use_state": _("使用状态"),
    "due_state": _("检验状态"),
    "licence_state": _("许可证状态"),
    "valid_state": _("证明状态"),
    "report_state": _("上报状态"),
}


class SafetyList(ObjectListView):
    column_labels = COLUMN_LABELS


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
    detail_fields=None,
    delete=True,
    card=None,
):
    list_view = type(
        f"{model.__name__}List",
        (SafetyList,),
        {"columns": columns, "filterset_class": filterset, "select_related": select, "card_fields": card},
    )
    if detail_view is None:
        detail_view = type(
            f"{model.__name__}Detail",
            (ObjectDetailView,),
            {"fields": detail_fields, "related": related, "select_related": select},
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


class SpecialEquipmentDetail(ObjectDetailView):
    related = (("inspections", pgettext_lazy("list", "检查与检验记录")),)

    def get(self, request, pk):
        from django.contrib import messages

        equipment = self.base_queryset().filter(pk=pk).first()
        if equipment is not None and not equipment.usable:
            messages.error(request, f"{equipment}：{equipment.use_state}")
        return super().get(request, pk)


class _FunctionDetail:
    """Adapts a function view to object_urls' ``detail_view.as_view(model=…)``."""

    def __init__(self, func):
        self.func = func

    def as_view(self, **kwargs):
        return self.func


urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("patrol/", views.patrol_home, name="patrol"),
    path("patrol/routes/<int:route_pk>/start/", views.patrol_start, name="patrol_start"),
    path("patrol/runs/<int:pk>/visit/", views.run_visit, name="run_visit"),
    path("patrol/runs/<int:pk>/finish/", views.run_finish, name="run_finish"),
    path("patrol/visits/<int:pk>/", views.visit, name="visit"),
    path("s/<str:token>/", views.scan, name="scan"),
    path("checkpoints/<int:pk>/qr.png", views.checkpoint_qr, name="checkpoint_qr"),
    path("routes/<int:pk>/qr/", views.route_qr_sheet, name="route_qr_sheet"),
    path("monitoring/", views.monitoring_status, name="monitoring_status"),
    *pages_for(
        "plans",
        m.SafetyPlan,
        columns=("title", "category", "topic", "owner", "version", "effective_on"),
        filterset=filters.SafetyPlanFilterSet,
        form=forms.SafetyPlanForm,
        related=(("drills", pgettext_lazy("list", "演练记录")),),
    ),
    *pages_for(
        "drills",
        m.Drill,
        columns=("held_on", "scenario", "plan", "participants_count"),
        filterset=filters.DrillFilterSet,
        form=forms.DrillForm,
        select=("plan",),
    ),
    *pages_for(
        "routes",
        m.PatrolRoute,
        columns=("name", "park", "active"),
        filterset=filters.PatrolRouteFilterSet,
        form=forms.PatrolRouteForm,
        related=(
            ("checkpoints", pgettext_lazy("list", "巡查点")),
            ("schedules", pgettext_lazy("list", "排班")),
        ),
    ),
    *pages_for(
        "checkpoints",
        m.Checkpoint,
        columns=("route", "order", "name", "location"),
        filterset=filters.CheckpointFilterSet,
        form=forms.CheckpointForm,
        select=("route",),
        detail_fields=("route", "order", "name", "location"),
        related=(("items", pgettext_lazy("list", "巡查项")),),
    ),
    *pages_for(
        "check-items",
        m.CheckItem,
        columns=("checkpoint", "order", "text"),
        filterset=filters.CheckItemFilterSet,
        form=forms.CheckItemForm,
        select=("checkpoint__route",),
    ),
    *pages_for(
        "schedules",
        m.PatrolSchedule,
        columns=("__str__", "shift", "starts_at", "ends_at", "rounds", "guards"),
        filterset=filters.PatrolScheduleFilterSet,
        form=forms.PatrolScheduleForm,
        select=("route",),
    ),
    *pages_for(
        "patrol/runs",
        m.PatrolRun,
        columns=(
            "started_at",
            "route",
            "guard",
            "status",
            "finished_at",
            "missed_count",
            "missed_names",
            "failed_count",
        ),
        filterset=filters.PatrolRunFilterSet,
        detail_view=_FunctionDetail(views.run_detail),
        select=("route", "guard"),
        delete=False,
    ),
    *pages_for(
        "hazards",
        m.Hazard,
        columns=(
            "found_at",
            "grade",
            "category",
            "place",
            "source",
            "status",
            "deadline",
            "escalated_at",
            "found_by",
        ),
        filterset=filters.HazardFilterSet,
        card=("status", "deadline", "found_at", "category"),
        edit_view=views.HazardEdit,
        detail_view=_FunctionDetail(views.hazard_detail),
        select=("found_by",),
    ),
    *pages_for(
        "special-equipment",
        m.SpecialEquipment,
        columns=("kind", "name", "location", "registration_no", "maintenance_unit", "next_due", "use_state"),
        filterset=filters.SpecialEquipmentFilterSet,
        form=forms.SpecialEquipmentForm,
        detail_view=SpecialEquipmentDetail,
    ),
    *pages_for(
        "special-equipment-inspections",
        m.SpecialEquipmentInspection,
        columns=("inspected_on", "equipment", "kind", "inspector", "result", "next_due"),
        filterset=filters.SpecialEquipmentInspectionFilterSet,
        edit_view=views.EquipmentInspectionEdit,
        select=("equipment",),
    ),
    *pages_for(
        "fire-equipment",
        m.FireEquipment,
        columns=("kind", "location", "quantity", "standard", "last_inspected_on", "next_due", "due_state"),
        filterset=filters.FireEquipmentFilterSet,
        form=forms.FireEquipmentForm,
        related=(("inspections", pgettext_lazy("list", "检查记录")),),
    ),
    *pages_for(
        "charging-areas",
        m.EBikeChargingArea,
        columns=("name", "location", "capacity", "last_inspected_on", "next_due", "due_state"),
        filterset=filters.EBikeChargingAreaFilterSet,
        form=forms.EBikeChargingAreaForm,
        related=(("inspections", pgettext_lazy("list", "检查记录")),),
    ),
    *pages_for(
        "inspections",
        m.RegisterInspection,
        columns=(
            "inspected_on",
            "fire_equipment",
            "charging_area",
            "fire_sign",
            "inspector",
            "result",
            "next_due",
        ),
        filterset=filters.RegisterInspectionFilterSet,
        edit_view=views.RegisterInspectionEdit,
        select=("fire_equipment", "charging_area", "fire_sign"),
    ),
    *pages_for(
        "fire-signs",
        m.FireSafetySign,
        columns=("kind", "location", "quantity", "last_inspected_on", "next_due", "due_state"),
        filterset=filters.FireSafetySignFilterSet,
        form=forms.FireSafetySignForm,
        related=(("inspections", pgettext_lazy("list", "检查记录")),),
    ),
    *pages_for(
        "periodic-checks",
        m.PeriodicCheck,
        columns=("checked_on", "kind", "subject", "checked_by", "result", "next_due"),
        filterset=filters.PeriodicCheckFilterSet,
        form=forms.PeriodicCheckForm,
    ),
    *pages_for(
        "food-merchants",
        m.FoodMerchant,
        columns=("name", "location", "licence_no", "licence_valid_until", "licence_state", "enterprise"),
        filterset=filters.FoodMerchantFilterSet,
        form=forms.FoodMerchantForm,
        select=("enterprise",),
        related=(("health_certificates", pgettext_lazy("list", "从业人员健康证明")),),
    ),
    *pages_for(
        "health-certificates",
        m.StaffHealthCertificate,
        columns=("merchant", "name", "certificate_no", "valid_until", "valid_state"),
        filterset=filters.StaffHealthCertificateFilterSet,
        form=forms.StaffHealthCertificateForm,
        select=("merchant",),
    ),
    *pages_for(
        "security-staff",
        m.SecurityStaff,
        columns=("name", "post", "certificate", "staff", "active"),
        filterset=filters.SecurityStaffFilterSet,
        form=forms.SecurityStaffForm,
        select=("staff",),
    ),
    *pages_for(
        "trainings",
        m.SafetyTraining,
        columns=("held_on", "topic", "form", "trainer", "audience", "attendees_count"),
        filterset=filters.SafetyTrainingFilterSet,
        form=forms.SafetyTrainingForm,
    ),
    *pages_for(
        "monitoring-devices",
        m.MonitoringDevice,
        columns=("kind", "name", "location", "area", "covers", "resolution", "report_state", "last_seen_at"),
        filterset=filters.MonitoringDeviceFilterSet,
        form=forms.MonitoringDeviceForm,
        select=("covers",),
    ),
    *pages_for(
        "monitored-areas",
        m.MonitoredArea,
        columns=("area", "name"),
        filterset=filters.MonitoredAreaFilterSet,
        form=forms.MonitoredAreaForm,
        related=(("devices", pgettext_lazy("list", "监控设备")),),
    ),
]
