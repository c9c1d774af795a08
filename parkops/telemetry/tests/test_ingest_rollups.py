"""The ingest's rules and the rollups it keeps: counts, duplicates, conflicts, quarantine,
consumption across resets, replacements and gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.core.services import create_object
from parkops.telemetry import selectors
from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import MeterReplacement, Quarantine, Reading, Rollup
from parkops.telemetry.rollups import I1D, I1H, I1MO, I15

from .factories import at, meter, sensor

pytestmark = pytest.mark.django_db


def send(world, point, pairs, park=None):
    return ingest(
        park=park or world.alpha,
        readings=[
            {"device": point.device.code, "point": point.code, "ts": ts.isoformat(), "value": v}
            for ts, v in pairs
        ],
        source="http",
    )


def rows(point, interval):
    return {r.start: r for r in Rollup.objects.filter(point=point, interval=interval)}


def test_counts_duplicates_conflicts_and_quarantine(world, clock_at):
    clock_at(at(7, 12))
    point = meter(world)
    first = send(world, point, [(at(7, 10), 100), (at(7, 10, 15), 101.5)])
    assert first.as_json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    again = send(world, point, [(at(7, 10), 100), (at(7, 10, 15), 101.5), (at(7, 10, 30), 103)])
    assert again.as_json() == {"accepted": 1, "duplicates": 2, "rejected": []}
    conflict = send(world, point, [(at(7, 10, 15), 999)])
    assert conflict.accepted == 0 and conflict.rejected == [
        {"index": 0, "reason": "a different value is stored for this point and time"}
    ]
    assert Reading.objects.get(point=point, ts=at(7, 10, 15)).value == Decimal("101.5")
    q = Quarantine.objects.get(reason=Quarantine.Reason.CONFLICT)
    assert q.value == 999 and q.stored_value == Decimal("101.5") and q.status == Quarantine.Status.PENDING
    bad = ingest(
        park=world.alpha,
        readings=[
            {"device": "NOPE", "point": "kwh", "ts": at(7, 11).isoformat(), "value": 1},
            {"device": "M1", "point": "nope", "ts": at(7, 11).isoformat(), "value": 1},
            {"device": "M1", "point": "kwh", "ts": at(7, 11).isoformat(), "value": "12"},
            {"device": "M1", "point": "kwh", "ts": at(7, 11).isoformat(), "value": -5},
            {"device": "M1", "point": "kwh", "ts": at(7, 12, 6).isoformat(), "value": 110},
            {"device": "M1", "point": "kwh", "ts": "2026-12-07T11:00:00", "value": 110},
            {"device": "M1", "point": "kwh", "ts": at(7, 12, 5).isoformat(), "value": 110},
        ],
        source="http",
    )
    assert bad.accepted == 1
    assert [r["index"] for r in bad.rejected] == [0, 1, 2, 3, 4, 5]
    assert [r["reason"] for r in bad.rejected][:5] == [
        "unknown device",
        "unknown point",
        "value is not a number",
        "value outside the point's physical range",
        "ts more than 5 minutes in the future",
    ]
    assert Quarantine.objects.count() == 7


def test_another_parks_device_is_unknown(world, clock_at):
    clock_at(at(7, 12))
    beta_point = meter(world, world.beta, code="B1")
    result = send(world, beta_point, [(at(7, 10), 1)], park=world.alpha)
    assert result.accepted == 0 and result.rejected[0]["reason"] == "unknown device"
    assert not Reading.objects.exists()


def test_rollups_equal_raw_sum_at_every_interval(world, clock_at):
    clock_at(at(9, 0))
    point = meter(world)
    pairs, value = [], Decimal(1000)
    start = at(5, 22)  # crosses two local midnights
    for i in range(4 * 30):
        value += Decimal("1.25") + (i % 3)
        pairs.append((start + dt.timedelta(minutes=15 * i), value))
    # Out of order, in two batches.
    send(world, point, pairs[60:])
    send(world, point, pairs[:60])
    raw = pairs[-1][1] - pairs[0][1]
    for interval in (I15, I1H, I1D, I1MO):
        total = sum((r.consumption or 0) for r in rows(point, interval).values())
        assert total == raw, interval
    assert sum(r.count for r in rows(point, I1D).values()) == len(pairs)
    days = rows(point, I1D)
    assert sorted(d.astimezone(dt.timezone(dt.timedelta(hours=8))).day for d in days) == [5, 6, 7]
    assert selectors.consumption([point], at(6), at(7))[point.pk] == sum(
        pairs[i][1] - pairs[i - 1][1] for i in range(1, len(pairs)) if at(6) < pairs[i][0] <= at(7)
    )


def test_counter_reset_and_meter_replacement_lose_nothing(world, clock_at):
    clock_at(at(8, 0))
    point = meter(world, rollover=Decimal(10000))
    send(world, point, [(at(7, 10), 9990), (at(7, 10, 15), 9998), (at(7, 10, 30), 5)])  # wrapped
    assert sum(r.consumption for r in rows(point, I1D).values()) == 8 + 7
    other = meter(world, code="M2")
    create_object(
        model=MeterReplacement,
        data={"point": other, "replaced_at": at(7, 10, 20), "old_final_value": 520, "new_initial_value": 0},
        by=world.admin,
    )
    send(world, other, [(at(7, 10), 500), (at(7, 10, 15), 510), (at(7, 10, 30), 3), (at(7, 10, 45), 9)])
    assert sum(r.consumption for r in rows(other, I1D).values()) == 10 + (10 + 3) + 6
    quarter = rows(other, I15)[at(7, 10, 15)]
    assert quarter.consumption == 13 and quarter.resets == 1


def test_reset_without_rollover_counts_from_zero(world, clock_at):
    clock_at(at(8, 0))
    point = meter(world)
    send(world, point, [(at(7, 10), 500), (at(7, 10, 15), 4)])
    assert rows(point, I15)[at(7, 10)].consumption == 4


def test_gap_shown_not_invented(world, clock_at):
    clock_at(at(8, 0))
    point = meter(world, interval=30)
    send(world, point, [(at(7, 10), 100), (at(7, 10, 15), 101), (at(7, 13), 130), (at(7, 13, 15), 131)])
    quarters = rows(point, I15)
    # Nothing between 10:15 and 12:45: no row, no made-up consumption.
    assert not [s for s in quarters if at(7, 10, 30) <= s < at(7, 12, 45)]
    last = quarters[at(7, 12, 45)]
    assert last.consumption == 29 and last.gap_consumption == 29
    assert rows(point, I1D)[at(7)].consumption == 31
    assert selectors.gaps(point, at(7, 10), at(7, 13, 30)) == [(at(7, 10, 30), at(7, 13))]
    # A late reading inside the gap moves its share where it belongs.
    send(world, point, [(at(7, 11), 110)])
    quarters = rows(point, I15)
    assert quarters[at(7, 10, 45)].consumption == 9 and quarters[at(7, 12, 45)].consumption == 20
    assert rows(point, I1D)[at(7)].consumption == 31


def test_non_cumulative_point_keeps_min_max_average(world, clock_at):
    clock_at(at(8, 0))
    point = sensor(world)
    send(world, point, [(at(7, 10), 20), (at(7, 10, 5), 22.5), (at(7, 10, 10), 21)])
    quarter = rows(point, I15)[at(7, 10)]
    assert (quarter.count, quarter.minimum, quarter.maximum, quarter.consumption) == (
        3,
        20,
        Decimal("22.5"),
        None,
    )
    assert quarter.average == Decimal("63.5") / 3
    assert point.device.__class__.objects.get(pk=point.device_id).last_seen_at == at(7, 10, 10)


def _all_rows(point):
    return {
        (r.interval, r.start): (
            r.count,
            r.total,
            r.minimum,
            r.maximum,
            r.consumption,
            r.gap_consumption,
            r.resets,
        )
        for r in Rollup.objects.filter(point=point)
    }


def test_batches_in_any_order_give_the_rollups_of_one_batch(world, clock_at):
    """Rollups are rebuilt from the new quarter-hours and the stored rows at the edges of each
    touched hour, day and month: readings over a month's end, with a reset, a gap, irregular
    times and values, sent in shuffled batches, give exactly the rows of one in-order batch."""
    import random

    clock_at(at(9, 0))
    shuffled, whole = meter(world, code="M1", interval=20), meter(world, code="M2", interval=20)
    rng = random.Random(13)
    pairs, value, ts = [], Decimal(500), at(30, 20, month=11)  # over the end of November (local)
    for i in range(400):
        ts += dt.timedelta(minutes=rng.choice((5, 7, 15, 15, 15)) if i != 150 else 190)  # one gap
        value = Decimal(3) if i == 250 else value + Decimal(rng.randint(0, 900)) / 100  # one reset
        pairs.append((ts, value))
    order = list(range(len(pairs)))
    rng.shuffle(order)
    for start in range(0, len(order), 37):
        send(world, shuffled, [pairs[i] for i in sorted(order[start : start + 37])])
    send(world, whole, pairs)
    got, expected = _all_rows(shuffled), _all_rows(whole)
    assert {k for k in expected if k[0] == I1MO} == {(I1MO, at(1, month=11)), (I1MO, at(1, month=12))}
    assert got == expected


@pytest.mark.postgres
def test_rollups_computed_in_postgresql_equal_those_computed_in_python(world, clock_at):
    """PostgreSQL computes rollups in SQL, SQLite in Python: the same readings (a wrapping
    counter, a reset, two recorded replacements, a gap, irregular times over a month's end,
    a non-cumulative sensor, sent shuffled) give the same rows both ways."""
    import random

    from parkops.telemetry import rollups
    from parkops.testing.services import require_postgres_settings

    require_postgres_settings()
    clock_at(at(9, 0))
    wrapping = meter(world, code="M1", interval=20, rollover=Decimal(10000))
    replaced = meter(world, code="M2", interval=10)  # pairs within a quarter can exceed it
    temp = sensor(world)
    for when, final, initial in ((at(1, 3, 7), 7000, 2), (at(1, 3, 9), 40, 1)):
        create_object(
            model=MeterReplacement,
            data={
                "point": replaced,
                "replaced_at": when,
                "old_final_value": final,
                "new_initial_value": initial,
            },
            by=world.admin,
        )
    rng = random.Random(7)
    series: dict = {wrapping: [], replaced: [], temp: []}
    ts, v = at(30, 20, month=11), Decimal(9000)
    for i in range(500):
        ts += dt.timedelta(minutes=rng.choice((5, 7, 15, 15, 15)) if i != 200 else 190)
        v += Decimal(rng.randint(0, 900)) / 100
        if v >= 10000:
            v -= 10000
        series[wrapping].append((ts, v))
        series[replaced].append((ts, Decimal(5) if i == 300 else v + 3))
        series[temp].append((ts, Decimal(rng.randint(-400, 800)) / 10))
    for point, pairs in series.items():
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for start in range(0, len(order), 61):
            send(world, point, [pairs[i] for i in sorted(order[start : start + 61])])
    in_sql = {p: _all_rows(p) for p in series}
    assert any(r[6] for r in in_sql[wrapping].values()) and any(r[6] for r in in_sql[replaced].values())
    assert any(r[5] for r in in_sql[wrapping].values())  # the gap
    Rollup.objects.all().delete()
    rollups.refresh({p.pk: (pairs[0][0], pairs[-1][0]) for p, pairs in series.items()}, in_sql=False)
    assert {p: _all_rows(p) for p in series} == in_sql


def test_one_audit_entry_per_device_and_batch_says_what_was_stored(world, clock_at):
    from parkops.audit.models import AuditEntry
    from parkops.telemetry.models import Point

    clock_at(at(8, 0))
    m1, m2 = meter(world, code="M1"), meter(world, code="M2")
    kvarh = create_object(
        model=Point,
        data={
            "device": m1.device,
            "code": "kvarh",
            "name": "无功电能",
            "quantity": m1.quantity,
            "unit": "kvarh",
        },
        by=world.admin,
    )
    readings = [
        {"device": "M1", "point": "kwh", "ts": at(7, 10).isoformat(), "value": 1},
        {"device": "M1", "point": "kvarh", "ts": at(7, 9, 45).isoformat(), "value": 1},
        {"device": "M1", "point": "kwh", "ts": at(7, 10, 30).isoformat(), "value": 2},
        {"device": "M2", "point": "kwh", "ts": at(7, 11).isoformat(), "value": 5},
        {"device": "M2", "point": "kwh", "ts": at(7, 11).isoformat(), "value": 5},  # a duplicate
    ]
    before = AuditEntry.objects.count()
    assert ingest(park=world.alpha, readings=readings, source="http", by=world.admin).accepted == 4
    entries = list(AuditEntry.objects.filter(event="telemetry.ingest").order_by("seq"))
    assert AuditEntry.objects.count() == before + 2
    assert [(e.object_id, e.actor_id, e.park_id) for e in entries] == [
        ("M1", world.admin.pk, world.alpha.pk),
        ("M2", world.admin.pk, world.alpha.pk),
    ]
    assert entries[0].after == {
        "source": "http",
        "device": "M1",
        "readings": 3,
        "points": ["kvarh", "kwh"],
        "from": at(7, 9, 45).astimezone(dt.UTC).isoformat(),
        "to": at(7, 10, 30).astimezone(dt.UTC).isoformat(),
    }
    assert entries[1].after["readings"] == 1 and entries[1].after["points"] == ["kwh"]
    assert kvarh.pk and m2.pk
    from parkops.audit.verify import verify_chain

    _checked, broken, _ = verify_chain(f"park:{world.alpha.pk}")
    assert broken is None
