"""The audit trail over the API: ``GET /api/audit/entries/`` (and ``/{id}/``), read-only, for
those who may open the audit log page, restricted the same way (``selectors.visible_entries``:
a park's readers see their parks' chains only) and paged by cursor, newest first — the trail
grows with every write, and an offset would shift under a reader paging through it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers, viewsets

from parkops.audit.filters import AuditEntryFilterSet
from parkops.audit.models import AuditEntry
from parkops.audit.selectors import visible_entries
from parkops.core.api import ApiModelSerializer, StrictLookupMixin
from parkops.core.api_filters import RestrictedFilterBackend
from parkops.core.drf import CursorPagination


class AuditEntryPagination(CursorPagination):
    ordering = "-id"  # the order of writing: unique, indexed, never reused


UNSEEN_ACTOR = gettext_lazy("（其他账号）")
UNSEEN_OBJECT = gettext_lazy("（无权查看的记录）")


class AuditEntrySerializer(ApiModelSerializer):
    """One audit entry; ``before`` and ``after`` hold the object's fields as the reader may see
    them (fields above its level left out, personal values masked); the entry's own actor name,
    IP and object name are shown as on the audit log page (masked personal data, or "" above
    the reader's level)."""

    before = serializers.JSONField(read_only=True, allow_null=True)
    after = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "chain",
            "seq",
            "park_id",
            "actor_id",
            "actor_name",
            "action",
            "event",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "ip",
            "request_id",
            "hash",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        from django.apps import apps

        from parkops.datagov.protection import Protection

        data = super().to_representation(instance)
        cache = self.context.setdefault("_parkops_audit_values", {})
        request = self.context.get("request")
        if "protection" not in cache:
            cache["protection"] = Protection(getattr(request, "user", None))
        try:
            model = apps.get_model(instance.object_type)
        except (LookupError, ValueError):
            model = None
        protection = cache["protection"]
        for name in ("before", "after"):
            if name in data:
                data[name] = protection.stored_values(model, data[name])
        for name in ("actor_name", "ip", "object_repr"):
            if name in data:
                visible = protection.visible(type(instance), name)
                data[name] = protection.show(instance, name, getattr(instance, name)) if visible else ""
        seen_actors, hidden = self._unseen(cache, request)
        if instance.actor_id and instance.actor_id not in seen_actors:
            data["actor_name"] = str(UNSEEN_ACTOR)
        if (instance.object_type, str(instance.object_id)) in hidden:
            data["object_repr"] = str(UNSEEN_OBJECT)
            data["before"] = data["after"] = None
        return data

    def _unseen(self, cache, request):
        """The actors of this response's entries the reader may see, and the records it may
        not open, looked up once per response."""
        from parkops.audit.selectors import hidden_objects, seen_actor_ids

        if "unseen" not in cache:
            many = isinstance(self.parent, serializers.ListSerializer)
            entries = list((self.parent.instance if many else [self.instance]) or [])
            user = getattr(request, "user", None)
            cache["unseen"] = (seen_actor_ids(user, entries), hidden_objects(user, entries))
        return cache["unseen"]


class AuditEntryViewSet(StrictLookupMixin, viewsets.ReadOnlyModelViewSet):
    """审计日志（只读）：本人可见园区的审计链，按写入顺序倒序，游标分页（`cursor`、`limit`）。
    可按园区、操作人、数据对象、操作和日期筛选。"""

    queryset = AuditEntry.objects.all()  # the model, for the router; rows come from the selector
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet
    pagination_class = AuditEntryPagination
    filter_backends = [RestrictedFilterBackend]  # no ordering or search: the cursor fixes the order

    def get_queryset(self):
        return visible_entries(self.request.user)


API_ROUTES = [("audit/entries", AuditEntryViewSet)]
