"""Small factories for telemetry tests: a device with points in a park of the test world."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parkops.core.services import create_object
from parkops.telemetry.models import Device, Point, Quantity

SH = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int = 0, minute: int = 0, month: int = 12, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


def meter(world, park=None, *, code="M1", kind=Device.Kind.ELECTRICITY, interval=30, **point) -> Point:
    park = park or world.alpha
    device = create_object(
        model=Device,
        data={
            "park": park,
            "code": code,
            "name": f"电表{code}",
            "kind": kind,
            "expected_interval_minutes": interval,
        },
        by=world.admin if park == world.alpha else world.admin_beta,
    )
    data = {
        "device": device,
        "code": "kwh",
        "name": "正向有功电能",
        "quantity": Quantity.ENERGY,
        "unit": "kWh",
        "min_value": Decimal(0),
        "max_value": Decimal(99999999),
        "cumulative": True,
        **point,
    }
    return create_object(model=Point, data=data, by=world.admin if park == world.alpha else world.admin_beta)


def sensor(world, *, code="T1", **point) -> Point:
    device = create_object(
        model=Device,
        data={"park": world.alpha, "code": code, "name": f"温度{code}", "kind": Device.Kind.ENVIRONMENT},
        by=world.admin,
    )
    data = {
        "device": device,
        "code": "temp",
        "name": "温度",
        "quantity": Quantity.TEMPERATURE,
        "unit": "℃",
        "min_value": Decimal(-40),
        "max_value": Decimal(80),
        **point,
    }
    return create_object(model=Point, data=data, by=world.admin)
