"""API of the assessment app: the registers (restricted CRUD), documents and stored runs
(read-only; documents are uploaded through the library page so versions stay consistent)."""

from __future__ import annotations

from rest_framework import serializers

from parkops.assessment import filters, selectors
from parkops.assessment import models as m
from parkops.core.api import RestrictedModelSerializer, RestrictedModelViewSet, serializer_for, viewset_for


class DocumentSerializer(RestrictedModelSerializer):
    kind_title = serializers.CharField(read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = m.Document
        fields = [
            "id", "park", "kind", "kind_title", "title", "version", "effective_on", "expires_on",
            "approver", "notes", "superseded_by", "superseded_on", "file_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_file_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("assessment:document_file", args=[obj.pk]) if obj.file else ""


class ReadOnlyViewSet(RestrictedModelViewSet):
    http_method_names = ["get", "head", "options"]


DocumentViewSet = type(
    "DocumentViewSet",
    (ReadOnlyViewSet,),
    {
        "queryset": m.Document.objects.all(),
        "serializer_class": DocumentSerializer,
        "filterset_class": filters.DocumentFilterSet,
        "__doc__": "文件库（只读，按权限范围过滤；上传新版本请使用文件库页面）。",
    },
)

AssessmentRunSerializer = serializer_for(
    m.AssessmentRun,
    ["park", "as_of", "total", "star", "disqualified", "result", "gap_plan", "recorded_by", "created_at"],
    read_only=(
        "park",
        "as_of",
        "total",
        "star",
        "disqualified",
        "result",
        "gap_plan",
        "recorded_by",
        "created_at",
    ),
)
AssessmentRunViewSet = type(
    "AssessmentRunViewSet",
    (ReadOnlyViewSet,),
    {
        "queryset": m.AssessmentRun.objects.all(),
        "serializer_class": AssessmentRunSerializer,
        "filterset_class": filters.AssessmentRunFilterSet,
        "__doc__": "自评估记录（只读）：每次评估的总分、星级、各指标结果及升星差距计划。",
    },
)

IncidentSerializer = serializer_for(
    m.Incident,
    ["park", "occurred_on", "category", "description", "source", "recorded_by"],
    read_only=("recorded_by",),
)
GoalSerializer = serializer_for(m.Goal, ["park", "year", "title", "description"])
KPISerializer = serializer_for(m.KPI, ["goal", "name", "unit", "target", "actual", "higher_is_better"])
SupplierSerializer = serializer_for(
    m.Supplier,
    ["park", "name", "category", "contact", "qualification", "rating", "active", "updated_at"],
    read_only=("updated_at",),
)
_ServiceOfferingSerializer = serializer_for(
    m.ServiceOffering, ["park", "category", "name", "description", "supplier", "active"]
)


class ServiceOfferingSerializer(_ServiceOfferingSerializer):
    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        allowed = set(selectors.offering_fields(request.user, list(fields)))
        return {name: field for name, field in fields.items() if name in allowed}

    # Writes go through the catalogue service, which keeps the revision log of row 14.
    def create(self, validated_data):
        from parkops.assessment.services import save_offering

        return save_offering(by=self.context["request"].user, data=validated_data)

    def update(self, instance, validated_data):
        from parkops.assessment.services import save_offering

        return save_offering(by=self.context["request"].user, data=validated_data, offering=instance)


InnovationItemSerializer = serializer_for(
    m.InnovationItem, ["park", "kind", "title", "started_on", "description", "outcome"]
)
JudgementSerializer = serializer_for(
    m.Judgement, ["park", "row", "fraction", "judged_on", "note", "judged_by"]
)

API_ROUTES = [
    ("documents", DocumentViewSet),
    ("assessment-runs", AssessmentRunViewSet),
    ("incidents", viewset_for(m.Incident, IncidentSerializer, filters.IncidentFilterSet, select=("park",))),
    ("goals", viewset_for(m.Goal, GoalSerializer, filters.GoalFilterSet)),
    ("kpis", viewset_for(m.KPI, KPISerializer, filters.KPIFilterSet, select=("goal",))),
    ("suppliers", viewset_for(m.Supplier, SupplierSerializer, filters.SupplierFilterSet, search=("name",))),
    (
        "service-offerings",
        viewset_for(m.ServiceOffering, ServiceOfferingSerializer, filters.ServiceOfferingFilterSet),
    ),
    ("innovations", viewset_for(m.InnovationItem, InnovationItemSerializer, filters.InnovationItemFilterSet)),
    ("judgements", viewset_for(m.Judgement, JudgementSerializer, filters.JudgementFilterSet)),
]
