"""Energy questions at scale (issue #13): p95 latency of the three questions the energy pages
ask, answered from the rollups through ``parkops.energy.selectors``, each set against the same
question answered once from the raw readings in the same run.

    PARKOPS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/parkops_bench python -m bench queries

1. monthly energy per building for the last 12 months (``monthly_by_building``: the overview's
   building lines; the overview's whole ``report``, every meter and tenant, is timed beside it);
2. one building's 15-minute load curve for one day (``load_curve``);
3. the top 10 tenants by electricity this month (``tenant_ranking``).

The fixture: ``BENCH_QUERIES_METERS`` electricity meters (default 200) in buildings of 40 (one
building meter and 39 tenant submeters, each tenant its own enterprise, one in four with a
current-transformer multiplier), with a reading every 15 minutes for ``BENCH_QUERIES_DAYS`` days
(default 365) up to now: 200 × 365 × 96 = 7.0 M readings, a tenth of the issue's 2,000 meters
× a year (70 M; set BENCH_QUERIES_METERS=2000 for it). Readings and rollups are written by
``INSERT … SELECT generate_series`` (a fixture, not the ingest path): the rollups with the
ingest's rules (a difference counted in the quarter-hour of its later reading, hours, days and
months summed from the quarter-hours in Asia/Shanghai); that they are what the ingest computes is
checked on one point by recomputing it with ``telemetry.rollups.refresh``.

How the figures scale: each rollup question reads a number of rows fixed by the meters it asks
about (12 month rows per building meter; 96 quarter-hour rows per building meter of the building;
one month row per tenant meter), whatever the history's length; the raw question reads every
reading of those meters in the period (about 35,000 a year per building meter; 96; the month so
far × 96 per tenant meter), so it grows with meters × readings. BENCH_QUERIES_METERS=2000
BENCH_QUERIES_DAYS=31 (6.0 M readings, ~4 minutes) has the full meter count: the curve and the
ranking then read exactly the rows they read at full size, the 12-month question 2 of its 12.

Prints each figure and one JSON object. PostgreSQL only (the questions are about its plans);
on SQLite it says so and stops.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from decimal import Decimal

from bench.demo_park import p95

METERS = int(os.environ.get("BENCH_QUERIES_METERS", "200"))
DAYS = int(os.environ.get("BENCH_QUERIES_DAYS", "365"))
RUNS = max(20, int(os.environ.get("PARKOPS_BENCH_RUNS", "30")))
PER_BUILDING = 40  # one building meter and 39 tenant submeters
TARGET_MS = 100
FULL_READINGS = 2000 * 365 * 96


def _setup(park):
    """Buildings, enterprises, devices, points and meters of the fixture (bulk, unaudited)."""
    from parkops.core.models import Building, Enterprise
    from parkops.energy.models import Meter
    from parkops.telemetry.models import Device, Point, Quantity

    n_buildings = -(-METERS // PER_BUILDING)
    buildings = Building.objects.bulk_create(
        [
            Building(park=park, code=f"Q{b:03d}", name=f"测{b:03d}栋", gross_area=Decimal(20000))
            for b in range(n_buildings)
        ]
    )
    devices, enterprises, layout = [], [], []
    for i in range(METERS):
        building = buildings[i // PER_BUILDING]
        tenant = i % PER_BUILDING != 0
        devices.append(
            Device(park=park, code=f"QM-{i:05d}", name=f"电表{i}", kind="electricity", building=building)
        )
        if tenant:
            enterprises.append(
                Enterprise(
                    park=park, name=f"测试企业{i:05d}", credit_code=f"91440300MAQ{i:07d}", headcount=10
                )
            )
        layout.append((building, enterprises[-1] if tenant else None))
    Device.objects.bulk_create(devices)
    Enterprise.objects.bulk_create(enterprises)
    points = Point.objects.bulk_create(
        [
            Point(
                device=d,
                code="kwh",
                name="电能",
                quantity=Quantity.ENERGY,
                unit="kWh",
                min_value=Decimal(0),
                cumulative=True,
            )
            for d in devices
        ]
    )
    meters = []
    mains: dict[int, Meter] = {}
    for i, (p, (building, enterprise)) in enumerate(zip(points, layout, strict=True)):
        m = Meter(park=park, category="01000", level=2, building=building, point=p)
        if enterprise is None:
            m.code, m.name, m.scope = f"QB-{i:05d}", f"{building.name}总表", Meter.Scope.BUILDING
            mains[building.pk] = m
        else:
            m.code, m.name, m.scope = f"QT-{i:05d}", f"{enterprise.name}分户表", Meter.Scope.TENANT
            m.enterprise = enterprise
            m.multiplier = Decimal(40) if i % 4 == 1 else Decimal(1)
        meters.append(m)
    Meter.objects.bulk_create([m for m in meters if m.scope == Meter.Scope.BUILDING])
    for m in meters:
        if m.scope == Meter.Scope.TENANT:
            m.parent = mains[m.building_id]
    Meter.objects.bulk_create([m for m in meters if m.scope == Meter.Scope.TENANT])
    return buildings, points, meters


def _load(points, start: dt.datetime, end: dt.datetime) -> dict[str, float | int]:
    """Readings every 15 minutes in [start, end] and their rollups, in SQL. A register's value is
    the integral of a daily load shape (base + swing × (1 − cos(2π t / day))), different for each
    point, rounded to Wh: it only ever rises, so each quarter-hour's use is one difference."""
    from django.db import connection

    from parkops.core.models import Enterprise
    from parkops.energy.models import Meter
    from parkops.telemetry.models import Device, Point, Reading, Rollup

    reading, rollup = Reading._meta.db_table, Rollup._meta.db_table
    ids = [p.pk for p in points]
    figures: dict[str, float | int] = {}
    cols = "point_id, interval, start, count, total, minimum, maximum, consumption, gap_consumption, resets"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        began = time.perf_counter()
        cursor.execute(
            f"""INSERT INTO {reading} (point_id, ts, value)
            SELECT p.id, %s::timestamptz + k * interval '15 minutes',
                   round((p.base * k + p.swing * (k - 96 / (2 * pi()) * sin(2 * pi() * k / 96)))::numeric, 3)
            FROM (SELECT id, 0.5 + (id * 37 %% 1009) / 100.0 AS base, 1 + (id %% 13) / 4.0 AS swing
                  FROM unnest(%s::bigint[]) AS id) p
            CROSS JOIN generate_series(0, %s) AS k""",  # noqa: S608
            [start, ids, int((end - start) / dt.timedelta(minutes=15))],
        )
        figures["readings"] = cursor.rowcount
        figures["readings_s"] = time.perf_counter() - began
        began = time.perf_counter()
        # The readings fall on quarter-hours, so the difference to the next reading is the use
        # of the reading's own quarter-hour (counted in the quarter of its later reading).
        cursor.execute(
            f"""INSERT INTO {rollup} ({cols})
            SELECT point_id, '15m', ts, 1, value, value, value,
                   lead(value) OVER (PARTITION BY point_id ORDER BY ts) - value, 0, 0
            FROM {reading} WHERE point_id = ANY(%s)""",  # noqa: S608
            [ids],
        )
        figures["rollups_15m"] = cursor.rowcount
        for finer, interval, bucket in (
            ("15m", "1h", "date_trunc('hour', start)"),
            ("1h", "1d", "date_trunc('day', start, 'Asia/Shanghai')"),
            ("1d", "1mo", "date_trunc('month', start, 'Asia/Shanghai')"),
        ):
            cursor.execute(
                f"""INSERT INTO {rollup} ({cols})
                SELECT point_id, %s, {bucket}, sum(count), sum(total), min(minimum), max(maximum),
                       sum(consumption), 0, 0
                FROM {rollup} WHERE point_id = ANY(%s) AND interval = %s
                GROUP BY point_id, {bucket}""",  # noqa: S608
                [interval, ids, finer],
            )
            figures[f"rollups_{interval}"] = cursor.rowcount
        figures["rollups_s"] = time.perf_counter() - began
        began = time.perf_counter()
        for model in (Reading, Rollup, Meter, Point, Device, Enterprise):  # as autovacuum would
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        figures["analyze_s"] = time.perf_counter() - began
    return figures


