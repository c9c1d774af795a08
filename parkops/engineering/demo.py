"""The engineering part of the demo park: a year of work orders of every source and state
(tenant-reported and rated ones, a few overdue now), maintenance plans with the orders they
generated, periodic tests with reports, the building condition ledger with photos, and
decoration applications at every stage (one completed with its agreement and fire
inspections). Written through the services, backdated, so the audit history is real."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from parkops.core import clock
from parkops.engineering import services
from parkops.engineering.models import (
    BuildingConditionRecord,
    MaintenancePlan,
    PeriodicTest,
    System,
    WorkOrder,
    WorkOrderSla,
)

C = WorkOrder.Category
FAULTS = {
    C.UTILITIES: (
        (
            "洗手间洗手盆下水管漏水，地面有积水",
            "更换下水管及密封圈，清理积水",
            "PVC 下水管 1 根、密封圈 2 个",
        ),
        ("办公区两排灯管不亮", "更换 LED 灯管 6 支，检查镇流器正常", "LED 灯管 6 支"),
        ("茶水间插座跳闸，复位后又跳", "查出热水壶漏电，更换插座并告知企业停用该设备", "五孔插座 1 个"),
        ("卫生间感应冲水器不出水", "更换感应器电池并清洗电磁阀", "电池 4 节"),
        ("配电箱空开频繁跳闸", "空调回路负载过大，增设独立回路并更换 32A 空开", "32A 空开 1 个、电缆 15 米"),
    ),
    C.HVAC: (
        ("会议室空调不制冷，室温 29℃", "清洗过滤网，补充冷媒，出风温度恢复 14℃", "R410A 冷媒 1 瓶"),
        ("风机盘管滴水，吊顶有水渍", "疏通冷凝水管，更换积水盘保温", "保温棉 2 米"),
        ("空调运行噪音大", "紧固风机固定螺栓，更换减震垫", "减震垫 4 个"),
    ),
    C.ELEVATOR: (
        ("客梯 3# 开关门有异响", "通知维保单位调整门机皮带张紧度，测试正常", ""),
        ("货梯按钮 5F 失灵", "维保单位更换外呼按钮", "外呼按钮 1 个"),
    ),
    C.FIRE: (
        ("走廊烟感误报", "清洁烟感探头并测试，联动正常", ""),
        ("消防栓箱玻璃破损", "更换消防栓箱玻璃，检查水带水枪齐全", "箱门玻璃 1 块"),
    ),
    C.CIVIL: (
        ("办公室门锁损坏无法反锁", "更换执手锁", "执手锁 1 套"),
        ("走廊墙面瓷砖空鼓脱落", "铲除空鼓瓷砖，重新铺贴", "瓷砖 2㎡、瓷砖胶 1 包"),
        ("卫生间隔断门合页松动", "更换不锈钢合页", "合页 2 个"),
        ("窗户关不严漏风", "调整窗扇五金并更换密封条", "密封条 6 米"),
    ),
    C.NETWORK: (
        ("楼层弱电间交换机端口无信号", "更换跳线并重新配线", "六类跳线 2 根"),
        ("门禁刷卡无反应", "重启门禁控制器，更换读卡头", "读卡头 1 个"),
    ),
    C.OTHER: (("楼顶广告灯箱部分不亮", "更换灯箱 LED 模组", "LED 模组 8 个"),),
}
CATEGORY_WEIGHTS = {C.UTILITIES: 9, C.HVAC: 6, C.ELEVATOR: 2, C.FIRE: 2, C.CIVIL: 5, C.NETWORK: 3, C.OTHER: 1}
RATING_COMMENTS = {
    5: ("响应很快，处理专业", "师傅很细心", "满意"),
    4: ("处理及时", "解决了问题"),
    3: ("等待时间偏长",),
}

PLANS = (
    # system, title, asset, tasks, interval, unit, building code
    (
        System.ELEVATOR,
        "A栋客梯月度维保",
        "A栋 1#–4# 客梯",
        "曳引机、制动器、门系统、安全钳检查，轿厢清洁",
        1,
        "months",
        "A",
    ),
    (
        System.FIRE,
        "消防设施月度巡检",
        "各栋消防泵房、喷淋及报警系统",
        "消防泵手动启泵、末端试水、报警主机自检",
        1,
        "months",
        None,
    ),
    (
        System.POWER,
        "高低压配电系统季度保养",
        "D栋 1# 变配电室",
        "开关柜清扫、母排紧固、红外测温、接地电阻测试",
        3,
        "months",
        "D",
    ),
    (System.WATER, "二次供水水箱季度清洗", "A/B栋生活水箱", "水箱清洗消毒、水质取样送检", 3, "months", "A"),
    (
        System.HVAC,
        "中央空调末端季度保养",
        "A/B栋风机盘管",
        "过滤网清洗、冷凝水盘清理、风机检查",
        3,
        "months",
        "B",
    ),
)
TESTS = (
    (System.ELEVATOR, "电梯定期检验", "深圳市特种设备安全检验研究院", 365),
    (System.FIRE, "建筑消防设施年度检测", "深圳市安信消防技术检测有限公司", 365),
    (System.POWER, "防雷装置定期检测", "深圳市防雷中心", 365),
    (System.WATER, "二次供水水质检测", "深圳市疾病预防控制中心", 182),
    (System.HVAC, "冷却塔水质及军团菌检测", "深圳市计量质量检测研究院", 182),
)


def exists(ctx) -> bool:
    return WorkOrder.objects.filter(park=ctx.park).exists()


def _pdf(title: str, lines: list[str], name: str = "report.pdf") -> ContentFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(72, 770, title)
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate([*lines, "（演示数据）"]):
        pdf.drawString(72, 735 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name=name)


def _photo(rng, tone: tuple[int, int, int]) -> ContentFile:
    """A small stand-in site photo: a tinted surface with a few marks."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), tone)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 300), rng.randint(0, 220)
        shade = tuple(max(0, c - rng.randint(20, 60)) for c in tone)
        draw.rectangle((x, y, x + rng.randint(10, 60), y + rng.randint(4, 30)), fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _users(ctx):
    from parkops.accounts.models import User
    from parkops.core.scope import DepartmentKind, Role

    def one(**kw):
        return User.objects.filter(is_active=True, **kw).order_by("pk").first()

    staff = {"role": Role.STAFF, "parks": ctx.park}
    return {
        "engineer": one(department=DepartmentKind.ENGINEERING, **staff),
        "safety": one(department=DepartmentKind.SAFETY, **staff),
        "office": one(department=DepartmentKind.ADMINISTRATION, **staff) or ctx.admin,
        "service": one(department=DepartmentKind.SERVICE, **staff) or ctx.admin,
        "tenants": list(User.objects.filter(role=Role.TENANT, enterprise__park=ctx.park).order_by("pk")),
    }


def build(ctx) -> None:
    people = _users(ctx)
    if people["engineer"] is None:
        return  # no engineering login in this demo: nothing to run the workflows as
    for category, _label in C.choices:
        for priority, _plabel in WorkOrder.Priority.choices:
            respond, complete = services.sla_targets(ctx.park, category, priority)
            ctx.create(WorkOrderSla, by=people["engineer"], park=ctx.park, category=category, priority=priority,
                       respond_minutes=respond, complete_hours=complete)  # fmt: skip
    with services.quiet():
        _work_orders(ctx, people)
        _maintenance(ctx, people)
        _periodic_tests(ctx, people)
        _condition_ledger(ctx, people)
        _decoration(ctx, people)
    _open_now(ctx, people)
    _rules_document(ctx)


def _leased_units(ctx):
    from parkops.core.models import Unit

    return list(
        Unit.objects.filter(floor__building__park=ctx.park, state=Unit.State.LEASED)
        .select_related("enterprise", "floor__building")
        .order_by("pk")
    )


def _work_orders(ctx, people) -> None:
    """About 70 closed orders over the past year, most rated."""
    rng, today = ctx.rng, ctx.today
    units = _leased_units(ctx)
    tenant_units = {u.enterprise_id: u for u in units}
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    engineer = people["engineer"]
    for i in range(70):
        day = today - dt.timedelta(days=rng.randint(8, 360))
        reported = _at(day, rng.randint(8, 19), rng.randint(0, 59))
        category = rng.choices(categories, weights)[0]
        description, work_done, materials = rng.choice(FAULTS[category])
        tenant = people["tenants"][i % len(people["tenants"])] if people["tenants"] and i % 6 == 0 else None
        with services.backdated(reported):
            if tenant is not None:
                order = services.report_work_order(
                    by=tenant, category=category, description=description,
                    unit=tenant_units.get(tenant.enterprise_id), location="",
                )  # fmt: skip
            elif i % 9 == 4:
                order = services.raise_alarm_order(
                    park=ctx.park, category=category, description=f"设备告警：{description}",
                    alarm_ref=f"ALM-{day:%Y%m%d}-{i:03d}", priority=WorkOrder.Priority.NORMAL,
                )  # fmt: skip
            else:
                unit = rng.choice(units)
                order = services.report_work_order(
                    by=people["service"], park=ctx.park, category=category, description=description, unit=unit,
                    priority=WorkOrder.Priority.URGENT if rng.random() < 0.1 else WorkOrder.Priority.NORMAL,
                )  # fmt: skip
        _run(order, engineer, reported, rng, work_done, materials, late=rng.random() < 0.08)
        confirmer = tenant or (people["service"] if order.source != WorkOrder.Source.ALARM else engineer)
        done = WorkOrder.objects.get(pk=order.pk).completed_at
        with services.backdated(done + dt.timedelta(hours=rng.randint(1, 20))):
            services.confirm_work_order(order=order, by=confirmer)
            if order.source != WorkOrder.Source.ALARM and rng.random() < 0.85:
                rating = rng.choices((5, 4, 3), (6, 3, 1))[0]
                services.rate_work_order(order=order, by=confirmer, rating=rating,
                                         comment=rng.choice(RATING_COMMENTS[rating]))  # fmt: skip


def _run(order, engineer, reported, rng, work_done, materials, *, late=False, until="done") -> None:
    """Assign, accept and finish an order at believable times after it was reported."""
    respond = dt.timedelta(minutes=rng.randint(40, 90) if late else rng.randint(3, 25))
    with services.backdated(reported + respond / 2):
        services.assign_work_order(order=order, assignee=engineer, by=engineer)
    if until == "assigned":
        return
    with services.backdated(reported + respond):
        services.accept_work_order(order=order, by=engineer)
    if until == "accepted":
        return
    with services.backdated(reported + respond + dt.timedelta(minutes=rng.randint(30, 300))):
        services.complete_work_order(order=order, by=engineer, work_done=work_done, materials=materials)


def _maintenance(ctx, people) -> None:
    """Five calendar plans run for a year, and a run-hours plan for the chillers."""
    from parkops.core.models import Building

    rng, today = ctx.rng, ctx.today
    engineer = people["engineer"]
    buildings = {b.code: b for b in Building.objects.filter(park=ctx.park)}
    start = today - dt.timedelta(days=360)
    for system, title, asset, tasks, interval, unit, code in PLANS:
        with services.backdated(_at(start - dt.timedelta(days=5), 10)):
            plan = ctx.create(
                MaintenancePlan, by=engineer, park=ctx.park, system=system, title=title, asset=asset,
                tasks=tasks, interval=interval, interval_unit=unit, building=buildings.get(code),
                next_due_on=start + dt.timedelta(days=rng.randint(0, 20)), assignee=engineer,
            )  # fmt: skip
        due = plan.next_due_on
        while due < today:
            with services.backdated(_at(due, 6)):
                orders = services.generate_due_orders(
                    on=due, plans=MaintenancePlan.objects.filter(pk=plan.pk)
                )
            for order in orders:
                start_at = _at(due, 9, rng.randint(0, 50))
                with services.backdated(start_at):
                    services.accept_work_order(order=order, by=engineer)
                with services.backdated(start_at + dt.timedelta(hours=rng.randint(2, 6))):
                    services.complete_work_order(order=order, by=engineer, work_done=f"按计划完成：{tasks}")
                with services.backdated(start_at + dt.timedelta(hours=8)):
                    services.confirm_work_order(order=order, by=engineer)
            plan.refresh_from_db()
            due = plan.next_due_on
    # Chillers by run hours: 500 h between services; readings entered monthly.
    with services.backdated(_at(start, 10)):
        chiller = ctx.create(
            MaintenancePlan, by=engineer, park=ctx.park, system=System.HVAC, title="冷水机组 500 小时保养",
            asset="B1 冷站 1# 离心式冷水机组", tasks="检查油位油压、清洗冷凝器铜管、校验安全保护装置",
            schedule=MaintenancePlan.Schedule.METER, interval=500, interval_unit=MaintenancePlan.Unit.HOURS,
            last_reading=Decimal("18240"), current_reading=Decimal("18240"), assignee=engineer,
            building=buildings.get("B"),
        )  # fmt: skip
    reading = Decimal("18240")
    for month in range(12):
        day = start + dt.timedelta(days=30 * month + 15)
        if day >= today:
            break
        # Cooling season (April–October) runs far longer than winter.
        reading += Decimal(rng.randint(260, 420) if 4 <= day.month <= 10 else rng.randint(60, 140))
        with services.backdated(_at(day, 8)):
            services.record_reading(plan=chiller, value=reading, read_on=day, by=engineer)
        for order in chiller.work_orders.filter(state=WorkOrder.State.ASSIGNED):
            with services.backdated(_at(day, 9)):
                services.accept_work_order(order=order, by=engineer)
            with services.backdated(_at(day, 15)):
                services.complete_work_order(
                    order=order, by=engineer, work_done="完成 500 小时保养，运行参数正常"
                )
                services.confirm_work_order(order=order, by=engineer)
        chiller.refresh_from_db()


def _periodic_tests(ctx, people) -> None:
    rng, today = ctx.rng, ctx.today
    for system, name, agency, every in TESTS:
        tested = today - dt.timedelta(days=rng.randint(20, every - 30))
        dates = [tested - dt.timedelta(days=every), tested] if every < 365 else [tested]
        for n, day in enumerate(dates):
            result = PeriodicTest.Result.RECTIFY if system == System.FIRE and n == len(dates) - 1 else (
                PeriodicTest.Result.PASS)  # fmt: skip
            notes = (
                "检测发现 B 栋 3 个喷淋末端压力不足，已更换减压阀并复检合格" if result == "rectify" else ""
            )
            ctx.create(
                PeriodicTest, by=people["engineer"], park=ctx.park, system=system, name=name, tested_on=day,
                agency=agency, result=result, next_due_on=day + dt.timedelta(days=every), notes=notes,
                report=_pdf(f"{name}报告", [f"检测机构：{agency}", f"检测日期：{day:%Y-%m-%d}", "结论：合格"], "test-report.pdf"),  # noqa: E501
            )  # fmt: skip


def _condition_ledger(ctx, people) -> None:
    """Quarterly inspections of each building's ceilings, walls, floors, facade and doors."""
    from parkops.core.models import Building

    rng, today = ctx.rng, ctx.today
    engineer = people["engineer"]
    E, K = BuildingConditionRecord.Element, BuildingConditionRecord.Condition
    tones = {E.CEILING: (226, 226, 220), E.WALL: (214, 208, 196), E.FLOOR: (170, 160, 150),
             E.FACADE: (150, 170, 190), E.DOORS: (120, 110, 100)}  # fmt: skip
    areas = ("大堂", "标准层公共走廊", "电梯厅", "公共卫生间", "楼梯间")
    for building in Building.objects.filter(park=ctx.park).order_by("code"):
        floors = list(building.floors.filter(number__gt=0).order_by("number"))
        for quarter in range(4):
            day = today - dt.timedelta(days=91 * quarter + rng.randint(3, 40))
            for element in (
                (E.CEILING, E.WALL, E.FLOOR) if quarter % 2 else (E.CEILING, E.WALL, E.FLOOR, E.FACADE)
            ):
                defect = rng.random() < 0.12
                area = "外立面" if element == E.FACADE else rng.choice(areas)
                record = {
                    "building": building, "floor": None if element == E.FACADE else rng.choice(floors), "area": area,
                    "element": element, "condition": K.DEFECT if defect else rng.choice((K.GOOD, K.GOOD, K.MINOR)),
                    "description": f"{area}{E(element).label}局部破损，需修补" if defect else "",
                    "photo": _photo(rng, tones[element]), "inspected_on": day, "inspector": engineer.name,
                }  # fmt: skip
                if defect:
                    with services.backdated(_at(day, 11)):
                        order = services.report_work_order(
                            by=engineer, park=ctx.park, category=C.CIVIL, building=building,
                            location=f"{building.name} {area}", description=record["description"],
                        )  # fmt: skip
                    _run(order, engineer, _at(day, 11), rng, "已修补并恢复原貌", "腻子、涂料", late=False)
                    with services.backdated(_at(day + dt.timedelta(days=1), 16)):
                        services.confirm_work_order(order=order, by=engineer)
                    record["repair_order"] = order
                ctx.create(BuildingConditionRecord, by=engineer, **record)


def _decoration(ctx, people) -> None:
    """Five applications: completed, in progress, awaiting the agreement, at safety review,
    rejected; the demo tenant's own one waits for engineering review (see _open_now)."""
    rng, today = ctx.rng, ctx.today
    engineer, safety, office = people["engineer"], people["safety"] or ctx.admin, people["office"]
    units = [
        u for u in _leased_units(ctx) if u.enterprise_id not in {t.enterprise_id for t in people["tenants"]}
    ]
    plans = (
        (
            "completed",
            150,
            "研发实验室改造：新增洁净间隔断、通风柜 2 台及独立排风",
            "深圳市建安装饰工程有限公司",
        ),
        (
            "in_progress",
            25,
            "办公区翻新：地毯更换、墙面刷新、增设 2 间会议室",
            "深圳市华筑装饰设计工程有限公司",
        ),
        ("approved", 12, "前台及接待区改造，更换灯具与背景墙", "深圳市美居装饰工程有限公司"),
        ("engineering_ok", 6, "新增服务器机房：精密空调及 UPS 安装", "深圳市联科机电安装有限公司"),
        ("rejected", 40, "车间夹层搭建钢结构平台", "深圳市恒固钢结构工程有限公司"),
    )
    for (stage, days_ago, scope, contractor), unit in zip(plans, rng.sample(units, len(plans)), strict=True):
        submitted = today - dt.timedelta(days=days_ago)
        with services.backdated(_at(submitted, 10)):
            application = services.submit_decoration(by=engineer, data={
                "enterprise": unit.enterprise, "unit": unit, "scope": scope, "contractor": contractor,
                "contractor_contact": f"项目经理 {rng.choice('王李张刘陈杨')}工 138****{rng.randint(1000, 9999)}",
                "drawings": _pdf("装修设计图纸", [scope, f"施工单位：{contractor}"], "drawings.pdf"),
                "planned_start": submitted + dt.timedelta(days=10), "planned_end": submitted + dt.timedelta(days=55),
            })  # fmt: skip
        if stage == "rejected":
            with services.backdated(_at(submitted + dt.timedelta(days=2), 15)):
                services.review_decoration(
                    application=application,
                    by=engineer,
                    step="engineering",
                    approve=False,
                    comment="夹层荷载超出楼板设计荷载，请补充结构计算书并由原设计单位确认",
                )
            continue
        steps = (("engineering", engineer, "图纸符合要求"), ("safety", safety, "动火作业须提前一天申请"),
                 ("admin", office, "同意"))  # fmt: skip
        last = {"engineering_ok": 1, "approved": 3}.get(stage, 3)
        for n, (step, who, comment) in enumerate(steps[:last], start=1):
            with services.backdated(_at(submitted + dt.timedelta(days=n), 14)):
                services.review_decoration(
                    application=application, by=who, step=step, approve=True, comment=comment
                )
        if stage in ("engineering_ok", "approved"):
            continue
        signed = submitted + dt.timedelta(days=5)
        with services.backdated(_at(signed, 10)):
            services.sign_safety_agreement(
                application=application,
                by=engineer,
                signed_on=signed,
                file=_pdf(
                    "装修安全管理协议（签字版）", [unit.enterprise.name, contractor], "safety-agreement.pdf"
                ),
            )
        started = submitted + dt.timedelta(days=10)
        with services.backdated(_at(started, 9)):
            services.start_works(application=application, by=engineer, started_on=started)
        for k in range(2 if stage == "completed" else 1):
            day = started + dt.timedelta(days=7 + 14 * k)
            if day > today:
                break
            issues = "施工现场灭火器数量不足，电焊作业未设看火人；已要求当日整改" if k == 0 else ""
            with services.backdated(_at(day, 15)):
                services.record_fire_inspection(application=application, by=safety, inspected_on=day,
                                                result="issues" if issues else "pass", issues=issues,
                                                inspector=safety.name)  # fmt: skip
        if stage == "completed":
            day = started + dt.timedelta(days=45)
            with services.backdated(_at(day, 10)):
                services.accept_completion(
                    application=application,
                    by=engineer,
                    accepted_on=day,
                    passed=True,
                    notes="隔断、通风及消防设施符合图纸，验收通过",
                    inspector=engineer.name,
                )


def _open_now(ctx, people) -> None:
    """What is on the desk today: new and in-progress orders, three overdue, the demo
    tenant's fresh report awaiting confirmation, and its decoration application."""
    rng, now = ctx.rng, clock.now()
    engineer = people["engineer"]
    units = _leased_units(ctx)
    tenants = people["tenants"]
    tenant_unit = {u.enterprise_id: u for u in units}
    with services.quiet():
        # Overdue now: one never answered, one assigned but not accepted, one past completion.
        for hours, until, category in (
            (30, None, C.CIVIL),
            (6, "assigned", C.UTILITIES),
            (28, "accepted", C.HVAC),
        ):
            description, _done, _m = rng.choice(FAULTS[category])
            reported = now - dt.timedelta(hours=hours)
            with services.backdated(reported):
                order = services.report_work_order(
                    by=people["service"],
                    park=ctx.park,
                    category=category,
                    description=description,
                    unit=rng.choice(units),
                )
            if until:
                _run(order, engineer, reported, rng, "", "", late=True, until=until)
        services.escalate_overdue()
        if tenants:
            # The demo tenant's air-conditioning repair, done this morning, waiting for its confirmation.
            reported = now - dt.timedelta(hours=20)
            with services.backdated(reported):
                order = services.report_work_order(
                    by=tenants[0],
                    category=C.HVAC,
                    description="总经理办公室空调出风有异味",
                    unit=tenant_unit.get(tenants[0].enterprise_id),
                )
            _run(order, engineer, reported, rng, "清洗蒸发器并做除菌处理，异味消除", "空调清洗剂 1 瓶")
    # Fresh ones notify as they would in real life.
    for category, minutes in ((C.UTILITIES, 20), (C.NETWORK, 45)):
        description, _done, _m = rng.choice(FAULTS[category])
        with services.backdated(now - dt.timedelta(minutes=minutes)):
            services.report_work_order(
                by=people["service"],
                park=ctx.park,
                category=category,
                description=description,
                unit=rng.choice(units),
            )
    if tenants:
        unit = tenant_unit.get(tenants[0].enterprise_id)
        services.submit_decoration(by=tenants[0], data={
            "unit": unit, "scope": "新增 1 间洽谈室（轻钢龙骨石膏板隔墙），更换走廊灯具",
            "contractor": "深圳市鼎誉装饰工程有限公司", "contractor_contact": "周工 139****5521",
            "drawings": _pdf("洽谈室装修图纸", ["平面布置图、天花图、电气图"], "drawings.pdf"),
            "planned_start": ctx.today + dt.timedelta(days=14), "planned_end": ctx.today + dt.timedelta(days=40),
        })  # fmt: skip


def _rules_document(ctx) -> None:
    """The 公共设施设备运行管理制度 (indicator 27's rules part) in the document library."""
    from parkops.assessment.services import upload_document

    title = "公共设施设备运行管理制度"
    upload_document(
        park=ctx.park, kind="facility_management_rules", by=ctx.admin, title=title, version="2025版",
        effective_on=ctx.today - dt.timedelta(days=300), expires_on=None, approver="园区总经理",
        file=_pdf(title, ["供配电、给排水、暖通空调、消防、电梯系统运行规程", "维保计划、定期检验检测与台账管理"]),
        notes="",
    )  # fmt: skip
