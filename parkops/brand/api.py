"""Brand registers over the API. Opinion events are read here and registered through the
service (``POST``, with the suggested sentiment); their handling steps are actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.brand import filters, services
from parkops.brand import models as m
from parkops.core.api import ApiModelSerializer, serializer_for, viewset_for
from parkops.core.drf import RestrictedPermission
from parkops.core.models import Park
from parkops.core.scope import VIEW


class OpinionSerializer(ApiModelSerializer):
    class Meta:
        model = m.OpinionEvent
        fields = [
            "id",
            "park",
            "found_at",
            "source",
            "source_name",
            "url",
            "content",
            "sentiment",
            "suggested_sentiment",
            "sentiment_score",
            "level",
            "state",
            "handler",
            "response",
            "conclusion",
            "closed_at",
        ]
        read_only_fields = fields


class OpinionCreateSerializer(serializers.Serializer):
    park = serializers.PrimaryKeyRelatedField(queryset=Park.objects.none(), label=_("园区"))
    found_at = serializers.DateTimeField(required=False, label=_("发现时间"))
    source = serializers.ChoiceField(choices=m.OpinionEvent.Source.choices, label=_("来源"))
    source_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    url = serializers.URLField(required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=10000, label=_("内容摘要"))
    level = serializers.ChoiceField(choices=m.OpinionEvent.Level.choices, default=m.OpinionEvent.Level.LOW)
    sentiment = serializers.ChoiceField(
        choices=m.Sentiment.choices, required=False, allow_null=True, default=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["park"].queryset = Park.objects.restrict(getattr(request, "user", None), VIEW)


class StepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.STEPS))
    sentiment = serializers.ChoiceField(choices=m.Sentiment.choices, required=False)
    level = serializers.ChoiceField(choices=m.OpinionEvent.Level.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    response = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """舆情事件：列表与详情；POST 登记（系统建议情感倾向）；step 执行研判 assess、回应 respond、
    跟踪 follow_up、关闭 close。"""

    queryset = m.OpinionEvent.objects.all()
    serializer_class = OpinionSerializer
    filterset_class = filters.OpinionEventFilterSet
    permission_classes = [RestrictedPermission]
    ordering_fields = ["found_at", "state", "level"]

    def get_queryset(self):
        return m.OpinionEvent.objects.restrict(self.request.user, VIEW).order_by("-found_at", "pk")

    @extend_schema(request=OpinionCreateSerializer, responses={201: OpinionSerializer})
    def create(self, request):
        data = OpinionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        opinion = services.register_opinion(by=request.user, **data.validated_data)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepSerializer, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        name = values.pop("action")
        opinion = self.get_object()
        if name == "assess":
            kwargs = {
                "sentiment": values.get("sentiment", opinion.sentiment),
                "level": values.get("level", opinion.level),
                "note": values["note"],
            }
        elif name == "respond":
            kwargs = {"response": values["response"]}
        elif name == "follow_up":
            kwargs = {"note": values["note"]}
        else:
            kwargs = {"conclusion": values["conclusion"]}
        opinion = services.STEPS[name](opinion=opinion, by=request.user, **kwargs)
        return Response(OpinionSerializer(opinion).data)


def _route(prefix, model, fields, filterset):
    return prefix, viewset_for(model, serializer_for(model, fields), filterset)


API_ROUTES = [
    _route(
        "brand/documents",
        m.BrandDocument,
        ["park", "kind", "title", "essentials", "valid_from", "valid_to", "approved_by", "file"],
        filters.BrandDocumentFilterSet,
    ),
    _route(
        "brand/campaigns",
        m.Campaign,
        [
            "park",
            "title",
            "starts_on",
            "ends_on",
            "goal",
            "channels",
            "plan",
            "material",
            "budget",
            "reach",
            "events",
            "summary",
        ],
        filters.CampaignFilterSet,
    ),
    _route(
        "brand/coverage",
        m.MediaCoverage,
        ["park", "campaign", "published_on", "outlet", "medium", "headline", "url", "copy"],
        filters.MediaCoverageFilterSet,
    ),
    ("brand/opinions", OpinionViewSet),
]
