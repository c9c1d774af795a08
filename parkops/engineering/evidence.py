"""How engineering answers the scoring table: rows 26 (building condition ledger; decoration
approvals and safety agreements) and 27 (public systems: maintenance, periodic tests, rules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.engineering import selectors
from parkops.engineering.models import (
    BuildingConditionRecord,
    DecorationApplication,
    MaintenancePlan,
    PeriodicTest,
    System,
    WorkOrder,
)

HALF = Decimal("0.5")


def _url(name: str, query: str = "") -> str:
    return reverse(f"engineering:{name}") + query


@source(
    row=26,
    key="engineering.condition_ledger",
    title=Title(gettext_noop("建筑本体维护台账和图片")),
    share=HALF,
)
def condition_ledger(park, as_of: dt.date) -> Finding:
    """Row 26 asks for the maintenance ledger and pictures showing the structure intact and
    ceilings, walls and floors clean: met when the last 12 months' ledger has photographed
    records of all three and every defect found has a repair order. The standard names no
    inspection frequency, so how many quarters the ledger covers is shown, not scored."""
    since = as_of - dt.timedelta(days=365)
    records = BuildingConditionRecord.objects.filter(
        building__park=park, inspected_on__gt=since, inspected_on__lte=as_of
    )
    if not records.exists():
        return Finding.unmet(gettext("近 12 个月没有建筑本体检查记录（天花、墙面、地面及图片）"), effort=2)
    with_photo = records.exclude(photo="")
    quarters = selectors.quarters_covered(with_photo.values_list("inspected_on", flat=True), as_of)
    elements = set(with_photo.values_list("element", flat=True))
    needed = (
        BuildingConditionRecord.Element.CEILING,
        BuildingConditionRecord.Element.WALL,
        BuildingConditionRecord.Element.FLOOR,
    )
    unrepaired = records.filter(
        condition=BuildingConditionRecord.Condition.DEFECT, repair_order__isnull=True
    ).count()
    missing = []
    absent = [e for e in needed if e not in elements]
    if absent:
        labels = gettext("、").join(str(BuildingConditionRecord.Element(e).label) for e in absent)
        missing.append(gettext("缺少%(elements)s的带照片检查记录") % {"elements": labels})
    if unrepaired:
        missing.append(gettext("%(count)s 处破损未开维修工单") % {"count": unrepaired})
    evidence = [
        Evidence(
            label=gettext("近 12 个月建筑本体检查记录 %(count)s 条（带照片 %(photos)s 条）")
            % {"count": records.count(), "photos": with_photo.count()},
            url=_url("buildingconditionrecord_list"),
            count=records.count(),
        ),
        Evidence(
            label=gettext("带照片的检查记录分布在近 4 个季度中的 %(quarters)s 个") % {"quarters": quarters},
            url=_url("buildingconditionrecord_list"),
        ),
    ]
    if not missing:
        return Finding.met(evidence)
    action = Action(
        _url("buildingconditionrecord_add"),
        gettext("登记检查记录"),
        model="engineering.BuildingConditionRecord",
        permission="add",
    )
    # Each of the three surfaces photographed is a third; defects left unrepaired halve it.
    fraction = Decimal(len(needed) - len(absent)) / len(needed)
    if unrepaired:
        fraction = min(fraction, HALF)
    return (
        Finding.partial(min(fraction, Decimal("0.9999")), evidence, missing, action=action)
        if fraction > 0
        else Finding.unmet(*missing, evidence=evidence, action=action)
    )


@source(
    row=26,
    key="engineering.decoration_ledger",
    title=Title(gettext_noop("装修报审台账及安全管理协议")),
    share=HALF,
)
def decoration_ledger(park, as_of: dt.date) -> Finding:
    """Met when every decoration that started works in the last two years went through all
    approvals and had a signed safety agreement before starting."""
    since = as_of - dt.timedelta(days=730)
    applications = DecorationApplication.objects.filter(park=park, created_at__date__lte=as_of)
    started = applications.filter(works_started_on__gt=since, works_started_on__lte=as_of)
    if not applications.filter(created_at__date__gt=since).exists() and not started.exists():
        return Finding.unmet(gettext("近两年没有装修报审记录"), effort=2)
    compliant = [a for a in started.prefetch_related("reviews") if selectors.decoration_compliant(a)]
    evidence = [
        Evidence(
            label=gettext("装修申请 %(count)s 件，已开工 %(started)s 件，均附审批记录和安全管理协议")
            % {"count": applications.filter(created_at__date__gt=since).count(), "started": started.count()}
            if len(compliant) == started.count()
            else gettext("已开工装修 %(started)s 件，手续齐全 %(compliant)s 件")
            % {"started": started.count(), "compliant": len(compliant)},
            url=_url("decorationapplication_list"),
            count=started.count(),
        )
    ]
    if not started.exists():
        return (
            Finding.met(evidence)
            if applications.filter(reviews__isnull=False).exists()
            else Finding.partial(HALF, evidence, [gettext("装修申请尚无审批记录")])
        )
    if len(compliant) == started.count():
        return Finding.met(evidence)
    gap = started.count() - len(compliant)
    return Finding.partial(
        Decimal(len(compliant)) / started.count(),
        evidence,
        [gettext("%(count)s 件已开工装修缺少完整审批或签字版安全管理协议") % {"count": gap}],
    )


@source(
    row=27,
    key="engineering.maintenance",
    title=Title(gettext_noop("公共设施设备维保计划及执行记录")),
    share=Decimal("0.4"),
)
def maintenance(park, as_of: dt.date) -> Finding:
    """Each of the five public systems has an active plan and maintenance done in the last year."""
    since = as_of - dt.timedelta(days=365)
    done_states = (WorkOrder.State.DONE, WorkOrder.State.CONFIRMED, WorkOrder.State.RATED)
    covered, missing = [], []
    for system in System:
        plans = MaintenancePlan.objects.filter(park=park, system=system, active=True)
        executed = WorkOrder.objects.filter(
            plan__in=plans, state__in=done_states, completed_at__date__gt=since, completed_at__date__lte=as_of
        ).count()
        if plans.exists() and executed:
            covered.append(
                gettext("%(system)s（%(count)s 次）") % {"system": system.label, "count": executed}
            )
        elif plans.exists():
            missing.append(
                gettext("%(system)s有维保计划，但近 12 个月没有完成的维保工单") % {"system": system.label}
            )
        else:
            missing.append(gettext("%(system)s没有启用的维保计划") % {"system": system.label})
    evidence = (
        [
            Evidence(
                label=gettext("已执行维保：%(systems)s") % {"systems": gettext("、").join(covered)},
                url=_url("maintenanceplan_list"),
            )
        ]
        if covered
        else []
    )
    if not missing:
        return Finding.met(evidence)
    fraction = Decimal(len(covered)) / len(System)
    return Finding.partial(fraction, evidence, missing) if covered else Finding.unmet(*missing)


@source(
    row=27,
    key="engineering.periodic_tests",
    title=Title(gettext_noop("公共设施设备定期检验检测记录")),
    share=Decimal("0.3"),
)
def periodic_tests(park, as_of: dt.date) -> Finding:
    """Each system has a test within the last year, and none whose next test date has passed."""
    since = as_of - dt.timedelta(days=365)
    covered, missing = [], []
    for system in System:
        tests = PeriodicTest.objects.filter(park=park, system=system, tested_on__lte=as_of)
        latest = tests.order_by("-tested_on", "-pk").first()
        if latest is None or latest.tested_on <= since:
            missing.append(gettext("%(system)s近 12 个月没有检验检测记录") % {"system": system.label})
        elif latest.result == PeriodicTest.Result.FAIL:
            missing.append(
                gettext("%(system)s最近一次检测（%(date)s）不合格，尚无复检合格记录")
                % {"system": system.label, "date": f"{latest.tested_on:%Y-%m-%d}"}
            )
        elif latest.next_due_on and latest.next_due_on < as_of:
            missing.append(
                gettext("%(system)s已过下次检测日期 %(date)s")
                % {"system": system.label, "date": f"{latest.next_due_on:%Y-%m-%d}"}
            )
        else:
            covered.append(latest)
    evidence = [
        Evidence(
            label=gettext("%(system)s：%(name)s（%(result)s）")
            % {"system": t.get_system_display(), "name": t.name, "result": t.get_result_display()},
            url=t.get_absolute_url(),
            date=t.tested_on,
        )
        for t in covered
    ]
    if not missing:
        return Finding.met(evidence)
    fraction = Decimal(len(covered)) / len(System)
    return Finding.partial(fraction, evidence, missing) if covered else Finding.unmet(*missing)


document_source(
    row=27,
    key="engineering.facility_rules",
    title=Title(gettext_noop("公共设施设备运行管理制度")),
    document_kind="facility_management_rules",
    share=Decimal("0.3"),
)
