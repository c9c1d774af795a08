"""Alarms open a work order and clear when the condition ends; a pollutant threshold opens the
environment module's exceedance loop; silent devices raise an offline alarm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.core.services import create_object
from parkops.engineering.models import WorkOrder
from parkops.environment.models import Exceedance, MonitoringPoint, PollutantLimit
from parkops.telemetry import alarms
from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import Alarm, AlarmRule, Device, Point, Quantity, Severity

from .factories import at, meter, sensor

pytestmark = pytest.mark.django_db


def send(world, point, ts, value):
    return ingest(
        park=world.alpha,
        readings=[{"device": point.device.code, "point": point.code, "ts": ts.isoformat(), "value": value}],
        source="http",
    )


def rule(world, **data):
    return create_object(
        model=AlarmRule, data={"park": world.alpha, "severity": Severity.CRITICAL, **data}, by=world.admin
    )


def test_threshold_alarm_opens_work_order_and_clears(world, clock_at):
    clock_at(at(7, 12))
    point = sensor(world)
    high = rule(
        world, name="机房高温", point=point, condition=AlarmRule.Condition.ABOVE, threshold=Decimal(35)
    )
    send(world, point, at(7, 10), 30)
    assert not Alarm.objects.exists()
    send(world, point, at(7, 10, 5), 38)
    alarm = Alarm.objects.get()
    assert alarm.status == Alarm.Status.OPEN and alarm.rule == high and alarm.value == 38
    order = WorkOrder.objects.get(alarm_ref=alarm.alarm_ref)
    assert alarm.work_order == order and order.priority == "urgent"
    send(world, point, at(7, 10, 10), 39)  # still above: no second alarm or order
    assert Alarm.objects.count() == 1 and WorkOrder.objects.filter(alarm_ref=alarm.alarm_ref).count() == 1
    send(world, point, at(7, 10, 15), 25)
    alarm.refresh_from_db()
    assert alarm.status == Alarm.Status.CLEARED and alarm.cleared_at is not None


def test_offline_alarm_and_recovery(world, clock_at):
    clock_at(at(7, 12))
    point = meter(world, interval=30)
    rule(
        world,
        name="电表离线",
        device_kind=Device.Kind.ELECTRICITY,
        condition=AlarmRule.Condition.OFFLINE,
        minutes=60,
    )
    send(world, point, at(7, 11, 45), 100)
    assert alarms.check_offline() == []
    assert point.device.__class__.objects.get(pk=point.device_id).online
    clock_at(at(7, 13))
    opened = alarms.check_offline()
    assert len(opened) == 1 and opened[0].device == point.device
    assert not Device.objects.get(pk=point.device_id).online
    assert alarms.check_offline() == []  # still one alarm
    send(world, point, at(7, 12, 55), 101)
    assert Alarm.objects.get().status == Alarm.Status.CLEARED


def test_unusual_hour_against_earlier_weeks(world, clock_at):
    clock_at(at(21, 12))
    point = meter(world)
    rule(
        world, name="用电异常", point=point, condition=AlarmRule.Condition.UNUSUAL, factor=Decimal(2), weeks=2
    )
    value = Decimal(0)
    for day in (7, 14):
        for minute in (0, 60):
            value += 10 if minute else 0
            send(world, point, at(day, 10) + dt.timedelta(minutes=minute), value)
    send(world, point, at(21, 10), value)
    send(world, point, at(21, 11), value + 15)  # 15 against 10: not yet twice
    send(world, point, at(21, 11, 5), value + 16)
    assert not Alarm.objects.exists()
    send(world, point, at(21, 12), value + 60)  # hour 11–12: 45 against no earlier data: nothing
    assert not Alarm.objects.exists()
    # Now the earlier weeks have hour 11–12 too.
    for day in (7, 14):
        send(world, point, at(day, 12), Decimal(10) * (1 if day == 7 else 2) + 5)
    alarm = Alarm.objects.get()  # 45 in the hour against 5 on average
    assert alarm.value == 45 and alarm.point == point and alarm.work_order is not None


def test_pollutant_threshold_opens_exceedance(world, clock_at):
    clock_at(at(7, 12))
    station = create_object(
        model=MonitoringPoint,
        data={"park": world.alpha, "kind": "wastewater", "name": "总排口", "location": "南门"},
        by=world.admin,
    )
    limit = create_object(
        model=PollutantLimit,
        data={
            "point": station,
            "pollutant": "COD",
            "unit": "mg/L",
            "limit": Decimal(500),
            "standard": "GB 8978-1996 三级",
        },
        by=world.admin,
    )
    device = create_object(
        model=Device,
        data={
            "park": world.alpha,
            "code": "WW-01",
            "name": "总排口在线监测",
            "kind": Device.Kind.ENVIRONMENT,
            "pollution_point": station,
        },
        by=world.admin,
    )
    point = create_object(
        model=Point,
        data={
            "device": device,
            "code": "cod",
            "name": "COD",
            "quantity": Quantity.POLLUTANT,
            "unit": "mg/L",
            "pollutant_limit": limit,
        },
        by=world.admin,
    )
    rule(world, name="COD 超标", point=point, condition=AlarmRule.Condition.ABOVE, threshold=Decimal(500))
    send(world, point, at(7, 10), 620)
    exceedance = Exceedance.objects.get(point=station)
    assert exceedance.status == Exceedance.Status.OPEN and exceedance.reading.value == 620
    send(world, point, at(7, 11), 320)
    exceedance.refresh_from_db()
    assert exceedance.status == Exceedance.Status.CLOSED and exceedance.closing_reading.value == 320
    assert Alarm.objects.get().status == Alarm.Status.CLEARED
