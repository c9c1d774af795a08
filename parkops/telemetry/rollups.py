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
from parkops.telemetry.models import Device, MeterReplacement, Point, Reading, Rollup

LOCAL = ZoneInfo("Asia/Shanghai")
QUARTER = dt.timedelta(minutes=15)
EPSILON = dt.timedelta(microseconds=1)
NO_OFFSET = dt.timedelta(0)
UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
ZERO = Decimal(0)
I15, I1H, I1D, I1MO = (c.value for c in Rollup.Interval)
ROW_FIELDS = ("count", "total", "minimum", "maximum", "consumption", "gap_consumption", "resets")


def floor15(ts: dt.datetime) -> dt.datetime:
    if ts.utcoffset() == NO_OFFSET:  # the usual case (times from the database): no arithmetic
        return ts.replace(minute=ts.minute - ts.minute % 15, second=0, microsecond=0)
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


def _chunks(items: list, size: int = 300):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the reads and writes of a refresh: one statement each, on PostgreSQL as arrays ---------
READING = Reading._meta.db_table
ROLLUP = Rollup._meta.db_table
POINT = Point._meta.db_table
DEVICE = Device._meta.db_table
REPLACEMENT = MeterReplacement._meta.db_table
COLS = ", ".join(f"r.{c}" for c in ROW_FIELDS)
RANGE_KINDS = ("int", "text", "dt", "dt")


def _neighbours(
    ranges: dict[int, tuple[dt.datetime, dt.datetime]],
) -> dict[int, tuple[dt.datetime | None, dt.datetime | None]]:
    """For each point, the time of its last reading before ``lo`` and of its first after ``hi``."""
    if sql.is_postgres():
        ids = list(ranges)
        found = sql.pg_rows(
            f"SELECT s.p, (SELECT r.ts FROM {READING} r WHERE r.point_id = s.p AND r.ts < s.lo"  # noqa: S608
            " ORDER BY r.ts DESC LIMIT 1),"
            f" (SELECT r.ts FROM {READING} r WHERE r.point_id = s.p AND r.ts > s.hi ORDER BY r.ts LIMIT 1)"
            f" FROM {sql.unnest(('int', 'dt', 'dt'), 's', ('p', 'lo', 'hi'))}",
            [ids, [ranges[i][0] for i in ids], [ranges[i][1] for i in ids]],
        )
        return {p: (before, after) for p, before, after in found}
    result: dict[int, tuple] = {pid: (None, None) for pid in ranges}
    for chunk in _chunks(list(ranges)):
        before_q, after_q = Q(), Q()
        for pid in chunk:
            before_q |= Q(point_id=pid, ts__lt=ranges[pid][0])
            after_q |= Q(point_id=pid, ts__gt=ranges[pid][1])
        before = dict(
            Reading.objects.filter(before_q)
            .values("point_id")
            .annotate(t=Max("ts"))
            .values_list("point_id", "t")
        )
        after = dict(
            Reading.objects.filter(after_q)
            .values("point_id")
            .annotate(t=Min("ts"))
            .values_list("point_id", "t")
        )
        for pid in chunk:
            result[pid] = (before.get(pid), after.get(pid))
    return result


def _readings(
    ranges: dict[int, tuple[dt.datetime, dt.datetime]],
) -> dict[int, list[tuple[dt.datetime, Decimal]]]:
    """Each point's readings with ``lo <= ts <= hi``, in time order."""
    found: dict[int, list[tuple[dt.datetime, Decimal]]] = defaultdict(list)
    if sql.is_postgres():
        ids = list(ranges)
        rows = sql.pg_rows(
            f"SELECT r.point_id, r.ts, r.value FROM {READING} r"  # noqa: S608
            f" JOIN {sql.unnest(('int', 'dt', 'dt'), 's', ('p', 'lo', 'hi'))}"
            " ON r.point_id = s.p AND r.ts >= s.lo AND r.ts <= s.hi ORDER BY r.point_id, r.ts",
            [ids, [ranges[i][0] for i in ids], [ranges[i][1] for i in ids]],
        )
    else:
        rows = []
        for chunk in _chunks(list(ranges)):
            rows += (
                Reading.objects.filter(_ranges("ts", {p: ranges[p] for p in chunk}, upper_inclusive=True))
                .order_by("point_id", "ts")
                .values_list("point_id", "ts", "value")
            )
    for point_id, ts, value in rows:
        found[point_id].append((ts, value))
    return found


