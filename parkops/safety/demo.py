"""The demo park's year of safety management (clause 6.3.1; rows 22–25): plans and drills,
patrols with daily runs, hazards in every state (one overdue), registers with one elevator past
its inspection date, food merchants (one licence expiring), security staff, training, cameras."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from parkops.core import clock
from parkops.core.demo.context import DemoContext
from parkops.safety import models as m
from parkops.safety import services

TZ = ZoneInfo("Asia/Shanghai")
PATROL_DAYS = 60
SAFETY_LOGIN = "anquan"
ENGINEERING_LOGIN = "gongcheng"


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and m.SafetyPlan.objects.filter(park=ctx.park).exists()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of the demo's history, never later than the moment the demo is built: a demo
    built at 03:05 has no round that "started 08:10" today."""
    return min(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ), clock.now())


def _month_ago(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def build(ctx: DemoContext) -> None:
    from parkops.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=(SAFETY_LOGIN, ENGINEERING_LOGIN))}
    safety_user = users.get(SAFETY_LOGIN) or ctx.admin
    engineer = users.get(ENGINEERING_LOGIN) or ctx.admin
    plans = _plans(ctx)
    _drills(ctx, plans)
    routes = _patrol(ctx, safety_user)
    _hazards(ctx, safety_user, engineer)
    _registers(ctx)
    _people(ctx)
    _monitoring(ctx)
    _document(
        ctx,
        "safety_monitoring_intro",
        "园区安全监控系统介绍",
        [
            "覆盖出入口、主干道、停车场、重要设施设备，400 万像素高清摄像机 36 台、报警点 6 个。",
            "视频存储 30 天，消防控制室 24 小时值守，报警联动 110 与微型消防站。",
        ],
        200,
    )
    # What the daily jobs would have done by now.
    services.escalate_overdue_hazards(_at(ctx.today, 9))
    services.send_expiry_reminders(ctx.today)
    ctx.note(f"安全管理：{len(routes)} 条巡查路线，巡查点二维码打印页见 /safety/routes/{routes[0].pk}/qr/")


# --- Plans and drills --------------------------------------------------------------------------

PLANS = (
    ("rule", "production", "园区安全生产责任制", "安全管理部"),
    ("rule", "production", "安全隐患排查治理制度", "安全管理部"),
    ("rule", "fire", "消防安全管理制度", "安全管理部"),
    ("plan", "production", "生产安全事故综合应急预案", "园区总经理"),
    ("plan", "fire", "火灾事故专项应急预案", "安全管理部"),
    ("plan", "typhoon", "防台风专项应急预案", "安全管理部"),
    ("plan", "flood", "防汛专项应急预案", "工程部"),
    ("plan", "public_order", "治安突发事件应急预案", "安全管理部"),
    ("plan", "network", "网络与信息安全事件应急预案", "智慧化部"),
    ("plan", "anti_terror", "反恐怖防范工作预案", "安全管理部"),
    ("plan", "special_equipment", "电梯困人应急救援预案", "工程部"),
)


def _plans(ctx: DemoContext) -> dict[str, m.SafetyPlan]:
    out = {}
    for category, topic, title, owner in PLANS:
        out[topic if category == "plan" else title] = ctx.create(
            m.SafetyPlan,
            park=ctx.park,
            category=category,
            topic=topic,
            title=title,
            owner=owner,
            version="2.1" if category == "rule" else "3.0",
            effective_on=dt.date(ctx.today.year - 1, 3, 1),
            summary=f"明确{owner}为责任主体，规定信息报告、先期处置、应急响应、善后与评估流程。",
        )
    return out


DRILLS = (
    (330, "fire", "A栋 12 层办公区火灾疏散及初起火灾扑救", 186),
    (250, "flood", "地下车库进水封堵与排水抢险", 42),
    (170, "typhoon", "台风“海燕”来临前户外广告牌和临时设施加固", 35),
    (95, "special_equipment", "B栋 3 号客梯困人救援", 18),
    (40, "fire", "C栋厂房化学品仓库泄漏及火灾联合演练", 124),
)


