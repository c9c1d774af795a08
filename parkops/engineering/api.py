"""Engineering API: registers as CRUD; work orders read-only here (their life goes through
the workflow endpoints of the pages and services), plus the alarm intake for devices."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from parkops.core.api import (
    ActionViewSetMixin,
    ReadOnlyRestrictedViewSet,
    action_permissions,
    serializer_for,
    viewset_for,
)
from parkops.engineering import filters, services
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


class WorkOrderAssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(), help_text=_("维修人员（用户编号）")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.core.scope import visible_park_ids

        request = self.context.get("request")
        parks = visible_park_ids(request.user) if request else set()
        users = get_user_model().objects.filter(is_active=True)
        self.fields["assignee"].queryset = (
            users if parks is None else users.filter(parks__in=parks or []).distinct()
        )


class WorkOrderCompleteSerializer(serializers.Serializer):
    work_done = serializers.CharField(max_length=2000, help_text=_("处理情况"))
    materials = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class WorkOrderViewSet(ActionViewSetMixin, ReadOnlyRestrictedViewSet):
    """报修工单：列表与详情（按权限范围过滤）；assign 派单、accept 接单、complete 完工、confirm 报修人确认
    （与页面调用同一服务，规则相同）。"""

    queryset = eng.WorkOrder.objects.all()
    serializer_class = WorkOrderSerializer
    filterset_class = filters.WorkOrderFilterSet
    search_fields = ["number", "description"]
    ordering_fields = "__all__"
    select_related = ("park",)

    def get_permissions(self):
        return (
            action_permissions()
            if self.action in ("assign", "accept", "complete", "confirm")
            else super().get_permissions()
        )

    @extend_schema(request=WorkOrderAssignSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """派单给维修人员。"""
        return self.run_action(
            request,
            WorkOrderAssignSerializer,
            lambda order, by, d: services.assign_work_order(
                order=order, assignee=d["assignee"], by=by, note=d["note"]
            ),
        )

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """被派单人接单。"""
        return self.run_action(
            request, None, lambda order, by, d: services.accept_work_order(order=order, by=by)
        )

    @extend_schema(request=WorkOrderCompleteSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """填写处理情况并完工。"""
        return self.run_action(
            request,
            WorkOrderCompleteSerializer,
            lambda order, by, d: services.complete_work_order(
                order=order, by=by, work_done=d["work_done"], materials=d["materials"]
            ),
        )

    @extend_schema(request=None, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """报修人确认完工。"""
        return self.run_action(
            request, None, lambda order, by, d: services.confirm_work_order(order=order, by=by)
        )


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
