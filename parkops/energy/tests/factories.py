"""Small builders for energy tests: a telemetry meter point, an energy meter on it, readings
sent through telemetry's real ingest (so rollups are what production computes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from parkops.energy.models import Meter, VirtualMeterTerm
from parkops.telemetry.models import Device, Point

TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def point(park, code: str, kind=Device.Kind.ELECTRICITY) -> Point:
    device = Device.objects.create(park=park, code=code, name=code, kind=kind)
    return Point.objects.create(
        device=device, code="kwh", name="kWh", quantity="energy", unit="kWh", cumulative=True, min_value=0
    )


def meter(park, code, *, scope, level=2, category="01000", pt=None, virtual=False, **extra) -> Meter:
    return Meter.objects.create(
        park=park,
        code=code,
        name=code,
        scope=scope,
        level=level,
        category=category,
        point=pt,
        virtual=virtual,
        **extra,
    )


def term(virtual: Meter, source: Meter, sign: int = 1) -> VirtualMeterTerm:
    return VirtualMeterTerm.objects.create(meter=virtual, source=source, sign=sign)


def send(park, pt: Point, pairs) -> None:
    from parkops.telemetry.ingest import ingest

    result = ingest(
        park=park,
        readings=[
            {"device": pt.device.code, "point": pt.code, "ts": ts.isoformat(), "value": float(value)}
            for ts, value in pairs
        ],
        source="http",
    )
    assert not result.rejected, result.rejected


D = Decimal
