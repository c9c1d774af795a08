"""The demo park's digital side (clauses 7.1–7.3; rows 52, 53, 55, 56): the platform's
construction document drafted by the platform itself, two innovation scenarios (one a city
demonstration with its certificate), a computing centre introduced without its agreement on
file yet (row 56 short, so the gap plan names it) and two shared explore views."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from parkops.core.demo.context import DemoContext
from parkops.insight import models as m


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and m.InnovationScenario.objects.filter(park=ctx.park).exists()


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
        pdf.drawString(72, 730 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="document.pdf")


def build(ctx: DemoContext) -> None:
    park = ctx.park
    ctx.create(
        m.InnovationScenario,
        park=park,
        name="园区数字孪生运营中心",
        field=m.InnovationScenario.Field.TWIN,
        description="楼宇、房源、设备和能耗数据接入三维模型，工单、隐患和告警在模型上定位派单，招商人员用它带客户看房。",
        launched_on=ctx.today - dt.timedelta(days=400),
        representative=True,
        recognition="深圳市智慧园区示范应用场景（演示数据）",
        document=_pdf("示范应用场景认定", [park.name, "园区数字孪生运营中心", "（演示数据）"]),
    )
    ctx.create(
        m.InnovationScenario,
        park=park,
        name="无感通行与智慧停车",
        field=m.InnovationScenario.Field.TRAFFIC,
        description="人脸与车牌识别通行，访客预约生成临时通行码，停车位余量在小程序实时显示。",
        launched_on=ctx.today - dt.timedelta(days=200),
    )
    ctx.create(
        m.ComputingCentre,
        park=park,
        name="南山智算服务点",
        kind=m.ComputingCentre.Kind.COMPUTING,
        origin=m.ComputingCentre.Origin.INTRODUCED,
        provider="深圳市鹏城云算科技有限公司（演示数据）",
        capacity="100 PFLOPS（FP16）",
        in_service_on=ctx.today - dt.timedelta(days=120),
    )
    for name, dataset, group, measure in (
        ("工单按类别", "work_orders", "category", "count"),
        ("账单应收按月", "bills", "__month", "total"),
    ):
        ctx.create(
            m.SavedView,
            park=park,
            name=name,
            dataset=dataset,
            query={"dataset": dataset, "group": group, "measure": measure, "date_from": "", "date_to": ""},
            created_by=ctx.admin,
        )
    _construction_document(ctx)


def _construction_document(ctx: DemoContext) -> None:
    from parkops.assessment.services import upload_document
    from parkops.insight.evidence import CONSTRUCTION_KIND
    from parkops.insight.reports import construction_docx

    upload_document(
        park=ctx.park,
        kind=CONSTRUCTION_KIND,
        by=ctx.admin,
        title="智慧管理平台系统建设文件",
        version="V1.0",
        effective_on=ctx.today,
        expires_on=None,
        approver="园区总经理",
        file=ContentFile(construction_docx(ctx.park, ctx.today), name="platform-construction.docx"),
    )