def _same_as_ingest(point, start: dt.datetime, end: dt.datetime) -> bool:
    """Recompute one point's rollups with the ingest's own code and compare with the fixture's."""
    from django.db import transaction

    from parkops.telemetry import rollups
    from parkops.telemetry.models import Rollup

    fields = ("interval", "start", "count", "total", "minimum", "maximum", "consumption", "gap_consumption")

    def rows():
        return set(Rollup.objects.filter(point=point).values_list(*fields))

    fixture = rows()
    with transaction.atomic():
        Rollup.objects.filter(point=point).delete()
        rollups.refresh({point.pk: (start, end)})
        computed = rows()
        same = computed == fixture
        if not same:
            print(
                f"  differ: fixture only {sorted(fixture - computed)[:3]}, ingest only {sorted(computed - fixture)[:3]}"
            )
        transaction.set_rollback(True)  # keep the fixture's rows
    return same


# ------------------------------------------------------------------ raw-reading answers
def _raw(sql_text: str, params) -> tuple[list[tuple], float]:
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql_text, params)
        rows = cursor.fetchall()
    return rows, (time.perf_counter() - began) * 1000


# Each point's use in (lo, hi]: the differences between consecutive readings with the later one
# in (lo, hi], starting from the point's last reading at or before lo.
RAW_USE = """
WITH m AS (SELECT id, point_id, multiplier, building_id, enterprise_id,
                  coalesce((SELECT max(b.ts) FROM {reading} b WHERE b.point_id = meter.point_id
                            AND b.ts <= %(lo)s), %(lo)s) AS since
           FROM {meter} meter
           WHERE park_id = %(park)s AND scope = %(scope)s AND category = '01000' AND active
                 AND NOT virtual AND direction = 'consumption' {only}),
d AS (
  SELECT m.building_id, m.enterprise_id, r.ts,
         (r.value - lag(r.value) OVER (PARTITION BY r.point_id ORDER BY r.ts)) * m.multiplier AS used
  FROM m JOIN {reading} r ON r.point_id = m.point_id AND r.ts >= m.since AND r.ts <= %(hi)s)
"""


