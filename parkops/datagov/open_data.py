"""The open-data datasets (clause 7.2.3): what an outside system may read, field by field.

Each dataset names the model fields it publishes; every one of them is 一般数据 in the
classification (a test holds this), so publishing never lets out an important, core or
personal field. A park publishes a dataset by adding it to its catalogue (``OpenDataset``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from parkops.core import clock


@dataclass(frozen=True)
class Column:
    name: str  # the key in each row
    model: str  # "app_label.Model" whose field it is
    field: str
    title: object
    type: str = "string"  # JSON schema type
    format: str = ""


@dataclass(frozen=True)
class Dataset:
    code: str
    title: object
    description: object
    columns: tuple[Column, ...]
    rows: Callable  # (park) -> iterable of dicts keyed by column name
    frequency: str = "on_change"

    def schema(self) -> dict:
        properties = {}
        for column in self.columns:
            prop = {"type": [column.type, "null"], "title": str(column.title)}
            if column.format:
                prop["format"] = column.format
            properties[column.name] = prop
        return {"type": "object", "properties": properties}

    def example(self, base: str = "") -> str:
        return f"curl -H 'Authorization: Open-Key <密钥>' '{base}/api/open/{self.code}/?limit=10'"


def _text(value):
    return None if value is None else str(value)


def _decimal(value):
    return None if value is None else f"{value}"


def _park_profile(park):
    yield {
        "code": park.code,
        "name": park.name,
        "district": park.district,
        "address": park.address,
        "land_area": _decimal(park.land_area),
        "floor_area": _decimal(park.floor_area),
        "opened_on": park.opened_on.isoformat() if park.opened_on else None,
        "positioning": park.positioning,
    }


def _vacant_units(park):
    from parkops.core.models import Unit

    units = (
        Unit.objects.filter(floor__building__park=park, state=Unit.State.VACANT)
        .select_related("floor__building")
        .order_by("floor__building__code", "floor__number", "code")
    )
    for unit in units:
        yield {
            "building": unit.floor.building.code,
            "floor": unit.floor.number,
            "code": unit.code,
            "area": _decimal(unit.area),
            "use": unit.use,
            "listed_rent": _decimal(unit.listed_rent),
        }


def _fee_standards(park):
    from django.db.models import Q

    from parkops.fees.models import FeeStandard

    today = clock.localdate()
    standards = FeeStandard.objects.filter(park=park, effective_from__lte=today).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=today)
    )
    for standard in standards.order_by("kind", "name"):
        yield {
            "kind": standard.kind,
            "name": standard.name,
            "unit": standard.unit,
            "price": _decimal(standard.price),
            "effective_from": standard.effective_from.isoformat(),
            "effective_to": standard.effective_to.isoformat() if standard.effective_to else None,
            "published_at": standard.published_at,
        }


def _environment_readings(park):
    """Readings of the park's public monitoring points (not an enterprise's own outlet)."""
    from parkops.environment.models import Reading

    readings = (
        Reading.objects.filter(point__park=park, point__enterprise__isnull=True)
        .select_related("point", "limit")
        .order_by("-measured_at", "-pk")[:1000]
    )
    for reading in readings:
        yield {
            "point": reading.point.name,
            "kind": reading.point.kind,
            "pollutant": reading.limit.pollutant,
            "unit": reading.limit.unit,
            "limit": _decimal(reading.limit.limit),
            "measured_at": reading.measured_at.isoformat(),
            "value": _decimal(reading.value),
        }


DATASETS: dict[str, Dataset] = {
    d.code: d
    for d in (
        Dataset(
            "park_profile",
            _("园区概况"),
            _("园区名称、所在区、地址、面积、开园日期和产业定位"),
            (
                Column("code", "core.Park", "code", _("园区代码")),
                Column("name", "core.Park", "name", _("园区名称")),
                Column("district", "core.Park", "district", _("所在区")),
                Column("address", "core.Park", "address", _("地址")),
                Column("land_area", "core.Park", "land_area", _("占地面积（㎡）"), "string", "decimal"),
                Column("floor_area", "core.Park", "floor_area", _("建筑面积（㎡）"), "string", "decimal"),
                Column("opened_on", "core.Park", "opened_on", _("开园日期"), "string", "date"),
                Column("positioning", "core.Park", "positioning", _("产业定位说明")),
            ),
            _park_profile,
            "on_change",
        ),
        Dataset(
            "vacant_units",
            _("空置房源"),
            _("可租房源的楼栋、楼层、房号、面积、用途和挂牌租金"),
            (
                Column("building", "core.Building", "code", _("楼栋")),
                Column("floor", "core.Floor", "number", _("楼层"), "integer"),
                Column("code", "core.Unit", "code", _("房号")),
                Column("area", "core.Unit", "area", _("面积（㎡）"), "string", "decimal"),
                Column("use", "core.Unit", "use", _("用途")),
                Column("listed_rent", "core.Unit", "listed_rent", _("挂牌租金"), "string", "decimal"),
            ),
            _vacant_units,
            "daily",
        ),
        Dataset(
            "fee_standards",
            _("公示收费标准"),
            _("现行有效的收费项目、单价、计费单位和公示位置"),
            (
                Column("kind", "fees.FeeStandard", "kind", _("收费项目")),
                Column("name", "fees.FeeStandard", "name", _("标准名称")),
                Column("unit", "fees.FeeStandard", "unit", _("计费单位")),
                Column("price", "fees.FeeStandard", "price", _("单价（元）"), "string", "decimal"),
                Column(
                    "effective_from", "fees.FeeStandard", "effective_from", _("生效日期"), "string", "date"
                ),
                Column("effective_to", "fees.FeeStandard", "effective_to", _("失效日期"), "string", "date"),
                Column("published_at", "fees.FeeStandard", "published_at", _("公示位置")),
            ),
            _fee_standards,
            "on_change",
        ),
        Dataset(
            "environment_readings",
            _("环境监测数据"),
            _("园区公共监测点最近 1000 条读数及其限值"),
            (
                Column("point", "environment.MonitoringPoint", "name", _("监测点")),
                Column("kind", "environment.MonitoringPoint", "kind", _("类别")),
                Column("pollutant", "environment.PollutantLimit", "pollutant", _("污染物/指标")),
                Column("unit", "environment.PollutantLimit", "unit", _("单位")),
                Column("limit", "environment.PollutantLimit", "limit", _("限值"), "string", "decimal"),
                Column(
                    "measured_at", "environment.Reading", "measured_at", _("监测时间"), "string", "date-time"
                ),
                Column("value", "environment.Reading", "value", _("监测值"), "string", "decimal"),
            ),
            _environment_readings,
            "realtime",
        ),
    )
}
