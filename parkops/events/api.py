"""The calendar over the API: events (CRUD for organisers, read for tenants), photos, and
sign-ups read-only with ``sign-up`` / ``cancel`` actions that go through the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parkops.core.api import ApiModelSerializer, serializer_for, viewset_for
from parkops.core.drf import RestrictedPermission, SignedInPermission
from parkops.core.scope import VIEW
from parkops.events import filters, services
from parkops.events import models as m

EventSerializer = serializer_for(
    m.Event,
    [
        "park",
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "space",
        "place",
        "organiser",
        "industries",
        "description",
        "open_for_signup",
        "capacity",
        "signup_deadline",
        "attendance",
        "materials",
        "summary",
        "cancelled",
    ],
)


class SignupSerializer(ApiModelSerializer):
    class Meta:
        model = m.EventSignup
        fields = ["id", "event", "enterprise", "signed_up_by", "people", "contact", "status", "attended"]
        read_only_fields = fields


class SignupCreateSerializer(serializers.Serializer):
    people = serializers.IntegerField(min_value=1, max_value=500, default=1, label=_("报名人数"))
    contact = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", label=_("参加人员")
    )


class EventViewSet(viewset_for(m.Event, EventSerializer, filters.EventFilterSet, select=("space",))):
    """园区活动：列表、详情、新增、修改、删除（按权限范围过滤）；sign-up 为本企业报名。"""

    @extend_schema(request=SignupCreateSerializer, responses={201: SignupSerializer})
    # Tenants may not write events: signing up is the service's rule, not the event's.
    @action(detail=True, methods=["post"], url_path="sign-up", permission_classes=[SignedInPermission])
    def sign_up(self, request, pk=None):
        data = SignupCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signup = services.sign_up(event=self.get_object(), by=request.user, **data.validated_data)
        return Response(SignupSerializer(signup).data, status=status.HTTP_201_CREATED)


class SignupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """活动报名：列表与详情（入驻企业只见本企业的报名）；cancel 取消报名。"""

    queryset = m.EventSignup.objects.all()
    serializer_class = SignupSerializer
    filterset_class = filters.EventSignupFilterSet
    permission_classes = [RestrictedPermission]
    ordering_fields = ["event", "status"]

    def get_queryset(self):
        return m.EventSignup.objects.restrict(self.request.user, VIEW).order_by("event", "pk")

    @extend_schema(request=None, responses=SignupSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        signup = services.cancel_signup(signup=self.get_object(), by=request.user)
        return Response(SignupSerializer(signup).data)


EventPhotoViewSet = viewset_for(
    m.EventPhoto,
    serializer_for(m.EventPhoto, ["event", "photo", "caption"]),
    filters.EventPhotoFilterSet,
)

API_ROUTES = [
    ("events/events", EventViewSet),
    ("events/signups", SignupViewSet),
    ("events/photos", EventPhotoViewSet),
]
