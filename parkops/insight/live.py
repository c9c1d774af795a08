"""Dashboard tiles from the telemetry, energy and enterprise-service apps: energy today against
yesterday and the same day last week, carbon this month, alarms now, devices online and open
enterprise demands. Each reads its app's models and public selectors only, narrowed to the
reader; a tile whose app is not installed or has no records says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from parkops.core import clock
from parkops.core.scope import VIEW

ZERO = Decimal(0)


def _url(name: str, **query) -> str:
    from urllib.parse import urlencode

    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode(query)}" if query else base


def _park_meters(user, park, kind: str):
    from parkops.energy.models import Meter
    from parkops.energy.selectors import park_meters_for_kind

    return park_meters_for_kind(list(Meter.objects.restrict(user, VIEW).filter(park=park)), kind)


def energy_today(user, park, tile, today: dt.date):
    """The park's electricity today so far, set against the same hours of yesterday and of the
    same weekday a week ago (hour rollups of its park, or else building, meters): at 10:20 the
    three figures each cover 00:00–11:00, so a morning is never compared with a whole day."""
    from parkops.energy.models import EnergyCategory
    from parkops.energy.selectors import HOUR, TZ, local_midnight, meter_series

    meters = _park_meters(user, park, EnergyCategory.ELECTRICITY)
    if not meters:
        tile.empty = gettext("尚未配置园区电表")
        return tile
    now = clock.now().astimezone(TZ)
    until = now.hour + 1  # the hours 00:00 … the current hour (begun), of each day compared
    week_ago = today - dt.timedelta(days=7)
    series = meter_series(
        meters, HOUR, local_midnight(week_ago), local_midnight(today + dt.timedelta(days=1))
    )
    by_day: dict[dt.date, Decimal] = {}
    for points in series.values():
        for bucket, value in points.items():
            if bucket.hour < until:
                by_day[bucket.date()] = by_day.get(bucket.date(), ZERO) + value
    if not by_day:
        tile.empty = gettext("近 7 天没有电表数据")
        return tile
    url = _url("energy:overview", park=park.pk)
    tile.url = url
    tile.note = gettext("各日均为 00:00–%(end)02d:00 的用电") % {"end": until}
    tile.figures = [
        _figure(gettext("今日用电（kWh）"), by_day.get(today), url),
        _figure(gettext("昨日同时段（kWh）"), by_day.get(today - dt.timedelta(days=1)), url),
        _figure(gettext("上周同日同时段（kWh）"), by_day.get(week_ago), url),
    ]
    return tile


def carbon_month(user, park, tile, today: dt.date):
    """This month's electricity of the park meters times the year's emission factor."""
    from parkops.energy.models import EnergyCategory
    from parkops.energy.selectors import MONTH, add_months, carbon_kg, local_midnight, meter_series

    meters = _park_meters(user, park, EnergyCategory.ELECTRICITY)
    if not meters:
        tile.empty = gettext("尚未配置园区电表")
        return tile
    first = today.replace(day=1)
    series = meter_series(meters, MONTH, local_midnight(first), local_midnight(add_months(first, 1)))
    use = sum((v for points in series.values() for v in points.values()), ZERO)
    if not use:
        tile.empty = gettext("本月没有电表数据")
        return tile
    kg = carbon_kg(park, EnergyCategory.ELECTRICITY, use, today.year)
    url = _url("energy:overview", park=park.pk)
    tile.url = url
    tile.figures = [_figure(gettext("本月用电（kWh）"), use, url)]
    if kg is None:
        tile.figures.append(_figure(gettext("碳排放（吨）"), None, _url("energy:emissionfactor_list")))
        tile.empty = ""
        tile.figures[-1].tone = "warning"
    else:
        tile.figures.append(_figure(gettext("碳排放（吨）"), (kg / 1000).quantize(Decimal("0.01")), url))
    return tile


def alarms_now(user, park, tile, today: dt.date):
    from parkops.telemetry.models import Alarm, Severity

    alarms = Alarm.objects.restrict(user, VIEW).filter(park=park)
    if not alarms.exists():
        tile.empty = gettext("尚无告警记录")
        return tile
    open_ = alarms.filter(status=Alarm.Status.OPEN)
    url = _url("telemetry:alarm_list", park=park.pk)
    critical = open_.filter(severity=Severity.CRITICAL).count()
    tile.figures = [
        _figure(gettext("告警中"), open_.count(), url, "danger" if open_.exists() else "success"),
        _figure(gettext("其中严重"), critical, url, "danger" if critical else ""),
    ]
    return tile


def devices_online(user, park, tile, today: dt.date):
    from parkops.telemetry.models import Device

    devices = list(Device.objects.restrict(user, VIEW).filter(park=park, active=True))
    if not devices:
        tile.empty = gettext("尚未接入设备")
        return tile
    online = sum(1 for d in devices if d.online)
    url = _url("telemetry:device_list", park=park.pk)
    tile.figures = [
        _figure(gettext("在线"), online, url, "success"),
        _figure(gettext("离线"), len(devices) - online, url, "danger" if online < len(devices) else ""),
        _figure(
            gettext("在线率"),
            (Decimal(online) * 100 / len(devices)).quantize(Decimal("0.1")),
            url,
            kind="percent",
        ),
    ]
    return tile


def demands_open(user, park, tile, today: dt.date):
    from parkops.enterprise.models import Demand

    demands = Demand.objects.restrict(user, VIEW).filter(park=park)
    if not demands.exists():
        tile.empty = gettext("尚无企业诉求")
        return tile
    done = (Demand.State.CLOSED, Demand.State.WITHDRAWN, Demand.State.RESOLVED)
    open_ = demands.exclude(state__in=done)
    url = _url("enterprise:demand_list", park=park.pk)
    waiting = open_.filter(state=Demand.State.SUBMITTED).count()
    tile.figures = [
        _figure(gettext("办理中"), open_.count(), url),
        _figure(
            gettext("待分派"),
            waiting,
            _url("enterprise:demand_list", park=park.pk, state="submitted"),
            "warning" if waiting else "",
        ),
    ]
    return tile


def _figure(label, value, url, tone="", kind="number"):
    from parkops.insight.selectors import Figure

    if kind == "number" and isinstance(value, Decimal):
        kind = "decimal"
    return Figure(label, value, url, kind, tone)


LIVE = {
    "energy": energy_today,
    "carbon": carbon_month,
    "alarms": alarms_now,
    "devices": devices_online,
    "demands": demands_open,
}
