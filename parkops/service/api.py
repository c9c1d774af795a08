"""Customer-service API: registers as CRUD; tickets read-only here (their handling goes
through the services); survey results are on the survey page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from parkops.core.api import (
    ActionViewSetMixin,
    ReadOnlyRestrictedViewSet,
    RestrictedModelViewSet,
    action_permissions,
    serializer_for,
    viewset_for,
)
from parkops.service import filters, services
from parkops.service import models as svc

TicketSerializer = serializer_for(
    svc.Ticket,
    [
        "park",
        "number",
        "enterprise",
        "kind",
        "channel",
        "subject",
        "content",
        "state",
        "received_at",
        "response_due_at",
        "accepted_at",
        "response_minutes",
        "replied_at",
        "reply",
        "confirmed_at",
    ],
    read_only=(
        "number",
        "state",
        "received_at",
        "response_due_at",
        "accepted_at",
        "response_minutes",
        "replied_at",
        "reply",
        "confirmed_at",
    ),
)


class TicketHandleSerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=5000, help_text=_("答复内容"))


class TicketViewSet(ActionViewSetMixin, ReadOnlyRestrictedViewSet):
    """咨询投诉：列表与详情（按权限范围过滤）；handle 受理并答复（与页面调用同一服务）。"""

    queryset = svc.Ticket.objects.all()
    serializer_class = TicketSerializer
    filterset_class = filters.TicketFilterSet
    search_fields = ["number", "subject"]
    ordering_fields = "__all__"
    select_related = ("enterprise",)

    def get_permissions(self):
        return action_permissions() if self.action == "handle" else super().get_permissions()

    @extend_schema(request=TicketHandleSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        """受理（尚未受理时）并答复。"""

        def run(ticket, by, d):
            if ticket.accepted_at is None:
                ticket = services.accept_ticket(ticket=ticket, by=by)
            return services.reply_ticket(ticket=ticket, by=by, reply=d["reply"])

        return self.run_action(request, TicketHandleSerializer, run)


class SurveyViewSet(RestrictedModelViewSet):
    """满意度调查：列表与详情（按权限范围过滤）。"""

    queryset = svc.Survey.objects.all()
    serializer_class = serializer_for(
        svc.Survey,
        ["park", "title", "introduction", "anonymous", "state", "opened_on", "deadline", "closed_on"],
    )
    filterset_class = filters.SurveyFilterSet
    search_fields = ["title"]
    ordering_fields = "__all__"
    http_method_names = ["get", "head", "options"]


API_ROUTES = [
    ("service/tickets", TicketViewSet),
    ("service/surveys", SurveyViewSet),
    (
        "service/meetings",
        viewset_for(
            svc.MeetingService,
            serializer_for(
                svc.MeetingService,
                [
                    "park",
                    "held_on",
                    "title",
                    "client",
                    "enterprise",
                    "venue",
                    "attendees",
                    "services",
                    "feedback",
                    "satisfaction",
                    "is_case",
                ],
            ),
            filters.MeetingServiceFilterSet,
            search=("title", "client"),
        ),
    ),
    (
        "service/receptions",
        viewset_for(
            svc.ReceptionRecord,
            serializer_for(
                svc.ReceptionRecord,
                [
                    "park",
                    "received_on",
                    "kind",
                    "visitors",
                    "scale",
                    "purpose",
                    "services",
                    "host",
                    "feedback",
                    "is_case",
                ],
            ),
            filters.ReceptionRecordFilterSet,
            search=("visitors",),
        ),
    ),
    (
        "service/value-added",
        viewset_for(
            svc.ValueAddedService,
            serializer_for(
                svc.ValueAddedService,
                [
                    "park",
                    "name",
                    "category",
                    "description",
                    "free",
                    "price",
                    "price_unit",
                    "provider",
                    "how_to_order",
                    "active",
                ],
            ),
            filters.ValueAddedServiceFilterSet,
            search=("name", "provider"),
        ),
    ),
]
