"""The demo's records behind rows 5, 6 and veto row 1: the park's declared supporting
services (the shops on its ground floors), the team lead's work history and the operator's
documented cases, and one change of planned use found and restored."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from parkops.core.demo.context import DemoContext
from parkops.core.models import (
    Enterprise,
    LeadExperience,
    ProjectCase,
    Staff,
    SupportingService,
    Unit,
    UseChange,
)
from parkops.core.services import update_object

SUPPORTING = (
    ("餐饮零售", "园区首层商铺的餐饮、便利店等生活配套服务（5.3.1 生活服务）"),
    ("商务服务", "银行网点、打印复印等商务配套服务（5.3.1 商务服务）"),
)
EXPERIENCE = (
    (
        "planning",
        "规划发展部经理",
        "park",
        "南山科技产业园",
        4200,
        2900,
        "参与园区产业规划与功能分区方案编制",
    ),
    ("investment", "招商总监", "park", "南山科技产业园", 2900, 1800, "组建招商团队，三年引进企业 60 余家"),
    (
        "operation",
        "运营总经理",
        "incubator",
        "前海青年创新孵化空间",
        1800,
        700,
        "负责孵化空间整体运营与企业服务",
    ),
)


def build(ctx: DemoContext) -> None:
    today = ctx.today
    services = [
        ctx.create(SupportingService, park=ctx.park, name=name, description=text) for name, text in SUPPORTING
    ]
    # Residents that only occupy shops and have no industry are the park's catering and retail.
    shops = set(
        Unit.objects.filter(floor__building__park=ctx.park, use=Unit.Use.COMMERCIAL).values_list(
            "enterprise_id", flat=True
        )
    )
    others = set(
        Unit.objects.filter(floor__building__park=ctx.park)
        .exclude(use=Unit.Use.COMMERCIAL)
        .values_list("enterprise_id", flat=True)
    )
    for enterprise in Enterprise.objects.filter(pk__in=shops - others, industry__isnull=True):
        update_object(obj=enterprise, data={"supporting_service": services[0]}, by=ctx.admin)

    lead = Staff.objects.filter(park=ctx.park, is_team_lead=True).order_by("employee_no").first()
    if lead is not None:
        for area, role, kind, place, start, end, work in EXPERIENCE:
            ctx.create(
                LeadExperience,
                staff=lead,
                area=area,
                role=role,
                place_kind=kind,
                place=place,
                started_on=today - dt.timedelta(days=start),
                ended_on=today - dt.timedelta(days=end),
                work=work,
            )
    ctx.create(
        ProjectCase,
        operator=ctx.operator,
        name="龙华数字创意产业园",
        place_kind="park",
        location="深圳市龙华区",
        started_on=today - dt.timedelta(days=2400),
        work="受托运营 5 万㎡园区，出租率由 62% 提升至 91%，获评区级重点园区",
        document=ContentFile(b"%PDF-1.4\n% demo case\n", name="case.pdf"),
    )

    unit = (
        Unit.objects.filter(floor__building__park=ctx.park, use=Unit.Use.OFFICE, state=Unit.State.VACANT)
        .order_by("pk")
        .first()
    )
    if unit is not None:
        ctx.create(
            UseChange,
            unit=unit,
            actual_use="临时仓储",
            found_on=today - dt.timedelta(days=420),
            description="巡查发现办公房源被用作临时仓储",
            resolution=UseChange.Resolution.RESTORED,
            resolved_on=today - dt.timedelta(days=380),
            resolution_note="清空物品，恢复办公用途并复查确认",
        )