def _rollup_rows(ranges: list[tuple[int, str, dt.datetime, dt.datetime]]) -> list[tuple]:
    """Stored rollup rows (point_id, interval, start, *ROW_FIELDS) with lo <= start < hi."""
    ranges = [r for r in ranges if r[2] < r[3]]
    if not ranges:
        return []
    if sql.is_postgres():
        return sql.pg_rows(
            f"SELECT r.point_id, r.interval, r.start, {COLS} FROM {ROLLUP} r"  # noqa: S608
            f" JOIN {sql.unnest(RANGE_KINDS, 's', ('p', 'i', 'lo', 'hi'))}"
            " ON r.point_id = s.p AND r.interval = s.i AND r.start >= s.lo AND r.start < s.hi",
            sql.columns(ranges, 4),
        )
    rows: list[tuple] = []
    for chunk in _chunks(ranges):
        condition = Q()
        for pid, interval, lo, hi in chunk:
            condition |= Q(point_id=pid, interval=interval, start__gte=lo, start__lt=hi)
        rows += Rollup.objects.filter(condition).values_list("point_id", "interval", "start", *ROW_FIELDS)
    return rows


def _delete_rollups(ranges: list[tuple[int, str, dt.datetime, dt.datetime]]) -> None:
    if sql.is_postgres():
        sql.pg_execute(
            f"DELETE FROM {ROLLUP} r USING {sql.unnest(RANGE_KINDS, 's', ('p', 'i', 'lo', 'hi'))}"  # noqa: S608
            " WHERE r.point_id = s.p AND r.interval = s.i AND r.start >= s.lo AND r.start < s.hi",
            sql.columns(ranges, 4),
        )
        return
    for chunk in _chunks(ranges):
        condition = Q()
        for pid, interval, lo, hi in chunk:
            condition |= Q(point_id=pid, interval=interval, start__gte=lo, start__lt=hi)
        Rollup.objects.filter(condition).delete()


def _lock(point_ids: list[int]) -> None:
    """Refreshes of the same point run one after the other (two ingest workers sharing the
    subscription may store readings of one meter at once): each then reads the other's
    committed readings instead of replacing its rows with a window that missed them."""
    if sql.is_postgres():
        sql.pg_rows(
            f"SELECT id FROM {POINT} WHERE id = ANY(%b::bigint[]) ORDER BY id FOR UPDATE",  # noqa: S608
            [sorted(point_ids)],
        )


@transaction.atomic
def refresh(changes: dict[int, tuple[dt.datetime, dt.datetime]], *, in_sql: bool | None = None) -> None:
    """Bring the rollups of each point up to date after readings between ``lo`` and ``hi``
    (``changes[point_id] = (lo, hi)``) were stored, or a replacement was recorded at that time.
    A fixed number of statements per call, however many points and readings it touches.

    On PostgreSQL the arithmetic runs in the database (``in_sql``, the default there): one
    statement computes the window's quarter-hours from its readings with window functions,
    and each coarser interval is rebuilt from the rows of the finer one, so no reading or
    rollup row travels to Python. Elsewhere (SQLite) the rows are read and computed here: the
    reading before and after each point's window, the window's readings, the stored rollup
    rows at the edges of the touched hours, days and months, one delete and one insert for
    all four intervals. Both give the same rows (a test compares them on PostgreSQL)."""
    if not changes:
        return
    points = {p.pk: p for p in Point.objects.filter(pk__in=changes).select_related("device")}
    changes = {k: v for k, v in changes.items() if k in points}
    if not changes:
        return
    _lock(list(changes))
    # The quarter-hour window of each point: from the quarter holding the difference of its
    # first new reading to the one holding the difference of the first reading after the new ones
    # (a late reading changes that difference).
    starts = {pid: floor15(lo - EPSILON) for pid, (lo, _hi) in changes.items()}
    around = _neighbours({pid: (starts[pid], hi) for pid, (_lo, hi) in changes.items()})
    windows: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    fetch: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    for point_id, (_lo, hi) in changes.items():
        before, nxt = around.get(point_id, (None, None))
        w0 = starts[point_id]
        windows[point_id] = (w0, floor15(max(hi, nxt) if nxt else hi) + QUARTER)
        fetch[point_id] = (before or w0, windows[point_id][1])
    # The hours, days and months that hold the window.
    hours, days, months = {}, {}, {}
    for pid, (w0, w1) in windows.items():
        last = w1 - EPSILON
        hours[pid] = (floor_hour(w0), interval_end(I1H, floor_hour(last)))
        days[pid] = (floor_day(w0), interval_end(I1D, floor_day(last)))
        months[pid] = (floor_month(w0), next_month(floor_month(last)))
    if sql.is_postgres() if in_sql is None else in_sql:
        _refresh_in_sql(windows, fetch, (hours, days, months))
    else:
        _refresh_here(points, windows, fetch, (hours, days, months))