def _drills(ctx: DemoContext, plans) -> None:
    for days_ago, topic, scenario, people in DRILLS:
        ctx.create(
            m.Drill,
            plan=plans[topic],
            held_on=ctx.today - dt.timedelta(days=days_ago),
            scenario=scenario,
            participants_count=people,
            participant_names="安全管理部、工程部、微型消防站队员及入驻企业员工代表",
            review="演练按预案完成，响应时间符合要求；发现对讲机信号盲区 1 处，已列入整改。",
        )


# --- Patrols -------------------------------------------------------------------------------------

ROUTES = (
    (
        "公共区域夜间巡查",
        (
            ("东门岗亭", "园区东门", ("门岗值守到位", "道闸运行正常")),
            ("A栋 大堂", "A栋 1F", ("消防通道畅通", "灭火器压力正常")),
            ("地下车库 B1", "A/B栋 B1", ("消防通道畅通", "排水沟无堵塞")),
            ("变配电室", "D栋 B1", ("门窗关闭、无异味", "设备无异常声响")),
            ("电动自行车充电棚", "C栋 北侧", ("无私拉电线", "灭火器压力正常")),
            ("北门", "园区北门", ("门岗值守到位", "周界围墙完好")),
        ),
    ),
    (
        "C栋 厂房及仓库巡查",
        (
            ("C栋 1F 厂房", "C栋 1F", ("消防通道畅通", "无违规动火")),
            ("危化品仓库", "C栋 北侧", ("储存量不超限", "防泄漏设施完好")),
            ("C栋 屋面", "C栋 屋面", ("避雷设施完好", "无杂物堆放")),
        ),
    ),
)
CATEGORY_OF = {
    "灭火器压力正常": "fire",
    "消防通道畅通": "fire",
    "无私拉电线": "electrical",
    "设备无异常声响": "electrical",
    "无违规动火": "fire",
}


def _patrol(ctx: DemoContext, guard) -> list[m.PatrolRoute]:
    routes = []
    for name, checkpoints in ROUTES:
        route = ctx.create(m.PatrolRoute, park=ctx.park, name=name, description="24 小时值班巡查路线")
        for order, (cp_name, location, items) in enumerate(checkpoints, start=1):
            checkpoint = ctx.create(m.Checkpoint, route=route, order=order, name=cp_name, location=location)
            for i, text in enumerate(items, start=1):
                ctx.create(
                    m.CheckItem,
                    checkpoint=checkpoint,
                    order=i,
                    text=text,
                    hazard_category=CATEGORY_OF.get(text, "other"),
                )
        for shift, start, end in (
            ("早班", "08:00", "16:00"),
            ("中班", "16:00", "00:00"),
            ("夜班", "00:00", "08:00"),
        ):
            ctx.create(
                m.PatrolSchedule,
                route=route,
                shift=shift,
                starts_at=dt.time.fromisoformat(start),
                ends_at=dt.time.fromisoformat(end),
                rounds=2,
                guards=[guard],
            )
        routes.append(route)
    main = routes[0]
    checkpoints = list(main.checkpoints.prefetch_related("items").order_by("order"))
    rng = ctx.rng
    fail_day = 12  # one failed item, twelve days ago: the hazard it opened is still being fixed
    for days_ago in range(PATROL_DAYS, 0, -1):
        day = ctx.today - dt.timedelta(days=days_ago)
        start = _at(day, 21, rng.randint(0, 20))
        run = services.start_run(route=main, guard=guard, started_at=start)
        skip = rng.randrange(len(checkpoints)) if rng.random() < 0.08 else None  # now and then a missed point
        at = start
        for index, checkpoint in enumerate(checkpoints):
            at += dt.timedelta(minutes=rng.randint(4, 9))
            if index == skip:
                continue
            visit = services.visit_checkpoint(
                run=run,
                checkpoint=checkpoint,
                by=guard,
                at=at,
                method="qr" if rng.random() < 0.93 else "manual",
            )
            answers = []
            for item in checkpoint.items.all():
                failed = days_ago == fail_day and item.text == "无私拉电线"
                answers.append(
                    {
                        "item": item,
                        "passed": not failed,
                        "note": "充电棚 3 号桩旁发现私拉电线为电动车充电" if failed else "",
                    }
                )
            services.record_results(visit=visit, by=guard, answers=answers)
        services.finish_run(run=run, by=guard, at=at + dt.timedelta(minutes=5))
    # Today's round is under way: three checkpoints scanned.
    run = services.start_run(route=main, guard=guard, started_at=_at(ctx.today, 8, 10))
    for checkpoint in checkpoints[:2]:
        services.visit_checkpoint(run=run, checkpoint=checkpoint, by=guard, at=_at(ctx.today, 8, 20))
    return routes


