"""Safety registers over the API; the hazard loop's states change only through its pages/services."""

from parkops.core.api import ReadOnlyRestrictedViewSet, serializer_for, viewset_for
from parkops.safety import filters
from parkops.safety import models as m

ReadOnlyRestricted = ReadOnlyRestrictedViewSet  # these records change through their workflow


def _route(prefix, model, fields, filterset, read_only=(), select=(), workflow=False):
    serializer = serializer_for(model, fields, read_only=tuple(fields) if workflow else read_only)
    if not workflow:
        return prefix, viewset_for(model, serializer, filterset, select=select)
    attrs = {
        "queryset": model.objects.all(),
        "serializer_class": serializer,
        "filterset_class": filterset,
        "__doc__": f"{model._meta.verbose_name}：只读（按权限范围过滤；通过页面流程办理）。",
    }
    return prefix, type(f"{model.__name__}ViewSet", (ReadOnlyRestricted,), attrs)


API_ROUTES = [
    _route(
        "safety/plans",
        m.SafetyPlan,
        ["park", "category", "topic", "title", "owner", "version", "effective_on", "summary"],
        filters.SafetyPlanFilterSet,
    ),
    _route(
        "safety/drills",
        m.Drill,
        ["plan", "held_on", "scenario", "participants_count", "participant_names", "review"],
        filters.DrillFilterSet,
    ),
    _route(
        "safety/hazards",
        m.Hazard,
        [
            "park",
            "grade",
            "category",
            "place",
            "description",
            "found_by",
            "found_at",
            "source",
            "status",
            "deadline",
            "escalated_at",
            "closed_at",
        ],
        filters.HazardFilterSet,
        workflow=True,
    ),
    _route(
        "safety/patrol-runs",
        m.PatrolRun,
        [
            "park",
            "route",
            "guard",
            "started_at",
            "finished_at",
            "status",
            "missed_count",
            "missed_names",
            "failed_count",
        ],
        filters.PatrolRunFilterSet,
        workflow=True,
    ),
    _route(
        "safety/special-equipment",
        m.SpecialEquipment,
        [
            "park",
            "kind",
            "name",
            "location",
            "registration_no",
            "put_into_use_on",
            "registered_on",
            "maintenance_unit",
            "maintenance_licence_no",
            "last_inspected_on",
            "next_due",
            "use_state",
        ],
        filters.SpecialEquipmentFilterSet,
        read_only=("use_state",),
    ),
    _route(
        "safety/fire-equipment",
        m.FireEquipment,
        ["park", "kind", "location", "quantity", "standard", "model_spec", "last_inspected_on", "next_due"],
        filters.FireEquipmentFilterSet,
    ),
    _route(
        "safety/charging-areas",
        m.EBikeChargingArea,
        ["park", "name", "location", "capacity", "fire_measures", "last_inspected_on", "next_due"],
        filters.EBikeChargingAreaFilterSet,
    ),
    _route(
        "safety/periodic-checks",
        m.PeriodicCheck,
        ["park", "kind", "subject", "checked_on", "checked_by", "result", "next_due", "note"],
        filters.PeriodicCheckFilterSet,
    ),
    _route(
        "safety/food-merchants",
        m.FoodMerchant,
        ["park", "enterprise", "name", "location", "licence_no", "licence_valid_until"],
        filters.FoodMerchantFilterSet,
    ),
    _route(
        "safety/security-staff",
        m.SecurityStaff,
        ["park", "staff", "name", "post", "certificate", "certificate_no", "active"],
        filters.SecurityStaffFilterSet,
    ),
    _route(
        "safety/trainings",
        m.SafetyTraining,
        ["park", "held_on", "topic", "form", "trainer", "audience", "attendees_count"],
        filters.SafetyTrainingFilterSet,
    ),
    _route(
        "safety/monitoring-devices",
        m.MonitoringDevice,
        ["park", "kind", "name", "location", "area", "covers", "resolution", "last_seen_at"],
        filters.MonitoringDeviceFilterSet,
    ),
    _route(
        "safety/monitored-areas",
        m.MonitoredArea,
        ["park", "area", "name"],
        filters.MonitoredAreaFilterSet,
    ),
    _route(
        "safety/fire-signs",
        m.FireSafetySign,
        ["park", "kind", "location", "quantity", "luminous", "last_inspected_on", "next_due"],
        filters.FireSafetySignFilterSet,
    ),
]


# --- The hazard loop's actions (the same services as the hazard page) -----------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from drf_spectacular.utils import extend_schema  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.decorators import action  # noqa: E402

from parkops.core.api import ActionViewSetMixin, action_permissions  # noqa: E402
from parkops.safety import services  # noqa: E402


class HazardRectifySerializer(serializers.Serializer):
    done = serializers.CharField(max_length=2000, help_text=_("整改情况"))


class HazardVerifySerializer(serializers.Serializer):
    passed = serializers.BooleanField(help_text=_("复查是否合格"))
    note = serializers.CharField(max_length=2000, help_text=_("复查意见"))


_HAZARDS = dict(API_ROUTES)["safety/hazards"]


class HazardViewSet(ActionViewSetMixin, _HAZARDS):
    """隐患：列表与详情（只读）；rectify 报告整改、verify 复查（合格则关闭，与页面调用同一服务）。"""

    def get_permissions(self):
        return action_permissions() if self.action in ("rectify", "verify") else super().get_permissions()

    @extend_schema(request=HazardRectifySerializer, responses=_HAZARDS.serializer_class)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        """整改责任人报告整改完成。"""
        return self.run_action(
            request,
            HazardRectifySerializer,
            lambda hazard, by, d: services.report_rectification(hazard=hazard, by=by, done=d["done"]),
        )

    @extend_schema(request=HazardVerifySerializer, responses=_HAZARDS.serializer_class)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """安全部门复查：合格关闭隐患，不合格退回整改。"""
        return self.run_action(
            request,
            HazardVerifySerializer,
            lambda hazard, by, d: services.follow_up(
                hazard=hazard, by=by, passed=d["passed"], note=d["note"]
            ),
        )


API_ROUTES = [(prefix, HazardViewSet if prefix == "safety/hazards" else vs) for prefix, vs in API_ROUTES]
