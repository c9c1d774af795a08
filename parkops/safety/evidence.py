"""How the safety domain answers 表A.1 rows 22–25 (clause 6.3.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind
from parkops.safety.models import (
    OUT_OF_SERVICE,
    Drill,
    EBikeChargingArea,
    FireEquipment,
    FoodMerchant,
    MonitoringDevice,
    PatrolRun,
    PeriodicCheck,
    RegisterInspection,
    SafetyPlan,
    SafetyTraining,
    SecurityStaff,
    SpecialEquipment,
    SpecialEquipmentInspection,
    StaffHealthCertificate,
)

# The emergency plans 6.3.1.1 names: 安全生产、防台、防汛、治安、网络信息安全、反恐 (and fire, 6.3.1.2).
REQUIRED_PLAN_TOPICS = (
    SafetyPlan.Topic.PRODUCTION,
    SafetyPlan.Topic.FIRE,
    SafetyPlan.Topic.TYPHOON,
    SafetyPlan.Topic.FLOOD,
    SafetyPlan.Topic.PUBLIC_ORDER,
    SafetyPlan.Topic.NETWORK,
    SafetyPlan.Topic.ANTI_TERROR,
)
PATROL_DAYS_PER_MONTH = 25  # 24-hour duty: patrols on (nearly) every day of the last 30
MIN_SECURITY_STAFF = 3
MIN_TRAININGS = 2
KEY_AREAS = (
    MonitoringDevice.Area.ENTRANCE,
    MonitoringDevice.Area.ROAD,
    MonitoringDevice.Area.PARKING,
    MonitoringDevice.Area.FACILITY,
)
ONLINE_TARGET = Decimal("0.9")


def _url(name: str) -> str:
    return reverse(f"safety:{name}")


def _year_before(as_of: dt.date) -> dt.date:
    return as_of - dt.timedelta(days=365)


def _ratio(good: int, total: int) -> Decimal:
    return (Decimal(good) / Decimal(total)).quantize(Decimal("0.0001")) if total else Decimal(0)


def _result(fraction: Decimal, evidence: list[Evidence], missing: list[str], effort: int = 2) -> Finding:
    if fraction >= 1 and not missing:
        return Finding.met(evidence)
    if fraction <= 0:
        return Finding.unmet(*missing, evidence=evidence, effort=effort)
    return Finding.partial(min(fraction, Decimal("0.9999")), evidence, missing, effort=effort)


# --- Row 22: 安全管理制度和应急预案、定期巡检和维护记录、商户许可证书 ------------------------------


@source(
    row=22,
    key="safety.plans",
    title=Title(gettext_noop("安全管理制度和应急预案（覆盖 6.3.1.1 所列领域）")),
    share=Decimal("0.3"),
)
def plans(park, as_of: dt.date) -> Finding:
    current = SafetyPlan.objects.filter(park=park, effective_on__lte=as_of)
    rules = current.filter(category=SafetyPlan.Category.RULE).count()
    topics = set(current.filter(category=SafetyPlan.Category.PLAN).values_list("topic", flat=True))
    covered = [t for t in REQUIRED_PLAN_TOPICS if t in topics]
    missing = [
        gettext("缺少%(topic)s应急预案") % {"topic": SafetyPlan.Topic(t).label}
        for t in REQUIRED_PLAN_TOPICS
        if t not in topics
    ]
    if not rules:
        missing.insert(0, gettext("没有在用的安全管理制度"))
    evidence = [
        Evidence(
            label=gettext("安全管理制度 %(count)s 项") % {"count": rules},
            url=_url("safetyplan_list") + "?category=rule",
            count=rules,
        ),
        Evidence(
            label=gettext("应急预案覆盖 %(covered)s/%(count)s 个领域")
            % {"covered": len(covered), "count": len(REQUIRED_PLAN_TOPICS)},
            url=_url("safetyplan_list") + "?category=plan",
            count=len(covered),
        ),
    ]
    fraction = _ratio(len(covered), len(REQUIRED_PLAN_TOPICS)) * (Decimal(1) if rules else Decimal("0.5"))
    return _result(fraction, evidence, missing)


@source(
    row=22, key="safety.drills", title=Title(gettext_noop("近 12 个月应急演练记录")), share=Decimal("0.2")
)
def drills(park, as_of: dt.date) -> Finding:
    qs = Drill.objects.filter(plan__park=park, held_on__gt=_year_before(as_of), held_on__lte=as_of)
    count = qs.count()
    latest = qs.order_by("-held_on").first()
    evidence = (
        [
            Evidence(
                label=gettext("近 12 个月应急演练 %(count)s 次") % {"count": count},
                url=_url("drill_list"),
                count=count,
                date=latest.held_on if latest else None,
            )
        ]
        if count
        else []
    )
    missing = (
        []
        if count >= 2
        else [gettext("近 12 个月仅有 %(count)s 次应急演练，应定期开展（至少 2 次）") % {"count": count}]
    )
    return _result(_ratio(min(count, 2), 2), evidence, missing)


@source(
    row=22,
    key="safety.patrol_maintenance",
    title=Title(gettext_noop("24 小时巡查记录与设施维护检查记录")),
    share=Decimal("0.3"),
)
def patrol_and_maintenance(park, as_of: dt.date) -> Finding:
    month_ago = as_of - dt.timedelta(days=30)
    runs = PatrolRun.objects.filter(park=park, status=PatrolRun.Status.FINISHED)
    recent_days = {
        d.date() if isinstance(d, dt.datetime) else d
        for d in runs.filter(started_at__date__gt=month_ago, started_at__date__lte=as_of).values_list(
            "started_at__date", flat=True
        )
    }
    year_runs = runs.filter(started_at__date__gt=_year_before(as_of), started_at__date__lte=as_of).count()
    start = _year_before(as_of)
    records = {
        gettext("特种设备自行检查"): SpecialEquipmentInspection.objects.filter(
            equipment__park=park, inspected_on__gt=start, inspected_on__lte=as_of
        ).count(),
        gettext("消防设施及充电场所检查"): RegisterInspection.objects.filter(
            park=park, inspected_on__gt=start, inspected_on__lte=as_of
        ).count(),
        gettext("燃气、电气、广告牌定期检查"): PeriodicCheck.objects.filter(
            park=park, checked_on__gt=start, checked_on__lte=as_of
        ).count(),
    }
    evidence = [
        Evidence(
            label=gettext("近 30 天有巡查记录 %(days)s 天（近 12 个月共 %(runs)s 次巡查）")
            % {"days": len(recent_days), "runs": year_runs},
            url=_url("patrolrun_list"),
            count=len(recent_days),
        ),
        *(
            Evidence(
                label=gettext("近 12 个月%(records)s %(count)s 条") % {"records": name, "count": n}, count=n
            )
            for name, n in records.items()
        ),
    ]
    missing = []
    if len(recent_days) < PATROL_DAYS_PER_MONTH:
        missing.append(
            gettext("近 30 天只有 %(days)s 天有巡查记录（24 小时值班巡查应每天进行）")
            % {"days": len(recent_days)}
        )
    missing += [
        gettext("近 12 个月没有%(records)s记录") % {"records": name} for name, n in records.items() if not n
    ]
    fraction = (
        _ratio(min(len(recent_days), PATROL_DAYS_PER_MONTH), PATROL_DAYS_PER_MONTH) / 2
        + _ratio(sum(1 for n in records.values() if n), len(records)) / 2
    )
    return _result(fraction, evidence, missing)


@source(
    row=22,
    key="safety.merchant_licences",
    title=Title(gettext_noop("配套食品经营商户的有效许可证")),
    share=Decimal("0.2"),
)
def merchant_licences(park, as_of: dt.date) -> Finding:
    merchants = list(FoodMerchant.objects.filter(park=park))
    if not merchants:
        return Finding.unmet(gettext("未登记配套食品经营商户及其许可证；园区如无餐饮商户，请在自评中说明"))
    valid = [m for m in merchants if m.licence_valid_until >= as_of]
    missing = [
        gettext("“%(merchant)s”的食品经营许可证已于 %(date)s 过期")
        % {"merchant": m.name, "date": f"{m.licence_valid_until:%Y-%m-%d}"}
        for m in merchants
        if m not in valid
    ]
    evidence = [
        Evidence(
            label=gettext("许可证在有效期内的商户 %(valid)s/%(count)s 家")
            % {"valid": len(valid), "count": len(merchants)},
            url=_url("foodmerchant_list"),
            count=len(valid),
        )
    ]
    return _result(_ratio(len(valid), len(merchants)), evidence, missing)


# --- Row 23: 安全管理人员不少于 3 人；安全教育培训每年不少于 2 次 ----------------------------------


@source(
    row=23, key="safety.staff", title=Title(gettext_noop("专职安全管理人员不少于 3 人")), share=Decimal("0.5")
)
def security_staff(park, as_of: dt.date) -> Finding:
    count = SecurityStaff.objects.filter(park=park, active=True).count()
    evidence = (
        [
            Evidence(
                label=gettext("在岗安全管理人员 %(count)s 人") % {"count": count},
                url=_url("securitystaff_list"),
                count=count,
            )
        ]
        if count
        else []
    )
    if count >= MIN_SECURITY_STAFF:
        return Finding.met(evidence)
    return _result(
        _ratio(count, MIN_SECURITY_STAFF),
        evidence,
        [
            gettext("在岗安全管理人员 %(count)s 人，少于 %(minimum)s 人")
            % {"count": count, "minimum": MIN_SECURITY_STAFF}
        ],
        effort=3,
    )


@source(
    row=23,
    key="safety.training",
    title=Title(gettext_noop("近 12 个月安全教育培训不少于 2 次")),
    share=Decimal("0.5"),
)
def safety_training(park, as_of: dt.date) -> Finding:
    qs = SafetyTraining.objects.filter(park=park, held_on__gt=_year_before(as_of), held_on__lte=as_of)
    count = qs.count()
    latest = qs.order_by("-held_on").first()
    evidence = (
        [
            Evidence(
                label=gettext("近 12 个月安全教育培训 %(count)s 次") % {"count": count},
                url=_url("safetytraining_list"),
                count=count,
                date=latest.held_on if latest else None,
            )
        ]
        if count
        else []
    )
    missing = (
        []
        if count >= MIN_TRAININGS
        else [
            gettext("近 12 个月安全教育培训 %(count)s 次，少于每年 %(minimum)s 次")
            % {"count": count, "minimum": MIN_TRAININGS}
        ]
    )
    return _result(_ratio(min(count, MIN_TRAININGS), MIN_TRAININGS), evidence, missing)


# --- Row 24: 特种设备、消防设施、电动自行车充电、食品安全管理合规 -----------------------------------


def _in_date(
    qs, as_of: dt.date, label: str, url: str, *, out_of_service: bool = False
) -> tuple[Decimal, list[Evidence], list[str]]:
    """``label`` names the register in the reader's language; ``out_of_service`` adds to each
    item past its date that it must not be used."""
    items = list(qs)
    if not items:
        return Decimal(0), [], [gettext("未登记%(register)s") % {"register": label}]
    good = [o for o in items if o.next_due and o.next_due >= as_of]
    missing = []
    for o in items:
        if o in good:
            continue
        if not o.next_due:
            missing.append(gettext("%(item)s：未登记检验日期") % {"item": o})
            continue
        values = {"item": o, "date": f"{o.next_due:%Y-%m-%d}"}
        if out_of_service:
            values["state"] = gettext(OUT_OF_SERVICE)
            missing.append(gettext("%(item)s：检验已于 %(date)s 过期，%(state)s") % values)
        else:
            missing.append(gettext("%(item)s：检验已于 %(date)s 过期") % values)
    label = gettext("在检验有效期内的%(register)s %(good)s/%(count)s") % {
        "register": label,
        "good": len(good),
        "count": len(items),
    }
    return _ratio(len(good), len(items)), [Evidence(label=label, url=url, count=len(good))], missing


@source(
    row=24,
    key="safety.special_equipment",
    title=Title(gettext_noop("特种设备使用登记并在检验有效期内")),
    share=Decimal("0.4"),
)
def special_equipment(park, as_of: dt.date) -> Finding:
    # Equipment past its date must not be used (特种设备安全法): say so for each.
    fraction, evidence, missing = _in_date(
        SpecialEquipment.objects.filter(park=park),
        as_of,
        gettext("特种设备"),
        _url("specialequipment_list"),
        out_of_service=True,
    )
    return _result(fraction, evidence, missing, effort=3)


@source(
    row=24,
    key="safety.fire_equipment",
    title=Title(gettext_noop("消防设施定期检验、完好有效（GB 50140、GB 50974）")),
    share=Decimal("0.2"),
)
def fire_equipment(park, as_of: dt.date) -> Finding:
    return _result(
        *_in_date(
            FireEquipment.objects.filter(park=park), as_of, gettext("消防设施"), _url("fireequipment_list")
        )
    )


@source(
    row=24,
    key="safety.ebike_charging",
    title=Title(gettext_noop("电动自行车集中充电场所定期检查")),
    share=Decimal("0.2"),
)
def ebike_charging(park, as_of: dt.date) -> Finding:
    return _result(
        *_in_date(
            EBikeChargingArea.objects.filter(park=park),
            as_of,
            gettext("电动自行车充电场所"),
            _url("ebikechargingarea_list"),
        )
    )


@source(
    row=24,
    key="safety.food",
    title=Title(gettext_noop("食品经营许可证和从业人员健康证明有效")),
    share=Decimal("0.2"),
)
def food_safety(park, as_of: dt.date) -> Finding:
    merchants = list(FoodMerchant.objects.filter(park=park))
    certs = list(StaffHealthCertificate.objects.filter(merchant__park=park).select_related("merchant"))
    if not merchants:
        return Finding.unmet(gettext("未登记配套食品经营商户；园区如无餐饮商户，请在自评中说明"))
    missing = [
        gettext("“%(merchant)s”食品经营许可证已过期（%(date)s）")
        % {"merchant": m.name, "date": f"{m.licence_valid_until:%Y-%m-%d}"}
        for m in merchants
        if m.licence_valid_until < as_of
    ]
    missing += [
        gettext("“%(merchant)s”从业人员%(name)s的健康证明已过期（%(date)s）")
        % {"merchant": c.merchant.name, "name": c.name, "date": f"{c.valid_until:%Y-%m-%d}"}
        for c in certs
        if c.valid_until < as_of
    ]
    if not certs:
        missing.append(gettext("未登记食品从业人员健康证明"))
    total = len(merchants) + max(len(certs), 1)
    evidence = [
        Evidence(
            label=gettext("食品经营商户 %(count)s 家") % {"count": len(merchants)},
            url=_url("foodmerchant_list"),
            count=len(merchants),
        ),
        Evidence(
            label=gettext("从业人员健康证明 %(count)s 份") % {"count": len(certs)},
            url=_url("staffhealthcertificate_list"),
            count=len(certs),
        ),
    ]
    return _result(_ratio(total - len(missing), total), evidence, missing)


# --- Row 25: 全方位、高精度的安全监控系统 -------------------------------------------------------


@source(
    row=25,
    key="safety.monitoring",
    title=Title(gettext_noop("监控点位覆盖重点区域并正常在线")),
    share=Decimal("0.7"),
)
def monitoring(park, as_of: dt.date) -> Finding:
    devices = MonitoringDevice.objects.filter(park=park)
    cameras = devices.filter(kind=MonitoringDevice.Kind.CAMERA).count()
    alarms = devices.filter(kind=MonitoringDevice.Kind.ALARM).count()
    total = devices.count()
    if not total:
        return Finding.unmet(gettext("未登记监控摄像机和报警点"), effort=4)
    online = devices.filter(online=True).count()
    areas = set(devices.filter(kind=MonitoringDevice.Kind.CAMERA).values_list("area", flat=True))
    missing = [
        gettext("%(area)s没有登记监控摄像机") % {"area": MonitoringDevice.Area(a).label}
        for a in KEY_AREAS
        if a not in areas
    ]
    if not alarms:
        missing.append(gettext("未登记报警点"))
    rate = _ratio(online, total)
    if rate < ONLINE_TARGET:
        missing.append(
            gettext("在线率 %(rate)s%%，低于 %(target)s%%")
            % {"rate": f"{rate * 100:.0f}", "target": f"{ONLINE_TARGET * 100:.0f}"}
        )
    evidence = [
        Evidence(
            label=gettext("摄像机 %(cameras)s 台、报警点 %(alarms)s 个，在线 %(online)s/%(count)s")
            % {"cameras": cameras, "alarms": alarms, "online": online, "count": total},
            url=_url("monitoring_status"),
            count=total,
        ),
    ]
    coverage = _ratio(sum(1 for a in KEY_AREAS if a in areas), len(KEY_AREAS))
    fraction = coverage / 2 + min(Decimal(1), rate / ONLINE_TARGET) / 2
    if not alarms:
        fraction *= Decimal("0.8")
    return _result(fraction, evidence, missing)


document_source(
    row=25,
    key="safety.monitoring_intro",
    title=Title(gettext_noop("安全监控系统介绍")),
    document_kind="safety_monitoring_intro",
    share=Decimal("0.3"),
    departments=(DepartmentKind.SAFETY, DepartmentKind.DIGITAL),
)