# --- Hazards -------------------------------------------------------------------------------------


def _hazard(ctx, by, days_ago, **data):
    return services.report_hazard(
        park=ctx.park, by=by, data={"found_at": _at(ctx.today - dt.timedelta(days=days_ago), 10), **data}
    )


def _backdate(ctx, hazard, deadline: dt.date) -> None:
    """Demo history: the notice was issued long ago, so its deadline is in the past."""
    from parkops.core.services import update_object

    hazard.refresh_from_db()  # the services changed it since it was reported
    notice = hazard.notices.order_by("-created_at").first()
    update_object(obj=notice, data={"deadline": deadline}, by=ctx.admin)
    update_object(obj=hazard, data={"deadline": deadline}, by=ctx.admin)


def _place_in_time(hazard, found_at: dt.datetime) -> None:
    """Demo history only: the services stamp each step "now"; spread the steps of an old,
    closed hazard over the week after it was found, so its timeline reads as it happened.
    (The audit entries keep the real time they were written.)"""
    for step, days in ((hazard.notices, 0), (hazard.reports, 5), (hazard.follow_ups, 6)):
        step.update(created_at=found_at + dt.timedelta(days=days, hours=2))
    m.Hazard.objects.filter(pk=hazard.pk).update(closed_at=found_at + dt.timedelta(days=6, hours=3))


