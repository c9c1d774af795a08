"""Open data over the API (clause 7.2.3): ``/api/open/`` for external clients with their
``Open-Key``, rate limited per client; the catalogue, clients and logs for the operator."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import authentication, exceptions, permissions, serializers, throttling, viewsets
from rest_framework.response import Response

from parkops.core import clock
from parkops.core.api import ReadOnlyRestrictedViewSet, RestrictedModelSerializer, serializer_for, viewset_for
from parkops.datagov import models as m
from parkops.datagov import services
from parkops.datagov.open_data import DATASETS

OPEN_KEYWORD = "Open-Key"


class OpenDataClient:
    """The caller of an open-data request: an external client, not a platform user."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    role = "open_data_client"

    def __init__(self, client: m.ExternalClient, key: m.OpenDataKey):
        self.client = client
        self.key = key
        self.pk = None

    def get_username(self) -> str:
        return f"open:{self.client.pk}"

    def has_perm(self, perm, obj=None) -> bool:
        return False


class OpenKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(OPEN_KEYWORD + " "):
            return None
        raw = header[len(OPEN_KEYWORD) + 1 :].strip()
        try:
            key = m.OpenDataKey.objects.get_from_key(raw)
        except m.OpenDataKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("开放数据密钥无效")) from None
        if key.revoked or key.has_expired or not key.client.active:
            raise exceptions.AuthenticationFailed(_("开放数据密钥已吊销、过期或接入单位已停用"))
        return OpenDataClient(key.client, key), key

    def authenticate_header(self, request) -> str:
        return OPEN_KEYWORD


class OpenKeyScheme(OpenApiAuthenticationExtension):
    target_class = "parkops.datagov.api.OpenKeyAuthentication"
    name = "OpenKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "开放数据密钥：`Authorization: Open-Key <密钥>`，限定接入单位的数据集，按单位限流。",
        }


class IsOpenDataClient(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, OpenDataClient) and request.method in permissions.SAFE_METHODS


class ClientRateThrottle(throttling.BaseThrottle):
    """A fixed one-minute window per external client (its ``rate_per_minute``): a burst from
    one client answers 429 with ``Retry-After`` and leaves every other client's window alone."""

    def allow_request(self, request, view) -> bool:
        from django.core.cache import cache

        user = request.user
        if not isinstance(user, OpenDataClient):
            return True
        now = clock.now().timestamp()
        window = int(now // 60)
        key = f"parkops:open:{user.client.pk}:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        self._wait = (window + 1) * 60 - now
        return count <= user.client.rate_per_minute

    def wait(self):
        return max(1, math.ceil(self._wait))


DatasetInfo = inline_serializer(
    "OpenDatasetInfo",
    many=True,
    fields={
        "code": serializers.CharField(),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "level": serializers.CharField(),
        "frequency": serializers.CharField(),
        "schema": serializers.DictField(),
        "example": serializers.CharField(),
        "url": serializers.CharField(),
    },
)
DatasetPage = inline_serializer(
    "OpenDatasetPage",
    {
        "count": serializers.IntegerField(),
        "results": serializers.ListField(child=serializers.DictField()),
    },
)


def describe(dataset, request, entry=None) -> dict:
    from parkops.datagov.registry import Level

    base = request.build_absolute_uri("/").rstrip("/")
    return {
        "code": dataset.code,
        "title": str(dataset.title),
        "description": (entry.description if entry and entry.description else str(dataset.description)),
        "level": Level.GENERAL.value,
        "frequency": entry.frequency if entry else dataset.frequency,
        "schema": dataset.schema(),
        "example": dataset.example(base),
        "url": f"{base}/api/open/{dataset.code}/",
    }


class OpenDataViewSet(viewsets.GenericViewSet):
    """开放数据：外部接入单位凭开放数据密钥读取本单位获准的数据集（按单位限流，访问留痕）。"""

    queryset = m.OpenDataKey.objects.none()  # names the route; rows come from the datasets
    authentication_classes = [OpenKeyAuthentication]
    permission_classes = [IsOpenDataClient]
    throttle_classes = [ClientRateThrottle]
    filter_backends = []
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = "[a-z_]+"

    def _entries(self):
        return (
            self.request.user.client.datasets.filter(published=True)
            .select_related("park")
            .order_by("park", "code")
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "_user", None)
        if isinstance(user, OpenDataClient):
            rows = getattr(response, "_parkops_rows", 0)
            services.log_access(
                client=user.client,
                dataset=self.kwargs.get("code", ""),
                status=response.status_code,
                rows=rows,
                path=request.get_full_path(),
            )
        return response

    @extend_schema(responses={200: DatasetInfo})
    def list(self, request):
        """本接入单位可读的数据集：说明、数据级别、更新频率、字段结构和示例请求。"""
        seen, out = set(), []
        for entry in self._entries():
            dataset = DATASETS.get(entry.code)
            if dataset is not None and entry.code not in seen:
                seen.add(entry.code)
                out.append(describe(dataset, request, entry))
        return Response(out)

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", int, description="每页条数（1–1000，默认 100）"),
            OpenApiParameter("offset", int, description="起始位置（≥0）"),
        ],
        responses={200: DatasetPage},
    )
    def retrieve(self, request, code=None):
        """一个数据集的数据（本单位获准的园区）。"""
        limit = _count(request.query_params.get("limit", "100"), "limit", 1, 1000)
        offset = _count(request.query_params.get("offset", "0"), "offset", 0, 10**9)
        unknown = set(request.query_params) - {"limit", "offset", "format"}
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("未知的查询参数：%(name)s") % {"name": name}] for name in sorted(unknown)}
            )
        dataset = DATASETS.get(code)
        entries = [e for e in self._entries() if e.code == code]
        if dataset is None or not entries:
            raise exceptions.NotFound()
        rows = [row for entry in entries for row in dataset.rows(entry.park)]
        page = rows[offset : offset + limit]
        response = Response({"count": len(rows), "results": page})
        response._parkops_rows = len(page)
        return response


