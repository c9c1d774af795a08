"""The spaces API: spaces, equipment, floor plans and booking rules (CRUD by rights), and
bookings (tenant-scoped; created, cancelled and decided only through the booking services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.core.api import ApiModelSerializer, StrictLookupMixin, serializer_for, viewset_for
from parkops.core.drf import RestrictedPermission
from parkops.core.scope import VIEW
from parkops.spaces import filters, services
from parkops.spaces import models as m

FunctionSpaceSerializer = serializer_for(
    m.FunctionSpace,
    ["park", "building", "floor", "kind", "name", "capacity", "area", "description", "bookable"],
)
EquipmentSerializer = serializer_for(
    m.Equipment, ["space", "name", "category", "model_no", "quantity", "status", "last_checked_on", "note"]
)
FloorPlanMarkSerializer = serializer_for(m.FloorPlanMark, ["plan", "unit", "space", "x", "y"])
BookingRuleSerializer = serializer_for(
    m.BookingRule,
    [
        "space",
        "who",
        "opens_at",
        "closes_at",
        "max_minutes",
        "min_notice_minutes",
        "horizon_days",
        "needs_approval",
        "price_per_hour",
        "notes",
    ],
)

FunctionSpaceViewSet = viewset_for(
    m.FunctionSpace,
    FunctionSpaceSerializer,
    filters.FunctionSpaceFilterSet,
    search=("name",),
    select=("park",),
)
EquipmentViewSet = viewset_for(
    m.Equipment, EquipmentSerializer, filters.EquipmentFilterSet, search=("name",), select=("space",)
)
FloorPlanMarkViewSet = viewset_for(
    m.FloorPlanMark, FloorPlanMarkSerializer, filters.FloorPlanMarkFilterSet, select=("plan",)
)
BookingRuleViewSet = viewset_for(
    m.BookingRule, BookingRuleSerializer, filters.BookingRuleFilterSet, select=("space",)
)


class BookingSerializer(ApiModelSerializer):
    class Meta:
        model = m.Booking
        fields = [
            "id",
            "space",
            "booked_by",
            "enterprise",
            "starts_at",
            "ends_at",
            "purpose",
            "attendees",
            "status",
            "price",
            "decided_at",
            "decision_note",
            "cancelled_at",
            "cancel_reason",
        ]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    space = serializers.PrimaryKeyRelatedField(queryset=m.FunctionSpace.objects.none(), label=_("功能空间"))
    starts_at = serializers.DateTimeField(label=_("开始时间"))
    ends_at = serializers.DateTimeField(label=_("结束时间"))
    purpose = serializers.CharField(max_length=200, label=_("用途"))
    attendees = serializers.IntegerField(min_value=1, default=1, label=_("参加人数"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["space"].queryset = m.FunctionSpace.objects.restrict(getattr(request, "user", None), VIEW)


class BookingNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BookingViewSet(
    StrictLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """空间预约：列表与详情（入驻企业只见本企业的预约）；POST 新建预约（冲突时返回“该时段已被预约”），
    cancel 取消，approve / reject 审批。"""

    queryset = m.Booking.objects.all()
    serializer_class = BookingSerializer
    filterset_class = filters.BookingFilterSet
    permission_classes = [RestrictedPermission]
    ordering_fields = ["starts_at", "status"]

    def get_queryset(self):
        return (
            m.Booking.objects.restrict(self.request.user, VIEW)
            .select_related("space")
            .order_by("-starts_at", "pk")
        )

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request):
        data = BookingCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        booking = services.book(by=request.user, **data.validated_data)
        return Response(
            BookingSerializer(booking, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=BookingNoteSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        note = BookingNoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        booking = services.cancel(
            booking=self.get_object(), by=request.user, reason=note.validated_data["note"]
        )
        return Response(BookingSerializer(booking, context={"request": request}).data)

    @extend_schema(request=BookingNoteSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        note = BookingNoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        booking = services.decide(
            booking=self.get_object(), by=request.user, approve=True, note=note.validated_data["note"]
        )
        return Response(BookingSerializer(booking, context={"request": request}).data)

    @extend_schema(request=BookingNoteSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        note = BookingNoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        booking = services.decide(
            booking=self.get_object(), by=request.user, approve=False, note=note.validated_data["note"]
        )
        return Response(BookingSerializer(booking, context={"request": request}).data)


API_ROUTES = [
    ("spaces/function-spaces", FunctionSpaceViewSet),
    ("spaces/equipment", EquipmentViewSet),
    ("spaces/floor-plan-marks", FloorPlanMarkViewSet),
    ("spaces/booking-rules", BookingRuleViewSet),
    ("spaces/bookings", BookingViewSet),
]
