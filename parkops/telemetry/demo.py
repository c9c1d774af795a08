"""The demo park's devices and live data: a main electricity meter and a water meter per building,
sub-meters for public areas and the largest tenants, a PV inverter, environment sensors, the
wastewater outlet's online monitor, and the safety monitoring system's cameras and alarm points
reporting their heartbeats (row 25's running share comes from these reports).

History: ``DEMO_DAYS`` days (default 63: the energy analysis judges each hour of the last week
against the same hour of the eight weeks before it; ``PARKOPS_DEMO_TELEMETRY_DAYS`` to change,
up to a year, which adds about 20 s to the build) of 15-minute readings for the meters,
bulk-inserted with rollups computed. The months before are the energy part's monthly register
readings. Deliberate faults for the pages to show: one meter replaced (with its replacement
record), one counter that wrapped, a two-hour gap in one meter, a tenant's air conditioning left
on through one night two days ago (the energy analysis flags those hours), one sensor offline
(an open alarm with its work order), and two quarantined readings (a value out of range, a
conflicting re-send) waiting for review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.demo.context import DemoContext
from parkops.core.models import Unit
from parkops.env import env_int
from parkops.telemetry import alarms, services
from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import AlarmRule, Device, Point, Quantity, Severity
from parkops.telemetry.rollups import LOCAL, floor15
from parkops.telemetry.simulation import increments, peak_kw, register_series

DEMO_DAYS = env_int("PARKOPS_DEMO_TELEMETRY_DAYS", 63, minimum=1, maximum=366)
LEFT_ON = "E-T01"  # the tenant submeter whose air conditioning ran through a night
METER_POINT = {
    Device.Kind.ELECTRICITY: ("kwh", "正向有功电能", Quantity.ENERGY, "kWh"),
    Device.Kind.WATER: ("m3", "累计用水量", Quantity.WATER, "m³"),
    Device.Kind.GAS: ("m3", "累计用气量", Quantity.GAS, "m³"),
    Device.Kind.HEAT: ("gj", "累计冷量", Quantity.HEAT, "GJ"),
}


def exists(ctx: DemoContext) -> bool:
    return Device.objects.filter(park=ctx.park).exists()


def _meter(ctx, code, name, kind, *, building=None, unit=None, location="", rollover=None) -> Point:
    device = ctx.create(
        Device,
        park=ctx.park,
        code=code,
        name=name,
        kind=kind,
        building=building,
        unit=unit,
        location=location,
        expected_interval_minutes=30,
        installed_on=ctx.today - dt.timedelta(days=400),
    )
    point_code, point_name, quantity, unit_name = METER_POINT[kind]
    return ctx.create(
        Point,
        device=device,
        code=point_code,
        name=point_name,
        quantity=quantity,
        unit=unit_name,
        min_value=Decimal(0),
        max_value=rollover or Decimal("99999999"),
        cumulative=True,
        rollover=rollover,
    )


def build(ctx: DemoContext) -> None:
    rng = ctx.rng_for("telemetry")
    now = clock.now()
    end = floor15(now)
    start = end - dt.timedelta(days=DEMO_DAYS)
    buildings = list(ctx.park.buildings.order_by("code"))
    meters: list[Point] = []
    for b in buildings:
        meters.append(
            _meter(
                ctx,
                f"E-{b.code}-00",
                f"{b.name}总电表",
                Device.Kind.ELECTRICITY,
                building=b,
                location="配电房",
            )
        )
        meters.append(
            _meter(
                ctx,
                f"E-{b.code}-PUB",
                f"{b.name}公共区域电表",
                Device.Kind.ELECTRICITY,
                building=b,
                location="强电井",
            )
        )
        meters.append(
            _meter(ctx, f"W-{b.code}-00", f"{b.name}总水表", Device.Kind.WATER, building=b, location="水表井")
        )
    leased = list(
        Unit.objects.filter(floor__building__park=ctx.park, state="leased")
        .select_related("floor__building", "enterprise")
        .order_by("-area")[:4]
    )
    for i, unit in enumerate(leased, start=1):
        meters.append(
            _meter(
                ctx,
                f"E-T{i:02d}",
                f"{unit.enterprise.name} 分户电表",
                Device.Kind.ELECTRICITY,
                building=unit.floor.building,
                unit=unit,
                location=str(unit),
                rollover=Decimal("100000") if i == 2 else None,
            )
        )
    pv_device = ctx.create(
        Device,
        park=ctx.park,
        code="PV-01",
        name="屋顶光伏逆变器",
        kind=Device.Kind.EQUIPMENT,
        building=buildings[0] if buildings else None,
        location="屋面",
        expected_interval_minutes=30,
    )
    pv = ctx.create(
        Point,
        device=pv_device,
        code="kwh",
        name="累计发电量",
        quantity=Quantity.PV,
        unit="kWh",
        min_value=Decimal(0),
        max_value=Decimal("99999999"),
        cumulative=True,
    )
    meters.append(pv)

    # History, bulk-loaded: one audit entry per device for the load.
    replaced, gapped = meters[0], meters[1]
    used = {}  # what each meter measured, before its faults (a wrap, a gap, a replacement)
    for point in meters:
        initial = Decimal(rng.randint(20_000, 80_000)) if point.rollover is None else Decimal("99000")
        used[point] = register_series(point, start, end + dt.timedelta(minutes=1), rng, initial=initial)
        if point.device.code == LEFT_ON:
            used[point] = left_on(used[point], end - dt.timedelta(days=2), peak_kw(point))
    for main in meters:
        if main.device.code.startswith("E-") and main.device.code.endswith("-00"):
            below = [
                p
                for p in meters
                if p is not main
                and p.quantity == Quantity.ENERGY
                and p.device.building_id == main.device.building_id
            ]
            used[main] = carrying(used[main], [used[p] for p in below])
    for point in meters:
        series = used[point]
        if point.rollover is not None:
            series = [(ts, v % point.rollover) for ts, v in series]  # the counter wraps
        if point is gapped:
            cut = start + dt.timedelta(days=DEMO_DAYS // 2, hours=3)
            series = [(ts, v) for ts, v in series if not cut <= ts < cut + dt.timedelta(hours=2)]
        if point is replaced:
            at = start + dt.timedelta(days=max(1, DEMO_DAYS - 5), hours=10, minutes=5)
            old_final = next(v for ts, v in series if ts > at) - Decimal("3.2")
            series = [(ts, v if ts < at else v - old_final + Decimal("1.5")) for ts, v in series]
        services.load_history(point=point, readings=series)
        if point is replaced:
            services.record_meter_replacement(
                point=point,
                replaced_at=at,
                old_final_value=old_final,
                new_initial_value=Decimal("0"),
                note="电表故障更换，新表起码 0",
                by=ctx.admin,
            )
        device = point.device
        Device.objects.filter(pk=device.pk).update(last_seen_at=series[-1][0])
        audit.record(
            action="create",
            event="telemetry.history",
            object_type="telemetry.reading",
            object_id=device.code,
            object_repr=str(device),
            by=ctx.admin,
            park_id=ctx.park.pk,
            after={
                "readings": len(series),
                "from": series[0][0].isoformat(),
                "to": series[-1][0].isoformat(),
            },
        )

    # Environment sensors report their last day through the ingest, as a gateway would.
    sensors = []
    for code, name, quantity, unit, lo, hi in (
        ("ENV-01", "园区东门空气质量", Quantity.PM25, "μg/m³", 0, 1000),
        ("ENV-02", "A栋大堂温度", Quantity.TEMPERATURE, "℃", -40, 80),
        ("ENV-03", "园区北侧噪声", Quantity.NOISE, "dB(A)", 20, 140),
    ):
        device = ctx.create(
            Device,
            park=ctx.park,
            code=code,
            name=name,
            kind=Device.Kind.ENVIRONMENT,
            location=name,
            expected_interval_minutes=30,
        )
        sensors.append(
            ctx.create(
                Point,
                device=device,
                code=quantity,
                name=name,
                quantity=quantity,
                unit=unit,
                min_value=Decimal(lo),
                max_value=Decimal(hi),
            )
        )
    for point in sensors:
        silent = point.device.code == "ENV-03"  # the sensor that went offline
        until = end - dt.timedelta(hours=6) if silent else end
        readings = [
            {"device": point.device.code, "point": point.code, "ts": ts.isoformat(), "value": float(v)}
            for ts, v in increments(point, end - dt.timedelta(days=1), until + dt.timedelta(minutes=1), rng)
        ]
        ingest(park=ctx.park, readings=readings, source="http", by=ctx.admin, check_alarms=False)
    # Two readings for review: a PM2.5 value beyond the sensor's range, and a conflicting re-send.
    pm = sensors[0]
    ingest(
        park=ctx.park,
        readings=[
            {
                "device": "ENV-01",
                "point": pm.code,
                "ts": (end - dt.timedelta(hours=2)).isoformat(),
                "value": 1500,
            },
            {
                "device": "ENV-01",
                "point": pm.code,
                "ts": (end - dt.timedelta(hours=3)).isoformat(),
                "value": 999,
            },
        ],
        source="http",
        by=ctx.admin,
        check_alarms=False,
    )

    # The safety monitoring system's devices report through here: row 25's running share.
    _safety_devices(ctx, end)
    _pollution_monitor(ctx, end, rng)

    # Rules: meters and sensors silent for an hour, lobby temperature, unusual consumption.
    ctx.create(
        AlarmRule,
        park=ctx.park,
        name="传感器离线",
        device_kind=Device.Kind.ENVIRONMENT,
        condition=AlarmRule.Condition.OFFLINE,
        minutes=60,
        severity=Severity.WARNING,
    )
    ctx.create(
        AlarmRule,
        park=ctx.park,
        name="电表离线",
        device_kind=Device.Kind.ELECTRICITY,
        condition=AlarmRule.Condition.OFFLINE,
        minutes=60,
        severity=Severity.WARNING,
    )
    ctx.create(
        AlarmRule,
        park=ctx.park,
        name="大堂温度过高",
        point=sensors[1],
        condition=AlarmRule.Condition.ABOVE,
        threshold=Decimal("30"),
        severity=Severity.WARNING,
    )
    if meters:
        ctx.create(
            AlarmRule,
            park=ctx.park,
            name=f"{meters[0].device.name}用电异常",
            point=meters[0],
            condition=AlarmRule.Condition.UNUSUAL,
            factor=Decimal("1.8"),
            weeks=2,
            severity=Severity.WARNING,
        )
    alarms.check_offline(ctx.park)
    ctx.note(
        f"telemetry: {len(meters)} meters with {DEMO_DAYS} days of 15-minute readings "
        f"(PARKOPS_DEMO_TELEMETRY_DAYS), {len(sensors)} sensors; simulate more with "
        f"`parkops simulate --park {ctx.park.code}`"
    )


def carrying(main: list[tuple[dt.datetime, Decimal]], below: list[list[tuple[dt.datetime, Decimal]]]):
    """A building's main register carrying what the meters below it used (its public areas'
    and its tenants' submeters), so that public use (main − tenants) is what it is on site."""
    out = []
    for i, (ts, value) in enumerate(main):
        for series in below:
            when, reading = series[i]
            assert when == ts, "the demo's meters read at the same quarter-hours"
            value += reading - series[0][1]
        out.append((ts, value))
    return out


