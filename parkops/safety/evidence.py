"""How the safety domain answers 表A.1 rows 22–25 (clause 6.3.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parkops.assessment.registry import Action, Evidence, Finding, document_source, source
from parkops.assessment.titles import Title
from parkops.core.scope import DepartmentKind
from parkops.safety.models import (
    OUT_OF_SERVICE,
    Drill,
    EBikeChargingArea,
    FireEquipment,
    FireSafetySign,
    FoodMerchant,
    MonitoredArea,
    MonitoringDevice,
    PatrolRun,
    PatrolSchedule,
    PeriodicCheck,
    RegisterInspection,
    SafetyPlan,
    SafetyTraining,
    SecurityStaff,
    SpecialEquipment,
    SpecialEquipmentInspection,
    StaffHealthCertificate,
)

# The emergency plans 6.3.1.1 names: 安全生产、防台、防汛、治安、网络信息安全、反恐. A fire plan is
# shown when the park has one, but 6.3.1.1 does not list it, so its absence costs nothing here.
REQUIRED_PLAN_TOPICS = (
    SafetyPlan.Topic.PRODUCTION,
    SafetyPlan.Topic.TYPHOON,
    SafetyPlan.Topic.FLOOD,
    SafetyPlan.Topic.PUBLIC_ORDER,
    SafetyPlan.Topic.NETWORK,
    SafetyPlan.Topic.ANTI_TERROR,
)
# Row 22 asks for 定期巡检记录; 6.3.1.6 leaves the frequency to the park (规定频次). Patrol
# records must be current (within this window); the park's own schedule is shown, not scored.
PATROL_WINDOW_DAYS = 30
MIN_SECURITY_STAFF = 3
MIN_TRAININGS = 2
KEY_AREAS = (
    MonitoringDevice.Area.ENTRANCE,
    MonitoringDevice.Area.ROAD,
    MonitoringDevice.Area.PARKING,
    MonitoringDevice.Area.FACILITY,
)


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
            label=gettext("应急预案覆盖 6.3.1.1 所列 %(covered)s/%(count)s 个领域")
            % {"covered": len(covered), "count": len(REQUIRED_PLAN_TOPICS)},
            url=_url("safetyplan_list") + "?category=plan",
            count=len(covered),
        ),
    ]
    others = sorted(topics - set(REQUIRED_PLAN_TOPICS))
    if others:
        evidence.append(
            Evidence(
                label=gettext("其他领域应急预案：%(topics)s")
                % {"topics": gettext("、").join(str(SafetyPlan.Topic(t).label) for t in others)},
                url=_url("safetyplan_list") + "?category=plan",
            )
        )
    fraction = _ratio(len(covered), len(REQUIRED_PLAN_TOPICS)) * (Decimal(1) if rules else Decimal("0.5"))
    return _result(fraction, evidence, missing)


@source(
    row=22, key="safety.drills", title=Title(gettext_noop("近 12 个月应急演练记录")), share=Decimal("0.2")
)
def drills(park, as_of: dt.date) -> Finding:
    """6.3.1.1 asks for drills held regularly (定期开展演练) without a number: a drill within the
    last 12 months shows the practice; how many the park held is shown, not scored."""
    qs = Drill.objects.filter(plan__park=park, held_on__gt=_year_before(as_of), held_on__lte=as_of)
    count = qs.count()
    latest = qs.order_by("-held_on").first()
    if latest is None:
        return Finding.unmet(
            gettext("近 12 个月没有应急演练记录（6.3.1.1 要求定期开展演练）"),
            action=Action(_url("drill_add"), gettext("登记演练"), model="safety.Drill", permission="add"),
        )
    drilled = set(qs.values_list("plan__topic", flat=True))
    return Finding.met(
        [
            Evidence(
                label=gettext(
                    "近 12 个月应急演练 %(count)s 次，涉及 %(topics)s 个领域的预案，最近一次 %(date)s"
                )
                % {"count": count, "topics": len(drilled), "date": f"{latest.held_on:%Y-%m-%d}"},
                url=_url("drill_list"),
                count=count,
                date=latest.held_on,
            )
        ]
    )


def _daily_rounds(park) -> int:
    """The park's own patrol frequency: rounds a day over the schedules of its active routes."""
    return sum(
        PatrolSchedule.objects.filter(route__park=park, route__active=True).values_list("rounds", flat=True)
    )


