"""A draft 年度运营评估报告 (row 15, clause 6.1.4) as a Word document, from the live
self-assessment and the year's records. The operator edits, approves and uploads the final
version to the document library as kind ``annual_operation_evaluation``."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from parkops.assessment.engine import STATUS_LABELS, assess
from parkops.assessment.panel import format_score

FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(style_or_run, name: str) -> None:
    """Set the East Asian font too: Word otherwise renders Chinese in its fallback font."""
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def build_yearly_report(park, as_of: dt.date) -> bytes:
    # A Chinese document (labels, statuses, stars) whatever the reader's interface language.
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _build_yearly_report(park, as_of)


def _build_yearly_report(park, as_of: dt.date) -> bytes:
    from parkops.assessment.models import Goal, Incident, InnovationItem, ServiceOffering, Supplier

    result = assess(park, as_of)
    plan = result.gap_plan()
    year = as_of.year
    doc = WordDocument()
    _east_asian(doc.styles["Normal"], FONT)
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        _east_asian(doc.styles[name], HEADING_FONT)

    title = doc.add_heading(f"{park.name}{year}年度运营评估报告（草稿）", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"运营机构：{park.operator.name}　　评估基准日：{as_of:%Y年%m月%d日}　　"
        f"依据：《产业园区运营规范》第6.1.4条、第10章及附录A 表A.1"
    )
    doc.add_paragraph(
        "本草稿由 ParkOps 平台根据园区现有台账自动生成，得分为平台自评估结果，仅供内部评估参考，"
        "以第三方评估专家组评分为准。请核对、补充后按程序审批，再上传至文件库（年度运营评估报告）。"
    )

    doc.add_heading("一、总体评价", level=1)
    if result.disqualified:
        doc.add_paragraph(
            "近两年内登记有否决项事件（第 " + "、".join(map(str, result.vetoed_rows)) + " 行），"
            "按第10.2条取消参评资格，无综合得分和星级。"
        )
    else:
        assert result.total is not None
        doc.add_paragraph(f"平台自评总分 {format_score(result.total)} 分，{result.star_label}。")
    _table(doc, ["一级指标", "自评得分"], [[k, format_score(v)] for k, v in result.level1.items()])

    doc.add_heading("二、各项指标达成情况", level=1)
    rows = []
    for r in result.rows:
        if r.points is None:
            continue
        rows.append(
            [
                str(r.row.row),
                r.row.name,
                format_score(r.points),
                format_score(r.score),
                STATUS_LABELS[r.status],
            ]
        )
    _table(doc, ["序号", "指标", "分值", "得分", "状态"], rows)

    doc.add_heading("三、年度目标与考核指标完成情况", level=1)
    goals = list(Goal.objects.filter(park=park, year=year).prefetch_related("kpis"))
    if goals:
        kpi_rows = []
        for goal in goals:
            for kpi in goal.kpis.all():
                done = {True: "已完成", False: "未完成", None: "待统计"}[kpi.achieved]
                actual = "—" if kpi.actual is None else f"{kpi.actual}{kpi.unit}"
                kpi_rows.append([goal.title, kpi.name, f"{kpi.target}{kpi.unit}", actual, done])
        _table(doc, ["目标", "考核指标", "目标值", "完成值", "完成情况"], kpi_rows)
    else:
        doc.add_paragraph(f"平台未登记 {year} 年度总体目标。")

    doc.add_heading("四、服务体系与供应商", level=1)
    offerings = ServiceOffering.objects.filter(park=park, active=True).count()
    suppliers = Supplier.objects.filter(park=park, active=True).count()
    doc.add_paragraph(f"服务目录现有服务 {offerings} 项，供应商库在库供应商 {suppliers} 家。")

    doc.add_heading("五、服务创新", level=1)
    items = InnovationItem.objects.filter(park=park, started_on__year=year).order_by("started_on")
    if items:
        for item in items:
            doc.add_paragraph(
                f"{item.started_on:%Y-%m-%d} {item.get_kind_display()}：{item.title}。{item.outcome}",
                style="List Bullet",
            )
    else:
        doc.add_paragraph("本年度未登记服务创新事项。")

    doc.add_heading("六、安全与否决项事件", level=1)
    incidents = Incident.objects.filter(park=park, occurred_on__year=year).order_by("occurred_on")
    if incidents:
        for incident in incidents:
            doc.add_paragraph(f"{incident}：{incident.description}", style="List Bullet")
    else:
        doc.add_paragraph("本年度未登记事件。")

    doc.add_heading("七、存在问题与改进计划", level=1)
    if plan.items:
        target = f"{format_score(plan.target)} 分（{plan.target_star} 星）" if plan.target is not None else ""
        doc.add_paragraph(f"为达到下一星级 {target}，建议按以下顺序补齐：")
        for item in plan.items:
            missing = "；".join(item.missing)
            doc.add_paragraph(
                f"第 {item.row} 行 {item.name}（{item.title}）：预计 +{format_score(item.gain)} 分。{missing}",
                style="List Number",
            )
    else:
        doc.add_paragraph(plan.reason or "无。")
    doc.add_paragraph("")
    doc.add_paragraph("编制：　　　　　　审核：　　　　　　批准：　　　　　　日期：")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