def left_on(series: list[tuple[dt.datetime, Decimal]], day: dt.datetime, peak: float):
    """The register ``series`` with day-time load (80 % of ``peak`` kW) added from 01:00 to
    05:00 (Asia/Shanghai) of ``day``'s date: every later value carries the extra kWh."""
    local = day.astimezone(LOCAL).replace(hour=1, minute=0, second=0, microsecond=0)
    since, until = local, local + dt.timedelta(hours=4)
    per_quarter = Decimal(str(round(peak * 0.8 / 4, 2)))
    out, extra = [], Decimal(0)
    for ts, value in series:
        if since < ts <= until:  # a register value at ts closes the quarter ending at ts
            extra += per_quarter
        out.append((ts, value + extra))
    return out


def _safety_devices(ctx, end) -> None:
    from parkops.safety.models import MonitoringDevice

    # The alarm points and a few cameras that report (a dozen keeps the demo build quick); the
    # others keep the reports the safety part stands in with.
    linked = list(
        MonitoringDevice.objects.filter(park=ctx.park, last_seen_at__gte=end - dt.timedelta(days=1)).order_by(
            "kind", "name"
        )[:12]
    )
    readings = []
    for md in linked:
        device = ctx.create(
            Device,
            park=ctx.park,
            code=md.name,
            name=md.name,
            kind=Device.Kind.CAMERA if md.kind == "camera" else Device.Kind.ALARM_PANEL,
            location=md.location,
            expected_interval_minutes=10,
            monitoring_device=md,
        )
        ctx.create(
            Point,
            device=device,
            code="status",
            name="运行状态",
            quantity=Quantity.STATUS,
            unit="",
            min_value=Decimal(0),
            max_value=Decimal(1),
        )
        readings.append({"device": device.code, "point": "status", "ts": clock.now().isoformat(), "value": 1})
    if readings:
        ingest(park=ctx.park, readings=readings, source="mqtt", by=ctx.admin, check_alarms=False)


