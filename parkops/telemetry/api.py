"""Telemetry over the API.

- ``POST /api/telemetry/`` with a park-scoped read-write key: ``{"readings": [{"device", "point",
  "ts", "value"}, …]}`` (up to 10,000) → ``{"accepted", "duplicates", "rejected": [{"index",
  "reason"}]}``, answered after the commit (``parkops.telemetry.ingest``).
- ``GET /api/devices/``: the park's devices with their points (code, unit, range).
- ``GET /api/readings/?device=&point=&from=&to=``: stored readings.
- ``GET /api/rollups/?device=&point=&interval=15m|1h|1d|1mo&from=&to=``: rollups.

Readings and rollups are paged by cursor (``?cursor=`` from the answer's ``next`` and
``previous`` links; ``limit`` rows a page, 1,000 by default, at most 10,000): a point's
series grows every few seconds, and a cursor keeps its pages stable while it does.

The router names a route after its queryset's model, so the ingest route is registered on
``Quarantine`` and the readings route on ``Point``; each checks its own rights.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from parkops.core.drf import CursorPagination, refuse_read_only_key
from parkops.core.models import Park
from parkops.core.scope import ADD, can_write_model, visible_park_ids
from parkops.telemetry.ingest import MAX_READINGS, ingest, parse_ts
from parkops.telemetry.models import Device, Point, Quarantine, Reading, Rollup

MAX_ROWS = 10_000


def _park_for(request) -> Park:
    """The park a request acts on: the ``park`` parameter (a park code), or the only park the
    caller may see (a park-scoped key)."""
    ids = visible_park_ids(request.user)
    code = request.query_params.get("park")
    parks = Park.objects.all() if ids is None else Park.objects.filter(pk__in=ids)
    if code:
        park = parks.filter(code=code).first()
        if park is None:
            raise exceptions.NotFound(_("未知园区或无权访问"))
        return park
    found = list(parks[:2])
    if len(found) != 1:
        raise exceptions.ValidationError({"park": _("请用 park 参数指明园区代码")})
    return found[0]


class IngestSerializer(serializers.Serializer):
    """The ingest body, for the schema: the view validates each reading itself."""

    readings = serializers.ListField(child=serializers.DictField(), max_length=10_000)


class RejectedSerializer(serializers.Serializer):
    index = serializers.IntegerField(min_value=0)
    reason = serializers.CharField()


class IngestResultSerializer(serializers.Serializer):
    """The answer to an ingest, for the schema: what was stored, repeated and refused."""

    accepted = serializers.IntegerField(min_value=0)
    duplicates = serializers.IntegerField(min_value=0)
    rejected = RejectedSerializer(many=True)


class ReadingRowSerializer(serializers.Serializer):
    """One stored reading."""

    ts = serializers.DateTimeField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6)


class RollupRowSerializer(serializers.Serializer):
    """One rollup interval of a point."""

    start = serializers.DateTimeField()
    count = serializers.IntegerField(min_value=0)
    average = serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True)
    minimum = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    maximum = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    consumption = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    gap_consumption = serializers.DecimalField(max_digits=20, decimal_places=6)
    resets = serializers.IntegerField(min_value=0)


class SeriesPagination(CursorPagination):
    """A point's series by cursor, oldest first; the answer names the point."""

    default_limit = 1000
    max_limit = MAX_ROWS
    header: dict[str, dict] = {
        "device": {"type": "string"},
        "point": {"type": "string"},
        "unit": {"type": "string"},
    }

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        out["properties"] = {**self.header, **out["properties"]}
        out["required"] = [*self.header, "next", "previous", "results"]
        return out

    def series_response(self, header: dict, rows: list) -> Response:
        return Response(
            {**header, "results": rows, "next": self.get_next_link(), "previous": self.get_previous_link()}
        )


class ReadingPagination(SeriesPagination):
    ordering = "ts"


class RollupPagination(SeriesPagination):
    ordering = "start"
    header = {
        **SeriesPagination.header,
        "interval": {"type": "string", "enum": ["15m", "1h", "1d", "1mo"]},
        "cumulative": {"type": "boolean"},
    }


_SERIES_PARAMETERS = [
    OpenApiParameter("device", OpenApiTypes.STR, required=True, description="设备编码"),
    OpenApiParameter("point", OpenApiTypes.STR, required=True, description="测点编码"),
    OpenApiParameter("park", OpenApiTypes.STR, description="园区代码（可见多个园区时必填）"),
    OpenApiParameter("from", OpenApiTypes.DATETIME, description="起（含），带时区的 ISO 8601 时间"),
    OpenApiParameter("to", OpenApiTypes.DATETIME, description="止（不含），带时区的 ISO 8601 时间"),
]


class TelemetryIngestViewSet(viewsets.GenericViewSet):
    """上报读数（POST）：`{"readings": [{"device", "point", "ts", "value"}, …]}`，最多 10,000 条；
    提交入库后才应答 `{"accepted", "duplicates", "rejected": [{"index", "reason"}]}`。"""

    queryset = Quarantine.objects.none()
    serializer_class = IngestSerializer

    # 200, not 201: a batch creates no one resource, and an all-duplicate batch creates nothing.
    @extend_schema(request=IngestSerializer, responses={200: IngestResultSerializer})
    def create(self, request):
        refuse_read_only_key(request)
        if not can_write_model(request.user, Point, ADD):
            raise exceptions.PermissionDenied(_("无权上报读数"))
        park = _park_for(request)
        readings = request.data.get("readings") if isinstance(request.data, dict) else None
        if not isinstance(readings, list):
            raise exceptions.ValidationError({"readings": _("须为读数列表")})
        if len(readings) > MAX_READINGS:
            raise exceptions.ValidationError(
                {"readings": _("每次最多 %(count)s 条读数") % {"count": f"{MAX_READINGS:,}"}}
            )
        result = ingest(park=park, readings=readings, source=Quarantine.Source.HTTP, by=request.user)
        return Response(result.as_json())


class PointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Point
        fields = [
            "code",
            "name",
            "quantity",
            "unit",
            "min_value",
            "max_value",
            "cumulative",
            "last_ts",
            "last_value",
        ]


class DeviceSerializer(serializers.ModelSerializer):
    points = PointSerializer(many=True, read_only=True)
    online = serializers.BooleanField(read_only=True)
    park = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Device
        fields = [
            "id",
            "park",
            "code",
            "name",
            "kind",
            "building",
            "floor",
            "unit",
            "space",
            "location",
            "expected_interval_minutes",
            "last_seen_at",
            "online",
            "points",
        ]


class DeviceViewSet(viewsets.ReadOnlyModelViewSet):
    """物联设备及其测点（只读，按权限范围过滤）。"""

    queryset = Device.objects.all()
    serializer_class = DeviceSerializer
    filterset_class = None

    def get_queryset(self):
        qs = Device.objects.restrict(self.request.user).select_related("park").prefetch_related("points")
        if self.request.query_params.get("park"):
            qs = qs.filter(park__code=self.request.query_params["park"])
        return qs.order_by("park", "code", "pk")


def _point_for(request) -> Point:
    device, code = request.query_params.get("device"), request.query_params.get("point")
    if not device or not code:
        raise exceptions.ValidationError({"point": _("请用 device 和 point 参数指明测点")})
    qs = Point.objects.restrict(request.user).filter(device__code=device, code=code).select_related("device")
    if request.query_params.get("park"):
        qs = qs.filter(device__park__code=request.query_params["park"])
    found = list(qs[:2])
    if not found:
        raise exceptions.NotFound(_("未知设备或测点"))
    if len(found) > 1:
        raise exceptions.ValidationError({"park": _("请用 park 参数指明园区代码")})
    return found[0]


def _range(request):
    bounds = {}
    for name in ("from", "to"):
        raw = request.query_params.get(name)
        if raw:
            ts = parse_ts(raw.replace(" ", "+"))
            if ts is None:
                raise exceptions.ValidationError({name: _("须为带时区的 ISO 8601 时间")})
            bounds[name] = ts
    return bounds.get("from"), bounds.get("to")


class ReadingViewSet(viewsets.GenericViewSet):
    """已存读数：`?device=&point=&from=&to=`（时间含时区；from 含、to 不含），按时间排序，按游标分页：
    每页 `limit` 条（默认 1,000，最多 10,000），`next`、`previous` 给出后一页和前一页。"""

    queryset = Point.objects.none()
    serializer_class = ReadingRowSerializer
    pagination_class = ReadingPagination
    filter_backends: list = []  # the series is chosen by the parameters below, ordered by time

    @extend_schema(parameters=_SERIES_PARAMETERS)
    def list(self, request):
        point = _point_for(request)
        lo, hi = _range(request)
        qs = Reading.objects.filter(point=point)
        if lo:
            qs = qs.filter(ts__gte=lo)
        if hi:
            qs = qs.filter(ts__lt=hi)
        rows = self.paginate_queryset(qs.values("ts", "value"))
        return self.paginator.series_response(
            {"device": point.device.code, "point": point.code, "unit": point.unit},
            [{"ts": row["ts"].isoformat(), "value": str(row["value"])} for row in rows],
        )


class RollupViewSet(viewsets.GenericViewSet):
    """汇总：`?device=&point=&interval=15m|1h|1d|1mo&from=&to=`；缺测时段没有记录（不插补）。按开始时间排序，
    按游标分页（`limit`、`next`、`previous`，同读数）。"""

    queryset = Rollup.objects.none()
    serializer_class = RollupRowSerializer
    pagination_class = RollupPagination
    filter_backends: list = []

    @extend_schema(
        parameters=[
            *_SERIES_PARAMETERS,
            OpenApiParameter(
                "interval", OpenApiTypes.STR, enum=list(Rollup.Interval.values), description="周期，默认 1h"
            ),
        ]
    )
    def list(self, request):
        point = _point_for(request)
        interval = request.query_params.get("interval", Rollup.Interval.HOUR)
        if interval not in Rollup.Interval.values:
            raise exceptions.ValidationError({"interval": "15m | 1h | 1d | 1mo"})
        lo, hi = _range(request)
        qs = Rollup.objects.filter(point=point, interval=interval)
        if lo:
            qs = qs.filter(start__gte=lo)
        if hi:
            qs = qs.filter(start__lt=hi)
        rows = self.paginate_queryset(qs)
        return self.paginator.series_response(
            {
                "device": point.device.code,
                "point": point.code,
                "unit": point.unit,
                "interval": interval,
                "cumulative": point.cumulative,
            },
            [
                {
                    "start": r.start.isoformat(),
                    "count": r.count,
                    "average": None if r.average is None else str(r.average.quantize(Decimal("0.000001"))),
                    "minimum": None if r.minimum is None else str(r.minimum),
                    "maximum": None if r.maximum is None else str(r.maximum),
                    "consumption": None if r.consumption is None else str(r.consumption),
                    "gap_consumption": str(r.gap_consumption),
                    "resets": r.resets,
                }
                for r in rows
            ],
        )


API_ROUTES = [
    ("telemetry", TelemetryIngestViewSet),
    ("devices", DeviceViewSet),
    ("readings", ReadingViewSet),
    ("rollups", RollupViewSet),
]