def _hazards(ctx: DemoContext, inspector, engineer) -> None:
    future = ctx.today + dt.timedelta(days=10)
    closed = (
        (300, "general", "fire", "B栋 5F 楼梯间", "防火门闭门器损坏，常闭式防火门无法自动关闭", "更换闭门器"),
        (
            220,
            "serious",
            "electrical",
            "D栋 2F 餐厅后厨",
            "厨房电缆桥架内电线绝缘层老化",
            "更换老化线缆并加装保护管",
        ),
        (150, "general", "fire", "A栋 9F 走道", "疏散指示标志灯不亮", "更换应急照明灯具"),
        (60, "general", "structure", "C栋 屋面", "屋面女儿墙局部瓷砖空鼓", "铲除空鼓瓷砖并重新粘贴"),
    )
    for days_ago, grade, category, place, text, fix in closed:
        h = _hazard(
            ctx,
            inspector,
            days_ago,
            grade=grade,
            category=category,
            place=place,
            description=text,
            source="inspection",
        )
        services.issue_notice(hazard=h, by=inspector, owner=engineer, deadline=future, measures=fix)
        services.report_rectification(hazard=h, by=engineer, done=f"已{fix}，经测试正常。")
        services.follow_up(hazard=h, by=inspector, passed=True, note="现场复查，整改到位。")
        _backdate(ctx, h, ctx.today - dt.timedelta(days=days_ago - 7))
        _place_in_time(h, _at(ctx.today - dt.timedelta(days=days_ago), 10))
    # Failed once at the follow-up, then fixed.
    h = _hazard(
        ctx,
        inspector,
        45,
        grade="serious",
        category="fire",
        place="A栋 B2 消防泵房",
        description="喷淋泵控制柜处于手动状态",
        source="inspection",
    )
    services.issue_notice(
        hazard=h, by=inspector, owner=engineer, deadline=future, measures="恢复自动状态并张贴操作规程"
    )
    services.report_rectification(hazard=h, by=engineer, done="已切换为自动。")
    services.follow_up(hazard=h, by=inspector, passed=False, note="操作规程未上墙，值班员不熟悉切换操作。")
    services.report_rectification(hazard=h, by=engineer, done="操作规程已上墙，值班员已培训。")
    services.follow_up(hazard=h, by=inspector, passed=True, note="复查合格。")
    # Reported, waiting for the follow-up inspection.
    h = _hazard(
        ctx,
        inspector,
        6,
        grade="general",
        category="fire",
        place="B栋 1F 商铺后门",
        description="商铺在疏散通道堆放纸箱",
        source="patrol",
    )
    services.issue_notice(
        hazard=h,
        by=inspector,
        owner=inspector,
        deadline=ctx.today + dt.timedelta(days=2),
        measures="督促商户清理并签订承诺书",
    )
    services.report_rectification(hazard=h, by=inspector, done="纸箱已清理，商户已签承诺书。")
    # Major hazard under rectification, with funds and a contingency plan.
    h = _hazard(
        ctx,
        inspector,
        20,
        grade="major",
        category="special_equipment",
        place="C栋 3 号货梯",
        description="货梯曳引钢丝绳断丝超标，存在坠落风险",
        source="inspection",
    )
    services.issue_notice(
        hazard=h,
        by=inspector,
        owner=engineer,
        deadline=ctx.today + dt.timedelta(days=15),
        measures="立即停用货梯，委托维保单位更换全部曳引钢丝绳",
        funds=Decimal("48000.00"),
        contingency_plan="停用期间设置警示隔离，货物改由 1 号货梯分时运输；发生困人按电梯困人应急救援预案处置。",
    )
    # Overdue: the deadline passed three days ago and nothing was reported.
    h = _hazard(
        ctx,
        inspector,
        25,
        grade="serious",
        category="electrical",
        place="D栋 B1 配电房",
        description="低压配电柜 2 号柜接线端子过热变色",
        source="inspection",
    )
    services.issue_notice(
        hazard=h,
        by=inspector,
        owner=engineer,
        deadline=future,
        measures="停电检修，紧固并更换过热端子，红外测温复核",
    )
    _backdate(ctx, h, ctx.today - dt.timedelta(days=3))
    # Just found, not yet assigned.
    _hazard(
        ctx,
        inspector,
        1,
        grade="general",
        category="other",
        place="园区东门",
        description="东门减速带固定螺栓松动",
        source="report",
    )


# --- Registers -----------------------------------------------------------------------------------

ELEVATORS = (
    ("A栋 1 号客梯", "A栋 核心筒"),
    ("A栋 2 号客梯", "A栋 核心筒"),
    ("B栋 3 号客梯", "B栋 核心筒"),
    ("B栋 4 号客梯", "B栋 核心筒"),
    ("C栋 1 号货梯", "C栋 东侧"),
    ("D栋 1 号客梯", "D栋 大堂"),
)
LIFT_MAINTAINER = ("深圳市安达电梯工程有限公司", "TS3144123-2027")


