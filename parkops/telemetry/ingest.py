"""The ingest of readings, shared by ``POST /api/telemetry/`` and ``parkops mqtt-ingest``.

``ingest(park=…, readings=[…], source=…)`` validates every reading, stores the good ones with
one set-based insert (``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL, ``INSERT OR IGNORE``
on SQLite), quarantines the others with their reason, refreshes the rollups of the points it
touched, moves the devices' ``last_seen_at`` forward and writes one audit entry per device and
batch (how many readings, which points, which period) — all in one transaction, so that the
answer (``IngestResult``) is given only for what was committed. Alarms are checked after the
commit (``parkops.telemetry.alarms``).

Rules: an unknown device or point, a value that is not a number or outside the point's physical
range, a time without offset or more than five minutes in the future is rejected and
quarantined. The same reading again is a duplicate and changes nothing. A different value for a
point and time already stored (or twice in one batch) is quarantined as a conflict; the stored
value stays until staff release the quarantined one.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q

from parkops.audit import services as audit
from parkops.core import clock
from parkops.telemetry import rollups, sql
from parkops.telemetry.models import Device, Point, Quarantine, Reading

log = logging.getLogger(__name__)

MAX_READINGS = 10_000
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
# The stored precision: a value is compared with the stored one at this precision.
QUANTUM = Decimal("0.000001")
REASON_TEXT = {
    Quarantine.Reason.MALFORMED: "malformed reading",
    Quarantine.Reason.UNKNOWN_PARK: "unknown park",
    Quarantine.Reason.UNKNOWN_DEVICE: "unknown device",
    Quarantine.Reason.UNKNOWN_POINT: "unknown point",
    Quarantine.Reason.NOT_NUMBER: "value is not a number",
    Quarantine.Reason.BAD_TIME: "ts is not an ISO 8601 time with offset",
    Quarantine.Reason.OUT_OF_RANGE: "value outside the point's physical range",
    Quarantine.Reason.FUTURE: "ts more than 5 minutes in the future",
    Quarantine.Reason.CONFLICT: "a different value is stored for this point and time",
}


class NewReading(NamedTuple):
    """A reading about to be stored (a plain tuple: cheaper than a model instance per row)."""

    point_id: int
    ts: dt.datetime
    value: Decimal


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    points: dict[int, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def parse_ts(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        ts = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if ts.tzinfo is None or ts.utcoffset() is None:
        return None
    return ts.astimezone(dt.UTC)


def parse_value(raw: Any) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        value = value.quantize(QUANTUM)
    except (InvalidOperation, ValueError):
        return None
    if abs(value) >= Decimal(10) ** 14:
        return None
    return value


def _park_devices(park, codes: set[str]) -> dict[str, tuple[Device, dict[str, Point]]]:
    devices = {d.pk: d for d in Device.objects.filter(park=park, code__in=codes)}
    found: dict[str, tuple[Device, dict[str, Point]]] = {d.code: (d, {}) for d in devices.values()}
    for point in Point.objects.filter(device_id__in=devices):
        point.device = devices[point.device_id]
        found[point.device.code][1][point.code] = point
    return found


def ingest(
    *,
    park,
    readings: list[Any],
    source: str,
    device_code: str | None = None,
    by=None,
    check_alarms: bool = True,
) -> IngestResult:
    """Validate, store and quarantine one batch; see the module docstring. ``device_code`` is
    the device of every reading (MQTT: from the topic) instead of each reading's ``device``."""
    with transaction.atomic():
        result = _ingest(park=park, readings=readings, source=source, device_code=device_code, by=by)
    if check_alarms and result.points:
        from parkops.telemetry import alarms

        try:
            alarms.check_points(list(result.points))
        except Exception:  # an alarm's failure must never lose or refuse data already stored
            log.exception("telemetry: alarm check failed after ingest")
    return result


