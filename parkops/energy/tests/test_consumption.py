"""Consumption from rollups through the meter tree, carbon from dated factors, GB 17167
coverage, time-of-use cost and measured savings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.core.models import Building
from parkops.energy import selectors
from parkops.energy.models import EmissionFactor, EnergySavingMeasure, MajorEquipment, Meter, TariffPeriod
from parkops.energy.tests.factories import at, meter, point, send, term

pytestmark = pytest.mark.django_db
NOV = dt.date(2026, 11, 1)


@pytest.fixture
def tree(world, clock_at):
    """ALPHA's A栋: a building meter, 甲 (multiplier 2) and 乙 tenant meters, and the public
    areas as building − tenants; November 2026 readings."""
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    building = Building.objects.get(park=park)
    p_b, p_a, p_bb = point(park, "B-MAIN"), point(park, "T-A"), point(park, "T-B")
    main = meter(park, "A-MAIN", scope=Meter.Scope.BUILDING, building=building, pt=p_b)
    ten_a = meter(
        park,
        "A-T1",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=world.ent_a,
        pt=p_a,
        multiplier=2,
        parent=main,
    )
    ten_b = meter(
        park,
        "A-T2",
        scope=Meter.Scope.TENANT,
        building=building,
        enterprise=world.ent_b,
        pt=p_bb,
        parent=main,
    )
    public = meter(park, "A-PUB", scope=Meter.Scope.PUBLIC, building=building, virtual=True, parent=main)
    term(public, main, 1)
    term(public, ten_a, -1)
    term(public, ten_b, -1)
    send(park, p_b, [(at(2026, 11, 1), 0), (at(2026, 11, 15), 1000), (at(2026, 12, 1), 2500)])
    send(park, p_a, [(at(2026, 11, 1), 0), (at(2026, 11, 15), 200), (at(2026, 12, 1), 400)])
    send(park, p_bb, [(at(2026, 11, 1), 0), (at(2026, 11, 15), 300), (at(2026, 12, 1), 700)])
    return {"park": park, "main": main, "a": ten_a, "b": ten_b, "public": public}


def test_building_month_equals_tenants_plus_public_areas(tree):
    months = [NOV]
    by = selectors.monthly_by_meter([tree["main"], tree["a"], tree["b"], tree["public"]], months)
    building = by[tree["main"].pk][NOV]
    tenants = by[tree["a"].pk][NOV] + by[tree["b"].pk][NOV]
    assert building == Decimal(2500)
    assert by[tree["a"].pk][NOV] == Decimal(800)  # 400 kWh on the register × multiplier 2
    assert by[tree["public"].pk][NOV] == Decimal(1000)
    assert building == tenants + by[tree["public"].pk][NOV]
    rep = selectors.report(tree["park"], Meter.objects.filter(park=tree["park"]), months)
    assert [line.by_month for line in rep.buildings] == [[Decimal(2500)]]
    assert {line.label.split(" · ")[0]: line.by_month[0] for line in rep.tenants} == {
        "甲企业": Decimal(800),
        "乙企业": Decimal(700),
    }


def test_virtual_meter_of_a_virtual_meter(tree):
    park = tree["park"]
    twice = meter(park, "TWICE", scope=Meter.Scope.PUBLIC, building=tree["main"].building, virtual=True)
    term(twice, tree["public"])
    term(twice, tree["b"])
    by = selectors.monthly_by_meter([twice], [NOV])
    assert by[twice.pk][NOV] == Decimal(1700)


def test_virtual_meter_cannot_use_itself(tree):
    from django.core.exceptions import ValidationError

    from parkops.energy.models import VirtualMeterTerm

    with pytest.raises(ValidationError):
        VirtualMeterTerm(meter=tree["public"], source=tree["public"]).full_clean()
    outer = meter(
        tree["park"], "OUTER", scope=Meter.Scope.PUBLIC, building=tree["main"].building, virtual=True
    )
    term(outer, tree["public"])
    with pytest.raises(ValidationError):  # public → outer → public
        VirtualMeterTerm(meter=tree["public"], source=outer).full_clean()


def test_carbon_is_consumption_times_the_factor_of_the_readings_year(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    p = point(park, "PARK-IN")
    main = meter(park, "PARK-IN", scope=Meter.Scope.PARK, level=1, pt=p)
    send(
        park,
        p,
        [
            (at(2025, 12, 1), 0),
            (at(2025, 12, 20), 600),
            (at(2026, 1, 1), 1000),
            (at(2026, 11, 1), 5000),
            (at(2026, 11, 20), 5300),
            (at(2026, 12, 1), 7000),
        ],
    )
    for year, value in ((2025, "0.4042"), (2026, "0.5000")):
        EmissionFactor.objects.create(
            park=park, energy="01000", year=year, region="南方电网", value=Decimal(value), source="t"
        )
    months = [dt.date(2025, 12, 1), NOV]
    rep = selectors.report(park, [main], months)
    dec, nov = rep.carbon
    assert dec.by_kind["01000"][0] == Decimal(1000)
    assert dec.kg == Decimal(1000) * Decimal("0.4042")  # 2025's factor for a 2025 reading
    assert nov.by_kind["01000"][0] == Decimal(2000)
    assert nov.kg == Decimal(2000) * Decimal("0.5000")
    assert rep.carbon_kg == Decimal("404.2") + Decimal("1000")
    assert rep.headcount == 41  # 甲 20 + 乙 21
    assert rep.per_capita_kg == (Decimal("1404.2") / 41).quantize(Decimal("0.1"))


def test_missing_year_factor_is_reported_not_borrowed(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    p = point(park, "PARK-IN")
    main = meter(park, "PARK-IN", scope=Meter.Scope.PARK, level=1, pt=p)
    send(park, p, [(at(2026, 11, 1), 0), (at(2026, 12, 1), 100)])
    EmissionFactor.objects.create(
        park=park, energy="01000", year=2025, region="南方电网", value=Decimal("0.4"), source="t"
    )
    rep = selectors.report(park, [main], [NOV])
    assert rep.carbon[0].by_kind["01000"][1] is None
    assert rep.carbon_kg == 0
    assert rep.missing_factors == ["电 2026"]


def test_coverage_per_level(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    building = Building.objects.get(park=park)
    today = dt.date(2026, 12, 7)
    valid = {"calibrated_until": dt.date(2027, 6, 30)}
    main = meter(park, "IN", scope=Meter.Scope.PARK, level=1, **valid)
    meter(park, "BLD", scope=Meter.Scope.BUILDING, building=building, parent=main, **valid)
    meter(park, "T1", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_a, **valid)
    rows = {(r.level, r.kind): r for r in selectors.coverage(park, today).rows}
    assert rows[(1, "01000")].ok
    l2 = rows[(2, "01000")]
    assert (l2.expected, l2.metered, l2.ok, l2.missing) == (3, 2, False, ["乙企业"])
    t2 = meter(park, "T2", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_b, **valid)
    MajorEquipment.objects.create(park=park, name="冷水机组1", rated_kw=350, meter=t2)
    MajorEquipment.objects.create(park=park, name="冷水机组2", rated_kw=350)
    cov = selectors.coverage(park, today)
    rows = {(r.level, r.kind): r for r in cov.rows}
    assert rows[(2, "01000")].ok
    assert (rows[(3, "01000")].rate, rows[(3, "01000")].ok) == (Decimal("50.0"), False)
    assert not cov.uncalibrated
    # A water meter only at the building: water is in use, so the park needs a water inlet meter.
    meter(park, "W-BLD", scope=Meter.Scope.BUILDING, building=building, category="02000")
    cov = selectors.coverage(park, today)
    rows = {(r.level, r.kind): r for r in cov.rows}
    assert not rows[(1, "02000")].ok
    assert [m.code for m in cov.uncalibrated] == ["W-BLD"]


def test_time_of_use_cost_from_hourly_rollups(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    p = point(park, "IN")
    main = meter(park, "IN", scope=Meter.Scope.PARK, level=1, pt=p)
    send(park, p, [(at(2026, 11, 2, 2), 0), (at(2026, 11, 2, 3), 10), (at(2026, 11, 2, 14), 30)])
    for band, start, end, price in (
        ("valley", 0, 8, "0.25"),
        ("flat", 8, 10, "0.65"),
        ("peak", 10, 24, "1.05"),
    ):
        TariffPeriod.objects.create(
            park=park,
            band=band,
            start=dt.time(start),
            end=dt.time(end) if end < 24 else dt.time(0),
            price=Decimal(price),
            valid_from=dt.date(2026, 1, 1),
        )
    use, cost = selectors.tou_cost(main, dt.date(2026, 11, 2), dt.date(2026, 11, 2))
    assert use == Decimal(30)
    # 10 kWh in the 02:00 hour (valley) and 20 kWh counted in the 13:00 hour (peak): the hourly
    # rollup whose end the 14:00 reading falls on.
    assert cost == Decimal("2.50") + Decimal("21.00")


def test_saving_measured_before_and_after(world, clock_at):
    clock_at(at(2026, 12, 7, 12))
    park = world.alpha
    p = point(park, "LIGHT")
    m = meter(park, "LIGHT", scope=Meter.Scope.SYSTEM, level=2, category="01A20", pt=p)
    send(
        park,
        p,
        [(at(2026, 10, 1), 0), (at(2026, 10, 11), 1000), (at(2026, 11, 1), 1000), (at(2026, 11, 11), 1600)],
    )
    measure = EnergySavingMeasure.objects.create(
        park=park,
        name="走廊 LED 改造",
        kind="equipment",
        area="lighting",
        commissioned_on=dt.date(2026, 10, 20),
        meter=m,
        before_from=dt.date(2026, 10, 1),
        before_to=dt.date(2026, 10, 10),
        after_from=dt.date(2026, 11, 1),
        after_to=dt.date(2026, 11, 10),
    )
    saving = selectors.measured_saving(measure)
    assert (saving.before_per_day, saving.after_per_day, saving.percent) == (
        Decimal(100),
        Decimal(60),
        Decimal("40.0"),
    )