def _registers(ctx: DemoContext) -> None:
    today = ctx.today
    rng = ctx.rng
    equipment = []
    for index, (name, location) in enumerate(ELEVATORS):
        in_use = dt.date(2015 + index % 4, 6, 1)
        equipment.append(
            ctx.create(
                m.SpecialEquipment,
                park=ctx.park,
                kind="elevator",
                name=name,
                location=location,
                registration_no=f"梯11粤B{rng.randint(10000, 99999)}(19)",
                put_into_use_on=in_use,
                registered_on=in_use + dt.timedelta(days=12),
                maintenance_unit=LIFT_MAINTAINER[0],
                maintenance_licence_no=LIFT_MAINTAINER[1],
            )
        )
    equipment.append(
        ctx.create(
            m.SpecialEquipment,
            park=ctx.park,
            kind="pressure_vessel",
            name="空压站 1 号储气罐",
            location="C栋 空压站",
            registration_no=f"容3LS粤B{rng.randint(10000, 99999)}(20)",
            put_into_use_on=dt.date(2016, 3, 1),
            registered_on=dt.date(2016, 3, 20),
            maintenance_unit="园区工程部",
        )
    )
    equipment.append(
        ctx.create(
            m.SpecialEquipment,
            park=ctx.park,
            kind="vehicle",
            name="C栋 电动叉车 01",
            location="C栋 仓库",
            registration_no=f"车11粤B{rng.randint(10000, 99999)}(21)",
            put_into_use_on=dt.date(2021, 5, 10),
            registered_on=dt.date(2021, 5, 28),
            maintenance_unit="深圳市合力叉车服务有限公司",
        )
    )
    overdue_lift = equipment[2]  # B栋 3 号客梯: its yearly inspection lapsed 12 days ago
    for index, item in enumerate(equipment):
        if item is overdue_lift:
            periodic_on = _month_ago(today, 12) - dt.timedelta(days=12)
        else:
            periodic_on = today - dt.timedelta(days=30 * (2 + index) + rng.randint(0, 20))
        next_due = periodic_on.replace(year=periodic_on.year + 1)
        if index == 0:
            next_due = today + dt.timedelta(days=20)  # due within a month: reminded
        services.record_equipment_inspection(
            equipment=item,
            by=ctx.admin,
            data={
                "kind": "periodic",
                "inspected_on": periodic_on,
                "inspector": "深圳市特种设备安全检验研究院",
                "result": "pass",
                "next_due": next_due,
            },
        )
        for months in range(11, -1, -1):
            day = _month_ago(today, months) - dt.timedelta(days=3)
            if day <= periodic_on:
                continue
            services.record_equipment_inspection(
                equipment=item,
                by=ctx.admin,
                data={
                    "kind": "self",
                    "inspected_on": day,
                    "inspector": "工程部 特种设备管理员",
                    "result": "pass",
                    "note": "制动器、门锁、紧急报警装置检查正常"
                    if item.kind == "elevator"
                    else "安全附件检查正常",
                },
            )

    fire = (
        ("extinguisher", "A栋 1–20F 各层走道", 96, "GB 50140-2005", "MF/ABC4"),
        ("extinguisher", "B栋 1–16F 各层走道", 72, "GB 50140-2005", "MF/ABC4"),
        ("extinguisher", "C栋 厂房及仓库", 60, "GB 50140-2005", "MFT/ABC20 推车式及 MF/ABC5"),
        ("hydrant", "园区室外消火栓", 14, "GB 50974-2014", "SS100/65-1.6"),
        ("hydrant", "A–D栋 室内消火栓", 180, "GB 50974-2014", "SN65"),
        ("sprinkler", "A–D栋 自动喷水灭火系统", 1, "GB 50084-2017", "湿式系统"),
        ("alarm", "消防控制室 火灾自动报警系统", 1, "GB 50116-2013", "JB-QB-TC3000"),
        ("emergency_lighting", "A–D栋 应急照明和疏散指示", 1, "GB 51309-2018", "集中控制型"),
    )
    for kind, location, qty, standard, spec in fire:
        entry = ctx.create(
            m.FireEquipment,
            park=ctx.park,
            kind=kind,
            location=location,
            quantity=qty,
            standard=standard,
            model_spec=spec,
        )
        for months in (9, 6, 3, 0):
            day = _month_ago(today, months) - dt.timedelta(days=5)
            services.record_register_inspection(
                by=ctx.admin,
                data={
                    "fire_equipment": entry,
                    "inspected_on": day,
                    "inspector": "安全管理部 消防设施操作员",
                    "result": "pass",
                    "next_due": _month_ago(day, -3),
                    "note": "外观、压力、组件检查完好",
                },
            )
    for kind, location, qty in (
        ("escape", "A–D栋 安全出口及疏散走道", 420),
        ("extinguishing", "A–D栋 灭火器及消火栓箱", 380),
        ("alarm", "A–D栋 手动报警按钮", 160),
        ("prohibition", "C栋 仓库及配电房", 40),
    ):
        sign = ctx.create(
            m.FireSafetySign,
            park=ctx.park,
            kind=kind,
            location=location,
            quantity=qty,
            luminous=kind == "escape",
        )
        for months in (6, 0):
            day = _month_ago(today, months) - dt.timedelta(days=4)
            services.record_register_inspection(
                by=ctx.admin,
                data={
                    "fire_sign": sign,
                    "inspected_on": day,
                    "inspector": "安全管理部 安全员",
                    "result": "pass",
                    "next_due": _month_ago(day, -6),
                    "note": "标志齐全、清晰，蓄光标志亮度正常",
                },
            )
    for name, location, capacity in (("C栋 北侧充电棚", "C栋 北侧", 80), ("D栋 东侧充电棚", "D栋 东侧", 60)):
        area = ctx.create(
            m.EBikeChargingArea,
            park=ctx.park,
            name=name,
            location=location,
            capacity=capacity,
            fire_measures="独立设置，与建筑间距 6 米以上；安装自动喷淋和烟感；智能充电桩定时断电、过载保护；视频监控全覆盖。",
        )
        for months in range(11, -1, -1):
            day = _month_ago(today, months) - dt.timedelta(days=2)
            services.record_register_inspection(
                by=ctx.admin,
                data={
                    "charging_area": area,
                    "inspected_on": day,
                    "inspector": "安全管理部 安全员",
                    "result": "pass",
                    "next_due": _month_ago(day, -1),
                    "note": "充电桩、喷淋、灭火器检查正常",
                },
            )

    checks = (
        ("gas", "D栋 餐厅燃气管道及报警切断装置", 3, "深圳市燃气集团 安检员"),
        ("electrical", "A–D栋 低压配电系统红外测温", 3, "工程部 高压电工"),
        ("signage", "A栋 楼顶“湾创智谷”大型广告牌", 6, "深圳市广告设施安全检测中心"),
        ("signage", "园区东门 LED 显示屏", 6, "深圳市广告设施安全检测中心"),
    )
    for kind, subject, every, who in checks:
        for months in range(12 - every, -1, -every):
            day = _month_ago(today, months) - dt.timedelta(days=8)
            ctx.create(
                m.PeriodicCheck,
                park=ctx.park,
                kind=kind,
                subject=subject,
                checked_on=day,
                checked_by=who,
                result="pass",
                next_due=_month_ago(day, -every),
                note="检查合格",
            )

    merchants = (
        ("园区员工餐厅（D栋 2F）", "D栋 2F", 700),
        ("湾畔咖啡", "A栋 1F", 250),
        ("便利蜂便利店", "B栋 1F", 14),  # licence expiring within the month
    )
    staff_names = ("陈丽", "黄伟", "刘芳", "周强", "吴敏", "郑杰", "孙悦", "马超")
    n = 0
    for name, location, valid_days in merchants:
        merchant = ctx.create(
            m.FoodMerchant,
            park=ctx.park,
            name=name,
            location=location,
            licence_no=f"JY{rng.randint(10**13, 10**14 - 1)}",
            licence_valid_until=today + dt.timedelta(days=valid_days),
        )
        for _ in range(3 if valid_days > 100 else 2):
            ctx.create(
                m.StaffHealthCertificate,
                merchant=merchant,
                name=staff_names[n % len(staff_names)],
                certificate_no=f"440305{rng.randint(10**7, 10**8 - 1)}",
                valid_until=today + dt.timedelta(days=rng.randint(60, 330)),
            )
            n += 1