def _use_sql(only: str, tail: str) -> str:
    """RAW_USE for the meters of one scope (and ``only``), then ``tail`` over its rows ``d``."""
    from parkops.core.models import Enterprise
    from parkops.energy.models import Meter
    from parkops.telemetry.models import Reading

    tables = {
        "meter": Meter._meta.db_table,
        "reading": Reading._meta.db_table,
        "enterprise": Enterprise._meta.db_table,
    }
    return (RAW_USE + tail).format(only=only, **tables)  # table names only; values are parameters


def raw_monthly_by_building(park, lo: dt.datetime, hi: dt.datetime):
    sql_text = _use_sql(
        "",
        """
    SELECT d.building_id, (date_trunc('month', d.ts - interval '1 microsecond', 'Asia/Shanghai')
                           AT TIME ZONE 'Asia/Shanghai')::date, sum(d.used)
    FROM d WHERE d.ts > %(lo)s AND d.used IS NOT NULL GROUP BY 1, 2""",
    )
    rows, ms = _raw(sql_text, {"park": park.pk, "scope": "building", "lo": lo, "hi": hi})
    return {(b, month): used for b, month, used in rows}, ms


def raw_load_curve(park, building, lo: dt.datetime, hi: dt.datetime):
    sql_text = _use_sql(
        "AND building_id = %(building)s",
        """
    SELECT date_bin('15 minutes', d.ts - interval '1 microsecond', %(lo)s), sum(d.used)
    FROM d WHERE d.ts > %(lo)s AND d.used IS NOT NULL GROUP BY 1 ORDER BY 1""",
    )
    params = {"park": park.pk, "scope": "building", "building": building.pk, "lo": lo, "hi": hi}
    rows, ms = _raw(sql_text, params)
    return dict(rows), ms


def raw_tenant_ranking(park, lo: dt.datetime, hi: dt.datetime, limit: int = 10):
    sql_text = _use_sql(
        "",
        """
    SELECT e.name, sum(d.used) AS used FROM d JOIN {enterprise} e ON e.id = d.enterprise_id
    WHERE d.ts > %(lo)s AND d.used IS NOT NULL
    GROUP BY e.id, e.name ORDER BY used DESC, e.name LIMIT %(limit)s""",
    )
    rows, ms = _raw(sql_text, {"park": park.pk, "scope": "tenant", "lo": lo, "hi": hi, "limit": limit})
    return rows, ms


# ---------------------------------------------------------------------- the timings
def timed(fn, runs: int = RUNS) -> tuple[object, list[float]]:
    result = fn()  # warm: the meters' query plans, translations
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return result, out


def line(label: str, samples: list[float], raw_ms: float | None) -> dict:
    figure = p95(samples)
    verdict = "under" if figure < TARGET_MS else "OVER"
    raw = f"  raw readings once {raw_ms:8.1f} ms  raw ÷ rollups {raw_ms / figure:6.1f}×" if raw_ms else ""
    print(
        f"  {label:<34} p95 {figure:7.1f} ms  median {statistics.median(samples):7.1f} ms"
        f"  ({verdict} {TARGET_MS} ms){raw}"
    )
    figures = {"p95_ms": round(figure, 1), "median_ms": round(statistics.median(samples), 1)}
    return figures | ({"raw_ms": round(raw_ms, 1)} if raw_ms else {})