def _count(raw: str, name: str, minimum: int, maximum: int) -> int:
    if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
        raise exceptions.ValidationError(
            {name: [_("须为 %(min)s 到 %(max)s 的整数") % {"min": minimum, "max": maximum}]}
        )
    return int(raw)


# --- The operator's side: catalogue, clients, clearances, logs ------------------------------


class ExternalClientSerializer(RestrictedModelSerializer):
    class Meta:
        model = m.ExternalClient
        fields = [
            "id",
            "park",
            "organisation",
            "system",
            "purpose",
            "contact_name",
            "contact_phone",
            "contact_email",
            "registered_on",
            "datasets",
            "rate_per_minute",
            "active",
        ]


class AccessLogViewSet(ReadOnlyRestrictedViewSet):
    """开放数据访问日志：只读。"""

    queryset = m.AccessLog.objects.all()
    serializer_class = serializer_for(m.AccessLog, ["client", "at", "dataset", "status", "rows", "path"])
    filterset_fields = ["client", "dataset", "status"]


class PersonalDataAccessViewSet(ReadOnlyRestrictedViewSet):
    """个人信息查看记录（谁、何时、为何查看了谁的未脱敏信息）：只读。"""

    queryset = m.PersonalDataAccess.objects.all()
    serializer_class = serializer_for(
        m.PersonalDataAccess,
        [
            "park",
            "at",
            "user",
            "user_name",
            "object_type",
            "object_id",
            "object_repr",
            "fields",
            "reason",
            "channel",
        ],
    )
    filterset_fields = ["channel", "object_type"]


API_ROUTES = [
    ("open", OpenDataViewSet),
    (
        "datagov/datasets",
        viewset_for(
            m.OpenDataset,
            serializer_for(
                m.OpenDataset, ["park", "code", "description", "frequency", "published", "published_on"]
            ),
            None,
        ),
    ),
    (
        "datagov/clients",
        viewset_for(m.ExternalClient, ExternalClientSerializer, None, search=("organisation",)),
    ),
    (
        "datagov/key-clearances",
        viewset_for(m.KeyClearance, serializer_for(m.KeyClearance, ["api_key", "level"]), None),
    ),
    ("datagov/access-logs", AccessLogViewSet),
    ("datagov/personal-data-access", PersonalDataAccessViewSet),
]