# --- People and monitoring -----------------------------------------------------------------------


def _people(ctx: DemoContext) -> None:
    from parkops.core.models import Staff
    from parkops.core.scope import DepartmentKind

    posts = {"安全管理部经理": "manager", "安全员": "officer", "消防控制室值班员": "fire_control"}
    for member in Staff.objects.filter(
        park=ctx.park, department__kind=DepartmentKind.SAFETY, active=True
    ).select_related("position"):
        post = posts.get(member.position.title if member.position else "", "officer")
        cert = {
            "manager": "注册安全工程师",
            "officer": "安全生产管理人员考核合格证",
            "fire_control": "消防设施操作员（四级）",
        }[post]
        ctx.create(
            m.SecurityStaff, park=ctx.park, staff=member, name=member.name, post=post, certificate=cert
        )
    for name in ("李海军", "王建国", "张志强", "赵永刚"):
        ctx.create(
            m.SecurityStaff,
            park=ctx.park,
            name=name,
            post="guard",
            certificate="保安员证",
            certificate_no=f"粤深保{ctx.rng.randint(100000, 999999)}",
        )
    trainings = (
        (320, "消防安全知识及灭火器实操培训", "drill", "南山区消防救援大队", "园区企业员工", 152),
        (230, "安全生产法及企业主体责任解读", "lecture", "深圳市安全生产协会", "入驻企业安全负责人", 64),
        (120, "有限空间作业及动火作业安全", "lecture", "园区安全管理部", "工程部及外包单位人员", 38),
        (35, "电动自行车安全充电与火灾防范", "exhibition", "园区安全管理部", "园区企业员工", 210),
    )
    for days_ago, topic, form, trainer, audience, people in trainings:
        ctx.create(
            m.SafetyTraining,
            park=ctx.park,
            held_on=ctx.today - dt.timedelta(days=days_ago),
            topic=topic,
            form=form,
            trainer=trainer,
            audience=audience,
            attendees_count=people,
            attendee_names="签到表见附件",
        )


