"""A building's 15-minute load curve for a day and the tenants ranked by a month's use, from the
rollups the real ingest computes, checked against sums worked out by hand from the readings
across midnight Asia/Shanghai (16:00 UTC), where a day or month cut in UTC would go wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.core.models import Building, Enterprise
from parkops.energy import selectors
from parkops.energy.models import Meter
from parkops.energy.tests.factories import TZ, meter, point, send

pytestmark = pytest.mark.django_db
NOV = dt.date(2026, 11, 1)
D = Decimal


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def building(world, clock_at):
    clock_at(local(2026, 12, 7, 12))
    return Building.objects.get(park=world.alpha)


def tenant(world, building, n: int, *, multiplier=1, category="01000", name=None) -> Meter:
    enterprise = Enterprise.objects.create(
        park=world.alpha, name=name or f"租户{n:02d}", credit_code=f"91440300MA5T{n:06d}", headcount=5
    )
    return meter(
        world.alpha,
        f"T{n:02d}-{category}",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=enterprise,
        category=category,
        pt=point(world.alpha, f"T{n:02d}-{category}"),
        multiplier=multiplier,
    )


def month_edges(start: Decimal, used: Decimal) -> list[tuple[dt.datetime, Decimal]]:
    """Readings around both midnights that bound November: ``used`` is November's share."""
    return [
        (local(2026, 10, 31, 23, 45), start - 7),  # its difference to 00:00 belongs to October
        (local(2026, 11, 1, 0, 0), start),
        (local(2026, 11, 1, 0, 15), start + 1),
        (local(2026, 11, 15, 8, 10), start + used / 2),
        (local(2026, 11, 30, 23, 50), start + used - 3),
        (local(2026, 12, 1, 0, 0), start + used),  # the end of November's last quarter-hour
        (local(2026, 12, 1, 0, 15), start + used + 11),  # December's
    ]


def test_top_tenants_of_the_month_by_hand(world, building):
    uses = [D(100 + 37 * n) for n in range(12)]
    uses[5] = uses[11]  # a tie: name order
    meters = []
    for n, used in enumerate(uses):
        m = tenant(world, building, n)
        send(world.alpha, m.point, month_edges(D(1000 * n + 100), used))
        meters.append(m)
    # 租户03 has a second submeter, × 40 on its register.
    second = meter(
        world.alpha,
        "T03-B",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=meters[3].enterprise,
        pt=point(world.alpha, "T03-B"),
        multiplier=40,
    )
    send(world.alpha, second.point, month_edges(D(50), D("12.5")))
    uses[3] += D("12.5") * 40
    water = tenant(world, building, 20, category="02000")
    send(world.alpha, water.point, month_edges(D(100), D(99999)))  # water is not electricity
    other = Building.objects.create(park=world.alpha, code="B2", name="二号楼", gross_area=D(1))
    elsewhere = tenant(world, other, 21)
    send(world.alpha, elsewhere.point, month_edges(D(100), D(20)))

    visible = Meter.objects.filter(park=world.alpha)
    ranking = selectors.tenant_ranking(visible, NOV)

    by_name = {f"租户{n:02d}": used for n, used in enumerate(uses)} | {"租户21": D(20)}
    expected = sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(t.enterprise.name, t.used) for t in ranking] == expected
    assert ranking[0].enterprise.name == "租户03" and ranking[0].meters == 2
    assert {t.unit for t in ranking} == {"kWh"}
    assert [t.enterprise.name for t in selectors.tenant_ranking(visible, NOV, limit=3)] == [
        "租户03",
        "租户05",
        "租户11",
    ]
    water_first = selectors.tenant_ranking(visible, NOV, kind="02000")
    assert [(t.enterprise.name, t.used) for t in water_first] == [("租户20", D(99999))]
    # December: only what came after midnight of 1 December.
    december = {t.enterprise.name: t.used for t in selectors.tenant_ranking(visible, dt.date(2026, 12, 1))}
    assert december["租户00"] == D(11)
    # A reader who sees fewer meters sees fewer tenants, not the park's.
    one = Meter.objects.filter(pk=meters[0].pk)
    assert [t.enterprise.name for t in selectors.tenant_ranking(one, NOV)] == ["租户00"]


def test_tie_is_broken_by_name_and_zero_use_counts(world, building):
    a = tenant(world, building, 1, name="甲方")  # first by meter code, second by name
    b = tenant(world, building, 2, name="乙方")
    idle = tenant(world, building, 3, name="丙方")
    for m in (a, b):
        send(world.alpha, m.point, month_edges(D(100), D(10)))
    ranking = selectors.tenant_ranking(Meter.objects.filter(pk__in=[a.pk, b.pk, idle.pk]), NOV)
    names = sorted(["乙方", "甲方"])
    assert [(t.enterprise.name, t.used) for t in ranking] == [
        (names[0], D(10)),
        (names[1], D(10)),
        ("丙方", D(0)),
    ]