# Rollup arithmetic in PostgreSQL. Each point's readings are read by its own index range (a
# lateral subquery kept apart by OFFSET 0: as a plain join the planner scanned the whole table
# when its statistics lagged behind a growing table). Quarter-hours: each reading of the window gives its value to
# its quarter; each pair of consecutive readings of a cumulative point gives its difference
# (reset, rollover and recorded replacements as in ``consumption_delta``: with replacements
# between them it is v1 − v0 + Σ(old final − new initial)) to the quarter of the later one.
EPOCH_SQL = "timestamptz '1970-01-01 00:00:00+00'"
QUARTERS_SQL = f"""
WITH s AS MATERIALIZED (
  SELECT s.p, s.f, s.w0, s.w1, pt.cumulative, pt.rollover,
         make_interval(mins => d.expected_interval_minutes) AS gap_after,
         EXISTS (SELECT 1 FROM {REPLACEMENT} m WHERE m.point_id = s.p) AS replaced
  FROM unnest(%b::bigint[], %b::timestamptz[], %b::timestamptz[], %b::timestamptz[]) AS s(p, f, w0, w1)
  JOIN {POINT} pt ON pt.id = s.p JOIN {DEVICE} d ON d.id = pt.device_id
), r AS (
  SELECT r.point_id, r.ts, r.value, s.w0, s.w1, s.cumulative, s.rollover, s.gap_after, s.replaced,
         lag(r.ts) OVER w AS pts, lag(r.value) OVER w AS pv
  FROM s CROSS JOIN LATERAL (
    SELECT r.point_id, r.ts, r.value FROM {READING} r WHERE r.point_id = s.p AND r.ts >= s.f AND r.ts <= s.w1
    OFFSET 0
  ) r
  WINDOW w AS (PARTITION BY r.point_id ORDER BY r.ts)
), pairs AS (
  SELECT r.point_id, r.ts, r.pts, r.value, r.pv, r.rollover, r.gap_after,
         date_bin('15 minutes', r.ts - interval '1 microsecond', {EPOCH_SQL}) AS q,
         CASE WHEN r.replaced THEN
           (SELECT sum(m.old_final_value - m.new_initial_value) FROM {REPLACEMENT} m
            WHERE m.point_id = r.point_id AND m.replaced_at > r.pts AND m.replaced_at <= r.ts)
         END AS adj
  FROM r WHERE r.cumulative AND r.pts IS NOT NULL AND r.ts > r.w0
), parts AS (
  SELECT point_id, date_bin('15 minutes', ts, {EPOCH_SQL}) AS q, value,
         NULL::numeric AS used, false AS gap, false AS reset
  FROM r WHERE r.ts >= r.w0 AND r.ts < r.w1
  UNION ALL
  SELECT point_id, q, NULL,
         CASE WHEN adj IS NOT NULL THEN value - pv + adj
              WHEN value >= pv THEN value - pv
              WHEN rollover IS NOT NULL THEN rollover - pv + value
              ELSE value END,
         pts < q AND ts - pts > gap_after,
         adj IS NOT NULL OR value < pv
  FROM pairs
)
INSERT INTO {ROLLUP} (point_id, interval, start, {", ".join(ROW_FIELDS)})
SELECT point_id, '{I15}', q, count(value), coalesce(sum(value), 0), min(value), max(value), sum(used),
       coalesce(sum(used) FILTER (WHERE gap), 0), count(*) FILTER (WHERE reset)
FROM parts GROUP BY point_id, q
"""  # noqa: S608 (names from code)
# A coarser interval from the rows of the finer one in each point's span.
COARSER_SQL = f"""
INSERT INTO {ROLLUP} (point_id, interval, start, {", ".join(ROW_FIELDS)})
SELECT r.point_id, %s, {{bucket}}, sum(r.count), sum(r.total), min(r.minimum), max(r.maximum),
       sum(r.consumption), sum(r.gap_consumption), sum(r.resets)
FROM {ROLLUP} r JOIN unnest(%b::bigint[], %b::timestamptz[], %b::timestamptz[]) AS s(p, lo, hi)
  ON r.point_id = s.p AND r.interval = %s AND r.start >= s.lo AND r.start < s.hi
GROUP BY 1, 3
"""  # noqa: S608 (names from code)
BUCKETS = {
    I1H: f"date_bin('1 hour', r.start, {EPOCH_SQL})",
    I1D: f"date_trunc('day', r.start, '{LOCAL.key}')",
    I1MO: f"date_trunc('month', r.start, '{LOCAL.key}')",
}