def _ingest(*, park, readings, source, device_code, by) -> IngestResult:
    now = clock.now()
    result = IngestResult()
    quarantined: list[Quarantine] = []

    def reject(index: int, reason: str, raw: Any, **extra: Any) -> None:
        result.rejected.append({"index": index, "reason": REASON_TEXT[reason]})
        item = raw if isinstance(raw, dict) else {"raw": raw}
        quarantined.append(
            Quarantine(
                park=park,
                source=source,
                received_at=now,
                reason=reason,
                payload=item if device_code is None else {"device": device_code, **item},
                device_code=str(device_code if device_code is not None else item.get("device", ""))[:200],
                point_code=str(item.get("point", ""))[:200],
                **extra,
            )
        )

    codes = (
        {device_code}
        if device_code is not None
        else {r["device"] for r in readings if isinstance(r, dict) and isinstance(r.get("device"), str)}
    )
    known = _park_devices(park, codes) if park is not None else {}
    candidates: dict[tuple[int, dt.datetime], tuple[int, Decimal, Point, Any]] = {}
    for index, raw in enumerate(readings):
        if park is None:
            reject(index, Quarantine.Reason.UNKNOWN_PARK, raw)
            continue
        if not isinstance(raw, dict):
            reject(index, Quarantine.Reason.MALFORMED, raw)
            continue
        code = device_code if device_code is not None else raw.get("device")
        entry = known.get(code) if isinstance(code, str) else None
        if entry is None:
            reject(index, Quarantine.Reason.UNKNOWN_DEVICE, raw)
            continue
        point = entry[1].get(raw.get("point")) if isinstance(raw.get("point"), str) else None
        if point is None:
            reject(index, Quarantine.Reason.UNKNOWN_POINT, raw)
            continue
        value = parse_value(raw.get("value"))
        if value is None:
            reject(index, Quarantine.Reason.NOT_NUMBER, raw, point=point)
            continue
        ts = parse_ts(raw.get("ts"))
        if ts is None:
            reject(index, Quarantine.Reason.BAD_TIME, raw, point=point, value=value)
            continue
        if ts > now + FUTURE_TOLERANCE:
            reject(index, Quarantine.Reason.FUTURE, raw, point=point, value=value, ts=ts)
            continue
        if (point.min_value is not None and value < point.min_value) or (
            point.max_value is not None and value > point.max_value
        ):
            reject(index, Quarantine.Reason.OUT_OF_RANGE, raw, point=point, value=value, ts=ts)
            continue
        key = (point.pk, ts)
        earlier = candidates.get(key)
        if earlier is not None:
            if earlier[1] == value:
                result.duplicates += 1
            else:
                reject(
                    index,
                    Quarantine.Reason.CONFLICT,
                    raw,
                    point=point,
                    value=value,
                    ts=ts,
                    stored_value=earlier[1],
                )
            continue
        candidates[key] = (index, value, point, raw)

    if candidates:
        stored = _stored(candidates)
        new: list[NewReading] = []
        for (point_id, ts), (index, value, point, raw) in candidates.items():
            existing = stored.get((point_id, ts))
            if existing is None:
                new.append(NewReading(point_id, ts, value))
            elif existing == value:
                result.duplicates += 1
            else:
                reject(
                    index,
                    Quarantine.Reason.CONFLICT,
                    raw,
                    point=point,
                    value=value,
                    ts=ts,
                    stored_value=existing,
                )
        sql.insert(
            Reading._meta.db_table,
            ("point_id", "ts", "value"),
            ("raw", "dt", "dec"),
            new,
            ignore=True,
        )
        result.accepted = len(new)
        _after_store(
            park, new, {p.pk: p for _i, _v, p, _r in candidates.values()}, result, by=by, source=source
        )
    if quarantined:
        Quarantine.objects.bulk_create(quarantined, batch_size=1000)
    result.rejected.sort(key=lambda r: r["index"])
    return result


def _stored(candidates) -> dict[tuple[int, dt.datetime], Decimal]:
    by_point: dict[int, list[dt.datetime]] = defaultdict(list)
    for point_id, ts in candidates:
        by_point[point_id].append(ts)
    condition = Q()
    for point_id, times in by_point.items():
        condition |= Q(point_id=point_id, ts__gte=min(times), ts__lte=max(times))
    return {
        (point_id, ts): value
        for point_id, ts, value in Reading.objects.filter(condition).values_list("point_id", "ts", "value")
    }


def _after_store(
    park, new: list[NewReading], points: dict[int, Point], result: IngestResult, *, by, source
) -> None:
    if not new:
        return
    span: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    latest: dict[int, tuple[dt.datetime, Decimal]] = {}
    for reading in new:
        lo_hi = span.get(reading.point_id)
        span[reading.point_id] = (
            (reading.ts, reading.ts)
            if lo_hi is None
            else (min(lo_hi[0], reading.ts), max(lo_hi[1], reading.ts))
        )
        if reading.point_id not in latest or reading.ts > latest[reading.point_id][0]:
            latest[reading.point_id] = (reading.ts, reading.value)
    result.points = span
    rollups.refresh(span)
    for point_id, (ts, value) in latest.items():
        Point.objects.filter(pk=point_id).filter(Q(last_ts__isnull=True) | Q(last_ts__lt=ts)).update(
            last_ts=ts, last_value=value
        )
    per_device: dict[int, list[NewReading]] = defaultdict(list)
    for reading in new:
        per_device[points[reading.point_id].device_id].append(reading)
    for device_id, rows in per_device.items():
        device = points[rows[0].point_id].device
        seen = min(max(r.ts for r in rows), clock.now())
        Device.objects.filter(pk=device_id).filter(
            Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=seen)
        ).update(last_seen_at=seen)
        if device.monitoring_device_id:
            from parkops.safety.services import record_device_report

            record_device_report(device=device.monitoring_device, at=seen)
        audit.record(
            action="create",
            event="telemetry.ingest",
            object_type="telemetry.reading",
            object_id=device.code,
            object_repr=str(device),
            by=by,
            park_id=park.pk,
            after={
                "source": source,
                "device": device.code,
                "readings": len(rows),
                "points": sorted({points[r.point_id].code for r in rows}),
                "from": min(r.ts for r in rows).isoformat(),
                "to": max(r.ts for r in rows).isoformat(),
            },
        )
