"""The audit trail over the API: ``GET /api/audit/entries/`` (and ``/{id}/``), read-only, for
those who may open the audit log page, restricted the same way (``selectors.visible_entries``:
a park's readers see their parks' chains only) and paged by cursor, newest first — the trail
grows with every write, and an offset would shift under a reader paging through it."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from parkops.audit.filters import AuditEntryFilterSet
from parkops.audit.models import AuditEntry
from parkops.audit.selectors import visible_entries
from parkops.core.api import ApiModelSerializer, StrictLookupMixin
from parkops.core.api_filters import RestrictedFilterBackend
from parkops.core.drf import CursorPagination


class AuditEntryPagination(CursorPagination):
    ordering = "-id"  # the order of writing: unique, indexed, never reused


class AuditEntrySerializer(ApiModelSerializer):
    """One audit entry; ``before`` and ``after`` hold the object's fields as the reader may see
    them (fields above its level left out, personal values masked)."""

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
        for name in ("before", "after"):
            if name in data:
                data[name] = cache["protection"].stored_values(model, data[name])
        return data


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
