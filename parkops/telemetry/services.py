"""Writes of the telemetry domain: meter replacements, quarantine review, bulk history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.scope import CHANGE, can
from parkops.core.services import create_object
from parkops.telemetry import rollups, sql
from parkops.telemetry.models import MeterReplacement, Point, Quarantine, Reading


@transaction.atomic
def record_meter_replacement(
    *,
    point: Point,
    replaced_at: dt.datetime,
    old_final_value: Decimal,
    new_initial_value: Decimal,
    by,
    note="",
) -> MeterReplacement:
    """Record a meter change and recompute the rollups around it, so that consumption across
    the change is counted once and in full."""
    replacement = create_object(
        model=MeterReplacement,
        data={
            "point": point,
            "replaced_at": replaced_at,
            "old_final_value": old_final_value,
            "new_initial_value": new_initial_value,
            "note": note,
        },
        by=by,
    )
    rollups.refresh({point.pk: (replaced_at, replaced_at)})
    return replacement


@transaction.atomic
def load_history(*, point: Point, readings: list[tuple[dt.datetime, Decimal]]) -> int:
    """Bulk-load a point's past readings (demo history, an import of an old meter's data):
    one set-based insert and one rollup refresh; readings already stored are left alone.
    Returns how many rows were offered. No audit entry per reading: the caller records the load."""
    if not readings:
        return 0
    sql.insert(
        Reading._meta.db_table,
        ("point_id", "ts", "value"),
        ("int", "dt", "dec"),
        [(point.pk, ts, value) for ts, value in readings],
        ignore=True,
    )
    times = [ts for ts, _v in readings]
    rollups.refresh({point.pk: (min(times), max(times))})
    last_ts, last_value = max(readings)
    Point.objects.filter(pk=point.pk).update(last_ts=last_ts, last_value=last_value)
    return len(readings)


def _review(entry: Quarantine, by, status: str, note: str) -> None:
    if not can(by, CHANGE, entry):
        raise PermissionDenied(gettext("无权审核该隔离读数"))
    if entry.status != Quarantine.Status.PENDING:
        raise ValidationError(gettext("该隔离读数已审核"))
    before = audit.snapshot(entry)
    entry.status = status
    entry.reviewed_by = by
    entry.reviewed_at = clock.now()
    entry.review_note = note[:300]
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit.record(
        action="update", obj=entry, by=by, park_id=entry.park_id, before=before, after=audit.snapshot(entry)
    )


@transaction.atomic
def release_quarantined(*, entry: Quarantine, by, note: str = "") -> Reading:
    """Store a quarantined reading after review: a value outside the range or a conflicting
    value staff confirmed (the stored one is replaced, the old value stays in the audit
    trail). Readings with no point, time or value cannot be released, only dismissed."""
    entry = Quarantine.objects.select_for_update().get(pk=entry.pk)
    if entry.point_id is None or entry.ts is None or entry.value is None:
        raise ValidationError(gettext("缺少测点、时间或数值的隔离读数不能放行，只能作废"))
    if entry.reason == Quarantine.Reason.FUTURE and entry.ts > clock.now():
        raise ValidationError(gettext("读数时间仍晚于现在，不能放行"))
    stored = Reading.objects.filter(point_id=entry.point_id, ts=entry.ts).first()
    _review(entry, by, Quarantine.Status.RELEASED, note)
    if stored is None:
        reading = Reading.objects.create(point_id=entry.point_id, ts=entry.ts, value=entry.value)
        audit.record(
            action="create",
            event="telemetry.release",
            object_type="telemetry.reading",
            object_id=str(reading.pk),
            object_repr=str(entry.point),
            by=by,
            park_id=entry.park_id,
            after={"point": entry.point_id, "ts": entry.ts.isoformat(), "value": str(entry.value)},
        )
    else:
        before = {"point": stored.point_id, "ts": stored.ts.isoformat(), "value": str(stored.value)}
        stored.value = entry.value
        stored.save(update_fields=["value"])
        reading = stored
        audit.record(
            action="update",
            event="telemetry.release",
            object_type="telemetry.reading",
            object_id=str(stored.pk),
            object_repr=str(entry.point),
            by=by,
            park_id=entry.park_id,
            before=before,
            after={**before, "value": str(entry.value)},
        )
    rollups.refresh({entry.point_id: (entry.ts, entry.ts)})
    Point.objects.filter(pk=entry.point_id, last_ts__lt=entry.ts).update(
        last_ts=entry.ts, last_value=entry.value
    )
    return reading


@transaction.atomic
def dismiss_quarantined(*, entry: Quarantine, by, note: str = "") -> Quarantine:
    """Confirm a quarantined reading is wrong: it stays on record, never stored as a reading."""
    entry = Quarantine.objects.select_for_update().get(pk=entry.pk)
    _review(entry, by, Quarantine.Status.DISMISSED, note)
    return entry
