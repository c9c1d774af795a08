"""The assessment part of the demo park: documents the rubric asks for (one kind missing on
purpose, one superseded version), goals and KPIs, the service catalogue and supplier pool,
innovation items, one minor (non-veto) incident note, and a few past assessment runs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from parkops.assessment.models import KPI, Document, Goal, Incident, InnovationItem, ServiceOffering, Supplier
from parkops.assessment.services import record_assessment, upload_document

SUPPLIERS = (
    ("深圳市衡正律师事务所", "法律服务", "律师事务所执业许可证", 5),
    ("深圳市信和财税咨询有限公司", "财税服务", "代理记账许可证", 4),
    ("深圳市英才汇人力资源有限公司", "人才服务", "人力资源服务许可证", 4),
    ("深圳市创融科技金融服务有限公司", "金融服务", "地方金融监管备案", 4),
    ("深圳市知域知识产权代理有限公司", "知识产权", "专利代理机构执业许可证", 5),
    ("深圳市安达物业服务有限公司", "物业外包", "物业服务企业资质", 3),
)
OFFERINGS = (
    ("政策服务", "高新技术企业认定申报辅导", "知识产权"),
    ("政策服务", "专精特新企业培育辅导", None),
    ("金融服务", "投融资路演与银行授信对接", "金融服务"),
    ("人才服务", "人才住房与人才认定申报代办", "人才服务"),
    ("法律服务", "企业法律体检与合同审查", "法律服务"),
    ("财税服务", "初创企业代理记账与税务筹划", "财税服务"),
    ("知识产权", "专利申请与商标注册代理", "知识产权"),
    ("市场对接", "产业链供需对接会", None),
)


def _pdf(title: str, lines: list[str]) -> ContentFile:
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


def exists(ctx) -> bool:
    return Document.objects.filter(park=ctx.park).exists()


def build(ctx) -> None:
    park, admin, today = ctx.park, ctx.admin, ctx.today
    rng = ctx.rng

    def doc(kind, title, version, effective_on, approver="园区总经理", notes=""):
        lines = [f"{park.name}", f"版本：{version}　生效日期：{effective_on:%Y-%m-%d}", "（演示数据）"]
        return upload_document(
            park=park, kind=kind, by=admin, title=title, version=version, effective_on=effective_on,
            expires_on=None, approver=approver, file=_pdf(title, lines), notes=notes,
        )  # fmt: skip

    # Documents: one kind (the yearly evaluation report, row 15) is left missing on purpose,
    # so the scorecard's gap plan and the report generator have something to show.
    doc("feasibility_plan", f"{park.name}产业服务可行性规划", "V1.0", today - dt.timedelta(days=420))
    doc("org_structure", "组织架构及岗位职责说明书", "V1.0", today - dt.timedelta(days=700), notes="首版")
    doc(
        "org_structure",
        "组织架构及岗位职责说明书",
        "V2.0",
        today - dt.timedelta(days=120),
        notes="新增智慧园区部岗位",
    )
    doc("service_system", "产业运营服务体系及服务标准", "2025版", today - dt.timedelta(days=200))

    # One minor event, recorded but not a veto (category 一般事件).
    ctx.create(
        Incident,
        park=park,
        occurred_on=today - dt.timedelta(days=rng.randint(60, 200)),
        category=Incident.Category.NOTE,
        description="B栋地下车库一辆电动自行车电池冒烟，巡逻保安 2 分钟内处置，无人员受伤，未造成财产损失。",
        source="园区安防巡逻记录",
        recorded_by=admin,
    )

    for year, actual in ((today.year - 1, True), (today.year, False)):
        goal = ctx.create(
            Goal,
            park=park,
            year=year,
            title=f"{year} 年度园区运营总体目标",
            description="围绕主导产业提升出租率、企业服务质量和园区营收。",
        )
        for name, unit, target, done in (
            ("出租率", "%", Decimal("90"), Decimal("92.5")),
            ("运营收入", "万元", Decimal("4800"), Decimal("5020")),
            ("入驻企业满意度", "分", Decimal("85"), Decimal("88.6")),
            ("新引进主导产业企业", "家", Decimal("12"), Decimal("9") if not actual else Decimal("14")),
        ):
            ctx.create(KPI, goal=goal, name=name, unit=unit, target=target, actual=done)

    suppliers = {}
    for name, category, qualification, rating in SUPPLIERS:
        suppliers[category] = ctx.create(
            Supplier, park=park, name=name, category=category, contact=rng.choice("王李张刘陈") + "经理",
            qualification=qualification, rating=rating, active=True,
        )  # fmt: skip
    for category, name, supplier in OFFERINGS:
        ctx.create(
            ServiceOffering, park=park, category=category, name=name,
            description=f"{name}，由园区企业服务部统筹提供。", supplier=suppliers.get(supplier) if supplier else None,
            active=True,
        )  # fmt: skip

    for kind, title, days, outcome in (
        (
            InnovationItem.Kind.TECHNOLOGY,
            "园区访客无感通行与车位预约",
            90,
            "访客平均等候时间由 6 分钟降至 1 分钟",
        ),
        (
            InnovationItem.Kind.NEW_AREA,
            "共享中试车间与检测设备开放服务",
            210,
            "服务企业 17 家，新增服务收入 86 万元",
        ),
        (
            InnovationItem.Kind.SERVICE_MODEL,
            "“首席服务官”企业专员制度",
            480,
            "重点企业问题平均办结时间缩短 40%",
        ),
    ):
        ctx.create(
            InnovationItem, park=park, kind=kind, title=title, started_on=today - dt.timedelta(days=days),
            description=title, outcome=outcome,
        )  # fmt: skip

    # A few past runs for the history chart, each scored with the records dated up to then.
    # They run once the whole demo is committed, so they see every app's part of the park.
    def record_history() -> None:
        for days in (150, 90, 30, 0):
            record_assessment(park=park, as_of=today - dt.timedelta(days=days), by=admin)

    transaction.on_commit(record_history)
    ctx.note(
        "自评估：已生成文件库、年度目标、服务目录、供应商库、创新事项和 4 次自评估记录（年度运营评估报告故意缺失）"
    )
