"""Brand part of the demo park: the brand positioning (its building plan ran out last year, so
row 49 is short until a new one is uploaded), a campaign with its plan, material, brand events
on the calendar and media coverage, the opinion monitoring and control mechanism (row 51), and
opinion events at different steps of their handling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from parkops.brand import services
from parkops.brand.models import BrandDocument, Campaign, MediaCoverage, OpinionEvent, Sentiment
from parkops.core import clock, workflow
from parkops.core.demo.context import DemoContext
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start

RESPONSES = {
    40: "在原帖下致歉说明，公布错峰停车和临时车位安排。",
    8: "在论坛回复说明食堂对外开放时段，公布菜品价格和监督电话。",
}


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo document\n%%EOF\n", name=name)


def exists(ctx: DemoContext) -> bool:
    return BrandDocument.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    from parkops.assessment.services import upload_document

    park, today = ctx.park, ctx.today
    ctx.create(
        BrandDocument,
        park=park,
        kind=BrandDocument.Kind.POSITIONING,
        title="园区品牌定位说明（2024 版）",
        essentials="定位语：“芯”聚南山·智造未来。以集成电路设计、智能传感器和高端医疗器械为特色，"
        "打造粤港澳大湾区硬科技创新企业首选的专业园区。",
        valid_from=today - dt.timedelta(days=700),
        approved_by="园区总经理",
        file=_pdf("positioning.pdf"),
    )
    ctx.create(
        BrandDocument,
        park=park,
        kind=BrandDocument.Kind.PLAN,
        title=f"园区品牌建设三年规划（{today.year - 3}–{today.year - 1}）",
        essentials="三年内建成区级特色产业园区品牌：统一视觉识别、年度品牌活动、行业媒体合作。",
        valid_from=dt.date(today.year - 3, 1, 1),
        valid_to=dt.date(today.year - 1, 12, 31),
        approved_by="园区总经理",
        file=_pdf("plan.pdf"),
    )
    ctx.create(
        BrandDocument,
        park=park,
        kind=BrandDocument.Kind.STANDARD,
        title="园区视觉识别与对外宣传规范",
        essentials="标志、标准色与字体的使用；对外发布内容的审核流程。",
        valid_from=today - dt.timedelta(days=500),
        approved_by="品牌部经理",
        file=_pdf("vi.pdf"),
    )

    events = []
    for days_ago, title, place, attendance in (
        (150, "园区开放日暨硬科技成果展", "园区 D 栋展厅", 260),
        (60, "“芯”聚南山产业沙龙（品牌季第二场）", "园区路演厅", 85),
    ):
        start = day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=14)
        events.append(
            ctx.create(
                Event,
                park=park,
                kind=EventKind.BRAND,
                title=title,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                place=place,
                organiser="园区品牌部",
                attendance=attendance,
                summary="现场直播观看 1.2 万人次，发布园区年度品牌片。",
            )
        )
    campaign = ctx.create(
        Campaign,
        park=park,
        title=f"{today.year} 年度“芯”聚南山品牌季",
        starts_on=today - dt.timedelta(days=160),
        ends_on=today - dt.timedelta(days=30),
        goal="提升园区在集成电路与医疗器械行业的知名度，带动意向客户 30 家。",
        channels="微信公众号、视频号、行业媒体、深圳国际电子展",
        plan=_pdf("campaign-plan.pdf"),
        material=_pdf("campaign-brochure.pdf"),
        budget=Decimal("180000.00"),
        reach=56000,
        events=events,
        summary="公众号阅读 3.1 万次，视频号观看 1.8 万次，带来意向客户 22 家。",
    )
    for days_ago, outlet, medium, headline in (
        (140, "深圳特区报", MediaCoverage.Medium.NEWSPAPER, "南山这个园区把“芯”产业链聚在了一起"),
        (55, "集微网", MediaCoverage.Medium.TRADE, "走进园区：从设计到封测的一站式服务"),
    ):
        ctx.create(
            MediaCoverage,
            park=park,
            campaign=campaign,
            published_on=today - dt.timedelta(days=days_ago),
            outlet=outlet,
            medium=medium,
            headline=headline,
            url="https://example.com/news",
        )

    upload_document(
        park=park,
        kind="opinion_mechanism",
        by=ctx.admin,
        title="园区舆情监测与管控机制",
        version="V1.1",
        effective_on=today - dt.timedelta(days=400),
        expires_on=None,
        approver="园区总经理",
        file=_pdf("opinion-mechanism.pdf"),
    )

    # Opinion events: the suggestion the service would make is written directly (the text
    # classifier takes seconds to load; the demo stays fast), then handled through the steps.
    for days_ago, source, name, content, sentiment, score, level, steps in (
        (
            40,
            OpinionEvent.Source.SOCIAL,
            "微博网友",
            "网友发帖称园区早高峰停车场排队半小时，物业态度差。",
            Sentiment.NEGATIVE,
            Decimal("-3.69"),
            OpinionEvent.Level.MEDIUM,
            ("assess", "respond", "follow_up", "close"),
        ),
        (
            8,
            OpinionEvent.Source.FORUM,
            "本地论坛",
            "有人询问园区食堂是否对外开放，回复中有人抱怨菜价偏高。",
            Sentiment.NEGATIVE,
            Decimal("-1.20"),
            OpinionEvent.Level.LOW,
            ("assess", "respond"),
        ),
        (
            1,
            OpinionEvent.Source.NEWS,
            "南山区融媒体中心",
            "区媒体报道园区获评市级特色产业园区。",
            Sentiment.POSITIVE,
            Decimal("4.93"),
            OpinionEvent.Level.LOW,
            (),
        ),
    ):
        found = day_start(today - dt.timedelta(days=days_ago)) + dt.timedelta(hours=9)
        with clock.backdated(found):
            opinion = ctx.create(
                OpinionEvent,
                park=park,
                found_at=found,
                source=source,
                source_name=name,
                content=content,
                sentiment=sentiment,
                suggested_sentiment=sentiment,
                sentiment_score=score,
                level=level,
                handler=ctx.admin,
            )
            workflow.record_step(opinion, "登记", by=ctx.admin, to_state=opinion.state)
        for hours, step in enumerate(steps, start=1):
            with clock.backdated(found + dt.timedelta(hours=2 * hours)):
                if step == "assess":
                    opinion = services.assess(
                        opinion=opinion,
                        by=ctx.admin,
                        sentiment=sentiment,
                        level=level,
                        note="核实属实，属服务类舆情。",
                    )
                elif step == "respond":
                    opinion = services.respond(opinion=opinion, by=ctx.admin, response=RESPONSES[days_ago])
                elif step == "follow_up":
                    opinion = services.follow_up(
                        opinion=opinion, by=ctx.admin, note="三天内无新增负面评论，停车排队缓解。"
                    )
                else:
                    opinion = services.close(
                        opinion=opinion, by=ctx.admin, conclusion="已回应并整改，舆情平息。"
                    )
