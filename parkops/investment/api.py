"""The investment API: customers, leases and the tenant archive, narrowed like the pages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.core.api import (
    ActionViewSetMixin,
    NestedRelatedField,
    ReadOnlyRestrictedViewSet,
    RestrictedModelSerializer,
    action_permissions,
    serializer_for,
    viewset_for,
)
from parkops.core.models import Unit
from parkops.investment import filters
from parkops.investment import models as m


class StaffFieldsMixin:
    """User fields offer only operator staff of the caller's parks (users are not narrowed
    by ``restrict``), so a write cannot point at, or probe for, another operator's people."""

    staff_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.investment.forms import _staff_of_my_parks

        request = self.context.get("request")
        for name in self.staff_fields:
            if name in self.fields and request is not None:
                self.fields[name].queryset = _staff_of_my_parks(request.user)


class CustomerSerializer(StaffFieldsMixin, RestrictedModelSerializer):
    """Writes go through the generic service; the stage moves only through the pipeline
    services (and 入驻 only by signing a lease), so it is read-only here."""

    staff_fields = ("owner",)

    contact_phone = serializers.SerializerMethodField(help_text=_("联系电话（脱敏）"))
    contact_phone_input = serializers.CharField(
        source="contact_phone", write_only=True, required=False, allow_blank=True, help_text=_("写入联系电话")
    )

    class Meta:
        model = m.Customer
        fields = [
            "id",
            "park",
            "name",
            "credit_code",
            "industry",
            "industry_note",
            "pollution",
            "contact_name",
            "contact_phone",
            "contact_phone_input",
            "source",
            "event",
            "grade",
            "owner",
            "stage",
            "need_area",
            "enterprise",
            "note",
        ]
        read_only_fields = ["stage", "enterprise", "grade"]

    def get_contact_phone(self, obj) -> str:
        return obj.contact_phone  # masked by the classification (parkops.datagov)

    def create(self, validated_data):
        from parkops.investment.services import create_customer

        return create_customer(data=validated_data, by=self.context["request"].user)


class ContactSerializer(RestrictedModelSerializer):
    phone = serializers.SerializerMethodField(help_text=_("手机号（脱敏：保留前 3 位和后 4 位）"))
    phone_input = serializers.CharField(source="phone", write_only=True, help_text=_("写入手机号"))

    class Meta:
        model = m.EnterpriseContact
        fields = ["id", "enterprise", "name", "role", "phone", "phone_input", "email", "primary"]

    def get_phone(self, obj) -> str:
        return obj.phone  # masked by the classification (parkops.datagov)


class LeaseSerializer(RestrictedModelSerializer):
    units = NestedRelatedField(many=True, read_only=True)

    class Meta:
        model = m.Lease
        fields = [
            "id",
            "park",
            "number",
            "enterprise",
            "customer",
            "units",
            "area",
            "start",
            "end",
            "rent_per_m2",
            "escalation_pct",
            "deposit",
            "signed_on",
            "previous",
            "status",
            "terminated_on",
            "termination_reason",
        ]
        read_only_fields = fields  # leases are signed, renewed and ended through their services


CustomerViewSet = viewset_for(
    m.Customer, CustomerSerializer, filters.CustomerFilterSet, search=("name", "credit_code")
)


class SignLeaseSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=m.Customer.objects.none(), help_text=_("客户"))
    units = serializers.PrimaryKeyRelatedField(many=True, queryset=Unit.objects.none(), help_text=_("房源"))
    start = serializers.DateField(help_text=_("起租日"))
    end = serializers.DateField(help_text=_("到期日"))
    rent_per_m2 = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0"))
    escalation_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0"), default=Decimal("0")
    )
    deposit = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), default=Decimal("0")
    )
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    signed_on = serializers.DateField(required=False, help_text=_("签约日期（默认今天）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        self.fields["customer"].queryset = m.Customer.objects.restrict(user, "change")
        self.fields["units"].child_relation.queryset = Unit.objects.restrict(user, "view")


class LeaseViewSet(ActionViewSetMixin, ReadOnlyRestrictedViewSet):
    """租赁合同：列表与详情（按权限范围过滤）；sign 签约（与页面调用同一服务：建档入驻企业、房源转为已租）。"""

    queryset = m.Lease.objects.all()
    serializer_class = LeaseSerializer
    filterset_class = filters.LeaseFilterSet
    search_fields = ["number"]
    ordering_fields = "__all__"
    select_related = ("enterprise",)

    def get_permissions(self):
        return action_permissions() if self.action == "sign" else super().get_permissions()

    @extend_schema(request=SignLeaseSerializer, responses={201: LeaseSerializer})
    @action(detail=False, methods=["post"])
    def sign(self, request):
        """为客户签订租赁合同。"""
        from parkops.investment.services import sign_lease

        serializer = SignLeaseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lease = sign_lease(by=request.user, **data)
        lease = self.get_queryset().get(pk=lease.pk)
        return Response(self.get_serializer(lease).data, status=status.HTTP_201_CREATED)


FollowUpViewSet = viewset_for(
    m.FollowUp,
    serializer_for(m.FollowUp, ["customer", "followed_on", "way", "content", "next_step", "by"]),
    filters.FollowUpFilterSet,
)


class InvestmentTargetSerializer(StaffFieldsMixin, RestrictedModelSerializer):
    staff_fields = ("member",)

    class Meta:
        model = m.InvestmentTarget
        fields = ["id", "park", "member", "year", "duties", "target_area", "target_leases"]


InvestmentTargetViewSet = viewset_for(
    m.InvestmentTarget,
    InvestmentTargetSerializer,
    filters.InvestmentTargetFilterSet,
)
EntryConditionViewSet = viewset_for(
    m.EntryCondition,
    serializer_for(
        m.EntryCondition,
        [
            "park",
            "kind",
            "title",
            "description",
            "industry_scope",
            "qualification",
            "max_pollution",
            "mandatory",
            "active",
        ],
    ),
    filters.EntryConditionFilterSet,
)
QualificationViewSet = viewset_for(
    m.EnterpriseQualification,
    serializer_for(
        m.EnterpriseQualification, ["enterprise", "kind", "name", "number", "issued_on", "valid_until"]
    ),
    filters.EnterpriseQualificationFilterSet,
)
HeadcountViewSet = viewset_for(
    m.HeadcountRecord,
    serializer_for(m.HeadcountRecord, ["enterprise", "recorded_on", "headcount"]),
    filters.HeadcountRecordFilterSet,
)
ContactViewSet = viewset_for(m.EnterpriseContact, ContactSerializer, filters.EnterpriseContactFilterSet)

API_ROUTES = [
    ("investment/customers", CustomerViewSet),
    ("investment/follow-ups", FollowUpViewSet),
    ("investment/leases", LeaseViewSet),
    ("investment/targets", InvestmentTargetViewSet),
    ("investment/entry-conditions", EntryConditionViewSet),
    ("investment/qualifications", QualificationViewSet),
    ("investment/headcounts", HeadcountViewSet),
    ("investment/contacts", ContactViewSet),
]
