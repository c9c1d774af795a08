"""Incubation part of the demo park: the centre on the park's incubator desks and roadshow
hall, its service list, start-ups with milestones, mentors, mentoring sessions on the calendar
with one written case (row 44 deliberately one case short), and a partner fund with an
investment and its proof."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from parkops.core.demo.context import DemoContext
from parkops.core.models import Enterprise
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start
from parkops.incubation.models import (
    Fund,
    FundInvestment,
    IncubationCentre,
    IncubatorService,
    Mentor,
    MentoringCase,
    Milestone,
    Startup,
    Topic,
)

C = IncubatorService.Category
SERVICES = (
    (
        C.OFFICE,
        "孵化工位及共享会议室",
        "在孵企业免费使用孵化工位 12 个月，共享会议室、路演厅按月免费 8 小时",
        "园区孵化中心",
        "免费",
    ),
    (
        C.REGISTRATION,
        "工商注册与代理记账",
        "工商注册、变更、税务登记，首年代理记账",
        "深圳市诚信财税服务有限公司",
        "首年免费",
    ),
    (
        C.MARKETING,
        "市场推广与渠道对接",
        "产品发布会策划、行业展会推荐、园区企业供需对接",
        "园区企业服务部",
        "免费",
    ),
    (
        C.LEGAL,
        "法律咨询",
        "每月两次律师驻场，合同审查、股权架构与知识产权咨询",
        "广东华商律师事务所",
        "驻场咨询免费",
    ),
    (C.FINANCING, "投融资对接", "每季度一次项目路演，对接合作基金与银行科创贷", "园区企业服务部", "免费"),
    (
        C.POLICY,
        "政策申报辅导",
        "科技型中小企业评价、高新技术企业认定、创业资助申报辅导",
        "园区企业服务部",
        "免费",
    ),
)
STARTUPS = (  # project, founder, months in, status
    ("MEMS 压力传感芯片", "林晓峰", 20, Startup.Status.GRADUATED),
    ("手术机器人力反馈模组", "周敏", 14, Startup.Status.INCUBATING),
    ("激光雷达点云算法", "陈思远", 9, Startup.Status.INCUBATING),
    ("可穿戴心电监测贴", "黄嘉怡", 5, Startup.Status.INCUBATING),
)
MENTORS = (
    ("王建国", "深圳市创新投资集团 投资总监", Topic.FINANCING, "十五年早期投资经验，专注硬科技与医疗器械"),
    ("李慧", "某上市医疗器械公司 前副总经理", Topic.MANAGEMENT, "负责过三类医疗器械注册与量产"),
    ("赵律师", "广东华商律师事务所 合伙人", Topic.LAW_POLICY, "股权架构、知识产权布局"),
    ("孙海涛", "南方科技大学 创新创业学院 教授", Topic.BUSINESS_MODEL, "技术成果转化与商业模式设计"),
)
SESSIONS = (  # days ago (negative: upcoming), title, mentor index, topic
    (75, "创业辅导：早期项目融资路演辅导", 0, Topic.FINANCING),
    (38, "创业辅导：医疗器械注册与质量体系", 1, Topic.MANAGEMENT),
    (12, "创业辅导：初创企业股权架构设计", 2, Topic.LAW_POLICY),
    (-9, "创业辅导：从技术到产品的商业模式画布", 3, Topic.BUSINESS_MODEL),
)


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo document\n%%EOF\n", name=name)


def exists(ctx: DemoContext) -> bool:
    return IncubationCentre.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    from parkops.spaces.models import FunctionSpace

    park, today = ctx.park, ctx.today
    spaces = list(
        FunctionSpace.objects.filter(
            park=park, kind__in=(FunctionSpace.Kind.INCUBATOR, FunctionSpace.Kind.ROADSHOW)
        ).order_by("pk")
    )
    centre = ctx.create(
        IncubationCentre,
        park=park,
        name=f"{park.name}创业孵化中心",
        spaces=spaces,
        area=Decimal("1200.00"),
        opened_on=today - dt.timedelta(days=3 * 365),
        manager="许文静",
        description="面向集成电路、智能传感器和医疗器械领域的早期团队，提供工位、辅导、投融资对接和政策服务。",
    )
    for category, name, description, provider, charge in SERVICES:
        ctx.create(
            IncubatorService,
            park=park,
            centre=centre,
            category=category,
            name=name,
            description=description,
            provider=provider,
            charge=charge,
        )

    residents = list(Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).order_by("-pk"))[
        :4
    ]
    startups = []
    for enterprise, (project, founder, months, status) in zip(residents, STARTUPS, strict=False):
        entered = today - dt.timedelta(days=months * 30)
        graduated = status == Startup.Status.GRADUATED
        startups.append(
            ctx.create(
                Startup,
                park=park,
                centre=centre,
                enterprise=enterprise,
                project=project,
                founder=founder,
                entered_on=entered,
                status=status,
                left_on=today - dt.timedelta(days=60) if graduated else None,
                outcome="完成 A 轮融资，迁入园区标准厂房独立办公" if graduated else "",
            )
        )
        ctx.create(
            Milestone,
            startup=startups[-1],
            achieved_on=entered + dt.timedelta(days=90),
            kind=Milestone.Kind.PRODUCT,
            title="样机完成并通过第三方检测",
        )
    if startups:
        ctx.create(
            Milestone,
            startup=startups[0],
            achieved_on=today - dt.timedelta(days=120),
            kind=Milestone.Kind.FINANCING,
            title="完成 A 轮融资 3000 万元",
        )

    mentors = [
        ctx.create(Mentor, park=park, name=n, organisation=o, speciality=s, bio=b) for n, o, s, b in MENTORS
    ]
    roadshow = next(
        (s for s in spaces if s.kind == FunctionSpace.Kind.ROADSHOW), spaces[0] if spaces else None
    )
    sessions = []
    for days_ago, title, mentor, _topic in SESSIONS:
        start = day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=14, minutes=30)
        sessions.append(
            ctx.create(
                Event,
                park=park,
                kind=EventKind.MENTORING,
                title=title,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                space=roadshow,
                place="" if roadshow else "孵化中心路演厅",
                organiser=f"{centre.name}；导师 {mentors[mentor].name}",
                description="面向在孵企业及园区初创团队，一对一答疑 + 小组讨论。",
                open_for_signup=days_ago < 0,
                capacity=30,
                attendance=0 if days_ago < 0 else 18 + days_ago % 7,
                summary="" if days_ago < 0 else "导师讲解后逐一点评了参会项目，形成后续跟进清单。",
            )
        )
    # One written case only: the gap plan asks for one more (row 44 needs two).
    if len(startups) > 1:
        ctx.create(
            MentoringCase,
            event=sessions[0],
            mentor=mentors[0],
            startup=startups[1],
            topic=Topic.FINANCING,
            problem="天使轮估值与融资节奏不清楚，BP 重技术轻市场。",
            advice="按 18 个月资金需求倒推融资额；BP 补充临床合作医院和市场规模测算。",
            outcome="两周后修改 BP 并参加合作基金路演，进入尽调。",
            proof=_pdf("mentoring.pdf"),
        )

    partner = ctx.create(
        Fund,
        park=park,
        name="南山硬科技天使基金（合作）",
        kind=Fund.Kind.PARTNER,
        purpose=Fund.Purpose.SEED,
        manager="深圳市南山创新投资管理有限公司",
        size=Decimal("20000.00"),
        established_on=today - dt.timedelta(days=2 * 365),
        agreement=_pdf("fund-agreement.pdf"),
    )
    if len(startups) > 1:
        ctx.create(
            FundInvestment,
            fund=partner,
            startup=startups[1],
            invested_on=today - dt.timedelta(days=20),
            stage=FundInvestment.Stage.ANGEL,
            amount=Decimal("500.00"),
            proof=_pdf("investment-agreement.pdf"),
            note="投资协议及首期打款凭证",
        )