def _refresh_in_sql(windows, fetch, coarser) -> None:
    ids = list(windows)
    replaced = [(pid, I15, w0, w1) for pid, (w0, w1) in windows.items()]
    for interval, spans in zip((I1H, I1D, I1MO), coarser, strict=True):
        replaced += [(pid, interval, lo, hi) for pid, (lo, hi) in spans.items()]
    _delete_rollups(replaced)
    sql.pg_execute(
        QUARTERS_SQL,
        [ids, [fetch[i][0] for i in ids], [windows[i][0] for i in ids], [windows[i][1] for i in ids]],
    )
    for (finer, interval), spans in zip(((I15, I1H), (I1H, I1D), (I1D, I1MO)), coarser, strict=True):
        sql.pg_execute(
            COARSER_SQL.format(bucket=BUCKETS[interval]),
            [interval, ids, [spans[i][0] for i in ids], [spans[i][1] for i in ids], finer],
        )


def _refresh_here(points, windows, fetch, coarser) -> None:
    hours, days, months = coarser
    readings = _readings(fetch)
    cumulative = [pid for pid in windows if points[pid].cumulative]
    replacements: dict[int, list[MeterReplacement]] = defaultdict(list)
    if cumulative:
        for r in MeterReplacement.objects.filter(point_id__in=cumulative):
            replacements[r.point_id].append(r)
    quarters: dict[tuple[int, dt.datetime], _Acc] = {}
    for point_id, (w0, w1) in windows.items():
        point = points[point_id]
        gap_after = dt.timedelta(minutes=point.device.expected_interval_minutes)
        cumulative, rollover, changes_of = point.cumulative, point.rollover, replacements.get(point_id)
        before_ts = before_value = None
        for ts, value in readings[point_id]:
            if ts >= w0:
                if ts < w1:
                    key = (point_id, floor15(ts))
                    acc = quarters.get(key)
                    if acc is None:
                        acc = quarters[key] = _Acc()
                    acc.add_value(value)
                if cumulative and before_ts is not None:
                    key = (point_id, floor15(ts - EPSILON))
                    if changes_of:
                        used, reset = consumption_delta(
                            (before_ts, before_value), (ts, value), rollover=rollover, replacements=changes_of
                        )
                    elif value >= before_value:
                        used, reset = value - before_value, False
                    elif rollover is not None:
                        used, reset = rollover - before_value + value, True
                    else:
                        used, reset = value, True
                    acc = quarters.get(key)
                    if acc is None:
                        acc = quarters[key] = _Acc()
                    acc.add_consumption(
                        used, gap=before_ts < key[1] and ts - before_ts > gap_after, reset=reset
                    )
            before_ts, before_value = ts, value
    quarters = {k: acc for k, acc in quarters.items() if windows[k[0]][0] <= k[1] < windows[k[0]][1]}
    # Each hour, day and month is rebuilt from the finer rows it holds: those just computed, and
    # the stored ones at its edges (outside the window, so unchanged), read in one query.
    edges: list[tuple[int, str, dt.datetime, dt.datetime]] = []
    for pid, (w0, w1) in windows.items():
        edges += [(pid, I15, hours[pid][0], w0), (pid, I15, w1, hours[pid][1])]
        edges += [(pid, I1H, days[pid][0], hours[pid][0]), (pid, I1H, hours[pid][1], days[pid][1])]
        edges += [(pid, I1D, months[pid][0], days[pid][0]), (pid, I1D, days[pid][1], months[pid][1])]
    stored: dict[str, list[tuple]] = defaultdict(list)
    for point_id, interval, start, *values in _rollup_rows(edges):
        stored[interval].append((point_id, start, values))
    levels: dict[str, dict[tuple[int, dt.datetime], _Acc]] = {I15: quarters}
    for finer, interval, floor in ((I15, I1H, floor_hour), (I1H, I1D, floor_day), (I1D, I1MO, floor_month)):
        coarse: dict[tuple[int, dt.datetime], _Acc] = defaultdict(_Acc)
        for (point_id, start), acc in levels[finer].items():
            coarse[point_id, floor(start)].merge(acc.values())
        for point_id, start, values in stored[finer]:
            coarse[point_id, floor(start)].merge(values)
        levels[interval] = coarse
    replaced = [(pid, I15, w0, w1) for pid, (w0, w1) in windows.items()]
    for interval, spans in ((I1H, hours), (I1D, days), (I1MO, months)):
        replaced += [(pid, interval, lo, hi) for pid, (lo, hi) in spans.items()]
    _delete_rollups(replaced)
    sql.insert(
        ROLLUP,
        ("point_id", "interval", "start", *ROW_FIELDS),
        ("int", "text", "dt", "int4", "dec", "dec", "dec", "dec", "dec", "int4"),
        [
            (point_id, interval, start, *acc.values())
            for interval, accs in levels.items()
            for (point_id, start), acc in accs.items()
        ],
    )
