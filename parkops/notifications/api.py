"""My notifications over the API (read, mark read); group robots for administrators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.core.api import (
    ApiModelSerializer,
    RestrictedModelSerializer,
    RestrictedModelViewSet,
    StrictLookupMixin,
)
from parkops.core.drf import SignedInPermission
from parkops.notifications import services
from parkops.notifications.filters import NotificationFilterSet, WebhookEndpointFilterSet
from parkops.notifications.models import Notification, WebhookEndpoint


class NotificationSerializer(ApiModelSerializer):
    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "body",
            "url",
            "park",
            "object_type",
            "object_id",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields


class NotificationViewSet(
    StrictLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """我的通知：列表、详情、标记已读。"""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    # Everyone may mark their own notifications read, whatever their role's write rights;
    # a read-only API key may not (it changes nothing).
    permission_classes = [SignedInPermission]
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        user = self.request.user
        return Notification.objects.restrict(user).filter(recipient=user).order_by("-created_at", "-pk")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(user=request.user, ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField(min_value=0)})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_read(user=request.user)})


class WebhookEndpointSerializer(RestrictedModelSerializer):
    secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text=_("钉钉加签密钥（只写）")
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "park",
            "name",
            "kind",
            "url",
            "secret",
            "kinds",
            "enabled",
            "last_status",
            "last_attempt_at",
            "last_error",
        ]
        read_only_fields = ["last_status", "last_attempt_at", "last_error"]


class WebhookEndpointViewSet(RestrictedModelViewSet):
    """群机器人（企业微信/钉钉）：仅运营机构管理员可见可写。"""

    queryset = WebhookEndpoint.objects.all()
    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilterSet

    def get_queryset(self):
        return super().get_queryset() & WebhookEndpoint.objects.restrict(self.request.user, "change")


API_ROUTES = [
    ("notifications", NotificationViewSet),
    ("webhook-endpoints", WebhookEndpointViewSet),
]
