"""The ingest of readings, shared by ``POST /api/telemetry/`` and ``parkops mqtt-ingest``.

``ingest(park=…, readings=[…], source=…)`` validates every reading, stores the good ones with
one set-based insert (PostgreSQL: binary COPY straight into the table; when a reading is
already stored, binary COPY into a session-local staging table, then one
``INSERT … SELECT … ON CONFLICT DO NOTHING`` that also names the rows it did not insert;
SQLite: one ``INSERT OR IGNORE`` executemany), quarantines the others with their reason,
refreshes the rollups of the points it touched, moves the devices' ``last_seen_at`` forward and
writes one audit entry per device and batch (how many readings, which points, which period;
all of them with one ``record_events`` call) — all in one transaction, so that the answer
(``IngestResult``) is given only for what was committed. Alarms are checked after the commit
(``parkops.telemetry.alarms``).

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


LIMIT = 10**14


def parse_value(raw: Any) -> Decimal | None:
    if type(raw) is int:  # the common case, exact: no rounding to do
        return Decimal(raw) if -LIMIT < raw < LIMIT else None
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
    return ingest_parts(
        park=park, parts=[(device_code, readings)], source=source, by=by, check_alarms=check_alarms
    )


def ingest_parts(
    *,
    park,
    parts: list[tuple[str | None, list[Any]]],
    source: str,
    by=None,
    check_alarms: bool = True,
) -> IngestResult:
    """Several batches of one park as one: ``parts`` is a list of ``(device_code, readings)``
    (MQTT: one per message, the device from its topic; ``None``: each reading names its
    device). Validated, stored, rolled up and audited together in one transaction; a reading
    that repeats one of an earlier part is a duplicate (or a conflict), as if the parts had
    come one after the other. Rejected readings keep their index within their own part."""
    with transaction.atomic():
        result = _ingest(park=park, parts=parts, source=source, by=by)
    if check_alarms and result.points:
        from parkops.telemetry import alarms

        try:
            alarms.check_points(list(result.points))
        except Exception:  # an alarm's failure must never lose or refuse data already stored
            log.exception("telemetry: alarm check failed after ingest")
    return result


class _Candidate(NamedTuple):
    value: Decimal
    point: Point
    index: int
    raw: Any
    device_code: str | None


def _ingest(*, park, parts, source, by) -> IngestResult:
    now = clock.now()
    horizon = now + FUTURE_TOLERANCE
    result = IngestResult()
    quarantined: list[Quarantine] = []

    def reject(index: int, reason: str, raw: Any, device_code: str | None, **extra: Any) -> None:
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

    codes: set[str] = set()
    for device_code, readings in parts:
        if device_code is not None:
            codes.add(device_code)
        else:
            codes.update(
                r["device"] for r in readings if isinstance(r, dict) and isinstance(r.get("device"), str)
            )
    known = _park_devices(park, codes) if park is not None else {}
    candidates: dict[tuple[int, dt.datetime], _Candidate] = {}
    # Devices of a park report the same times: each distinct text is parsed once per batch.
    times: dict[Any, dt.datetime | None] = {}
    for device_code, readings in parts:
        fixed = known.get(device_code) if device_code is not None else None
        for index, raw in enumerate(readings):
            if park is None:
                reject(index, Quarantine.Reason.UNKNOWN_PARK, raw, device_code)
                continue
            if type(raw) is not dict:
                reject(index, Quarantine.Reason.MALFORMED, raw, device_code)
                continue
            if device_code is not None:
                entry = fixed
            else:
                code = raw.get("device")
                entry = known.get(code) if type(code) is str else None
            if entry is None:
                reject(index, Quarantine.Reason.UNKNOWN_DEVICE, raw, device_code)
                continue
            point_code = raw.get("point")
            point = entry[1].get(point_code) if type(point_code) is str else None
            if point is None:
                reject(index, Quarantine.Reason.UNKNOWN_POINT, raw, device_code)
                continue
            value = parse_value(raw.get("value"))
            if value is None:
                reject(index, Quarantine.Reason.NOT_NUMBER, raw, device_code, point=point)
                continue
            raw_ts = raw.get("ts")
            try:
                ts = times[raw_ts]
            except KeyError:
                ts = times[raw_ts] = parse_ts(raw_ts)
            except TypeError:  # not hashable: not a time either
                ts = None
            if ts is None:
                reject(index, Quarantine.Reason.BAD_TIME, raw, device_code, point=point, value=value)
                continue
            if ts > horizon:
                reject(index, Quarantine.Reason.FUTURE, raw, device_code, point=point, value=value, ts=ts)
                continue
            if (point.min_value is not None and value < point.min_value) or (
                point.max_value is not None and value > point.max_value
            ):
                reject(
                    index, Quarantine.Reason.OUT_OF_RANGE, raw, device_code, point=point, value=value, ts=ts
                )
                continue
            key = (point.id, ts)
            earlier = candidates.get(key)
            if earlier is not None:
                if earlier.value == value:
                    result.duplicates += 1
                else:
                    reject(
                        index,
                        Quarantine.Reason.CONFLICT,
                        raw,
                        device_code,
                        point=point,
                        value=value,
                        ts=ts,
                        stored_value=earlier.value,
                    )
                continue
            candidates[key] = _Candidate(value, point, index, raw, device_code)

    if candidates:
        stored = _store(candidates)
        new: list[NewReading] = []
        for key, candidate in candidates.items():
            if key not in stored:
                new.append(NewReading(key[0], key[1], candidate.value))
                continue
            existing = stored[key]
            if existing is None or existing == candidate.value:
                result.duplicates += 1
            else:
                reject(
                    candidate.index,
                    Quarantine.Reason.CONFLICT,
                    candidate.raw,
                    candidate.device_code,
                    point=candidate.point,
                    value=candidate.value,
                    ts=key[1],
                    stored_value=existing,
                )
        result.accepted = len(new)
        _after_store(
            park, new, {c.point.id: c.point for c in candidates.values()}, result, by=by, source=source
        )
    if quarantined:
        Quarantine.objects.bulk_create(quarantined, batch_size=1000)
    result.rejected.sort(key=lambda r: r["index"])
    return result


READING = Reading._meta.db_table
STAGING = "telemetry_reading_staging"


def _store(
    candidates: dict[tuple[int, dt.datetime], _Candidate],
) -> dict[tuple[int, dt.datetime], Decimal | None]:
    """Insert the readings whose point and time are not stored yet; returns the others with
    the value stored for them (``None``: stored meanwhile and gone again)."""
    if sql.is_postgres():
        # Usually every reading is new: the batch is copied straight into the table (binary
        # COPY, the cheapest insert) inside a savepoint. If one of them is stored already (a
        # resend, or a concurrent writer that committed first), the COPY fails as a whole and
        # is rolled back, and the batch takes the exact path below.
        import psycopg

        try:
            with transaction.atomic():
                sql.pg_copy(
                    READING,
                    ("point_id", "ts", "value"),
                    ("int", "dt", "dec"),
                    ((k[0], k[1], c.value) for k, c in candidates.items()),
                )
            return {}
        except psycopg.errors.UniqueViolation:
            pass
        # The batch goes to a session-local staging table by binary COPY; one statement then
        # inserts what is new and names what was not inserted (already stored, or stored by a
        # concurrent writer that committed first).
        sql.pg_execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (point_id bigint, ts timestamptz,"
            " value numeric(20, 6)) ON COMMIT DELETE ROWS"
        )
        sql.pg_execute(f"DELETE FROM {STAGING}")  # noqa: S608 (rows of an earlier savepoint)
        sql.pg_copy(
            STAGING,
            ("point_id", "ts", "value"),
            ("int", "dt", "dec"),
            ((k[0], k[1], c.value) for k, c in candidates.items()),
        )
        skipped = sql.pg_rows(
            f"WITH ins AS (INSERT INTO {READING} (point_id, ts, value)"  # noqa: S608 (names from code)
            f" SELECT point_id, ts, value FROM {STAGING} ON CONFLICT DO NOTHING RETURNING point_id, ts)"
            f" SELECT s.point_id, s.ts FROM {STAGING} s WHERE NOT EXISTS"
            " (SELECT 1 FROM ins WHERE ins.point_id = s.point_id AND ins.ts = s.ts)"
        )
        if not skipped:
            return {}
        found = {
            (p, ts): value
            for p, ts, value in sql.pg_rows(
                f"SELECT r.point_id, r.ts, r.value FROM {READING} r"  # noqa: S608
                f" JOIN {sql.unnest(('int', 'dt'), 's', ('p', 't'))} ON r.point_id = s.p AND r.ts = s.t",
                sql.columns(skipped, 2),
            )
        }
        return {(p, ts): found.get((p, ts)) for p, ts in skipped}
    stored = _stored(candidates)
    sql.insert(
        READING,
        ("point_id", "ts", "value"),
        ("int", "dt", "dec"),
        [(k[0], k[1], c.value) for k, c in candidates.items() if k not in stored],
        ignore=True,
    )
    return stored


def _stored(candidates) -> dict[tuple[int, dt.datetime], Decimal]:
    by_point: dict[int, list[dt.datetime]] = defaultdict(list)
    for point_id, ts in candidates:
        by_point[point_id].append(ts)
    found: dict[tuple[int, dt.datetime], Decimal] = {}
    ids = list(by_point)
    for start in range(0, len(ids), 300):
        condition = Q()
        for point_id in ids[start : start + 300]:
            times = by_point[point_id]
            condition |= Q(point_id=point_id, ts__gte=min(times), ts__lte=max(times))
        for point_id, ts, value in Reading.objects.filter(condition).values_list("point_id", "ts", "value"):
            if (point_id, ts) in candidates:
                found[point_id, ts] = value
    return found


def _after_store(
    park, new: list[NewReading], points: dict[int, Point], result: IngestResult, *, by, source
) -> None:
    if not new:
        return
    span: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    latest: dict[int, tuple[dt.datetime, Decimal]] = {}
    count: dict[int, int] = defaultdict(int)
    for point_id, ts, value in new:
        count[point_id] += 1
        lo_hi = span.get(point_id)
        if lo_hi is None:
            span[point_id] = (ts, ts)
            latest[point_id] = (ts, value)
        else:
            if ts < lo_hi[0]:
                span[point_id] = (ts, lo_hi[1])
            elif ts > lo_hi[1]:
                span[point_id] = (lo_hi[0], ts)
                latest[point_id] = (ts, value)
    result.points = span
    rollups.refresh(span)
    per_device: dict[int, list[int]] = defaultdict(list)
    for point_id in span:
        per_device[points[point_id].device_id].append(point_id)
    now = clock.now()
    seen_at = {
        device_id: min(max(span[p][1] for p in point_ids), now) for device_id, point_ids in per_device.items()
    }
    if sql.is_postgres():
        ids = sorted(latest)
        sql.pg_execute(
            f"UPDATE {Point._meta.db_table} p SET last_ts = s.ts, last_value = s.v"  # noqa: S608
            f" FROM {sql.unnest(('int', 'dt', 'dec'), 's', ('id', 'ts', 'v'))}"
            " WHERE p.id = s.id AND (p.last_ts IS NULL OR p.last_ts < s.ts)",
            [ids, [latest[i][0] for i in ids], [latest[i][1] for i in ids]],
        )
        ids = sorted(seen_at)
        sql.pg_execute(
            f"UPDATE {Device._meta.db_table} d SET last_seen_at = s.ts"  # noqa: S608
            f" FROM {sql.unnest(('int', 'dt'), 's', ('id', 'ts'))}"
            " WHERE d.id = s.id AND (d.last_seen_at IS NULL OR d.last_seen_at < s.ts)",
            [ids, [seen_at[i] for i in ids]],
        )
    else:
        for point_id, (ts, value) in latest.items():
            Point.objects.filter(pk=point_id).filter(Q(last_ts__isnull=True) | Q(last_ts__lt=ts)).update(
                last_ts=ts, last_value=value
            )
        for device_id, seen in seen_at.items():
            Device.objects.filter(pk=device_id).filter(
                Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=seen)
            ).update(last_seen_at=seen)
    events: list[audit.Event] = []
    for device_id in sorted(per_device):
        point_ids = per_device[device_id]
        device = points[point_ids[0]].device
        if device.monitoring_device_id:
            from parkops.safety.services import record_device_report

            record_device_report(device=device.monitoring_device, at=seen_at[device_id])
        events.append(
            audit.Event(
                event="telemetry.ingest",
                object_type="telemetry.reading",
                object_id=device.code,
                object_repr=str(device),
                after={
                    "source": source,
                    "device": device.code,
                    "readings": sum(count[p] for p in point_ids),
                    "points": sorted({points[p].code for p in point_ids}),
                    "from": min(span[p][0] for p in point_ids).isoformat(),
                    "to": max(span[p][1] for p in point_ids).isoformat(),
                },
            )
        )
    audit.record_events(action="create", events=events, by=by, park_id=park.pk)
