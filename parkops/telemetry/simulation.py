"""Believable readings for the demo park's meters and sensors, used by the demo history and by
``parkops simulate``: weekday/weekend and day/night load shapes, PV by daylight, temperature
through the day. Deterministic for a given seed, so the demo is the same on every build."""

from __future__ import annotations

import datetime as dt
import math
import random
import zlib
from decimal import Decimal

from parkops.telemetry.models import Point, Quantity
from parkops.telemetry.rollups import LOCAL, floor15

STEP = dt.timedelta(minutes=15)
Q = Decimal("0.01")


def load_factor(local: dt.datetime) -> float:
    """Share of peak load of an office/R&D building at this local time (0.15 … 1.0)."""
    hour = local.hour + local.minute / 60
    weekday = local.weekday() < 5
    if weekday and 8 <= hour < 19:
        # Morning ramp, lunch dip, afternoon plateau.
        shape = 0.75 + 0.25 * math.sin(math.pi * (hour - 8) / 11)
        if 12 <= hour < 13.5:
            shape -= 0.15
        return shape
    if weekday and (7 <= hour < 8 or 19 <= hour < 22):
        return 0.4
    return 0.18 if weekday else 0.22 if 9 <= hour < 18 else 0.15


def daylight(local: dt.datetime) -> float:
    """PV output share: a half sine between 06:30 and 18:30 (Shenzhen, winter-ish)."""
    hour = local.hour + local.minute / 60
    if not 6.5 <= hour <= 18.5:
        return 0.0
    return math.sin(math.pi * (hour - 6.5) / 12)


def peak_kw(point: Point) -> float:
    """Peak load of a meter, from its name's building size (demo scale)."""
    return 40.0 + (zlib.crc32(point.device.code.encode()) % 7) * 20.0


def increments(point: Point, start: dt.datetime, end: dt.datetime, rng: random.Random):
    """(ts, value-change or value) per 15 minutes in [start, end): a cumulative point yields the
    consumption of the quarter ending at ts; other points yield the measured value."""
    ts = floor15(start)
    peak = peak_kw(point)
    while ts < end:
        local = ts.astimezone(LOCAL)
        if point.quantity == Quantity.PV:
            value = peak * 0.8 * daylight(local) * rng.uniform(0.7, 1.0) / 4
        elif point.quantity in (Quantity.ENERGY,):
            value = peak * load_factor(local) * rng.uniform(0.9, 1.1) / 4
        elif point.quantity in (Quantity.WATER, Quantity.GAS):
            value = peak / 40 * load_factor(local) * rng.uniform(0.8, 1.2) / 4
        elif point.quantity == Quantity.HEAT:
            value = peak / 300 * load_factor(local) * rng.uniform(0.8, 1.2) / 4
        elif point.quantity == Quantity.TEMPERATURE:
            value = 19 + 5 * math.sin(math.pi * (local.hour - 8) / 12) + rng.uniform(-0.5, 0.5)
        elif point.quantity == Quantity.HUMIDITY:
            value = 65 + rng.uniform(-8, 8)
        elif point.quantity == Quantity.PM25:
            value = 22 + 10 * load_factor(local) + rng.uniform(-4, 4)
        elif point.quantity == Quantity.NOISE:
            value = 48 + 10 * load_factor(local) + rng.uniform(-2, 2)
        elif point.quantity == Quantity.POLLUTANT:
            value = 180 + 80 * load_factor(local) + rng.uniform(-20, 20)
        else:
            value = 1.0
        yield ts, Decimal(str(round(value, 2))).quantize(Q)
        ts += STEP


def register_series(
    point: Point, start: dt.datetime, end: dt.datetime, rng: random.Random, *, initial: Decimal
):
    """Cumulative register readings of a point from ``initial``: [(ts, register value)]."""
    value = initial
    out = []
    for ts, used in increments(point, start, end, rng):
        value += used
        out.append((ts, value))
    return out