def test_load_curve_of_a_day_by_hand(world, building):
    p = point(world.alpha, "B-MAIN")
    main = meter(world.alpha, "B-MAIN", scope=Meter.Scope.BUILDING, building=building, pt=p, multiplier=2)
    day = dt.date(2026, 11, 10)
    readings = [
        (local(2026, 11, 9, 23, 45), D(990)),  # 23:45–00:00 is the 9th's last quarter-hour
        (local(2026, 11, 10, 0, 0), D(1000)),
        (local(2026, 11, 10, 0, 15), D(1004)),
        (local(2026, 11, 10, 0, 20), D(1005)),  # two readings in one quarter-hour
        (local(2026, 11, 10, 0, 30), D(1010)),
        # no readings 00:30–02:00: a gap longer than the device's 30 minutes
        (local(2026, 11, 10, 2, 0), D(1040)),
        (local(2026, 11, 10, 23, 45), D(1100)),
        (local(2026, 11, 11, 0, 0), D(1103)),  # ends the 10th's last quarter-hour
        (local(2026, 11, 11, 0, 15), D(1200)),  # the 11th's
    ]
    send(world.alpha, p, readings)
    ten = tenant(world, building, 1)  # a tenant submeter is not the building's load
    send(world.alpha, ten.point, [(local(2026, 11, 10, 0, 0), D(0)), (local(2026, 11, 10, 0, 15), D(500))])

    curve = selectors.load_curve(Meter.objects.filter(park=world.alpha), building, day)

    assert curve.meters == [main]
    expected = {
        local(2026, 11, 10, 0, 0): D(4) * 2,  # 1000 → 1004
        local(2026, 11, 10, 0, 15): D(6) * 2,  # 1004 → 1005 (00:20) → 1010 (00:30)
        local(2026, 11, 10, 1, 45): D(30) * 2,  # across the gap: whole, where the gap ends
        local(2026, 11, 10, 23, 30): D(60) * 2,  # 02:00 → 23:45, across the day's long gap
        local(2026, 11, 10, 23, 45): D(3) * 2,
    }
    assert {q.start: q.kwh for q in curve.quarters} == expected
    assert [q.start for q in curve.quarters] == sorted(expected)
    assert all(q.start.tzinfo is not None and q.start.astimezone(TZ).date() == day for q in curve.quarters)
    assert curve.peak.start == local(2026, 11, 10, 23, 30) and curve.peak.kw == D(480)
    empty = selectors.load_curve(Meter.objects.filter(pk=main.pk), building, dt.date(2026, 11, 12))
    assert empty.quarters == [] and empty.peak is None


def test_monthly_by_building_by_hand_and_as_the_overview_shows_it(world, building):
    other = Building.objects.create(park=world.alpha, code="B2", name="二号楼", gross_area=D(1))
    mains = []
    for n, (b, used) in enumerate(((building, D(300)), (other, D(40)))):
        p = point(world.alpha, f"MAIN{n}")
        mains.append(
            meter(world.alpha, f"MAIN{n}", scope=Meter.Scope.BUILDING, building=b, pt=p, multiplier=n + 1)
        )
        send(world.alpha, p, month_edges(D(100), used))
    ten = tenant(world, building, 1)  # a tenant's submeter is not its building's line
    send(world.alpha, ten.point, month_edges(D(100), D(1000)))
    months = [dt.date(2026, 10, 1), NOV, dt.date(2026, 12, 1)]

    lines = selectors.monthly_by_building(Meter.objects.filter(park=world.alpha), months)

    assert [line.by_month for line in lines] == [[D(7), D(300), D(11)], [D(14), D(80), D(22)]]
    assert [line.label.split(" · ")[0] for line in lines] == [str(building), str(other)]
    rep = selectors.report(world.alpha, Meter.objects.filter(park=world.alpha), months)
    assert [(x.label, x.by_month) for x in rep.buildings] == [(x.label, x.by_month) for x in lines]
    assert selectors.monthly_by_building(Meter.objects.filter(pk=ten.pk), months) == []


def test_a_virtual_submeter_counts_for_its_tenant(world, building):
    from parkops.energy.tests.factories import term

    real = tenant(world, building, 1, name="甲方")
    other = tenant(world, building, 2, name="乙方")
    send(world.alpha, real.point, month_edges(D(100), D(30)))
    send(world.alpha, other.point, month_edges(D(100), D(50)))
    # 乙方 also has a virtual submeter equal to 甲方's meter (a shared supply, say).
    shared = meter(
        world.alpha,
        "V-SHARED",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=other.enterprise,
        virtual=True,
    )
    term(shared, real, 1)
    ranking = selectors.tenant_ranking(Meter.objects.filter(park=world.alpha), NOV)
    assert [(t.enterprise.name, t.used, t.meters) for t in ranking] == [
        ("乙方", D(80), 2),
        ("甲方", D(30), 1),
    ]
