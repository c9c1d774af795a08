"""Energy, carbon, devices, alarms and demand tiles equal the telemetry rollups and records
they read (skipped where those apps are not installed)."""

import datetime as dt
from decimal import Decimal

import pytest

energy_models = pytest.importorskip("parkops.energy.models")
if not hasattr(energy_models, "Meter"):
    pytest.skip("the energy app has no meters here", allow_module_level=True)

from parkops.core.models import Building  # noqa: E402
from parkops.energy.tests.factories import at, meter, point, send  # noqa: E402
from parkops.insight import selectors  # noqa: E402


def tile(user, park, key):
    return next(t for t in selectors.dashboard_tiles(user, park) if t.key == key)


def values(t):
    return {str(f.label): f.value for f in t.figures}


def test_energy_today_against_yesterday_and_last_week(world, clock_at):
    from parkops.energy.models import EmissionFactor, Meter

    clock_at(at(2026, 11, 18, 12))
    park = world.alpha
    assert tile(world.admin, park, "energy").empty == "尚未配置园区电表"
    pt = point(park, "PARK-MAIN")
    meter(park, "P-MAIN", scope=Meter.Scope.PARK, level=1, building=Building.objects.get(park=park), pt=pt)
    # Readings at midnight and noon: the day's consumption is the climb within the day.
    send(
        park,
        pt,
        [
            (at(2026, 11, 11, 0), 1000),
            (at(2026, 11, 11, 12), 1040),  # a week ago: 40
            (at(2026, 11, 17, 0), 2000),
            (at(2026, 11, 17, 12), 2100),  # yesterday by noon: 100
            (at(2026, 11, 17, 20), 2150),  # yesterday evening: later than now's hour, not compared
            (at(2026, 11, 18, 0), 2200),
            (at(2026, 11, 18, 11), 2255),  # today so far
        ],
    )
    energy = tile(world.admin, park, "energy")
    figures = values(energy)
    # Each day's figure covers the same hours, 00:00–13:00 (it is 12:00, the 12th hour begun).
    assert figures["今日用电（kWh）"] == Decimal("255") - Decimal("200")
    assert figures["昨日同时段（kWh）"] == Decimal("100")
    assert figures["上周同日同时段（kWh）"] == Decimal("40")
    assert energy.note == "各日均为 00:00–13:00 的用电"
    carbon = tile(world.admin, park, "carbon")
    month_use = values(carbon)["本月用电（kWh）"]
    assert month_use == Decimal("1255")  # 1000 → 2255 within November
    assert values(carbon)["碳排放（吨）"] is None  # no factor for 2026 yet: shown, flagged
    EmissionFactor.objects.create(
        park=park, energy="01000", year=2026, region="南方电网", value=Decimal("0.5366"), source="test"
    )
    assert values(tile(world.admin, park, "carbon"))["碳排放（吨）"] == (
        month_use * Decimal("0.5366") / 1000
    ).quantize(Decimal("0.01"))


def test_devices_online_follow_their_last_report(world, clock_at):
    from parkops.telemetry.models import Device

    clock_at(at(2026, 11, 18, 12))
    park = world.alpha
    for code, minutes_ago in (("D1", 5), ("D2", 10), ("D3", 600)):
        Device.objects.create(
            park=park,
            code=code,
            name=code,
            kind=Device.Kind.ELECTRICITY,
            expected_interval_minutes=30,
            last_seen_at=at(2026, 11, 18, 12) - dt.timedelta(minutes=minutes_ago),
        )
    Device.objects.create(park=park, code="D4", name="D4", kind=Device.Kind.ELECTRICITY)  # never reported
    figures = values(tile(world.admin, park, "devices"))
    assert figures["在线"] == 2 and figures["离线"] == 2 and figures["在线率"] == Decimal("50.0")
    assert tile(world.admin_beta, world.beta, "devices").empty