@source(
    row=22,
    key="safety.patrol_maintenance",
    title=Title(gettext_noop("定期巡查记录与设施维护检查记录")),
    share=Decimal("0.3"),
)
def patrol_and_maintenance(park, as_of: dt.date) -> Finding:
    """Half for current patrol records, half for the maintenance/inspection records of 6.3.1.3–
    6.3.1.5. The standard names no patrol frequency (6.3.1.6: 规定频次, the park's own), so the
    park's schedule and how far its patrols kept it are evidence, not points."""
    window_start = as_of - dt.timedelta(days=PATROL_WINDOW_DAYS)
    runs = PatrolRun.objects.filter(park=park, status=PatrolRun.Status.FINISHED)
    recent = runs.filter(started_at__date__gt=window_start, started_at__date__lte=as_of)
    recent_days = {
        d.date() if isinstance(d, dt.datetime) else d
        for d in recent.values_list("started_at__date", flat=True)
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
            label=gettext(
                "近 %(window)s 天巡查 %(runs)s 次，有巡查记录 %(days)s 天（近 12 个月共 %(year)s 次）"
            )
            % {
                "window": PATROL_WINDOW_DAYS,
                "runs": recent.count(),
                "days": len(recent_days),
                "year": year_runs,
            },
            url=_url("patrolrun_list"),
            count=recent.count(),
        ),
    ]
    rounds = _daily_rounds(park)
    evidence.append(
        Evidence(
            label=gettext(
                "园区排班规定每天巡查 %(rounds)s 次，近 %(window)s 天应巡 %(target)s 次、实巡 %(runs)s 次"
            )
            % {
                "rounds": rounds,
                "window": PATROL_WINDOW_DAYS,
                "target": rounds * PATROL_WINDOW_DAYS,
                "runs": recent.count(),
            }
            if rounds
            else gettext("园区尚未排定巡查频次（巡查排班）"),
            url=_url("patrolschedule_list"),
        )
    )
    evidence += [
        Evidence(label=gettext("近 12 个月%(records)s %(count)s 条") % {"records": name, "count": n}, count=n)
        for name, n in records.items()
    ]
    missing = []
    if not recent_days:
        missing.append(gettext("近 %(window)s 天没有巡查记录") % {"window": PATROL_WINDOW_DAYS})
    missing += [
        gettext("近 12 个月没有%(records)s记录") % {"records": name} for name, n in records.items() if not n
    ]
    fraction = (Decimal(1) if recent_days else Decimal(0)) / 2 + _ratio(
        sum(1 for n in records.values() if n), len(records)
    ) / 2
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
    """6.3.1.2: fire equipment and the fire safety signs (消防安全标志), each inspected in date."""
    equipment = _in_date(
        FireEquipment.objects.filter(park=park), as_of, gettext("消防设施"), _url("fireequipment_list")
    )
    signs = _in_date(
        FireSafetySign.objects.filter(park=park), as_of, gettext("消防安全标志"), _url("firesafetysign_list")
    )
    finding = _result((equipment[0] + signs[0]) / 2, [*equipment[1], *signs[1]], [*equipment[2], *signs[2]])
    if signs[2]:
        finding.action = Action(
            _url("firesafetysign_add" if not signs[1] else "registerinspection_add"),
            gettext("登记消防安全标志") if not signs[1] else gettext("登记检查记录"),
            model="safety.FireSafetySign" if not signs[1] else "safety.RegisterInspection",
            permission="add",
        )
    return finding


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


