"""Reads of the live data that other apps (energy, fees, assessment) use: consumption and load
per point from the rollups, never by scanning raw readings over more than a day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum

from parkops.telemetry.models import Device, Point, Rollup
from parkops.telemetry.rollups import I1D, I1H, I1MO, I15, LOCAL, floor15, floor_day, floor_hour, floor_month

ZERO = Decimal(0)


def _ids(points: Iterable[Point | int]) -> list[int]:
    return [p if isinstance(p, int) else p.pk for p in points]


def _aligned(ts: dt.datetime, floor) -> bool:
    return floor(ts) == ts


def series(point: Point | int, interval: str, start: dt.datetime, end: dt.datetime) -> list[Rollup]:
    """The rollup rows of one point with ``start <= row.start < end``, in time order. Intervals
    with no row had no data (a gap): they are absent, never filled in."""
    point_id = point if isinstance(point, int) else point.pk
    return list(
        Rollup.objects.filter(point_id=point_id, interval=interval, start__gte=start, start__lt=end).order_by(
            "start"
        )
    )


def consumption(points: Iterable[Point | int], start: dt.datetime, end: dt.datetime) -> dict[int, Decimal]:
    """Consumption of each cumulative point over [start, end), from the coarsest rollups that
    tile the period: whole months, then whole days, hours and quarter-hours at the edges.
    ``start`` and ``end`` must fall on quarter-hours. Points without data map to 0."""
    ids = _ids(points)
    if floor15(start) != start or floor15(end) != end:
        raise ValueError("start and end must fall on quarter-hours")
    totals: dict[int, Decimal] = dict.fromkeys(ids, ZERO)
    for interval, lo, hi in _tiles(start, end):
        rows = (
            Rollup.objects.filter(point_id__in=ids, interval=interval, start__gte=lo, start__lt=hi)
            .values("point_id")
            .annotate(used=Sum("consumption"))
        )
        for row in rows:
            totals[row["point_id"]] += row["used"] or ZERO
    return totals


def _tiles(start: dt.datetime, end: dt.datetime) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Split [start, end) into ranges each covered by whole rollups of one interval."""
    if start >= end:
        return []
    from parkops.telemetry.rollups import interval_end

    for interval, floor in ((I1MO, floor_month), (I1D, floor_day), (I1H, floor_hour)):
        first = start if _aligned(start, floor) else interval_end(interval, floor(start))
        last = floor(end)
        if first < last:
            return [*_tiles(start, first), (interval, first, last), *_tiles(last, end)]
    return [(I15, start, end)]


def monthly_consumption(points: Iterable[Point | int], year: int, month: int) -> dict[int, Decimal]:
    """Consumption of each point in one calendar month (Asia/Shanghai), from the month rollup."""
    ids = _ids(points)
    start = dt.datetime(year, month, 1, tzinfo=LOCAL).astimezone(dt.UTC)
    totals = dict.fromkeys(ids, ZERO)
    for row in Rollup.objects.filter(point_id__in=ids, interval=I1MO, start=start).values(
        "point_id", "consumption"
    ):
        totals[row["point_id"]] = row["consumption"] or ZERO
    return totals


def gaps(point: Point | int, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Periods of at least one quarter-hour in [start, end) with no reading of the point."""
    rows = [r.start for r in series(point, I15, start, end) if r.count]
    found, cursor = [], start
    for begins in rows:
        if begins > cursor:
            found.append((cursor, begins))
        cursor = begins + dt.timedelta(minutes=15)
    if cursor < end:
        found.append((cursor, end))
    return found


def devices_online(devices: Iterable[Device]) -> dict[int, bool]:
    return {d.pk: d.online for d in devices}


def daily_totals(
    points: Iterable[Point | int], start: dt.date, end: dt.date
) -> dict[int, dict[dt.date, Decimal]]:
    """Consumption per point and local day for days ``start`` to ``end`` inclusive."""
    ids = _ids(points)
    lo = dt.datetime(start.year, start.month, start.day, tzinfo=LOCAL).astimezone(dt.UTC)
    hi = dt.datetime(end.year, end.month, end.day, tzinfo=LOCAL).astimezone(dt.UTC) + dt.timedelta(days=1)
    found: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for row in Rollup.objects.filter(point_id__in=ids, interval=I1D, start__gte=lo, start__lt=hi).values(
        "point_id", "start", "consumption"
    ):
        found[row["point_id"]][row["start"].astimezone(LOCAL).date()] = row["consumption"] or ZERO
    return dict(found)
