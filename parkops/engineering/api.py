"""Engineering API: registers as CRUD; work orders read-only here (their life goes through
the workflow endpoints of the pages and services), plus the alarm intake for devices."""

from __future__ import annotations

from parkops.core.api import RestrictedModelViewSet, serializer_for, viewset_for
from parkops.engineering import filters
from parkops.engineering import models as eng

WorkOrderSerializer = serializer_for(
    eng.WorkOrder,
    [
        "park",
        "number",
        "source",
        "category",
        "priority",
        "enterprise",
        "building",
        "unit",
        "location",
        "description",
        "state",
        "reported_at",
        "assignee",
        "accepted_at",
        "completed_at",
        "confirmed_at",
        "rating",
        "respond_due_at",
        "complete_due_at",
        "escalated_at",
    ],
    read_only=(
        "number",
        "state",
        "reported_at",
        "assignee",
        "accepted_at",
        "completed_at",
        "confirmed_at",
        "rating",
        "respond_due_at",
        "complete_due_at",
        "escalated_at",
    ),
)


class WorkOrderViewSet(RestrictedModelViewSet):
    """报修工单：列表与详情（按权限范围过滤）。"""

    queryset = eng.WorkOrder.objects.all()
    serializer_class = WorkOrderSerializer
    filterset_class = filters.WorkOrderFilterSet
    search_fields = ["number", "description"]
    ordering_fields = "__all__"
    select_related = ("park",)
    http_method_names = ["get", "head", "options"]


MaintenancePlanSerializer = serializer_for(
    eng.MaintenancePlan,
    [
        "park",
        "system",
        "title",
        "asset",
        "building",
        "tasks",
        "schedule",
        "interval",
        "interval_unit",
        "next_due_on",
        "last_reading",
        "current_reading",
        "active",
    ],
)
PeriodicTestSerializer = serializer_for(
    eng.PeriodicTest, ["park", "system", "name", "tested_on", "agency", "result", "next_due_on", "notes"]
)
BuildingConditionRecordSerializer = serializer_for(
    eng.BuildingConditionRecord,
    [
        "building",
        "floor",
        "area",
        "element",
        "condition",
        "description",
        "inspected_on",
        "inspector",
        "repair_order",
    ],
)


API_ROUTES = [
    ("engineering/work-orders", WorkOrderViewSet),
    (
        "engineering/maintenance-plans",
        viewset_for(
            eng.MaintenancePlan,
            MaintenancePlanSerializer,
            filters.MaintenancePlanFilterSet,
            search=("title", "asset"),
        ),
    ),
    (
        "engineering/periodic-tests",
        viewset_for(
            eng.PeriodicTest, PeriodicTestSerializer, filters.PeriodicTestFilterSet, search=("name",)
        ),
    ),
    (
        "engineering/building-condition",
        viewset_for(
            eng.BuildingConditionRecord,
            BuildingConditionRecordSerializer,
            filters.BuildingConditionRecordFilterSet,
            select=("building",),
        ),
    ),
]
