"""How the environment domain answers 表A.1 rows 32 and 33 (clause 6.3.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind
from parkops.environment.models import (
    Exceedance,
    GreeningRecord,
    GreeningTask,
    MonitoringPoint,
    Reading,
    WasteCategory,
    WasteCollection,
    WasteFacility,
    WasteFacilityCleaning,
)

# The four household categories of Shenzhen's waste sorting (厨余、可回收、有害、其他).
REQUIRED_WASTE = (
    WasteCategory.KITCHEN,
    WasteCategory.RECYCLABLE,
    WasteCategory.HAZARDOUS,
    WasteCategory.OTHER,
)
ON_SCHEDULE = Decimal("0.8")  # at least 80 % of the visits the standard's frequency asks for
READINGS_PER_YEAR = 4  # each monitoring point measured at least quarterly

# Row 32: 园区环境管养标准、园区垃圾分类治理规范和工作流程文件.
document_source(
    row=32,
    key="environment.standards",
    title=Title(gettext_noop("园区环境管养标准（卫生清洁、绿化养护、污染治理）")),
    document_kind="environment_standard",
    share=Decimal("0.5"),
    departments=(DepartmentKind.ENVIRONMENT,),
)
document_source(
    row=32,
    key="environment.waste_rules",
    title=Title(gettext_noop("园区垃圾分类治理规范和工作流程")),
    document_kind="waste_sorting_rules",
    share=Decimal("0.5"),
    departments=(DepartmentKind.ENVIRONMENT,),
)
# Row 33: 治理园区环境污染的措施方案.
document_source(
    row=33,
    key="environment.pollution_plan",
    title=Title(gettext_noop("园区环境污染治理措施方案")),
    document_kind="pollution_control_plan",
    share=Decimal("0.2"),
    departments=(DepartmentKind.ENVIRONMENT,),
)


def _url(name: str) -> str:
    return reverse(f"environment:{name}")


def _year(as_of: dt.date) -> tuple[dt.date, dt.date]:
    return as_of - dt.timedelta(days=365), as_of


def _finding(fraction: Decimal, evidence: list[Evidence], missing: list[str]) -> Finding:
    fraction = max(Decimal(0), min(Decimal(1), fraction)).quantize(Decimal("0.0001"))
    if fraction >= 1 and not missing:
        return Finding.met(evidence)
    if fraction <= 0:
        return Finding.unmet(*missing, evidence=evidence)
    return Finding.partial(min(fraction, Decimal("0.9999")), evidence, missing)


@source(
    row=33,
    key="environment.greening",
    title=Title(gettext_noop("绿化养护按管养标准频次执行（近 12 个月记录）")),
    share=Decimal("0.3"),
)
def greening(park, as_of: dt.date) -> Finding:
    start, end = _year(as_of)
    tasks = list(GreeningTask.objects.filter(park=park, active=True))
    if not tasks:
        return Finding.unmet(gettext("未制定绿化养护计划（养护区域、内容和频次）"))
    done = dict(
        GreeningRecord.objects.filter(park=park, task__in=tasks, done_on__gt=start, done_on__lte=end)
        .values_list("task")
        .annotate(n=Count("pk"))
    )
    on_time, missing = 0, []
    for task in tasks:
        expected = max(1, 365 // task.every_days)
        got = done.get(task.pk, 0)
        if Decimal(got) >= ON_SCHEDULE * expected:
            on_time += 1
        else:
            missing.append(
                gettext("%(task)s：近 12 个月 %(count)s 次，标准要求约 %(expected)s 次")
                % {"task": task, "count": got, "expected": expected}
            )
    total = sum(done.values())
    evidence = [
        Evidence(
            label=gettext("近 12 个月绿化养护记录 %(count)s 次") % {"count": total},
            url=_url("greeningrecord_list"),
            count=total,
        )
    ]
    return _finding(Decimal(on_time) / len(tasks), evidence, missing)


@source(
    row=33,
    key="environment.waste",
    title=Title(gettext_noop("垃圾分类收集和处理台账（分类别、持证收运）")),
    share=Decimal("0.3"),
)
def waste(park, as_of: dt.date) -> Finding:
    """The collection ledger by category scores; the facilities of 6.3.4.3 (drop points, bins,
    vehicles) and their cleaning and disinfection records are shown beside it. The standard
    asks for 合理设置、充足 and 定期 cleaning without a number, so the register and the park's
    own cleaning interval are evidence, never points."""
    start, end = _year(as_of)
    qs = WasteCollection.objects.filter(park=park, collected_on__gt=start, collected_on__lte=end)
    by_category = dict(qs.values_list("category").annotate(n=Count("pk")))
    action = Action(
        _url("wastecollection_add"),
        gettext("登记收运记录"),
        model="environment.WasteCollection",
        permission="add",
    )
    facilities = facility_evidence(park, as_of)
    if not by_category:
        return Finding.unmet(gettext("近 12 个月没有垃圾分类收运记录"), evidence=facilities, action=action)
    missing = [
        gettext("近 12 个月没有%(category)s收运记录") % {"category": WasteCategory(c).label}
        for c in REQUIRED_WASTE
        if c not in by_category
    ]
    months = {d.month for d in qs.dates("collected_on", "month")}
    if len(months) < 12:
        missing.append(gettext("近 12 个月只有 %(count)s 个月有收运记录") % {"count": len(months)})
    evidence = [
        Evidence(
            label=gettext("%(category)s收运记录 %(count)s 次")
            % {"category": WasteCategory(c).label, "count": n},
            url=_url("wastecollection_list") + f"?category={c}",
            count=n,
        )
        for c, n in sorted(by_category.items())
    ]
    fraction = Decimal(sum(1 for c in REQUIRED_WASTE if c in by_category)) / len(REQUIRED_WASTE)
    fraction = fraction * Decimal(min(len(months), 12)) / 12
    finding = _finding(fraction, evidence + facilities, missing)
    finding.action = action if missing else None
    return finding


def facility_evidence(park, as_of: dt.date) -> list[Evidence]:
    """What the park keeps of 6.3.4.3's facilities: how many of each kind, the cleaning and
    disinfection done in the last 12 months, and, against the park's own interval where it set
    one, the facilities not cleaned in time."""
    start, end = _year(as_of)
    facilities = list(WasteFacility.objects.filter(park=park, active=True))
    if not facilities:
        return [
            Evidence(
                label=gettext("垃圾分类设施台账：尚未登记投放点、垃圾桶和清运车辆"),
                url=_url("wastefacility_list"),
                count=0,
            )
        ]
    counts = {kind: 0 for kind in WasteFacility.Kind.values}
    for facility in facilities:
        counts[facility.kind] += facility.quantity
    cleanings = WasteFacilityCleaning.objects.filter(
        facility__in=facilities, done_on__gt=start, done_on__lte=end
    )
    cleaned = cleanings.exclude(work=WasteFacilityCleaning.Work.DISINFECTION).count()
    disinfected = cleanings.exclude(work=WasteFacilityCleaning.Work.CLEANING).count()
    evidence = [
        Evidence(
            label=gettext("垃圾分类投放点 %(points)s 处、垃圾桶 %(bins)s 个、清运车辆 %(vehicles)s 辆")
            % {
                "points": counts[WasteFacility.Kind.DROP_POINT],
                "bins": counts[WasteFacility.Kind.BIN],
                "vehicles": counts[WasteFacility.Kind.VEHICLE],
            },
            url=_url("wastefacility_list"),
        ),
        Evidence(
            label=gettext("近 12 个月设施清洁 %(cleaned)s 次、消毒 %(disinfected)s 次")
            % {"cleaned": cleaned, "disinfected": disinfected},
            url=_url("wastefacilitycleaning_list"),
        ),
    ]
    scheduled = [f for f in facilities if f.cleaning_every_days]
    if scheduled:
        last = dict(
            WasteFacilityCleaning.objects.filter(facility__in=scheduled, done_on__lte=as_of)
            .values_list("facility")
            .annotate(last=Max("done_on"))
        )
        late = [
            f
            for f in scheduled
            if last.get(f.pk) is None or (as_of - last[f.pk]).days > f.cleaning_every_days
        ]
        evidence.append(
            Evidence(
                label=gettext(
                    "按园区自定清洁消毒周期：%(count)s 项设施中 %(late)s 项逾期（标准未规定周期，不计分）"
                )
                % {"count": len(scheduled), "late": len(late)},
                url=_url("wastefacility_list"),
            )
        )
    return evidence


@source(
    row=33,
    key="environment.pollution",
    title=Title(gettext_noop("污染监测台账及超标整改闭环")),
    share=Decimal("0.2"),
)
def pollution(park, as_of: dt.date) -> Finding:
    start, end = _year(as_of)
    points = list(MonitoringPoint.objects.filter(park=park, active=True))
    if not points:
        return Finding.unmet(gettext("未设置废水、废气、噪声监测点"))
    counts = dict(
        Reading.objects.filter(point__in=points, measured_at__date__gt=start, measured_at__date__lte=end)
        .values_list("point")
        .annotate(n=Count("pk"))
    )
    missing = []
    kinds = {p.kind for p in points}
    missing += [
        gettext("没有%(kind)s监测点") % {"kind": label}
        for value, label in MonitoringPoint.Kind.choices
        if value not in kinds
    ]
    measured = 0
    for point in points:
        if counts.get(point.pk, 0) >= READINGS_PER_YEAR:
            measured += 1
        else:
            missing.append(
                gettext("%(point)s：近 12 个月监测 %(count)s 次，少于每季度 1 次")
                % {"point": point, "count": counts.get(point.pk, 0)}
            )
    overdue = list(
        Exceedance.objects.filter(
            park=park, status=Exceedance.Status.OPEN, notice__deadline__lt=as_of
        ).select_related("point", "limit")
    )
    missing += [gettext("%(exceedance)s：整改期限已过仍未复测达标") % {"exceedance": e} for e in overdue]
    closed = Exceedance.objects.filter(park=park, status=Exceedance.Status.CLOSED).count()
    evidence = [
        Evidence(
            label=gettext("近 12 个月监测读数 %(count)s 条") % {"count": sum(counts.values())},
            url=_url("reading_list"),
            count=sum(counts.values()),
        ),
        Evidence(
            label=gettext("复测达标关闭的超标事件 %(count)s 起") % {"count": closed},
            url=_url("exceedance_list"),
            count=closed,
        ),
    ]
    fraction = Decimal(measured) / len(points) / 2 + (Decimal("0.5") if not overdue else Decimal(0))
    if len(kinds) < len(MonitoringPoint.Kind.choices):
        fraction *= Decimal(len(kinds)) / len(MonitoringPoint.Kind.choices)
    return _finding(fraction, evidence, missing)
