"""The fees API: standards, bills with their lines, payments, readings and revenue."""

from __future__ import annotations

from rest_framework import serializers

from parkops.core.api import ApiModelSerializer, RestrictedModelSerializer, serializer_for, viewset_for
from parkops.fees import filters
from parkops.fees import models as m


class BillLineSerializer(ApiModelSerializer):
    standard_name = serializers.SerializerMethodField(help_text="收费标准名称（无收费标准的行为 null）")

    class Meta:
        model = m.BillLine
        fields = [
            "id",
            "kind",
            "description",
            "quantity",
            "unit_price",
            "amount",
            "standard",
            "standard_name",
            "lease",
        ]

    def get_standard_name(self, obj) -> str | None:
        return str(obj.standard) if obj.standard_id else None


class BillSerializer(RestrictedModelSerializer):
    lines = BillLineSerializer(many=True, read_only=True)

    class Meta:
        model = m.Bill
        fields = [
            "id",
            "park",
            "enterprise",
            "number",
            "period",
            "status",
            "issued_on",
            "due_on",
            "total",
            "paid",
            "lines",
        ]
        read_only_fields = fields  # bills are generated, issued and paid through their services


FeeStandardViewSet = viewset_for(
    m.FeeStandard,
    serializer_for(
        m.FeeStandard,
        [
            "park",
            "kind",
            "name",
            "unit",
            "price",
            "effective_from",
            "effective_to",
            "published_at",
            "approval_document",
        ],
    ),
    filters.FeeStandardFilterSet,
    search=("name",),
)
BillViewSet = viewset_for(
    m.Bill, BillSerializer, filters.BillFilterSet, search=("number",), select=("enterprise",)
)
BillViewSet.http_method_names = ["get", "head", "options"]
BillViewSet.prefetch_related = ("lines__standard",)
PaymentViewSet = viewset_for(
    m.Payment,
    serializer_for(
        m.Payment,
        ["bill", "amount", "paid_on", "method", "reference", "receipt_no"],
        read_only=("bill", "amount", "paid_on", "method", "reference", "receipt_no"),
    ),
    filters.PaymentFilterSet,
)
PaymentViewSet.http_method_names = ["get", "head", "options"]
UtilityReadingViewSet = viewset_for(
    m.UtilityReading,
    serializer_for(m.UtilityReading, ["unit", "enterprise", "kind", "month", "previous", "current"]),
    filters.UtilityReadingFilterSet,
)
BusinessLineViewSet = viewset_for(
    m.BusinessLine,
    serializer_for(m.BusinessLine, ["park", "kind", "name", "description", "active"]),
    filters.BusinessLineFilterSet,
)
RevenueEntryViewSet = viewset_for(
    m.RevenueEntry,
    serializer_for(m.RevenueEntry, ["line", "month", "amount", "source", "note"], read_only=("source",)),
    filters.RevenueEntryFilterSet,
)

API_ROUTES = [
    ("fees/standards", FeeStandardViewSet),
    ("fees/bills", BillViewSet),
    ("fees/payments", PaymentViewSet),
    ("fees/readings", UtilityReadingViewSet),
    ("fees/business-lines", BusinessLineViewSet),
    ("fees/revenue", RevenueEntryViewSet),
]


# --- Issuing a bill (the same service as the bill page) -------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402
from drf_spectacular.utils import extend_schema  # noqa: E402
from rest_framework.decorators import action  # noqa: E402

from parkops.core.api import ActionViewSetMixin, ReadOnlyRestrictedViewSet, action_permissions  # noqa: E402
from parkops.fees import services  # noqa: E402


class BillIssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(required=False, help_text=_("出账日期（默认今天）"))
    due_days = serializers.IntegerField(min_value=1, max_value=90, default=15, help_text=_("缴费期限（天）"))


class BillViewSet(ActionViewSetMixin, ReadOnlyRestrictedViewSet):  # noqa: F811
    """账单：列表与详情（按权限范围过滤）；issue 出账（与页面调用同一服务）。"""

    queryset = m.Bill.objects.all()
    serializer_class = BillSerializer
    filterset_class = filters.BillFilterSet
    search_fields = ["number"]
    ordering_fields = "__all__"
    select_related = ("enterprise",)
    prefetch_related = ("lines__standard",)

    def get_permissions(self):
        return action_permissions() if self.action == "issue" else super().get_permissions()

    @extend_schema(request=BillIssueSerializer, responses=BillSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """草稿账单出账（通知企业）。"""
        return self.run_action(
            request,
            BillIssueSerializer,
            lambda bill, by, d: services.issue_bill(
                bill=bill, by=by, issued_on=d.get("issued_on"), due_days=d["due_days"]
            ),
        )


API_ROUTES = [(prefix, BillViewSet if prefix == "fees/bills" else vs) for prefix, vs in API_ROUTES]