def main() -> dict | None:
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        print("queries: PostgreSQL only; set PARKOPS_DATABASE_URL=postgresql://…")
        return None
    from parkops.accounts.models import User
    from parkops.core import clock
    from parkops.core.models import Building, Enterprise
    from parkops.core.scope import VIEW
    from parkops.energy import selectors
    from parkops.energy.models import Meter
    from parkops.testing.world import build_world, world

    if not User.objects.filter(username="platform").exists():
        build_world()
    w = world()
    park, user = w.alpha, w.admin
    if Building.objects.filter(park=park, code="Q000").exists():
        print("queries: the fixture is already loaded here; run on a fresh database")
        return None
    now = clock.now()
    end = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    start = end - dt.timedelta(days=DAYS)
    began = time.perf_counter()
    with transaction.atomic():
        buildings, points, _meters = _setup(park)
        loaded = _load(points, start, end)
    loaded["total_s"] = time.perf_counter() - began
    share = loaded["readings"] / FULL_READINGS
    print(
        f"loaded {METERS:,} meters × {DAYS} days: {loaded['readings']:,} readings "
        f"({share:.1%} of 2,000 meters × 365 days) in {loaded['readings_s']:.1f} s; rollups "
        f"{loaded['rollups_15m']:,} / {loaded['rollups_1h']:,} / {loaded['rollups_1d']:,} / "
        f"{loaded['rollups_1mo']:,} (15m/1h/1d/1mo) in {loaded['rollups_s']:.1f} s; analyze {loaded['analyze_s']:.1f} s"
    )
    same = _same_as_ingest(points[1], start, end)
    print(f"fixture rollups of one point equal the ingest's own recomputation: {same}")
    assert same, "the fixture's rollups are not what the ingest computes: the timings would mean nothing"

    today = clock.localdate()
    months = selectors.last_months(today, 12)
    this_month = months[-1]
    yesterday = today - dt.timedelta(days=1)
    building = buildings[0]

    def page_meters():
        return Meter.objects.restrict(user, VIEW).filter(park=park).select_related("building", "enterprise")

    def q_monthly():
        return {line.label: line.by_month for line in selectors.monthly_by_building(page_meters(), months)}

    def q_report():  # the overview page's whole report: every meter's 12 months, carbon, tenants
        rep = selectors.report(
            park, page_meters(), months, enterprises=Enterprise.objects.restrict(user, VIEW)
        )
        return {line.label: line.by_month for line in rep.buildings}

    def q_curve():
        return selectors.load_curve(page_meters(), building, yesterday)

    def q_ranking():
        return selectors.tenant_ranking(page_meters(), this_month, limit=10)

    print(f"p95 of {RUNS} runs each, through parkops.energy.selectors (page meters query included):")
    results = {}
    monthly, samples = timed(q_monthly)
    lo, hi = (
        selectors.local_midnight(months[0]),
        selectors.local_midnight(selectors.add_months(this_month, 1)),
    )
    raw, raw_ms = raw_monthly_by_building(park, lo, hi)
    results["monthly_by_building_12mo"] = line("monthly energy per building, 12 mo", samples, raw_ms)
    _agree_monthly(monthly, raw, buildings, months)
    whole, samples = timed(q_report, 20)
    results["overview_report_12mo"] = line("  (the overview's whole report)", samples, None)
    assert {k: v for k, v in whole.items() if k in monthly} == monthly, "the overview's building lines differ"

    curve, samples = timed(q_curve)
    lo = selectors.local_midnight(yesterday)
    raw, raw_ms = raw_load_curve(park, building, lo, lo + dt.timedelta(days=1))
    results["load_curve_day"] = line("one building's 15-min curve, a day", samples, raw_ms)
    assert {q.start: q.kwh for q in curve.quarters} == raw, "load curve differs from the raw readings"

    ranking, samples = timed(q_ranking)
    lo = selectors.local_midnight(this_month)
    raw, raw_ms = raw_tenant_ranking(park, lo, end)
    results["top10_tenants_month"] = line("top 10 tenants this month", samples, raw_ms)
    assert [(r.enterprise.name, r.used) for r in ranking] == raw, "ranking differs from the raw readings"

    result = {
        "meters": METERS,
        "days": DAYS,
        "readings": loaded["readings"],
        "share_of_full_size": round(share, 4),
        "runs": RUNS,
        "rollups_match_ingest": same,
        **results,
    }
    print(json.dumps(result))
    return result


def _agree_monthly(monthly: dict, raw: dict, buildings, months) -> None:
    """The page's building lines equal the sums over the raw readings (a check, not a timing)."""
    for b in buildings:
        label = next(k for k in monthly if k.startswith(f"{b} · "))
        expected = [raw.get((b.pk, m), Decimal(0)) for m in months]
        assert monthly[label] == expected, (label, monthly[label], expected)
