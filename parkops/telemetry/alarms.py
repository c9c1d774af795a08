"""Alarms from the live data: thresholds, no data for N minutes, consumption unusual for the hour.

``check_points`` runs after every ingest for the points that received readings (threshold and
unusual-consumption rules; a device that reports clears its offline alarms); ``check_offline``
runs every five minutes (``tasks.py``) and on ``parkops telemetry-alarms``. An alarm opens a work
order through ``parkops.engineering.services.raise_alarm_order`` (which notifies the engineering
leads), notifies the park's digital and engineering staff, and clears when the condition ends. A
threshold alarm on a point linked to a pollutant limit also records the reading in the
environment module (``environment.services.record_reading``), which opens the exceedance loop
of 6.3.4.4 with its rectification notice; the first reading back under the limit is recorded
too and closes it as the passing re-test.

Alarms are written by the park's integration account (``integration_account``), the same
account the ``apikey`` command issues keys for, so the audit trail names who opened them.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import create_object
from parkops.notifications.services import Message, notify
from parkops.telemetry.models import Alarm, AlarmRule, Device, Point, Rollup, Severity
from parkops.telemetry.rollups import I1H, floor_hour

log = logging.getLogger(__name__)

CATEGORY = {
    Device.Kind.ELECTRICITY: "utilities",
    Device.Kind.WATER: "utilities",
    Device.Kind.GAS: "utilities",
    Device.Kind.HEAT: "hvac",
    Device.Kind.ALARM_PANEL: "fire",
    Device.Kind.CAMERA: "network",
}


def integration_account(park):
    """The park's integration account (role API client), created on first use."""
    from parkops.accounts.models import User
    from parkops.accounts.services import create_user

    found = (
        User.objects.filter(is_active=True, role=Role.API_CLIENT, parks=park, operator=park.operator_id)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    return create_user(
        by=None,
        username=f"api-{park.code.lower()}",
        password=secrets.token_urlsafe(32) + "-Aa1",  # never shown: the account works by key only
        role=Role.API_CLIENT,
        operator=park.operator,
        parks=[park],
        display_name=f"{park.name} 接口账号",
    )


def _staff(park) -> list:
    from parkops.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            role=Role.STAFF,
            department__in=(DepartmentKind.DIGITAL, DepartmentKind.ENGINEERING),
            parks=park,
        )
    )


def rules_for(point: Point) -> list[AlarmRule]:
    return list(
        AlarmRule.objects.filter(park_id=point.device.park_id, active=True).filter(
            Q(point=point) | Q(point__isnull=True, device_kind=point.device.kind)
        )
    )


def check_points(point_ids: list[int]) -> list[Alarm]:
    """Evaluate the threshold and unusual-consumption rules of these points, and clear the
    offline alarms of their devices (they just reported). Returns the alarms opened. Three
    queries for the points, their rules and their devices' open offline alarms, however many
    points; then work only where a rule applies."""
    opened: list[Alarm] = []
    points = list(Point.objects.filter(pk__in=point_ids).select_related("device__park", "pollutant_limit"))
    devices: dict[int, Device] = {}
    rules: list[AlarmRule] = []
    if points:
        rules = list(
            AlarmRule.objects.filter(park_id__in={p.device.park_id for p in points}, active=True).filter(
                Q(point_id__in=[p.pk for p in points])
                | Q(point__isnull=True, device_kind__in={p.device.kind for p in points})
            )
        )
    for point in points:
        devices[point.device_id] = point.device
        for rule in rules:
            if rule.park_id != point.device.park_id or not (
                rule.point_id == point.pk or (rule.point_id is None and rule.device_kind == point.device.kind)
            ):
                continue
            if rule.condition == AlarmRule.Condition.OFFLINE or point.last_value is None:
                continue
            holds, value, text = _evaluate(rule, point)
            with transaction.atomic():
                if holds:
                    alarm = _open(rule, point.device, point, value, text, at=point.last_ts)
                    if alarm is not None:
                        opened.append(alarm)
                else:
                    _clear(rule, point.device, point, value)
    offline = Alarm.objects.filter(
        device_id__in=list(devices), status=Alarm.Status.OPEN, rule__condition=AlarmRule.Condition.OFFLINE
    )
    for alarm in offline.select_related("rule"):
        with transaction.atomic():
            _clear(alarm.rule, devices[alarm.device_id], None, None)
    return opened


def _evaluate(rule: AlarmRule, point: Point) -> tuple[bool, Decimal | None, Message | None]:
    value = point.last_value
    unit = point.unit
    if rule.condition == AlarmRule.Condition.ABOVE:
        return (
            value > rule.threshold,
            value,
            Message(
                "%(point)s 读数 %(value)s %(unit)s 高于阈值 %(threshold)s",
                point=str(point),
                value=f"{value.normalize():f}",
                unit=unit,
                threshold=f"{rule.threshold.normalize():f}",
            ),
        )
    if rule.condition == AlarmRule.Condition.BELOW:
        return (
            value < rule.threshold,
            value,
            Message(
                "%(point)s 读数 %(value)s %(unit)s 低于阈值 %(threshold)s",
                point=str(point),
                value=f"{value.normalize():f}",
                unit=unit,
                threshold=f"{rule.threshold.normalize():f}",
            ),
        )
    # Unusual consumption: the last complete hour against the same hour of earlier weeks.
    if not point.cumulative:
        return False, None, None
    hour = floor_hour(point.last_ts) - dt.timedelta(hours=1)
    earlier = [hour - dt.timedelta(weeks=k) for k in range(1, rule.weeks + 1)]
    rows = {
        r.start: r.consumption
        for r in Rollup.objects.filter(point=point, interval=I1H, start__in=[hour, *earlier])
        if r.consumption is not None
    }
    past = [rows[h] for h in earlier if h in rows]
    used = rows.get(hour)
    if used is None or not past:
        return False, used, None
    usual = sum(past) / len(past)
    return (
        usual > 0 and used > usual * rule.factor,
        used,
        Message(
            "%(point)s 本小时用量 %(value)s %(unit)s，为往 %(weeks)s 周同时段平均 %(usual)s 的 %(ratio)s 倍",
            point=str(point),
            value=f"{used.normalize():f}",
            unit=unit,
            weeks=len(past),
            usual=f"{usual.quantize(Decimal('0.01'))}",
            ratio=f"{(used / usual).quantize(Decimal('0.1')) if usual else '-'}",
        ),
    )