def _pollution_monitor(ctx, end, rng) -> None:
    from parkops.environment.models import PollutantLimit

    limit = (
        PollutantLimit.objects.filter(point__park=ctx.park, point__kind="wastewater", pollutant="COD")
        .select_related("point")
        .order_by("pk")
        .first()
    )
    if limit is None:
        return
    device = ctx.create(
        Device,
        park=ctx.park,
        code="WW-COD-01",
        name=f"{limit.point.name}在线监测仪",
        kind=Device.Kind.ENVIRONMENT,
        location=limit.point.location,
        expected_interval_minutes=60,
        pollution_point=limit.point,
    )
    point = ctx.create(
        Point,
        device=device,
        code="cod",
        name="化学需氧量",
        quantity=Quantity.POLLUTANT,
        unit=limit.unit,
        min_value=Decimal(0),
        max_value=Decimal(5000),
        pollutant_limit=limit,
    )
    ctx.create(
        AlarmRule,
        park=ctx.park,
        name="COD 超过排放限值",
        point=point,
        condition=AlarmRule.Condition.ABOVE,
        threshold=limit.limit,
        severity=Severity.CRITICAL,
    )
    readings = [
        {"device": device.code, "point": "cod", "ts": ts.isoformat(), "value": float(v)}
        for ts, v in increments(point, end - dt.timedelta(hours=12), end + dt.timedelta(minutes=1), rng)
        if ts.minute == 0
    ]
    ingest(park=ctx.park, readings=readings, source="http", by=ctx.admin, check_alarms=False)
