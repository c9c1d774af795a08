"""Rollups per point at 15 minutes, hour, day and calendar month (Asia/Shanghai), kept current
as readings arrive.

After readings of a point are stored, ``refresh`` recomputes the quarter-hours that can have
changed from the raw readings (a short window: the new readings, the one before them and the
one after), then the hours, days and months that hold those quarter-hours from the quarter-hour
rows. Rows are replaced (delete + insert), so a late or out-of-order reading, a recorded meter
replacement or a released quarantined reading gives the same rollups as if it had come in order.

Consumption of a cumulative point is the difference between consecutive readings, counted in
the interval that holds the later reading (end-inclusive: readings at 10:00 and 10:15 give the
quarter-hour 10:00–10:15). A counter that goes back without a recorded replacement has been
reset: with a ``rollover`` the counter wrapped (rollover − previous + value), otherwise it
restarted at zero (value). A recorded replacement between two readings gives (old final −
previous) + (value − new initial). A difference across a gap longer than the device's expected
interval stays whole in the interval of the later reading and is also counted as
``gap_consumption``: the quarter-hours in between have no rows, so the gap shows and nothing
is spread out or invented.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from parkops.telemetry.models import MeterReplacement, Point, Reading, Rollup

LOCAL = ZoneInfo("Asia/Shanghai")
QUARTER = dt.timedelta(minutes=15)
EPSILON = dt.timedelta(microseconds=1)
UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
ZERO = Decimal(0)
I15, I1H, I1D, I1MO = (c.value for c in Rollup.Interval)


def floor15(ts: dt.datetime) -> dt.datetime:
    seconds = int((ts - EPOCH).total_seconds() // 900) * 900
    return EPOCH + dt.timedelta(seconds=seconds)


def floor_hour(ts: dt.datetime) -> dt.datetime:
    # Asia/Shanghai is a whole number of hours from UTC, so local and UTC hours coincide.
    seconds = int((ts - EPOCH).total_seconds() // 3600) * 3600
    return EPOCH + dt.timedelta(seconds=seconds)


def floor_day(ts: dt.datetime) -> dt.datetime:
    local = ts.astimezone(LOCAL)
    return dt.datetime(local.year, local.month, local.day, tzinfo=LOCAL).astimezone(UTC)


def floor_month(ts: dt.datetime) -> dt.datetime:
    local = ts.astimezone(LOCAL)
    return dt.datetime(local.year, local.month, 1, tzinfo=LOCAL).astimezone(UTC)


def next_month(start: dt.datetime) -> dt.datetime:
    local = start.astimezone(LOCAL)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return dt.datetime(year, month, 1, tzinfo=LOCAL).astimezone(UTC)


FLOORS = {I15: floor15, I1H: floor_hour, I1D: floor_day, I1MO: floor_month}


def interval_end(interval: str, start: dt.datetime) -> dt.datetime:
    if interval == I1MO:
        return next_month(start)
    return start + {I15: QUARTER, I1H: dt.timedelta(hours=1), I1D: dt.timedelta(days=1)}[interval]


def consumption_delta(
    previous: tuple[dt.datetime, Decimal],
    current: tuple[dt.datetime, Decimal],
    *,
    rollover: Decimal | None,
    replacements: Iterable[MeterReplacement] = (),
) -> tuple[Decimal, bool]:
    """Consumption between two readings of a cumulative point, and whether the counter was
    reset or the meter replaced in between."""
    (t0, v0), (t1, v1) = previous, current
    changes = [r for r in replacements if t0 < r.replaced_at <= t1]
    if changes:
        used, last = ZERO, v0
        for change in sorted(changes, key=lambda r: r.replaced_at):
            used += change.old_final_value - last
            last = change.new_initial_value
        return used + (v1 - last), True
    if v1 >= v0:
        return v1 - v0, False
    if rollover is not None:
        return rollover - v0 + v1, True
    return v1, True


class _Acc:
    __slots__ = ("count", "total", "minimum", "maximum", "consumption", "gap", "resets")

    def __init__(self) -> None:
        self.count = 0
        self.total = ZERO
        self.minimum: Decimal | None = None
        self.maximum: Decimal | None = None
        self.consumption: Decimal | None = None
        self.gap = ZERO
        self.resets = 0

    def add_value(self, value: Decimal) -> None:
        self.count += 1
        self.total += value
        self.minimum = value if self.minimum is None or value < self.minimum else self.minimum
        self.maximum = value if self.maximum is None or value > self.maximum else self.maximum

    def add_consumption(self, used: Decimal, *, gap: bool, reset: bool) -> None:
        self.consumption = (self.consumption or ZERO) + used
        if gap:
            self.gap += used
        if reset:
            self.resets += 1

    def merge(self, row) -> None:
        if row.count:
            self.count += row.count
            self.total += row.total
            if row.minimum is not None and (self.minimum is None or row.minimum < self.minimum):
                self.minimum = row.minimum
            if row.maximum is not None and (self.maximum is None or row.maximum > self.maximum):
                self.maximum = row.maximum
        if row.consumption is not None:
            self.consumption = (self.consumption or ZERO) + row.consumption
        self.gap += row.gap_consumption
        self.resets += row.resets

    def row(self, point_id: int, interval: str, start: dt.datetime) -> Rollup:
        return Rollup(
            point_id=point_id,
            interval=interval,
            start=start,
            count=self.count,
            total=self.total,
            minimum=self.minimum,
            maximum=self.maximum,
            consumption=self.consumption,
            gap_consumption=self.gap,
            resets=self.resets,
        )


def _replace(point_id: int, interval: str, lo: dt.datetime, hi: dt.datetime, accs: dict) -> list[Rollup]:
    Rollup.objects.filter(point_id=point_id, interval=interval, start__gte=lo, start__lt=hi).delete()
    rows = [acc.row(point_id, interval, start) for start, acc in sorted(accs.items()) if lo <= start < hi]
    Rollup.objects.bulk_create(rows, batch_size=2000)
    return rows


@transaction.atomic
def refresh(changes: dict[int, tuple[dt.datetime, dt.datetime]]) -> None:
    """Bring the rollups of each point up to date after readings between ``lo`` and ``hi``
    (``changes[point_id] = (lo, hi)``) were stored, or a replacement was recorded at that time."""
    if not changes:
        return
    points = {p.pk: p for p in Point.objects.filter(pk__in=changes).select_related("device")}
    for point_id, (lo, hi) in changes.items():
        point = points.get(point_id)
        if point is not None:
            _refresh_point(point, lo, hi)


def _refresh_point(point: Point, lo: dt.datetime, hi: dt.datetime) -> None:
    w0 = floor15(lo - EPSILON)
    later = Reading.objects.filter(point=point, ts__gt=hi).order_by("ts").values_list("ts", flat=True).first()
    w1 = floor15(max(hi, later) if later else hi) + QUARTER
    previous = (
        Reading.objects.filter(point=point, ts__lt=w0).order_by("-ts").values_list("ts", "value").first()
    )
    window = list(
        Reading.objects.filter(point=point, ts__gte=w0, ts__lte=w1).order_by("ts").values_list("ts", "value")
    )
    gap_after = dt.timedelta(minutes=point.device.expected_interval_minutes)
    replacements = (
        list(MeterReplacement.objects.filter(point=point, replaced_at__gt=previous[0] if previous else w0))
        if point.cumulative
        else []
    )
    quarters: dict[dt.datetime, _Acc] = defaultdict(_Acc)
    before = previous
    for ts, value in window:
        if ts < w1:
            quarters[floor15(ts)].add_value(value)
        if point.cumulative and before is not None:
            bucket = floor15(ts - EPSILON)
            used, reset = consumption_delta(
                before, (ts, value), rollover=point.rollover, replacements=replacements
            )
            gap = before[0] < bucket and ts - before[0] > gap_after
            quarters[bucket].add_consumption(used, gap=gap, reset=reset)
        before = (ts, value)
    _replace(point.pk, I15, w0, w1, quarters)
    # Coarser intervals from the quarter-hours they hold.
    for interval, floor in ((I1H, floor_hour), (I1D, floor_day)):
        lo_c, hi_c = floor(w0), interval_end(interval, floor(w1 - EPSILON))
        accs: dict[dt.datetime, _Acc] = defaultdict(_Acc)
        for row in Rollup.objects.filter(point=point, interval=I15, start__gte=lo_c, start__lt=hi_c):
            accs[floor(row.start)].merge(row)
        _replace(point.pk, interval, lo_c, hi_c, accs)
    lo_m, hi_m = floor_month(w0), next_month(floor_month(w1 - EPSILON))
    months: dict[dt.datetime, _Acc] = defaultdict(_Acc)
    for row in Rollup.objects.filter(point=point, interval=I1D, start__gte=lo_m, start__lt=hi_m):
        months[floor_month(row.start)].merge(row)
    _replace(point.pk, I1MO, lo_m, hi_m, months)