def _open(rule, device, point, value, text: Message, *, at) -> Alarm | None:
    existing = (
        Alarm.objects.select_for_update()
        .filter(rule=rule, device=device, point=point, status=Alarm.Status.OPEN)
        .first()
    )
    if existing is not None:
        return None
    from parkops.engineering.services import raise_alarm_order

    park = device.park
    actor = integration_account(park)
    with translation.override(settings.LANGUAGE_CODE):  # stored in the platform's language
        message = str(text)
    alarm = create_object(
        model=Alarm,
        data={
            "park": park,
            "rule": rule,
            "device": device,
            "point": point,
            "severity": rule.severity,
            "opened_at": at or clock.now(),
            "value": value,
            "message": message[:300],
        },
        by=actor,
    )
    order = raise_alarm_order(
        park=park,
        category=CATEGORY.get(device.kind, "other"),
        description=f"{rule.name}：{message}",
        alarm_ref=alarm.alarm_ref,
        building=device.building,
        location=device.location or str(device),
        priority="urgent" if rule.severity == Severity.CRITICAL else "normal",
        by=actor,
    )
    Alarm.objects.filter(pk=alarm.pk).update(work_order=order)
    alarm.work_order = order
    notify(
        recipients=_staff(park),
        kind="telemetry.alarm",
        subject=Message("设备告警：%(rule)s", rule=rule.name),
        body=text,
        obj=alarm,
    )
    if point is not None and point.pollutant_limit_id and rule.condition == AlarmRule.Condition.ABOVE:
        _environment_reading(point, value, at, actor)
    return alarm


def _clear(rule, device, point, value) -> None:
    alarm = (
        Alarm.objects.select_for_update()
        .filter(rule=rule, device=device, point=point, status=Alarm.Status.OPEN)
        .first()
    )
    if alarm is None:
        return
    park = device.park
    actor = integration_account(park)
    before = audit.snapshot(alarm)
    alarm.status = Alarm.Status.CLEARED
    alarm.cleared_at = clock.now()
    alarm.save(update_fields=["status", "cleared_at", "updated_at"])
    audit.record(
        action="update", obj=alarm, by=actor, park_id=park.pk, before=before, after=audit.snapshot(alarm)
    )
    notify(
        recipients=_staff(park),
        kind="telemetry.alarm.cleared",
        subject=Message("告警已恢复：%(rule)s", rule=rule.name),
        body=Message("%(device)s 恢复正常", device=str(device)),
        obj=alarm,
    )
    if point is not None and point.pollutant_limit_id and rule.condition == AlarmRule.Condition.ABOVE:
        _environment_reading(point, value, point.last_ts, actor)


def _environment_reading(point: Point, value, at, actor) -> None:
    """Hand the reading to the environment module's exceedance loop (6.3.4.4)."""
    from parkops.environment.models import Reading as EnvironmentReading
    from parkops.environment.services import record_reading

    record_reading(
        point=point.pollutant_limit.point,
        limit=point.pollutant_limit,
        value=value.quantize(Decimal("0.001")),  # the environment register keeps three places
        by=actor,
        measured_at=at,
        source=EnvironmentReading.Source.SENSOR,
    )


def check_offline(park=None) -> list[Alarm]:
    """Open an alarm for each device covered by an offline rule that has sent nothing for the
    rule's minutes (a device never heard from counts from when it was registered)."""
    now = clock.now()
    opened: list[Alarm] = []
    rules = AlarmRule.objects.filter(active=True, condition=AlarmRule.Condition.OFFLINE).select_related(
        "point"
    )
    if park is not None:
        rules = rules.filter(park=park)
    for rule in rules:
        devices = (
            Device.objects.filter(pk=rule.point.device_id)
            if rule.point_id
            else Device.objects.filter(park_id=rule.park_id, kind=rule.device_kind, active=True)
        )
        since = now - dt.timedelta(minutes=rule.minutes)
        for device in devices.select_related("park", "building"):
            last = device.last_seen_at or device.created_at
            with transaction.atomic():
                if last < since:
                    text = Message(
                        "%(device)s 已 %(minutes)s 分钟无数据",
                        device=str(device),
                        minutes=int((now - last).total_seconds() // 60),
                    )
                    alarm = _open(rule, device, None, None, text, at=now)
                    if alarm is not None:
                        opened.append(alarm)
                else:
                    _clear(rule, device, None, None)
    return opened
