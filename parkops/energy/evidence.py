"""How the energy domain answers 表A.1 rows 57–61 (clause 8, 绿色低碳).

57 用能设备: 保障前期低碳、环保设备正常运营的方案 (document), 新采用的节能设备、节能措施清单
   (the register), 能源计量器具符合 GB 17167 (coverage per level and verification).
58 用能管理: 能源管理平台 (meters collected online), 已建设分布式能源设施展示 and 可再生能源成果
   (facilities with metered generation), 经济运营方案 and 可再生能源利用方案 (documents).
59 绿色设施: 节水器具及绿色设施清单, 污水排放符合 GB 8978 (the environment module's wastewater
   monitoring against GB 8978 limits).
60 再生资源利用: 废弃物分类收集、处理制度 (the environment module's waste-sorting rules) and its
   实施证明 (collection ledger), 可再生资源回收机制 (document) and 展示成果 (recyclables collected).
61 宣传教育: 绿色、低碳主题培训、活动 and 日常管理证明 (the energy manager, 8.7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind
from parkops.energy import selectors
from parkops.energy.models import (
    ENERGY,
    DistributedEnergy,
    EnergyManager,
    EnergySavingMeasure,
    GreenActivity,
    GreenFacility,
    Meter,
)

ONLINE_DAYS = 30  # a meter counts as collected online when its point has data in these days
GREEN_WORDS = ("绿色", "低碳", "节能", "环保", "碳")  # a calendar event on a green theme

# Row 57.
document_source(
    row=57,
    key="energy.low_carbon_plan",
    title=Title(gettext_noop("保障低碳、环保设备设施正常运营的方案")),
    document_kind="low_carbon_operation_plan",
    share=Decimal("0.3"),
    departments=ENERGY,
)
# Row 58.
document_source(
    row=58,
    key="energy.economic_plan",
    title=Title(gettext_noop("用能设备设施经济运营方案")),
    document_kind="energy_economic_operation_plan",
    share=Decimal("0.25"),
    departments=ENERGY,
)
document_source(
    row=58,
    key="energy.renewable_plan",
    title=Title(gettext_noop("可再生能源利用方案")),
    document_kind="renewable_energy_plan",
    share=Decimal("0.25"),
    departments=ENERGY,
)
# Row 60: the waste-sorting rules are the environment module's document kind (row 32), the
# same file answers 废弃物分类收集、处理制度 here.
document_source(
    row=60,
    key="energy.waste_rules",
    title=Title(gettext_noop("园区垃圾分类治理规范和工作流程")),
    document_kind="waste_sorting_rules",
    share=Decimal("0.25"),
    departments=(DepartmentKind.ENVIRONMENT,),
)
document_source(
    row=60,
    key="energy.recycling_mechanism",
    title=Title(gettext_noop("可再生资源回收机制")),
    document_kind="recycling_mechanism",
    share=Decimal("0.25"),
    departments=(DepartmentKind.ENVIRONMENT,),
)


def _url(name: str) -> str:
    return reverse(f"energy:{name}")


def _add(name: str, label: str, model: str) -> Action:
    return Action(_url(f"{name}_add"), label, model=f"energy.{model}", permission="add")


def _year(as_of: dt.date) -> tuple[dt.date, dt.date]:
    return as_of - dt.timedelta(days=365), as_of


# ------------------------------------------------------------------------------ row 57
@source(
    row=57,
    key="energy.saving_measures",
    title=Title(gettext_noop("新采用的节能设备、节能措施清单")),
    share=Decimal("0.3"),
)
def saving_measures(park, as_of: dt.date) -> Finding:
    measures = list(EnergySavingMeasure.objects.filter(park=park, commissioned_on__lte=as_of))
    if not measures:
        return Finding.unmet(
            gettext("尚未登记新采用的节能设备或节能措施（还需 1 项）"),
            action=_add("energysavingmeasure", gettext("登记节能设备或措施"), "EnergySavingMeasure"),
        )
    metered = sum(1 for m in measures if m.meter_id)
    return Finding.met(
        [
            Evidence(
                label=gettext("节能设备与措施 %(count)s 项，其中 %(metered)s 项有改造前后计量对比")
                % {"count": len(measures), "metered": metered},
                url=_url("energysavingmeasure_list"),
                count=len(measures),
            )
        ]
    )


@source(
    row=57,
    key="energy.gb17167",
    title=Title(gettext_noop("能源计量器具符合 GB 17167 的要求")),
    share=Decimal("0.4"),
)
def metering(park, as_of: dt.date) -> Finding:
    """Each level and energy meets GB 17167's equipping rate, and every physical meter in use
    is within its verification date. The share met is the share of checklist lines met."""
    cov = selectors.coverage(park, as_of)
    evidence = [Evidence(label=gettext("计量器具配备核对表（GB 17167）"), url=_url("coverage"))]
    if not cov.rows:
        return Finding.unmet(
            gettext("尚未登记能源计量表"),
            evidence=evidence,
            action=_add("meter", gettext("登记能源计量表"), "Meter"),
        )
    missing = []
    for row in cov.rows:
        if not row.ok:
            need = -(-row.required * row.expected // 100) - row.metered
            missing.append(
                gettext(
                    "%(level)s·%(kind)s：配备率 %(rate)s%%，标准要求 %(required)s%%，还需配备 %(need)s 块（%(names)s）"
                )
                % {
                    "level": row.level_label,
                    "kind": row.kind_label,
                    "rate": row.rate,
                    "required": row.required,
                    "need": need,
                    "names": "、".join(row.missing[:5]),
                }
            )
    lines = len(cov.rows) + 1
    ok = sum(1 for r in cov.rows if r.ok) + (0 if cov.uncalibrated else 1)
    if cov.uncalibrated:
        missing.append(
            gettext("%(count)s 块实体表未登记检定/校准或已过有效期") % {"count": len(cov.uncalibrated)}
        )
    if not missing:
        return Finding.met(evidence)
    action = Action(_url("meter_list"), gettext("完善能源计量表"), model="energy.Meter", permission="change")
    if ok == 0:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(Decimal(ok) / lines, evidence, missing, action=action)


# ------------------------------------------------------------------------------ row 58
def _online_meters(park, as_of: dt.date) -> list[Meter]:
    from parkops.telemetry.models import Rollup

    start = selectors.local_midnight(as_of - dt.timedelta(days=ONLINE_DAYS))
    end = selectors.local_midnight(as_of + dt.timedelta(days=1))
    meters = list(Meter.objects.filter(park=park, active=True, virtual=False, point__isnull=False))
    live = set(
        Rollup.objects.filter(
            point_id__in=[m.point_id for m in meters], interval=selectors.DAY, start__gte=start, start__lt=end
        ).values_list("point_id", flat=True)
    )
    return [m for m in meters if m.point_id in live]


@source(
    row=58,
    key="energy.platform",
    title=Title(gettext_noop("能源管理平台：计量数据在线采集")),
    share=Decimal("0.25"),
)
def platform(park, as_of: dt.date) -> Finding:
    online = _online_meters(park, as_of)
    evidence = [
        Evidence(
            label=gettext("近 %(days)s 天在线采集的能源计量表 %(count)s 块")
            % {"days": ONLINE_DAYS, "count": len(online)},
            url=_url("overview"),
            count=len(online),
        )
    ]
    if online:
        return Finding.met(evidence)
    return Finding.unmet(
        gettext("近 %(days)s 天没有在线采集数据的能源计量表（至少需 1 块）") % {"days": ONLINE_DAYS},
        evidence=evidence,
        action=Action(
            _url("meter_list"), gettext("为计量表关联采集点"), model="energy.Meter", permission="change"
        ),
    )


@source(
    row=58,
    key="energy.distributed",
    title=Title(gettext_noop("已建设的分布式能源设施及可再生能源利用成果")),
    share=Decimal("0.25"),
)
def distributed(park, as_of: dt.date) -> Finding:
    start, end = _year(as_of)
    facilities = list(
        DistributedEnergy.objects.filter(park=park, commissioned_on__lte=as_of).select_related("meter")
    )
    action = _add("distributedenergy", gettext("登记分布式能源设施"), "DistributedEnergy")
    if not facilities:
        return Finding.unmet(gettext("尚未登记光伏、储能等分布式能源设施（还需 1 项）"), action=action)
    evidence, produced = [], Decimal(0)
    for f in facilities:
        amount = selectors.generation(f, start + dt.timedelta(days=1), end)
        produced += amount or 0
        evidence.append(
            Evidence(
                label=gettext("%(name)s（%(kw)s kW）近 12 个月 %(kwh)s kWh")
                % {
                    "name": f.name,
                    "kw": f"{f.capacity_kw.normalize():f}",
                    "kwh": "—" if amount is None else f"{amount:.0f}",
                },
                url=f.get_absolute_url(),
            )
        )
    if produced > 0:
        return Finding.met(evidence)
    return Finding.partial(
        Decimal("0.5"),
        evidence,
        [gettext("分布式能源设施近 12 个月没有计量的发电/放电量（成果需有计量数据）")],
        action=Action(
            _url("distributedenergy_list"),
            gettext("关联计量表"),
            model="energy.DistributedEnergy",
            permission="change",
        ),
    )


# ------------------------------------------------------------------------------ row 59
@source(
    row=59,
    key="energy.green_facilities",
    title=Title(gettext_noop("配备的节水器具及绿色设施清单")),
    share=Decimal("0.5"),
)
def green_facilities(park, as_of: dt.date) -> Finding:
    facilities = list(GreenFacility.objects.filter(park=park, installed_on__lte=as_of))
    kinds = {f.kind for f in facilities}
    water = GreenFacility.Kind.WATER_SAVING in kinds
    other = bool(kinds - {GreenFacility.Kind.WATER_SAVING})
    evidence = [
        Evidence(
            label=gettext("%(kind)s %(count)s 项")
            % {"kind": label, "count": sum(f.quantity for f in facilities if f.kind == value)},
            url=_url("greenfacility_list") + f"?kind={value}",
        )
        for value, label in GreenFacility.Kind.choices
        if value in kinds
    ]
    missing = []
    if not water:
        missing.append(gettext("清单中没有节水器具（还需 1 项）"))
    if not other:
        missing.append(
            gettext("清单中没有节水器具以外的绿色设施，如空调冷凝水收集、雨水集蓄回用（还需 1 项）")
        )
    if not missing:
        return Finding.met(evidence)
    action = _add("greenfacility", gettext("登记绿色设施"), "GreenFacility")
    if not facilities:
        return Finding.unmet(*missing, action=action)
    return Finding.partial(Decimal("0.5"), evidence, missing, action=action)


@source(
    row=59, key="energy.gb8978", title=Title(gettext_noop("污水排放符合 GB 8978 要求")), share=Decimal("0.5")
)
def wastewater(park, as_of: dt.date) -> Finding:
    """The environment module's wastewater monitoring points with GB 8978 limits: measured in
    the last 12 months, and no exceedance still open (an exceedance closes only on a passing
    re-test)."""
    from parkops.environment.models import Exceedance, MonitoringPoint, Reading

    start, end = _year(as_of)
    points = list(
        MonitoringPoint.objects.filter(park=park, active=True, kind=MonitoringPoint.Kind.WASTEWATER)
    )
    limited = [p for p in points if p.limits.filter(standard__icontains="8978").exists()]
    to_points = Action(
        reverse("environment:monitoringpoint_list"),
        gettext("设置废水监测点及 GB 8978 限值"),
        model="environment.PollutantLimit",
        permission="add",
    )
    if not limited:
        return Finding.unmet(gettext("没有按 GB 8978 设置排放限值的废水监测点"), action=to_points)
    readings = Reading.objects.filter(
        point__in=limited,
        limit__standard__icontains="8978",
        measured_at__date__gt=start,
        measured_at__date__lte=end,
    )
    count = readings.count()
    exceeded = readings.filter(exceeds=True).count()
    still_open = list(
        Exceedance.objects.filter(
            point__in=limited, status=Exceedance.Status.OPEN, reading__measured_at__date__lte=end
        )
    )
    evidence = [
        Evidence(
            label=gettext("近 12 个月废水监测 %(count)s 次，超标 %(exceeded)s 次")
            % {"count": count, "exceeded": exceeded},
            url=reverse("environment:reading_list"),
            count=count,
        )
    ]
    if count == 0:
        return Finding.unmet(
            gettext("近 12 个月没有废水监测读数（至少需 1 次）"),
            evidence=evidence,
            action=Action(
                reverse("environment:reading_add"),
                gettext("录入监测读数"),
                model="environment.Reading",
                permission="add",
            ),
        )
    if still_open:
        return Finding.unmet(
            *[gettext("%(exceedance)s，尚未复测达标") % {"exceedance": e} for e in still_open],
            evidence=evidence,
            action=Action(
                reverse("environment:exceedance_list"),
                gettext("跟进超标整改"),
                model="environment.Exceedance",
            ),
        )
    return Finding.met(evidence)


# ------------------------------------------------------------------------------ row 60
@source(
    row=60,
    key="energy.waste_practice",
    title=Title(gettext_noop("废弃物分类收集、处理的实施记录")),
    share=Decimal("0.25"),
)
def waste_practice(park, as_of: dt.date) -> Finding:
    from parkops.environment.models import WasteCollection

    start, end = _year(as_of)
    qs = WasteCollection.objects.filter(park=park, collected_on__gt=start, collected_on__lte=end)
    count = qs.count()
    evidence = [
        Evidence(
            label=gettext("近 12 个月分类收运记录 %(count)s 条（持证单位转运处理）") % {"count": count},
            url=reverse("environment:wastecollection_list"),
            count=count,
        )
    ]
    if count:
        return Finding.met(evidence)
    return Finding.unmet(
        gettext("近 12 个月没有废弃物分类收运记录"),
        evidence=evidence,
        action=Action(
            reverse("environment:wastecollection_add"),
            gettext("登记收运记录"),
            model="environment.WasteCollection",
            permission="add",
        ),
    )


@source(
    row=60,
    key="energy.recycling",
    title=Title(gettext_noop("可再生资源回收成果（回收量与回收率）")),
    share=Decimal("0.25"),
)
def recycling(park, as_of: dt.date) -> Finding:
    from parkops.environment.models import WasteCategory, WasteCollection

    start, end = _year(as_of)
    qs = WasteCollection.objects.filter(park=park, collected_on__gt=start, collected_on__lte=end)
    total = qs.aggregate(w=Sum("weight_kg"))["w"] or Decimal(0)
    recycled = qs.filter(category=WasteCategory.RECYCLABLE).aggregate(w=Sum("weight_kg"))["w"] or Decimal(0)
    if not recycled:
        return Finding.unmet(
            gettext("近 12 个月没有可回收物回收记录"),
            action=Action(
                reverse("environment:wastecollection_add"),
                gettext("登记可回收物收运"),
                model="environment.WasteCollection",
                permission="add",
            ),
        )
    rate = (recycled * 100 / total).quantize(Decimal("0.1"))
    return Finding.met(
        [
            Evidence(
                label=gettext("近 12 个月回收可回收物 %(kg)s kg，占分类收运总量 %(rate)s%%")
                % {"kg": f"{recycled:.0f}", "rate": rate},
                url=reverse("environment:wastecollection_list") + f"?category={WasteCategory.RECYCLABLE}",
            )
        ]
    )


def recycling_rate(park, as_of: dt.date) -> Decimal | None:
    from parkops.environment.models import WasteCategory, WasteCollection

    start, end = _year(as_of)
    qs = WasteCollection.objects.filter(park=park, collected_on__gt=start, collected_on__lte=end)
    total = qs.aggregate(w=Sum("weight_kg"))["w"]
    recycled = qs.filter(category=WasteCategory.RECYCLABLE).aggregate(w=Sum("weight_kg"))["w"] or Decimal(0)
    return (recycled * 100 / total).quantize(Decimal("0.1")) if total else None


# ------------------------------------------------------------------------------ row 61
def _calendar_events(park, start: dt.date, end: dt.date) -> list:
    """Green-themed events of the park calendar (the events app), if it is installed."""
    try:
        from parkops.events.selectors import events_of
    except ImportError:  # pragma: no cover - the calendar is optional
        return []
    return [e for e in events_of(park, since=start, until=end) if any(w in e.title for w in GREEN_WORDS)]


@source(
    row=61,
    key="energy.green_training",
    title=Title(gettext_noop("绿色、低碳主题培训和活动（近 12 个月）")),
    share=Decimal("0.5"),
)
def green_training(park, as_of: dt.date) -> Finding:
    start, end = _year(as_of)
    rows = list(GreenActivity.objects.filter(park=park, held_on__gt=start, held_on__lte=end))
    events = _calendar_events(park, start, end)
    trainings = sum(1 for r in rows if r.kind == GreenActivity.Kind.TRAINING)
    activities = len(rows) - trainings + len(events)
    evidence = [
        Evidence(
            label=gettext(
                "绿色低碳培训 %(trainings)s 次、活动 %(activities)s 次（含园区活动日历 %(events)s 场）"
            )
            % {"trainings": trainings, "activities": activities, "events": len(events)},
            url=_url("greenactivity_list"),
        )
    ]
    missing = []
    if not trainings:
        missing.append(gettext("近 12 个月没有绿色、低碳主题培训（还需 1 次）"))
    if not activities:
        missing.append(gettext("近 12 个月没有绿色、低碳主题活动（还需 1 次）"))
    if not missing:
        return Finding.met(evidence)
    action = _add("greenactivity", gettext("登记培训或活动"), "GreenActivity")
    if len(missing) == 2:
        return Finding.unmet(*missing, evidence=evidence, action=action)
    return Finding.partial(Decimal("0.5"), evidence, missing, action=action)


@source(
    row=61,
    key="energy.manager",
    title=Title(gettext_noop("节能环保日常管理：设专人管理（8.7）")),
    share=Decimal("0.5"),
)
def manager(park, as_of: dt.date) -> Finding:
    current = (
        EnergyManager.objects.filter(park=park, appointed_on__lte=as_of)
        .exclude(until__lt=as_of)
        .order_by("-appointed_on")
        .first()
    )
    if current is None:
        return Finding.unmet(
            gettext("未指定节能环保管理专人"),
            action=_add("energymanager", gettext("指定管理专人"), "EnergyManager"),
        )
    return Finding.met(
        [
            Evidence(
                label=gettext("节能环保管理专人：%(name)s（%(duties)s）")
                % {"name": current.name, "duties": current.duties},
                url=current.get_absolute_url(),
                date=current.appointed_on,
            )
        ]
    )
