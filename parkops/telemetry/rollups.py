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
from django.db.models import Max, Min, Q

from parkops.telemetry import sql
from parkops.telemetry.models import MeterReplacement, Point, Reading, Rollup

LOCAL = ZoneInfo("Asia/Shanghai")
QUARTER = dt.timedelta(minutes=15)
EPSILON = dt.timedelta(microseconds=1)
UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
ZERO = Decimal(0)
I15, I1H, I1D, I1MO = (c.value for c in Rollup.Interval)
ROW_FIELDS = ("count", "total", "minimum", "maximum", "consumption", "gap_consumption", "resets")


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

    def merge(self, row: tuple) -> None:
        """Add a row of ``ROW_FIELDS`` values."""
        count, total, minimum, maximum, consumption, gap, resets = row
        if count:
            self.count += count
            self.total += total
            if minimum is not None and (self.minimum is None or minimum < self.minimum):
                self.minimum = minimum
            if maximum is not None and (self.maximum is None or maximum > self.maximum):
                self.maximum = maximum
        if consumption is not None:
            self.consumption = (self.consumption or ZERO) + consumption
        self.gap += gap
        self.resets += resets

    def values(self) -> tuple:
        return (self.count, self.total, self.minimum, self.maximum, self.consumption, self.gap, self.resets)


def _ranges(field: str, spans: dict[int, tuple[dt.datetime, dt.datetime]], *, upper_inclusive=False) -> Q:
    condition = Q()
    for point_id, (lo, hi) in spans.items():
        condition |= Q(
            point_id=point_id, **{f"{field}__gte": lo, f"{field}__{'lte' if upper_inclusive else 'lt'}": hi}
        )
    return condition


def _replace(interval: str, spans: dict[int, tuple[dt.datetime, dt.datetime]], accs: dict) -> None:
    """Replace the rows of ``interval`` in each point's span by the accumulated ones."""
    Rollup.objects.filter(_ranges("start", spans), interval=interval).delete()
    sql.insert(
        Rollup._meta.db_table,
        ("point_id", "interval", "start", *ROW_FIELDS),
        ("raw", "raw", "dt", "raw", "dec", "dec", "dec", "dec", "dec", "raw"),
        (
            (point_id, interval, start, *acc.values())
            for (point_id, start), acc in accs.items()
            if spans[point_id][0] <= start < spans[point_id][1]
        ),
    )


@transaction.atomic
def refresh(changes: dict[int, tuple[dt.datetime, dt.datetime]]) -> None:
    """Bring the rollups of each point up to date after readings between ``lo`` and ``hi``
    (``changes[point_id] = (lo, hi)``) were stored, or a replacement was recorded at that time.
    A fixed number of queries per call, however many points it touches."""
    if not changes:
        return
    points = {p.pk: p for p in Point.objects.filter(pk__in=changes).select_related("device")}
    changes = {k: v for k, v in changes.items() if k in points}
    if not changes:
        return
    # The first reading after each point's new ones: a late reading changes its difference.
    later_q = Q()
    for point_id, (_lo, hi) in changes.items():
        later_q |= Q(point_id=point_id, ts__gt=hi)
    later = dict(
        Reading.objects.filter(later_q)
        .values("point_id")
        .annotate(first=Min("ts"))
        .values_list("point_id", "first")
    )
    windows: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    for point_id, (lo, hi) in changes.items():
        w0 = floor15(lo - EPSILON)
        nxt = later.get(point_id)
        windows[point_id] = (w0, floor15(max(hi, nxt) if nxt else hi) + QUARTER)
    # The reading before each window.
    before_q = Q()
    for point_id, (w0, _w1) in windows.items():
        before_q |= Q(point_id=point_id, ts__lt=w0)
    last_before = dict(
        Reading.objects.filter(before_q)
        .values("point_id")
        .annotate(last=Max("ts"))
        .values_list("point_id", "last")
    )
    fetch = {pid: (last_before.get(pid, w0), w1) for pid, (w0, w1) in windows.items()}
    readings: dict[int, list[tuple[dt.datetime, Decimal]]] = defaultdict(list)
    for point_id, ts, value in (
        Reading.objects.filter(_ranges("ts", fetch, upper_inclusive=True))
        .order_by("point_id", "ts")
        .values_list("point_id", "ts", "value")
    ):
        readings[point_id].append((ts, value))
    cumulative = [pid for pid in windows if points[pid].cumulative]
    replacements: dict[int, list[MeterReplacement]] = defaultdict(list)
    if cumulative:
        for r in MeterReplacement.objects.filter(point_id__in=cumulative):
            replacements[r.point_id].append(r)
    quarters: dict[tuple[int, dt.datetime], _Acc] = defaultdict(_Acc)
    for point_id, (w0, w1) in windows.items():
        point = points[point_id]
        gap_after = dt.timedelta(minutes=point.device.expected_interval_minutes)
        before = None
        for ts, value in readings[point_id]:
            if ts >= w0:
                if ts < w1:
                    quarters[point_id, floor15(ts)].add_value(value)
                if point.cumulative and before is not None:
                    bucket = floor15(ts - EPSILON)
                    used, reset = consumption_delta(
                        before, (ts, value), rollover=point.rollover, replacements=replacements[point_id]
                    )
                    gap = before[0] < bucket and ts - before[0] > gap_after
                    quarters[point_id, bucket].add_consumption(used, gap=gap, reset=reset)
            before = (ts, value)
    _replace(I15, windows, quarters)
    # Coarser intervals from the quarter-hours they hold.
    for interval, floor in ((I1H, floor_hour), (I1D, floor_day)):
        spans = {
            pid: (floor(w0), interval_end(interval, floor(w1 - EPSILON))) for pid, (w0, w1) in windows.items()
        }
        accs: dict[tuple[int, dt.datetime], _Acc] = defaultdict(_Acc)
        for point_id, start, *values in Rollup.objects.filter(
            _ranges("start", spans), interval=I15
        ).values_list("point_id", "start", *ROW_FIELDS):
            accs[point_id, floor(start)].merge(values)
        _replace(interval, spans, accs)
    spans = {
        pid: (floor_month(w0), next_month(floor_month(w1 - EPSILON))) for pid, (w0, w1) in windows.items()
    }
    months: dict[tuple[int, dt.datetime], _Acc] = defaultdict(_Acc)
    for point_id, start, *values in Rollup.objects.filter(_ranges("start", spans), interval=I1D).values_list(
        "point_id", "start", *ROW_FIELDS
    ):
        months[point_id, floor_month(start)].merge(values)
    _replace(I1MO, spans, months)
