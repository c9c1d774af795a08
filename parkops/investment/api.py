"""The investment API: customers, leases and the tenant archive, narrowed like the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkops.core.api import RestrictedModelSerializer, serializer_for, viewset_for
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
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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
LeaseViewSet = viewset_for(
    m.Lease, LeaseSerializer, filters.LeaseFilterSet, search=("number",), select=("enterprise",)
)
LeaseViewSet.http_method_names = ["get", "head", "options"]
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
