"""API of third-party evaluation: read-only, narrowed like the pages (an expert sees others'
scores only after submitting its own sheet; the operator only after publication). Writes go
through the pages' services."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from parkops.core.api import ApiModelSerializer, StrictLookupMixin
from parkops.evaluation import filters
from parkops.evaluation.models import EvaluationProject, EvaluationResult, ExpertScore


class _ReadOnly(StrictLookupMixin, viewsets.ReadOnlyModelViewSet):
    select: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.restrict(self.request.user, "view")
        return qs.select_related(*self.select).order_by("pk")


class EvaluationProjectSerializer(ApiModelSerializer):
    class Meta:
        model = EvaluationProject
        fields = [
            "id",
            "park",
            "title",
            "assessor_org",
            "edition",
            "aggregation",
            "status",
            "planned_start",
            "planned_end",
            "published_at",
        ]


class ExpertScoreSerializer(ApiModelSerializer):
    project = serializers.IntegerField(source="expert.project_id", read_only=True)
    expert_name = serializers.CharField(source="expert.user.name", read_only=True)
    row = serializers.IntegerField(source="indicator.row", read_only=True)

    class Meta:
        model = ExpertScore
        fields = ["id", "project", "expert", "expert_name", "row", "score", "comment"]


class EvaluationResultSerializer(ApiModelSerializer):
    class Meta:
        model = EvaluationResult
        fields = [
            "id",
            "project",
            "aggregation",
            "disqualified",
            "vetoed_rows",
            "total",
            "star",
            "level1",
            "level2",
            "indicators",
            "experts_counted",
            "experts_recused",
            "published_at",
        ]


class EvaluationProjectViewSet(_ReadOnly):
    """第三方评估项目（只读；评估专家只能看到所在专家组的项目）。"""

    queryset = EvaluationProject.objects.all()
    serializer_class = EvaluationProjectSerializer
    filterset_class = filters.EvaluationProjectFilterSet


class ExpertScoreViewSet(_ReadOnly):
    """专家评分（只读）：本人评分；提交本人评分表后可见其他专家已提交的评分；结果发布后运营机构可见。"""

    queryset = ExpertScore.objects.all()
    serializer_class = ExpertScoreSerializer
    filterset_class = filters.ExpertScoreFilterSet
    select = ("expert__user", "indicator")


class EvaluationResultViewSet(_ReadOnly):
    """已发布的评估结果（只读）。"""

    queryset = EvaluationResult.objects.all()
    serializer_class = EvaluationResultSerializer


API_ROUTES = [
    ("evaluation-projects", EvaluationProjectViewSet),
    ("evaluation-scores", ExpertScoreViewSet),
    ("evaluation-results", EvaluationResultViewSet),
]
