"""The calendar's own part of the demo park: trainings for the park's enterprises, one held
with its record and one coming up, open for sign-up. Promotion events, mentoring sessions,
party and group activities and brand events are added by the investment, incubation, public
service and brand parts, each from its own records."""

from __future__ import annotations

import datetime as dt

from parkops.core.demo.context import DemoContext
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start

TRAININGS = (  # days ahead (negative: held), title, place, open for sign-up, capacity, summary
    (-21, "2026 年高新技术企业认定政策解读", "园区 D 栋多功能厅", False, None,
     "区科技创新局讲解认定条件和申报要点，42 家企业 68 人参加，会后 9 家企业预约一对一辅导。"),
    (6, "安全生产主体责任与消防安全培训", "园区 D 栋多功能厅", True, 120, ""),
    (15, "跨境电商出海实务沙龙", "园区 D 栋多功能厅", True, 60, ""),
)  # fmt: skip


def exists(ctx: DemoContext) -> bool:
    return Event.objects.filter(park=ctx.park, kind=EventKind.TRAINING).exists()


def build(ctx: DemoContext) -> None:
    for days, title, place, open_for_signup, capacity, summary in TRAININGS:
        start = day_start(ctx.today + dt.timedelta(days=days)) + dt.timedelta(hours=14, minutes=30)
        ctx.create(
            Event,
            park=ctx.park,
            kind=EventKind.TRAINING,
            title=title,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place=place,
            organiser="园区企业服务部",
            description="面向园区企业负责人及相关岗位人员。",
            open_for_signup=open_for_signup,
            capacity=capacity,
            signup_deadline=start - dt.timedelta(days=1) if open_for_signup else None,
            attendance=68 if days < 0 else 0,
            summary=summary,
        )