def _monitoring(ctx: DemoContext) -> None:
    # The demo stands in for the ingest: devices report when the demo is built, two did not
    # report for two days, and the perimeter cameras were never connected.
    seen = min(_at(ctx.today, 8), clock.now())
    key_areas = {
        place: ctx.create(m.MonitoredArea, park=ctx.park, area=area, name=place)
        for area, place in (
            ("entrance", "东门"),
            ("entrance", "北门"),
            ("road", "主干道"),
            ("parking", "地下车库"),
            ("facility", "变配电室/消防泵房"),
        )
    }
    cameras = [
        ("entrance", "东门", 3),
        ("entrance", "北门", 2),
        ("road", "主干道", 6),
        ("parking", "地下车库", 8),
        ("facility", "变配电室/消防泵房", 4),
        ("building", "各栋大堂及电梯厅", 8),
        ("perimeter", "周界", 5),
    ]
    index = 0
    for area, place, count in cameras:
        for i in range(1, count + 1):
            index += 1
            device = ctx.create(
                m.MonitoringDevice,
                park=ctx.park,
                kind="camera",
                name=f"CAM-{index:03d}",
                location=f"{place} {i}",
                area=area,
                covers=key_areas.get(place),
                resolution=1080 if area == "building" else 1440,
            )
            if area != "perimeter":
                offline = index in (9, 27)
                services.record_device_report(
                    device=device, at=seen - dt.timedelta(days=2) if offline else seen
                )
    for i, (area, place) in enumerate(
        (
            ("facility", "消防控制室"),
            ("facility", "变配电室"),
            ("perimeter", "周界东段"),
            ("perimeter", "周界北段"),
            ("building", "财务室"),
            ("parking", "充电棚"),
        ),
        start=1,
    ):
        device = ctx.create(
            m.MonitoringDevice, park=ctx.park, kind="alarm", name=f"ALM-{i:02d}", location=place, area=area
        )
        services.record_device_report(device=device, at=seen)


def _pdf(title: str, lines: list[str]):
    """A one-page PDF standing in for the scanned document."""
    import io

    from django.core.files.base import ContentFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(72, 770, title)
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        pdf.drawString(72, 730 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="document.pdf")


def _document(ctx: DemoContext, kind: str, title: str, lines: list[str], days_ago: int) -> None:
    from parkops.assessment.services import upload_document

    effective_on = ctx.today - dt.timedelta(days=days_ago)
    upload_document(
        park=ctx.park,
        kind=kind,
        by=ctx.admin,
        title=title,
        version="V2.0",
        effective_on=effective_on,
        expires_on=None,
        approver="园区总经理",
        file=_pdf(
            title, [ctx.park.name, f"版本：V2.0　生效日期：{effective_on:%Y-%m-%d}", *lines, "（演示数据）"]
        ),
    )
