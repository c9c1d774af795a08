"""Investment part of the demo park: the investment team with targets, promotion events,
entry conditions, policies, a customer pipeline in every stage with follow-ups and stage
history, a lease for every let unit (some renewed), the tenant archive and the grading."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from parkops.core.demo import names
from parkops.core.demo.context import DemoContext
from parkops.core.models import Enterprise, Industry, Staff, Unit
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import update_object
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start
from parkops.investment import services
from parkops.investment.models import (
    ArchiveRecord,
    Customer,
    EnterpriseContact,
    EnterpriseQualification,
    EntryCondition,
    HeadcountRecord,
    InvestmentTarget,
    PolicyLink,
    PollutionCategory,
    PositioningException,
    QualificationKind,
    Stage,
)
from parkops.investment.selectors import add_years

TERM_YEARS = 3
EVENTS = (
    (40, "“芯”动南山——集成电路设计企业招商推介会", ("半导体与集成电路",), "园区 D 栋多功能厅", 86),
    (120, "智能传感器产业链对接会", ("智能传感器",), "深圳会展中心 6 号馆", 140),
    (205, "高端医疗器械创新企业沙龙", ("高端医疗器械",), "园区 D 栋多功能厅", 52),
    (290, "激光与增材制造产业专场推介", ("激光与增材制造", "精密仪器设备"), "南山区科技创新局报告厅", 95),
    (
        400,
        "2025 年度园区招商政策发布会",
        ("半导体与集成电路", "智能传感器", "高端医疗器械"),
        "园区 D 栋多功能厅",
        120,
    ),
)
PROSPECTS = (
    # (name suffix, industry, need ㎡, stage, source)
    ("芯智微电子", "半导体与集成电路", 600, Stage.INTENT, Customer.Source.EVENT),
    ("感知未来传感", "智能传感器", 450, Stage.INTENT, Customer.Source.EVENT),
    ("康诺医学影像", "高端医疗器械", 900, Stage.INTENT, Customer.Source.GOVERNMENT),
    ("光迅激光", "激光与增材制造", 1200, Stage.INTENT, Customer.Source.AGENT),
    ("精测仪器", "精密仪器设备", 380, Stage.INTENT, Customer.Source.REFERRAL),
    ("微纳封测", "半导体与集成电路", 1500, Stage.INTENT, Customer.Source.OWN),
    ("瑞声智能传感", "智能传感器", 300, Stage.TARGET, Customer.Source.EVENT),
    ("迈康生物", "生物医药", 800, Stage.TARGET, Customer.Source.ONLINE),
    ("星途空天", "低空经济与空天", 1000, Stage.TARGET, Customer.Source.GOVERNMENT),
    ("量芯科技", "量子信息", 260, Stage.TARGET, Customer.Source.OWN),
    ("智造母机", "工业母机", 2000, Stage.TARGET, Customer.Source.AGENT),
    ("云视超清", "超高清视频显示", 500, Stage.TARGET, Customer.Source.EVENT),
    ("博睿医疗", "高端医疗器械", 650, Stage.TARGET, Customer.Source.REFERRAL),
    ("新材纳米", "新材料", 700, Stage.TARGET, Customer.Source.ONLINE),
    ("恒达物流", None, 900, Stage.EXITED, Customer.Source.AGENT),
)
FOLLOW_UPS = (
    ("phone", "电话沟通园区政策和房源情况，客户关注研发用房层高和电力容量。", "安排实地带看"),
    ("tour", "陪同客户实地查看空置房源，介绍公共技术平台和人才公寓。", "发送租赁方案"),
    ("meeting", "商务洽谈租金、免租期和装修期安排，客户希望 3 个月免租。", "提交入驻评审"),
    ("wechat", "发送园区招商手册和南山区产业扶持政策解读。", "约定下周回访"),
)
POLICIES = (
    (
        PolicyLink.Kind.POLICY,
        "深圳市“20+8”产业集群政策汇编",
        "战略性新兴产业集群和未来产业的扶持政策摘要。",
        "https://www.sz.gov.cn/",
    ),
    (
        PolicyLink.Kind.POLICY,
        "南山区产业发展专项资金扶持措施",
        "研发投入、租金补贴、人才奖励等申报指引。",
        "https://www.szns.gov.cn/",
    ),
    (
        PolicyLink.Kind.RESOURCE,
        "园区公共技术服务平台",
        "芯片测试验证平台、精密测量实验室，入驻企业预约使用。",
        "",
    ),
    (PolicyLink.Kind.RESOURCE, "人才公寓", "D 栋 10–12 层配套公寓，面向园区企业骨干人才。", ""),
    (PolicyLink.Kind.GUIDE, "入园条件指引", "产业方向、环保要求与鼓励条件，详见本页“入园条件”。", ""),
)
CONTACT_ROLES = ("总经理", "行政主管", "财务经理", "人事经理")


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and Customer.objects.filter(park=ctx.park).exists()


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def build(ctx: DemoContext) -> None:
    from parkops.accounts.models import User

    rng = ctx.rng
    today = ctx.today
    park = ctx.park
    industries = {i.name: i for i in Industry.objects.filter(catalogue__is_current=True)}
    lead = User.objects.get(username="zhaoshang")
    team = [lead, *_team_logins(ctx)]

    for member in team:
        ctx.create(
            InvestmentTarget,
            park=park,
            member=member,
            year=today.year,
            duties=(
                "统筹年度招商计划、重点项目洽谈和入驻评审"
                if member == lead
                else "负责主导产业目标企业的开发、带看、洽谈和签约，维护客户台账"
            ),
            target_area=Decimal(rng.choice([3000, 3500, 4000, 5000])),
            target_leases=rng.randint(6, 10),
        )

    events = []
    for days_ago, theme, focus, place, attendees in EVENTS:
        events.append(
            ctx.create(
                Event,
                park=park,
                kind=EventKind.PROMOTION,
                starts_at=day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=14),
                ends_at=day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=17),
                title=theme,
                organiser="园区招商部",
                industries=[industries[n] for n in focus if n in industries],
                place=place,
                attendance=attendees,
                materials="园区招商手册（2025 版）\n产业扶持政策解读\n空置房源清单",
                summary=f"参会企业 {attendees // 3} 家，收集意向线索 {max(2, attendees // 20)} 条。",
            )
        )

    ctx.create(
        EntryCondition,
        park=park,
        kind=EntryCondition.Kind.INDUSTRY,
        title="产业方向符合园区定位",
        description="企业主营业务属于园区主导产业、特色产业或深圳市“20+8”产业目录；配套商业服务企业不适用。",
        industry_scope=EntryCondition.IndustryScope.CATALOGUE,
    )
    ctx.create(
        EntryCondition,
        park=park,
        kind=EntryCondition.Kind.ENVIRONMENT,
        title="不属于重污染项目",
        description="环保类别不高于“一般污染”，不引入电镀、印染等重污染工序。",
        max_pollution=PollutionCategory.GENERAL,
    )
    ctx.create(
        EntryCondition,
        park=park,
        kind=EntryCondition.Kind.QUALIFICATION,
        title="优先引进国家高新技术企业",
        description="鼓励条件：具有有效的国家高新技术企业证书者优先。",
        qualification=QualificationKind.HIGH_TECH,
        mandatory=False,
    )
    for kind, title, summary, url in POLICIES:
        ctx.create(PolicyLink, park=park, kind=kind, title=title, summary=summary, url=url)

    _pipeline(ctx, team, events, industries)
    _residents(ctx, team)
    services.apply_lease_dates(today=today)
    services.record_lease_reminders(today=today)
    services.grade_residents(park=park, on=today, by=lead)
    _positioning_exception(ctx)


def _positioning_exception(ctx: DemoContext) -> None:
    """The one resident outside the positioning the operator accepted, with its reason."""
    from parkops.investment.selectors import positioning_fit

    outside = [r for r in positioning_fit(ctx.park, ctx.today) if not r.fits]
    if outside:
        ctx.create(
            PositioningException,
            enterprise=outside[0].enterprise,
            reason="为园区主导产业企业提供检测认证配套服务，经招商评审会同意入驻",
            accepted_on=ctx.today - dt.timedelta(days=200),
            accepted_by="园区总经理",
        )


def _team_logins(ctx: DemoContext) -> list:
    """Logins for the three 招商经理 of the demo organisation, linked to their staff records."""
    users = []
    managers = Staff.objects.filter(park=ctx.park, position__title="招商经理", user__isnull=True).order_by(
        "employee_no"
    )
    for number, staff in enumerate(managers, start=1):
        user = ctx.create_user(
            username=f"zhaoshang{number}",
            role=Role.STAFF,
            display_name=staff.name,
            email=f"zhaoshang{number}@demo.parkops.example",
            department=DepartmentKind.INVESTMENT,
            operator=ctx.operator,
            parks=[ctx.park],
        )
        update_object(obj=staff, data={"user": user}, by=ctx.admin)
        users.append(user)
    return users


def _pipeline(ctx: DemoContext, team, events, industries) -> None:
    rng = ctx.rng
    for index, (word, industry, need, stage, source) in enumerate(PROSPECTS):
        owner = team[index % len(team)]
        event = events[index % len(events)] if source == Customer.Source.EVENT else None
        customer = services.create_customer(
            data={
                "park": ctx.park,
                "name": f"深圳市{word}{'科技' if industry else ''}有限公司",
                "credit_code": ctx.credit_codes.take(lambda: names.credit_code(rng, new_style=True))
                if stage != Stage.TARGET
                else "",
                "industry": industries.get(industry) if industry else None,
                "industry_note": industry or "仓储物流",
                "contact_name": names.person_name(rng),
                "contact_phone": ctx.phones.take(lambda: names.mobile(rng)),
                "source": source,
                "event": event,
                "owner": owner,
                "stage": Stage.TARGET,
                "need_area": Decimal(need),
                "grade": "A" if need >= 900 else "B",
            },
            by=owner,
        )
        steps = 1 if stage == Stage.TARGET else 3
        for step in range(steps):
            way, content, next_step = FOLLOW_UPS[(index + step) % len(FOLLOW_UPS)]
            services.add_follow_up(
                customer=customer,
                followed_on=ctx.today - dt.timedelta(days=rng.randint(3, 25) + 20 * (steps - step)),
                way=way,
                content=content,
                next_step=next_step,
                by=owner,
            )
        if stage in (Stage.INTENT, Stage.EXITED):
            services.move_stage(
                customer=customer, to_stage=Stage.INTENT, by=owner, note="完成带看，有明确租赁意向"
            )
        if stage == Stage.EXITED:
            services.move_stage(customer=customer, to_stage=Stage.EXITED, by=owner, note="客户选择了其他园区")


def _term(moved_in: dt.date, today: dt.date) -> tuple[dt.date, int]:
    """Start of the lease term running today (terms of TERM_YEARS from moving in) and its index."""
    k = 0
    while add_years(moved_in, TERM_YEARS * (k + 1)) <= today:
        k += 1
    return add_years(moved_in, TERM_YEARS * k), k


def _residents(ctx: DemoContext, team) -> None:
    rng = ctx.rng
    residents = [e for e in ctx.enterprises if e.status == Enterprise.Status.RESIDENT]
    for index, enterprise in enumerate(residents):
        units = list(Unit.objects.filter(enterprise=enterprise, state=Unit.State.LEASED).order_by("pk"))
        owner = team[index % len(team)]
        customer = services.create_customer(
            data={
                "park": ctx.park,
                "name": enterprise.name,
                "credit_code": enterprise.credit_code,
                "industry": enterprise.industry,
                "industry_note": enterprise.industry_note,
                "pollution": PollutionCategory.LIGHT
                if any(u.use == Unit.Use.PLANT for u in units)
                else PollutionCategory.NONE,
                "contact_name": enterprise.contact_name,
                "contact_phone": enterprise.contact_phone,
                "source": rng.choice(list(Customer.Source)),
                "owner": owner,
                "stage": Stage.INTENT,
                "enterprise": enterprise,
            },
            by=owner,
        )
        if units:
            _leases(ctx, customer, enterprise, units, owner)
        _archive(ctx, enterprise, index)
    for enterprise in (e for e in ctx.enterprises if e.status == Enterprise.Status.LEFT):
        customer = services.create_customer(
            data={
                "park": ctx.park,
                "name": enterprise.name,
                "credit_code": enterprise.credit_code,
                "industry": enterprise.industry,
                "industry_note": enterprise.industry_note,
                "stage": Stage.INTENT,
                "enterprise": enterprise,
                "owner": team[0],
            },
            by=team[0],
        )
        from parkops.investment.services import _record_stage

        update_object(obj=customer, data={"stage": Stage.EXITED}, by=team[0])
        _record_stage(
            customer=customer,
            from_stage=Stage.RESIDENT,
            to_stage=Stage.EXITED,
            by=team[0],
            note="租约到期不再续租，已办理退租",
        )


def _leases(ctx: DemoContext, customer, enterprise, units, owner) -> None:
    rng = ctx.rng
    today = ctx.today
    moved_in = enterprise.moved_in_on or ctx.park.opened_on
    start, term = _term(moved_in, today)
    area = sum((u.area for u in units), Decimal("0"))
    listed = sum(((u.listed_rent or Decimal("90")) * u.area for u in units), Decimal("0")) / area
    escalation = Decimal(rng.choice(["3", "3", "4", "5"]))
    # Renewals re-price at the listed rent; a first term was signed a little below it.
    rent = _cents(listed * Decimal(rng.uniform(0.9, 0.98) if term == 0 else 1))
    previous = None
    if term > 0:
        prev_start = add_years(start, -TERM_YEARS)
        previous = services.sign_lease(
            customer=customer,
            units=units,
            start=prev_start,
            end=start - dt.timedelta(days=1),
            rent_per_m2=_cents(rent * Decimal("0.92")),
            escalation_pct=escalation,
            deposit=_cents(rent * area * 2),
            signed_on=prev_start - dt.timedelta(days=rng.randint(10, 40)),
            by=owner,
        )
    free = []
    if term == 0 and rng.random() < 0.6:
        months = rng.choice([1, 2, 3])
        free = [(start, add_months(start, months) - dt.timedelta(days=1))]
    services.sign_lease(
        customer=customer,
        units=units,
        start=start,
        end=add_years(start, TERM_YEARS) - dt.timedelta(days=1),
        rent_per_m2=rent,
        escalation_pct=escalation,
        deposit=_cents(rent * area * 2),
        free_periods=free,
        signed_on=start - dt.timedelta(days=rng.randint(10, 40)),
        previous=previous,
        by=owner,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


ARCHIVE_NOTES = (
    ("needs", "年度走访：关注人才公寓、政策申报与产业链对接需求", 25),
    ("feedback", "座谈会反馈：希望延长空调供应时间、增加访客车位", 12),
    ("cooperation", "参加园区供需对接会，与园内企业达成合作意向", 5),
)


def _archive(ctx: DemoContext, enterprise: Enterprise, index: int) -> None:
    rng = ctx.rng
    today = ctx.today
    if enterprise.industry_id:
        roll = rng.random()
        if roll < 0.45 or index < 2:
            issued = names.date_between(rng, today - dt.timedelta(days=1000), today - dt.timedelta(days=30))
            ctx.create(
                EnterpriseQualification,
                enterprise=enterprise,
                kind=QualificationKind.HIGH_TECH,
                number=f"GR{issued.year}44{rng.randint(200000, 209999)}",
                issued_on=issued,
                valid_until=add_years(issued, 3) - dt.timedelta(days=1),
            )
        if roll < 0.15 or index == 0:
            kind = (
                QualificationKind.LITTLE_GIANT if roll < 0.04 or index == 0 else QualificationKind.SPECIALISED
            )
            issued = names.date_between(rng, today - dt.timedelta(days=900), today - dt.timedelta(days=60))
            ctx.create(
                EnterpriseQualification,
                enterprise=enterprise,
                kind=kind,
                number=f"ZJTX{issued.year}{rng.randint(1000, 9999)}",
                issued_on=issued,
                valid_until=add_years(issued, 3) - dt.timedelta(days=1),
            )
        if rng.random() < 0.3:
            ctx.create(
                EnterpriseQualification,
                enterprise=enterprise,
                kind=QualificationKind.TECH_SME,
                number=f"{today.year}44030{rng.randint(100000, 999999)}",
                issued_on=today.replace(month=1, day=1),
                valid_until=today.replace(month=12, day=31),
            )
    # Headcount every six months over two years, ending at the current figure.
    current = max(enterprise.headcount, 5)
    moved_in = enterprise.moved_in_on or ctx.park.opened_on
    for step in range(4, -1, -1):
        day = today - dt.timedelta(days=182 * step)
        if day < moved_in:
            continue
        people = (
            current if step == 0 else max(3, round(current * (1 - 0.06 * step + rng.uniform(-0.05, 0.05))))
        )
        ctx.create(HeadcountRecord, enterprise=enterprise, recorded_on=day, headcount=people)
    # The archive items of 6.3.3.2 beyond basic and entry information; a few lack one.
    for kind, text, skip in ARCHIVE_NOTES:
        if index % skip == skip - 1:
            continue
        ctx.create(
            ArchiveRecord,
            enterprise=enterprise,
            kind=kind,
            recorded_on=max(today - dt.timedelta(days=rng.randint(20, 300)), enterprise.moved_in_on or today),
            content=text,
            recorded_by="招商部",
        )
    # A few archives still lack contacts: the archive page and row 29 show them.
    if index % 40 == 39:
        return
    ctx.create(
        EnterpriseContact,
        enterprise=enterprise,
        name=enterprise.contact_name or names.person_name(rng),
        role=CONTACT_ROLES[0],
        phone=enterprise.contact_phone or ctx.phones.take(lambda: names.mobile(rng)),
        email=f"ceo{enterprise.pk}@example.com",
        primary=True,
    )
    if rng.random() < 0.6:
        ctx.create(
            EnterpriseContact,
            enterprise=enterprise,
            name=names.person_name(rng),
            role=rng.choice(CONTACT_ROLES[1:]),
            phone=ctx.phones.take(lambda: names.mobile(rng)),
            email=f"admin{enterprise.pk}@example.com",
        )