def reporting_since(as_of: dt.date) -> dt.datetime:
    """A device counts as running on ``as_of`` when it reported on that day or the day before."""
    return dt.datetime.combine(
        as_of - dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_default_timezone()
    )


@source(
    row=25,
    key="safety.monitoring",
    title=Title(gettext_noop("高清监控覆盖重点区域并正常运行")),
    share=Decimal("0.7"),
)
def monitoring(park, as_of: dt.date) -> Finding:
    """6.3.1.8: real-time HD monitoring of entrances, main roads, car parks and important
    installations. Half for coverage (each key area the park registers has an HD camera, and
    each of the four kinds has at least one area), half for devices that report running (their
    own reports, not a ticked box). The live status page is the 正常运行页面 the row asks for."""
    devices = list(MonitoringDevice.objects.filter(park=park))
    if not devices:
        return Finding.unmet(
            gettext("未登记监控摄像机和报警点"),
            effort=4,
            action=Action(
                _url("monitoringdevice_add"),
                gettext("登记监控设备"),
                model="safety.MonitoringDevice",
                permission="add",
            ),
        )
    cameras = [d for d in devices if d.kind == MonitoringDevice.Kind.CAMERA]
    alarms = sum(1 for d in devices if d.kind == MonitoringDevice.Kind.ALARM)
    areas = list(MonitoredArea.objects.filter(park=park, area__in=KEY_AREAS))
    hd_cover = {d.covers_id for d in cameras if d.high_definition and d.covers_id}
    covered = [a for a in areas if a.pk in hd_cover]
    kinds = {a.area for a in areas}
    missing = [
        gettext("未登记%(area)s类重点监控区域") % {"area": MonitoringDevice.Area(k).label}
        for k in KEY_AREAS
        if k not in kinds
    ]
    missing += [gettext("“%(area)s”没有高清摄像机覆盖") % {"area": a} for a in areas if a not in covered]
    unknown = sum(1 for d in cameras if d.resolution is None)
    if unknown:
        missing.append(gettext("%(count)s 台摄像机未登记分辨率") % {"count": unknown})
    since = reporting_since(as_of)
    running = [d for d in devices if d.last_seen_at is not None and d.last_seen_at >= since]
    never = sum(1 for d in devices if d.last_seen_at is None)
    if never:
        missing.append(gettext("%(count)s 台设备尚无运行上报（接入设备上报后自动更新）") % {"count": never})
    stale = len(devices) - len(running) - never
    if stale:
        missing.append(gettext("%(count)s 台设备近一天没有上报") % {"count": stale})
    evidence = [
        Evidence(
            label=gettext("重点监控区域 %(covered)s/%(count)s 处有高清摄像机覆盖")
            % {"covered": len(covered), "count": len(areas)},
            url=_url("monitoredarea_list"),
            count=len(covered),
        ),
        Evidence(
            label=gettext(
                "摄像机 %(cameras)s 台（高清 %(hd)s 台）、报警点 %(alarms)s 个，近一天有运行上报 %(running)s/%(count)s"
            )
            % {
                "cameras": len(cameras),
                "hd": sum(1 for d in cameras if d.high_definition),
                "alarms": alarms,
                "running": len(running),
                "count": len(devices),
            },
            url=_url("monitoring_status"),
            count=len(devices),
        ),
    ]
    units = len(areas) + len(KEY_AREAS) - len(kinds)
    coverage = _ratio(len(covered), units)
    fraction = coverage / 2 + _ratio(len(running), len(devices)) / 2
    finding = _result(fraction, evidence, missing)
    if missing:
        finding.action = Action(
            _url("monitoredarea_list"),
            gettext("登记重点区域与设备"),
            model="safety.MonitoredArea",
            permission="add",
        )
    return finding


document_source(
    row=25,
    key="safety.monitoring_intro",
    title=Title(gettext_noop("安全监控系统介绍")),
    document_kind="safety_monitoring_intro",
    share=Decimal("0.3"),
    departments=(DepartmentKind.SAFETY, DepartmentKind.DIGITAL),
)
