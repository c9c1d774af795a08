"""Enterprise-services API: registers as CRUD; demands and policy applications read-only
here (their steps go through the services and the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.core.api import (
    ActionViewSetMixin,
    ReadOnlyRestrictedViewSet,
    RestrictedModelViewSet,
    action_permissions,
    serializer_for,
    viewset_for,
)
from parkops.core.models import Enterprise
from parkops.enterprise import filters, services
from parkops.enterprise import models as m

DEMAND_FIELDS = [
    "park",
    "number",
    "enterprise",
    "category",
    "title",
    "description",
    "source",
    "state",
    "raised_at",
    "assignee",
    "assign_by",
    "due_on",
    "offering",
    "partner",
    "outcome",
    "outcome_note",
    "resolved_on",
    "rating",
    "rating_comment",
    "closed_at",
]
DemandSerializer = serializer_for(m.Demand, DEMAND_FIELDS, read_only=tuple(DEMAND_FIELDS))


class RaiseSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(
        required=False, min_value=1, help_text=_("企业 id；入驻企业用户提交时为其本企业，可不填")
    )
    category = serializers.ChoiceField(choices=m.Category.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    source = serializers.ChoiceField(choices=m.Demand.Source.choices, required=False)


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(min_value=1, help_text=_("负责人的用户 id"))
    due_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MatchSerializer(serializers.Serializer):
    service = serializers.IntegerField(min_value=1, required=False, help_text=_("企业服务项目 id"))
    partner = serializers.IntegerField(min_value=1, required=False, help_text=_("生态伙伴 id"))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class ResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=m.Demand.Outcome.choices)
    note = serializers.CharField(max_length=5000)
    loan_amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    grant_amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    order_amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    hires = serializers.IntegerField(min_value=0, required=False)
    patents = serializers.IntegerField(min_value=0, required=False)


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


def _visible(model, user, pk, field):
    if pk is None:
        return None
    obj = model.objects.restrict(user, "view").filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: gettext("不存在或无权查看")})
    return obj


STEPS = ("raise_demand", "assign", "match", "follow_up", "resolve", "rate")


class DemandViewSet(ActionViewSetMixin, ReadOnlyRestrictedViewSet):
    """企业需求台账：列表与详情（按权限范围过滤）；raise 提出需求，assign、match、follow_up、
    resolve、rate 逐步办理（与页面调用同一服务）。"""

    queryset = m.Demand.objects.all()
    serializer_class = DemandSerializer
    filterset_class = filters.DemandFilterSet
    search_fields = ["number", "title"]
    ordering_fields = "__all__"
    select_related = ("enterprise",)

    def get_permissions(self):
        return action_permissions() if self.action in STEPS else super().get_permissions()

    @extend_schema(request=RaiseSerializer, responses={201: DemandSerializer})
    @action(detail=False, methods=["post"], url_path="raise")
    def raise_demand(self, request):
        """提出企业需求（入驻企业为本企业，运营人员代企业登记）。"""
        serializer = RaiseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        demand = services.raise_demand(
            by=request.user,
            enterprise=_visible(Enterprise, request.user, d.get("enterprise"), "enterprise"),
            category=d["category"],
            title=d["title"],
            description=d["description"],
            source=d.get("source") or m.Demand.Source.ENTERPRISE,
        )
        return Response(self.get_serializer(demand).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """分派负责人及计划解决日期。"""
        from parkops.accounts.models import User

        def run(demand, by, d):
            assignee = User.objects.filter(pk=d["assignee"], is_active=True).first()
            if assignee is None:
                raise ValidationError({"assignee": gettext("不存在或无权查看")})
            return services.assign_demand(
                demand=demand, by=by, assignee=assignee, due_on=d.get("due_on"), note=d.get("note", "")
            )

        return self.run_action(request, AssignSerializer, run)

    @extend_schema(request=MatchSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        """对接企业服务项目和/或生态伙伴。"""

        def run(demand, by, d):
            return services.match_demand(
                demand=demand,
                by=by,
                service=_visible(m.EnterpriseService, by, d.get("service"), "service"),
                partner=_visible(m.Partner, by, d.get("partner"), "partner"),
                note=d.get("note", ""),
            )

        return self.run_action(request, MatchSerializer, run)

    @extend_schema(request=NoteSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """记录跟进情况。"""
        return self.run_action(
            request,
            NoteSerializer,
            lambda demand, by, d: services.follow_up_demand(demand=demand, by=by, note=d["note"]),
        )

    @extend_schema(request=ResolveSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """记录办理结果；已解决的需求形成成功服务案例。"""
        return self.run_action(
            request,
            ResolveSerializer,
            lambda demand, by, d: services.resolve_demand(demand=demand, by=by, **d),
        )

    @extend_schema(request=RateSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """企业评分（1–5）并关闭需求。"""
        return self.run_action(
            request,
            RateSerializer,
            lambda demand, by, d: services.rate_demand(
                demand=demand, by=by, rating=d["rating"], comment=d.get("comment", "")
            ),
        )


def _read_only(prefix, model, fields, filterset, select=()):
    viewset = type(
        f"{model.__name__}ViewSet",
        (RestrictedModelViewSet,),
        {
            "queryset": model.objects.all(),
            "serializer_class": serializer_for(model, fields, read_only=tuple(fields)),
            "filterset_class": filterset,
            "ordering_fields": "__all__",
            "select_related": select,
            "http_method_names": ["get", "head", "options"],
            "__doc__": f"{model._meta.verbose_name}：列表与详情（按权限范围过滤）。",
        },
    )
    return prefix, viewset


def _crud(prefix, model, fields, filterset, select=()):
    return prefix, viewset_for(model, serializer_for(model, fields), filterset, select=select)


API_ROUTES = [
    ("enterprise/demands", DemandViewSet),
    _crud(
        "enterprise/services",
        m.EnterpriseService,
        ["park", "category", "name", "description", "partner", "fee", "how_to_apply", "active"],
        filters.EnterpriseServiceFilterSet,
    ),
    _crud(
        "enterprise/cases",
        m.ServiceCase,
        [
            "park",
            "category",
            "enterprise",
            "title",
            "offering",
            "partner",
            "demand",
            "served_on",
            "work",
            "successful",
            "result",
            "loan_amount",
            "grant_amount",
            "order_amount",
            "hires",
            "patents",
        ],
        filters.ServiceCaseFilterSet,
        select=("enterprise",),
    ),
    _crud(
        "enterprise/partners",
        m.Partner,
        ["park", "name", "kind", "region", "services", "contact_name", "active"],
        filters.PartnerFilterSet,
    ),
    _crud(
        "enterprise/agreements",
        m.PartnerAgreement,
        ["partner", "kind", "title", "signed_on", "valid_until", "content"],
        filters.PartnerAgreementFilterSet,
    ),
    _crud(
        "enterprise/policies",
        m.Policy,
        [
            "park",
            "title",
            "issuer",
            "level",
            "industries",
            "qualifications",
            "sizes",
            "min_age_years",
            "max_age_years",
            "min_revenue",
            "max_revenue",
            "min_headcount",
            "max_headcount",
            "opens_on",
            "deadline",
            "benefit",
            "max_benefit",
            "source_url",
            "guide",
            "active",
        ],
        filters.PolicyFilterSet,
    ),
    _read_only(
        "enterprise/applications",
        m.PolicyApplication,
        [
            "policy",
            "enterprise",
            "state",
            "advisor",
            "submitted_on",
            "decided_on",
            "granted_amount",
            "outcome_note",
        ],
        filters.PolicyApplicationFilterSet,
    ),
    _crud(
        "enterprise/profiles",
        m.EnterpriseProfile,
        ["enterprise", "size", "revenue", "revenue_year", "rnd_ratio"],
        filters.EnterpriseProfileFilterSet,
    ),
]
