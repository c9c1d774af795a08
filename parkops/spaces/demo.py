"""The spaces part of the demo park: 20 function spaces across the four buildings with their
equipment lists, booking rules, floor plans with marks for the floors that have spaces, a
space management policy document, and about three months of past and upcoming bookings by
tenants and staff (some cancelled, some awaiting approval).

Left imperfect on purpose, as a real park would be: the shared laboratory opened last month
has no equipment list yet and its floor no plan, so rows 9 and 10 show what is missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from parkops.accounts.models import User
from parkops.core import clock
from parkops.core.models import Floor, Unit
from parkops.spaces import plans, services
from parkops.spaces.models import Booking, BookingRule, Equipment, FloorPlan, FloorPlanMark, FunctionSpace

K = FunctionSpace.Kind
E = Equipment.Category

# (building, floor, kind, name, capacity, area, description, rule key or None)
SPACES = (
    (
        "A",
        1,
        K.EXHIBITION,
        "产业创新展厅",
        80,
        "420",
        "展示园区主导产业链及入驻企业代表性产品，可承接政府及客户参观接待。",
        "hall",
    ),
    (
        "A",
        1,
        K.ROADSHOW,
        "A栋路演中心",
        120,
        "360",
        "阶梯座位，配 LED 大屏和直播设备，用于项目路演、发布会和政策宣讲。",
        "hall",
    ),
    (
        "A",
        3,
        K.MEETING_ROOM,
        "A301 会议室",
        16,
        "60",
        "中型会议室，配视频会议终端，适合部门例会和客户会议。",
        "meeting",
    ),
    ("A", 3, K.MEETING_ROOM, "A302 会议室", 8, "32", "小型会议室，配电视投屏。", "meeting"),
    ("A", 3, K.NEGOTIATION, "A3 洽谈室", 6, "20", "开放式洽谈区旁的独立洽谈室，适合商务洽谈和面试。", "talk"),
    ("B", 1, K.NEGOTIATION, "B栋一楼洽谈室一", 6, "18", "大堂旁洽谈室，访客无需上楼即可洽谈。", "talk"),
    ("B", 1, K.NEGOTIATION, "B栋一楼洽谈室二", 6, "18", "大堂旁洽谈室，访客无需上楼即可洽谈。", "talk"),
    ("B", 2, K.MEETING_ROOM, "B201 会议室", 20, "75", "配双投影和视频会议终端，可分区使用。", "meeting_paid"),
    ("B", 2, K.MEETING_ROOM, "B202 会议室", 10, "40", "小型会议室，配电视投屏和白板。", "meeting"),
    (
        "B",
        3,
        K.INCUBATOR,
        "B3 众创空间",
        60,
        "680",
        "孵化工位 60 个，按月租用，配共享打印区、电话间和休闲区。",
        None,
    ),
    (
        "C",
        1,
        K.MEETING_ROOM,
        "C栋生产调度会议室",
        12,
        "45",
        "厂房配套会议室，靠近生产车间，供制造企业使用。",
        "meeting",
    ),
    (
        "C",
        4,
        K.OTHER,
        "共享检测实验室",
        10,
        "150",
        "上月启用的共享检测实验室，提供常用电子测量仪器的预约使用。",
        "lab",
    ),
    ("D", 1, K.CANTEEN, "园区食堂", 300, "900", "提供早、中、晚三餐，入驻企业员工凭工牌刷卡就餐。", None),
    ("D", 1, K.OTHER, "母婴室", 2, "12", "配哺乳椅、冰箱、洗手台，全天开放。", None),
    (
        "D",
        2,
        K.GYM,
        "园区健身房",
        40,
        "380",
        "有氧区、力量区和团课教室，入驻企业员工免费使用，需预约时段。",
        "gym",
    ),
    ("D", 2, K.MEETING_ROOM, "D2 大会议室", 60, "160", "可容纳 60 人，适合年会、培训和大型会议。", "big"),
    (
        "D",
        2,
        K.MEETING_ROOM,
        "D2 培训教室",
        40,
        "110",
        "课桌式布局，配投影和音响，用于员工培训和政策宣讲。",
        "big",
    ),
    ("D", 2, K.OTHER, "党群服务中心", 30, "140", "党员活动、工会活动和企业社群活动场地。", "hall"),
    (
        "A",
        -1,
        K.PARKING,
        "A栋地下停车场",
        320,
        "5200",
        "地下两层共 320 个车位，其中新能源充电车位 48 个。",
        None,
    ),
    ("D", 3, K.MEETING_ROOM, "园区服务中心会议室", 12, "40", "园区服务中心内，供运营团队内部使用。", "staff"),
)

RULES = {
    "meeting": dict(
        who="both",
        opens_at=dt.time(8),
        closes_at=dt.time(21),
        max_minutes=240,
        needs_approval=False,
        price_per_hour=Decimal("0"),
    ),
    "meeting_paid": dict(
        who="both",
        opens_at=dt.time(8),
        closes_at=dt.time(21),
        max_minutes=240,
        needs_approval=False,
        price_per_hour=Decimal("60"),
    ),
    "talk": dict(
        who="both",
        opens_at=dt.time(8, 30),
        closes_at=dt.time(20),
        max_minutes=120,
        needs_approval=False,
        price_per_hour=Decimal("0"),
    ),
    "hall": dict(
        who="both",
        opens_at=dt.time(9),
        closes_at=dt.time(18),
        max_minutes=480,
        needs_approval=True,
        min_notice_minutes=1440,
        price_per_hour=Decimal("200"),
    ),
    "big": dict(
        who="both",
        opens_at=dt.time(8),
        closes_at=dt.time(21),
        max_minutes=480,
        needs_approval=True,
        min_notice_minutes=240,
        price_per_hour=Decimal("150"),
    ),
    "gym": dict(
        who="tenants",
        opens_at=dt.time(6, 30),
        closes_at=dt.time(22),
        max_minutes=120,
        needs_approval=False,
        price_per_hour=Decimal("0"),
    ),
    "lab": dict(
        who="tenants",
        opens_at=dt.time(9),
        closes_at=dt.time(18),
        max_minutes=240,
        needs_approval=True,
        price_per_hour=Decimal("120"),
    ),
    "staff": dict(
        who="staff",
        opens_at=dt.time(8),
        closes_at=dt.time(20),
        max_minutes=240,
        needs_approval=False,
        price_per_hour=Decimal("0"),
    ),
}
NOTES = (
    "请按预约时段使用，提前 15 分钟可入场；使用后请关闭设备和空调、带走垃圾。如需取消请至少提前 1 小时操作。"
)

EQUIPMENT = {
    K.MEETING_ROOM: (
        ("会议桌椅", E.FURNITURE, "套", 1),
        ("投影仪", E.AV, "", 1),
        ("视频会议终端", E.AV, "", 1),
        ("无线投屏器", E.AV, "", 1),
        ("白板", E.FURNITURE, "", 1),
        ("无线 AP", E.NETWORK, "", 1),
    ),
    K.NEGOTIATION: (
        ("洽谈桌椅", E.FURNITURE, "套", 1),
        ("电视投屏", E.AV, "", 1),
        ("茶水柜", E.CATERING, "", 1),
    ),
    K.EXHIBITION: (
        ("LED 拼接屏", E.AV, "", 1),
        ("展台展柜", E.FURNITURE, "", 12),
        ("讲解耳麦", E.AV, "", 30),
        ("射灯照明系统", E.POWER, "", 1),
        ("烟感报警器", E.SAFETY, "", 6),
    ),
    K.ROADSHOW: (
        ("LED 大屏", E.AV, "", 1),
        ("音响系统", E.AV, "", 1),
        ("无线话筒", E.AV, "", 6),
        ("直播推流设备", E.AV, "", 1),
        ("阶梯座椅", E.FURNITURE, "", 120),
        ("应急照明", E.SAFETY, "", 8),
    ),
    K.INCUBATOR: (
        ("办公工位", E.FURNITURE, "", 60),
        ("共享打印机", E.OTHER, "", 2),
        ("电话间", E.FURNITURE, "", 3),
        ("门禁系统", E.SAFETY, "", 1),
        ("千兆网络", E.NETWORK, "", 1),
    ),
    K.CANTEEN: (
        ("餐桌椅", E.FURNITURE, "套", 75),
        ("消毒柜", E.CATERING, "", 4),
        ("油烟净化器", E.CATERING, "", 2),
        ("刷卡消费机", E.OTHER, "", 8),
        ("灭火毯", E.SAFETY, "", 6),
    ),
    K.GYM: (
        ("跑步机", E.FITNESS, "", 8),
        ("动感单车", E.FITNESS, "", 12),
        ("综合训练器", E.FITNESS, "", 4),
        ("哑铃组", E.FITNESS, "", 2),
        ("更衣柜", E.FURNITURE, "", 60),
        ("AED 除颤仪", E.SAFETY, "", 1),
    ),
    K.PARKING: (
        ("车牌识别道闸", E.SAFETY, "", 4),
        ("新能源充电桩", E.POWER, "", 48),
        ("视频监控", E.SAFETY, "", 36),
        ("排风系统", E.POWER, "", 1),
    ),
    K.OTHER: (("桌椅", E.FURNITURE, "套", 1), ("空调", E.POWER, "", 1), ("烟感报警器", E.SAFETY, "", 1)),
}
PURPOSES = (
    "部门周会",
    "客户洽谈",
    "面试",
    "项目评审",
    "供应商会议",
    "季度复盘",
    "技术交流",
    "产品演示",
    "投资人会议",
    "培训",
    "团队共创",
    "合同谈判",
)
STAFF_PURPOSES = ("招商项目洽谈", "企业走访复盘", "物业周例会", "政策宣讲筹备", "安全检查总结")


def exists(ctx) -> bool:
    return FunctionSpace.objects.filter(park=ctx.park).exists()


# The use each kind of space has in the park's planning permit (clause 5.3.1).
PLANNED_USE = {
    K.MEETING_ROOM: "配套办公用房",
    K.EXHIBITION: "展示用房",
    K.CANTEEN: "配套餐饮用房",
    K.GYM: "配套服务用房",
    K.INCUBATOR: "研发用房",
    K.PARKING: "停车场",
    K.ROADSHOW: "配套办公用房",
    K.NEGOTIATION: "配套办公用房",
    K.OTHER: "研发用房",
}


def build(ctx) -> None:
    park, rng, today = ctx.park, ctx.rng, ctx.today
    floors = {
        (f.building.code, f.number): f
        for f in Floor.objects.filter(building__park=park).select_related("building")
    }
    spaces = []
    for code, number, kind, name, capacity, area, description, rule_key in SPACES:
        floor = floors.get((code, number))
        space = ctx.create(
            FunctionSpace, park=park, building=floor.building if floor else None, floor=floor, kind=kind, name=name,
            capacity=capacity, area=Decimal(area), description=description,
            bookable=rule_key is not None, planned_use=PLANNED_USE[kind],
            **_approved_change(name, today),
        )  # fmt: skip
        spaces.append((space, rule_key))
        if rule_key:
            ctx.create(
                BookingRule,
                space=space,
                notes=NOTES,
                horizon_days=60,
                **{"min_notice_minutes": 30, **RULES[rule_key]},
            )
        if name == "共享检测实验室":
            continue  # opened last month; its list is still being drawn up
        for item, category, _unit, quantity in EQUIPMENT[kind]:
            ctx.create(
                Equipment, space=space, name=item, category=category, quantity=quantity,
                status=Equipment.Status.REPAIR if rng.random() < 0.04 else Equipment.Status.NORMAL,
                last_checked_on=today - dt.timedelta(days=rng.randint(3, 80)),
            )  # fmt: skip

    _floor_plans(ctx, spaces)
    _policy(ctx)
    _bookings(ctx, [s for s, key in spaces if key])


def _approved_change(name: str, today: dt.date) -> dict:
    """The shared laboratory was research space; the planning authority approved its use as a
    testing laboratory: a change of use that is resolved, so it does not veto."""
    if name != "共享检测实验室":
        return {}
    return {
        "actual_use": "检测实验室",
        "use_change_approval_no": "深规划资源许〔2025〕0312号",
        "use_change_approved_on": today - dt.timedelta(days=400),
    }


def _floor_plans(ctx, spaces) -> None:
    by_floor: dict[int, list[FunctionSpace]] = {}
    for space, _ in spaces:
        if space.floor_id and space.name != "共享检测实验室":
            by_floor.setdefault(space.floor_id, []).append(space)
    for floor_spaces in by_floor.values():
        floor = floor_spaces[0].floor
        units = list(Unit.objects.filter(floor=floor).order_by("code"))
        # Units are drawn unlabelled: the plan page labels them through its marks, which show a
        # tenant only its own units' codes (the picture itself cannot be narrowed per reader).
        rooms = [plans.Room(u, "", u.area) for u in units]
        rooms += [plans.Room(s, s.name, s.area or Decimal(50), highlight=True) for s in floor_spaces]
        ctx.rng.shuffle(rooms)
        image, marks = plans.draw(f"{floor} 平面分布图", rooms)
        plan = ctx.create(
            FloorPlan, floor=floor, image=ContentFile(image, name=f"plan-{floor.building.code}{floor.number}.png"),
            note="示意图：按房源面积比例绘制，标注为房源和功能空间位置",
        )  # fmt: skip
        for room in rooms:
            x, y = marks[room.key]
            target = {"unit": room.key} if isinstance(room.key, Unit) else {"space": room.key}
            ctx.create(FloorPlanMark, plan=plan, x=x, y=y, **target)


def _policy(ctx) -> None:
    """The space management policy (row 11) in the document library, if the library is there."""
    try:
        from parkops.assessment.services import upload_document
    except ImportError:  # pragma: no cover - the assessment app is part of every install
        return
    lines = [
        ctx.park.name,
        "一、适用范围：园区会议室、洽谈室、路演厅、展厅、健身房、众创空间等功能空间。",
        "二、预订：通过园区平台在线预约，按 30 分钟为单位，系统自动防止时段冲突。",
        "三、使用规范：按时使用、爱护设施、保持整洁；大型活动须提前报备安全方案。",
        "四、保障机制：客服部每日巡查设备，故障 2 小时内响应，每季度盘点设备设施清单。",
        "（演示数据）",
    ]
    upload_document(
        park=ctx.park, kind="space_management_policy", by=ctx.admin, title="园区功能空间管理制度（含预约管理办法）",
        version="V1.2", effective_on=ctx.today - dt.timedelta(days=240), expires_on=None, approver="园区总经理",
        file=_pdf("园区功能空间管理制度", lines), notes="2025 年修订：新增线上预约与取消规则",
    )  # fmt: skip


def _pdf(title: str, lines: list[str]) -> ContentFile:
    import io

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
        pdf.drawString(72, 730 - 22 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="space-management-policy.pdf")


def _bookings(ctx, spaces: list[FunctionSpace]) -> None:
    """About 13 weeks back and 3 weeks ahead. Past bookings are recorded as they happened
    (written directly, still audited and still checked by the database's overlap guard);
    upcoming ones go through the booking service like any user's."""
    rng, today = ctx.rng, ctx.today
    tz = timezone.get_current_timezone()
    tenants = list(User.objects.filter(username__in=("tenant", "tenant2"), enterprise__park=ctx.park))
    staff = list(User.objects.filter(username__in=("kefu", "zhaoshang", "qiye"), parks=ctx.park))
    manager = next((u for u in staff if u.username == "kefu"), ctx.admin)
    others = [
        e for e in ctx.enterprises if e.status == "resident" and all(e.pk != t.enterprise_id for t in tenants)
    ]
    now = clock.now()
    for space in spaces:
        rule = BookingRule.objects.get(space=space)
        busy_rate = 1.0 if space.kind == K.GYM else (0.3 if rule.needs_approval else 2.2)
        for offset in range(-91, 22):
            day = today + dt.timedelta(days=offset)
            if day.weekday() >= 5 and space.kind != K.GYM:
                continue
            taken: list[tuple[dt.datetime, dt.datetime]] = []
            for _ in range(_count(rng, busy_rate)):
                length = (
                    rng.choice((60, 60, 90, 120, 120, 180)) if space.kind != K.GYM else rng.choice((60, 90))
                )
                length = min(length, rule.max_minutes)
                open_min = rule.opens_at.hour * 60 + rule.opens_at.minute
                close_min = rule.closes_at.hour * 60 + rule.closes_at.minute
                start_min = open_min + 30 * rng.randint(0, max(0, (close_min - open_min - length) // 30))
                start = dt.datetime.combine(day, dt.time(start_min // 60, start_min % 60), tz)
                end = start + dt.timedelta(minutes=length)
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                who, enterprise = _booker(rng, rule, tenants, staff, others)
                purpose = rng.choice(
                    STAFF_PURPOSES if enterprise is None and who.role != "tenant" else PURPOSES
                )
                attendees = max(1, min(space.capacity or 4, rng.randint(2, 12)))
                if start > now + dt.timedelta(minutes=rule.min_notice_minutes + 120):
                    booking = services.book(
                        space=space, by=who if enterprise is None or who.role == "tenant" else manager,
                        starts_at=start, ends_at=end, purpose=purpose, attendees=attendees,
                        for_enterprise=enterprise if who.role != "tenant" else None,
                    )  # fmt: skip
                    if booking.status == Booking.Status.PENDING and rng.random() < 0.5:
                        services.decide(
                            booking=booking, by=manager, approve=True, note="同意，请提前报备参会名单"
                        )
                    elif rng.random() < 0.06:
                        services.cancel(booking=booking, by=booking.booked_by, reason="行程调整")
                    continue
                if end > now:
                    continue
                cancelled = rng.random() < 0.07
                ctx.create(
                    Booking, space=space, booked_by=who if who.role == "tenant" or enterprise is None else manager,
                    enterprise=enterprise, starts_at=start, ends_at=end, purpose=purpose, attendees=attendees,
                    status=Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
                    price=services.price_for(rule, start, end),
                    cancelled_at=start - dt.timedelta(hours=rng.randint(2, 48)) if cancelled else None,
                    cancel_reason="行程调整" if cancelled else "",
                    decided_by=manager if rule.needs_approval else None,
                    decided_at=start - dt.timedelta(days=2) if rule.needs_approval else None,
                )  # fmt: skip


def _count(rng, rate: float) -> int:
    n = 0
    while rng.random() < rate / (1 + rate) and n < 6:
        n += 1
    return n


def _booker(rng, rule, tenants, staff, others):
    """(user, enterprise): a demo tenant login, another enterprise booked by phone through the
    service desk, or a staff member for the operator's own use."""
    options = []
    if rule.who in ("tenants", "both"):
        options += [("tenant", 4), ("other", 4)]
    if rule.who in ("staff", "both"):
        options += [("staff", 2)]
    pick = rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]
    if pick == "tenant" and tenants:
        user = rng.choice(tenants)
        return user, user.enterprise
    if pick == "other" and others and staff:
        return rng.choice(staff), rng.choice(others)
    if staff:
        return rng.choice(staff), None
    user = rng.choice(tenants)
    return user, user.enterprise
