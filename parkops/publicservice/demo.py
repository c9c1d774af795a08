"""Public-service part of the demo park: industry and government service platforms with what they
serve and completed cases, and party-building and group activities on the calendar with their
records (one recent activity still without its record, for the home queue)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from parkops.core.demo.context import DemoContext
from parkops.core.models import Enterprise
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start
from parkops.publicservice.models import PlatformCase, ServicePlatform

K = ServicePlatform.Kind
PLATFORMS = (
    (
        K.INDUSTRY,
        "南山区集成电路公共技术服务平台",
        ServicePlatform.Origin.BROUGHT_IN,
        "深圳市集成电路产业促进会",
        "EDA 工具共享\n多项目晶圆（MPW）流片\n芯片测试与失效分析",
        "园区 A 栋 2 楼服务窗口",
        900,
    ),
    (
        K.INDUSTRY,
        "医疗器械检验检测服务站",
        ServicePlatform.Origin.BROUGHT_IN,
        "广东省医疗器械质量监督检验所（深圳）",
        "注册检验预检\n电磁兼容测试\n生物相容性检测送检",
        "园区 C 栋 1 楼",
        600,
    ),
    (
        K.GOVERNMENT,
        "南山区企业服务中心园区工作站",
        ServicePlatform.Origin.BROUGHT_IN,
        "深圳市南山区工业和信息化局",
        "政策咨询与兑现\n企业诉求直通\n高新技术企业认定受理指导",
        "园区综合服务大厅 3 号窗口",
        1000,
    ),
    (
        K.GOVERNMENT,
        "“深i企”政务服务专区",
        ServicePlatform.Origin.OWN,
        "园区企业服务部",
        "工商、税务、社保事项代办\n人才住房与落户申请指引",
        "园区综合服务大厅",
        400,
    ),
)
CASES = (  # platform index, service, days ago, result
    (0, "MPW 流片对接", 150, "协助企业完成 40nm 工艺 MPW 流片，周期缩短 3 周"),
    (0, "芯片失效分析", 70, "定位封装键合缺陷，良率由 92% 提升到 98%"),
    (1, "注册检验预检", 45, "预检发现 EMC 超标项，整改后一次通过注册检验"),
)
ACTIVITIES = (  # kind, days ago, title, place, attendance, summary
    (
        EventKind.PARTY,
        160,
        "“学党史、强信念”主题党日活动",
        "园区党群服务中心",
        46,
        "园区党委组织参观南山区党史馆并重温入党誓词，8 家企业党支部参加。",
    ),
    (
        EventKind.GROUP,
        95,
        "园区青年联谊会",
        "园区中心广场",
        120,
        "园区团委、工会联合举办，23 家企业青年参加，促成两对企业技术交流。",
    ),
    (
        EventKind.PARTY,
        30,
        "党建引领产业发展座谈会",
        "园区党群服务中心",
        32,
        "邀请区组织部讲解“两新”党建政策，5 家企业交流党建带动经营的做法。",
    ),
    (EventKind.GROUP, 4, "园区职工趣味运动会", "园区中心广场", 210, ""),
)


def exists(ctx: DemoContext) -> bool:
    return ServicePlatform.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    park, today = ctx.park, ctx.today
    platforms = [
        ctx.create(
            ServicePlatform,
            park=park,
            kind=kind,
            name=name,
            origin=origin,
            operator=operator,
            services=services,
            contact=contact,
            since=today - dt.timedelta(days=days),
        )
        for kind, name, origin, operator, services, contact, days in PLATFORMS
    ]
    enterprises = list(
        Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).order_by("pk")[:6]
    )
    for i, (platform, service, days_ago, result) in enumerate(CASES):
        ctx.create(
            PlatformCase,
            platform=platforms[platform],
            enterprise=enterprises[i % len(enterprises)] if enterprises else None,
            client="" if enterprises else "园区企业",
            service=service,
            completed_on=today - dt.timedelta(days=days_ago),
            result=result,
            proof=ContentFile(b"%PDF-1.4\n% demo service record\n%%EOF\n", name="case.pdf"),
        )
    for kind, days_ago, title, place, attendance, summary in ACTIVITIES:
        start = day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=15)
        ctx.create(
            Event,
            park=park,
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place=place,
            organiser="园区党委" if kind == EventKind.PARTY else "园区工会、团委",
            attendance=attendance,
            summary=summary,
        )
    # An upcoming activity tenants may sign up for.
    start = day_start(today + dt.timedelta(days=12)) + dt.timedelta(hours=14)
    ctx.create(
        Event,
        park=park,
        kind=EventKind.GROUP,
        title="园区企业篮球友谊赛",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="园区体育馆",
        organiser="园区工会",
        description="每家企业可报名一支队伍（8–10 人），园区提供场地和裁判。",
        open_for_signup=True,
        capacity=80,
        signup_deadline=start - dt.timedelta(days=2),
    )
