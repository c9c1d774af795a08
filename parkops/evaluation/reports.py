"""The evaluation report and the evidence dossier as Word and PDF, the panel ledgers as Excel.

Chinese renders in Word through the East Asian font (宋体) set on every style, and in PDF
through the CJK font embedded as a subset in the file (parkops.core.pdf). Callers pass data
already narrowed to what the user may see (:func:`evaluation_report_data`,
:func:`dossier_data`).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone

from parkops.assessment.models import Indicator
from parkops.assessment.panel import format_score
from parkops.core.pdf import a4_pdf as _pdf_bytes  # a name the report tests watch
from parkops.core.pdf import escape as _escape
from parkops.evaluation.models import EvaluationProject, EvaluationResult
from parkops.evaluation.selectors import (
    clarifications,
    compute_panel,
    materials,
    may_see_panel_scores,
    score_matrix,
    unrounded_decimal,
    unrounded_text,
    visible_result,
)

STAR_LABELS = EvaluationResult.STAR_LABELS
STATUS_LABELS = {
    "met": "达标",
    "partial": "部分达标",
    "unmet": "未达标",
    "needs_document": "缺少文件",
    "needs_judgement": "待人工评定",
    "no_source": "尚无证据来源",
    "no_indicator": "无指标",
}
ROUNDING_RULE = (
    "取舍规则：标准未规定专家评分的取舍方法。本评估按纸质评分表的做法，先将每行的专家组得分"
    "四舍五入到 0.01 分，再逐级求和；综合评估得分和星级以各行得分之和为准，"
    "不逐行取舍的总分仅供对照。"
)
WORD_FONT = "宋体"


# --- data -------------------------------------------------------------------------------


def evaluation_report_data(project: EvaluationProject, user) -> dict | None:
    """What the evaluation report shows to ``user``: the published result, or — for an expert
    who has submitted its sheet — the panel's provisional result marked as a draft. None if
    the user may see neither."""
    result = visible_result(project, user)
    draft = result is None
    if draft and not may_see_panel_scores(project, user):
        return None
    indicators = list(Indicator.objects.filter(edition=project.edition_id).order_by("row"))
    if result is not None:
        scores = {int(k): Decimal(v) for k, v in result.indicators.items()}
        level1 = {k: Decimal(v) for k, v in result.level1.items()}
        level2 = {k: Decimal(v) for k, v in result.level2.items()}
        total, star, disqualified = result.total, result.star, result.disqualified
        vetoed = list(result.vetoed_rows)
        counted, recused = list(result.experts_counted), list(result.experts_recused)
        unrounded = result.unrounded_total
        note = ""
    else:
        panel = compute_panel(project, provisional=True)
        unrounded = (
            None if panel.result is None or panel.result.total is None else unrounded_decimal(panel.unrounded)
        )
        if panel.result is None:
            scores, level1, level2, total, star, disqualified, vetoed = {}, {}, {}, None, None, False, []
        else:
            r = panel.result
            scores, level1, level2 = dict(r.indicators), dict(r.level1), dict(r.level2)
            total, star, disqualified, vetoed = r.total, r.star, r.disqualified, list(r.vetoed_rows)
        counted = [e.user.name for e in panel.counted]
        recused = [e.user.name for e in panel.recused]
        note = "评审稿：按已提交的评分表计算，结果尚未发布。"
        if panel.veto_assumed:
            note += "否决项核查结论尚未记录，暂按未发现计算。"
        if panel.problems:
            note += "；".join(panel.problems)
    panel_rows = []
    for expert in project.experts.select_related("user", "declaration").order_by("-is_lead", "id"):
        if expert.recused:
            state = "已回避（利益冲突）"
        elif expert.user.name in counted:
            state = "计分"
        else:
            state = expert.state_label
        panel_rows.append(
            {
                "name": expert.user.name,
                "role": "组长" if expert.is_lead else "成员",
                "affiliation": expert.affiliation,
                "title": expert.title,
                "specialities": "、".join(expert.specialities or []) or "—",
                "state": state,
            }
        )
    dossier = materials(project, user)
    evidence = _evidence_rows(dossier)
    return {
        "project": project,
        "park": project.park,
        "draft": draft,
        "note": note,
        "generated_at": timezone.localtime(),
        "aggregation": project.get_aggregation_display(),
        "disqualified": disqualified,
        "vetoed_rows": vetoed,
        "total": total,
        "star": star,
        "verdict": _verdict(disqualified, total, star),
        "unrounded": unrounded_text(unrounded),
        "figures": _figures(total, unrounded),
        "rounding_rule": ROUNDING_RULE,
        "level1": level1,
        "level2": level2,
        "rows": [
            {
                "row": i.row,
                "path": f"{i.level1}/{i.level2}" + (f"/{i.level3}" if i.level3 else ""),
                "points": i.points,
                "veto": i.veto,
                "score": scores.get(i.row),
                "veto_found": i.veto and i.row in vetoed,
            }
            for i in indicators
        ],
        "panel": panel_rows,
        "veto_lines": _veto_lines(project, user),
        "recused": recused,
        "evidence": evidence,
        "documents": list(dossier.documents) if dossier else [],
        "dossier": dossier,
        "audit_checkpoint": _audit_checkpoint(project),
    }


def _veto_lines(project: EvaluationProject, user) -> list[list[str]]:
    """The panel's veto answers beside what the park's own registers hold (incidents within
    two years; for row 1 also changes of planned use not restored or approved, however old),
    and the written reason where they disagree: ``[row, answer, register, agreement]``."""
    from parkops.evaluation.selectors import register_date, veto_register

    lines = []
    for line in veto_register(project, register_date(project), user):
        answer = "尚未记录" if line.answer is None else ("发现（否决）" if line.answer else "未发现")
        held = [f"{i.occurred_on:%Y-%m-%d} {i.get_category_display()}" for i in line.incidents]
        held += [
            f"{c.unit}：{c.get_planned_use_display()}→{c.actual_use}（{c.found_on:%Y-%m-%d} 发现）"
            for c in line.use_changes
        ]
        held += [f"{sp.name}：{sp.planned_use}→{sp.actual_use}" for sp in line.spaces]
        if not held:
            held = ["有登记（无权查看明细）"] if line.register_found else ["无"]
        if line.answer is None:
            agreement = "—"
        elif line.contradicts:
            agreement = "与登记不一致；理由：" + (line.reason or "尚未写明理由")
        else:
            agreement = "与登记一致"
        lines.append([f"第{line.row}行 {line.label}", answer, "；".join(held), agreement])
    return lines


def _verdict(disqualified: bool, total, star) -> str:
    if disqualified:
        return "否决项成立：取消参加评估资格，无综合评估得分、无星级（第10.2条）"
    if total is None:
        return "尚无评估结果"
    return f"综合评估得分 {format_score(total)} 分，{STAR_LABELS.get(star or 0, '未达星级（低于70分）')}"


def _figures(total, unrounded) -> str:
    """Both totals side by side, so that a star missed by per-row rounding is no surprise."""
    if total is None or unrounded is None:
        return ""
    return (
        f"各行得分（四舍五入到 0.01）之和：{format_score(total)} 分（即综合评估得分）；"
        f"各行不取舍直接相加的总分：{unrounded_text(unrounded)} 分。"
    )


def _evidence_rows(dossier) -> list[dict]:
    if dossier is None:
        return []
    out = []
    for item in dossier.assessment.get("indicators", []):
        for ev in item.get("evidence", []):
            out.append(
                {
                    "row": item["row"],
                    "label": ev.get("label", ""),
                    "date": ev.get("date") or "",
                    "count": ev.get("count"),
                }
            )
    return out


def dossier_data(project: EvaluationProject, user) -> dict | None:
    dossier = materials(project, user)
    if dossier is None:
        return None
    snapshot = dossier.assessment
    indicators = {i.row: i for i in Indicator.objects.filter(edition=project.edition_id)}
    rows = []
    for item in snapshot.get("indicators", []):
        ind = indicators.get(item["row"])
        rows.append(
            {
                "row": item["row"],
                "path": f"{ind.level1}/{ind.level2}" + (f"/{ind.level3}" if ind.level3 else "")
                if ind
                else "",
                "points": item.get("points"),
                "score": item.get("score"),
                "status": STATUS_LABELS.get(item.get("status", ""), item.get("status", "")),
                "evidence": [e.get("label", "") for e in item.get("evidence", [])],
                "missing": list(item.get("missing", [])),
            }
        )
    return {
        "project": project,
        "park": project.park,
        "dossier": dossier,
        "submitted_at": timezone.localtime(dossier.submitted_at),
        "self_total": snapshot.get("total"),
        "self_star": snapshot.get("star"),
        "rows": rows,
        "documents": list(dossier.documents),
        "audit_checkpoint": snapshot.get("audit_checkpoint"),
    }


def _audit_checkpoint(project: EvaluationProject) -> dict:
    """The park's audit chain head as the report is generated, signed: a copy outside the
    database against which a later rewrite of the chain is detected."""
    from parkops.audit.checkpoint import make_checkpoint
    from parkops.audit.services import chain_for_park

    return make_checkpoint([chain_for_park(project.park_id)])


def _checkpoint_text(checkpoint: dict | None) -> str:
    if not checkpoint:
        return "审计链检查点：—（提交时尚未记录）"
    heads = "；".join(f"{h['chain']} 第 {h['seq']} 条 {h['hash']}" for h in checkpoint["heads"]) or "—"
    return f"审计链检查点（{checkpoint['created_at']}）：{heads}；签名 HMAC-SHA256 {checkpoint['signature']}"


def _money(value) -> str:
    if value is None:
        return "—"
    return format_score(Decimal(value)) if not isinstance(value, str) else value


def _points(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


# --- Word -------------------------------------------------------------------------------


def _docx():
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    for style in doc.styles:
        if getattr(style, "font", None) is None:
            continue
        style.font.name = WORD_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), WORD_FONT)
    doc.styles["Normal"].font.size = Pt(10.5)
    return doc


def _docx_table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    return table


def _docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def evaluation_report_docx(data: dict) -> bytes:
    project, park = data["project"], data["park"]
    doc = _docx()
    doc.add_heading(f"{park.name}运营水平第三方评估报告" + ("（评审稿）" if data["draft"] else ""), level=0)
    doc.add_paragraph(
        f"评估项目：{project.title}\n评估机构：{project.assessor_org}\n评分表：{project.edition}\n"
        f"汇总规则：{data['aggregation']}\n生成时间：{data['generated_at']:%Y-%m-%d %H:%M}（北京时间）"
    )
    doc.add_paragraph(_checkpoint_text(data["audit_checkpoint"]))
    if data["note"]:
        doc.add_paragraph(data["note"])
    doc.add_heading("一、评估结论", level=1)
    doc.add_paragraph(data["verdict"])
    if data["figures"]:
        doc.add_paragraph(data["figures"])
    doc.add_paragraph(data["rounding_rule"])
    doc.add_heading("二、一级指标得分", level=1)
    _docx_table(doc, ["一级指标", "得分"], [[k, _money(v)] for k, v in data["level1"].items()])
    doc.add_heading("三、二级指标得分", level=1)
    _docx_table(doc, ["二级指标", "得分"], [[k, _money(v)] for k, v in data["level2"].items()])
    doc.add_heading("四、三级指标得分", level=1)
    _docx_table(doc, ["序号", "指标", "分值", "得分"], _row_lines(data["rows"]))
    doc.add_heading("五、评估专家组", level=1)
    _docx_table(
        doc,
        ["姓名", "职务", "工作单位", "职称/专业", "专业领域", "状态"],
        [
            [p["name"], p["role"], p["affiliation"], p["title"], p["specialities"], p["state"]]
            for p in data["panel"]
        ],
    )
    doc.add_paragraph("否决项：专家组结论与园区登记")
    _docx_table(doc, ["否决项", "专家组结论", "园区登记", "一致性"], data["veto_lines"])
    doc.add_heading("六、证据清单", level=1)
    _docx_table(
        doc,
        ["序号", "证据", "日期"],
        [[e["row"], e["label"], e["date"]] for e in data["evidence"]] or [["—", "未提交评估材料", ""]],
    )
    if data["documents"]:
        doc.add_paragraph("提交的制度文件（SHA-256 为提交时的文件摘要）：")
        _docx_table(
            doc,
            ["文件", "版本", "SHA-256"],
            [[d["title"], d.get("version", ""), d["sha256"]] for d in data["documents"]],
        )
    return _docx_bytes(doc)


def _row_lines(rows: list[dict]) -> list[list[str]]:
    lines = []
    for r in rows:
        if r["veto"]:
            score = "成立（否决）" if r["veto_found"] else "未发现"
            lines.append([str(r["row"]), r["path"], "否决项", score])
        elif r["points"] is None:
            lines.append([str(r["row"]), r["path"], "—", "原表此行为空，无指标、无分值"])
        else:
            lines.append([str(r["row"]), r["path"], _points(r["points"]), _money(r["score"])])
    return lines


def dossier_docx(data: dict) -> bytes:
    park, dossier = data["park"], data["dossier"]
    doc = _docx()
    doc.add_heading(f"{park.name}评估材料（证据汇编）", level=0)
    doc.add_paragraph(
        f"评估项目：{data['project'].title}\n材料截止日期：{dossier.as_of:%Y-%m-%d}\n"
        f"提交时间：{data['submitted_at']:%Y-%m-%d %H:%M}（北京时间）\n快照 SHA-256：{dossier.digest}"
    )
    doc.add_paragraph(f"自评得分：{data['self_total'] or '—'}")
    doc.add_paragraph(_checkpoint_text(data["audit_checkpoint"]))
    doc.add_heading("一、各指标证据", level=1)
    _docx_table(
        doc,
        ["序号", "指标", "分值", "自评", "状态", "证据", "缺少"],
        [
            [
                str(r["row"]),
                r["path"],
                r["points"] or "—",
                r["score"] or "—",
                r["status"],
                "；".join(r["evidence"]),
                "；".join(r["missing"]),
            ]
            for r in data["rows"]
        ],
    )
    doc.add_heading("二、制度文件清单", level=1)
    _docx_table(
        doc,
        ["文件", "类别", "版本", "生效日期", "SHA-256"],
        [
            [
                d["title"],
                d.get("kind_label", ""),
                d.get("version", ""),
                d.get("effective_on", ""),
                d["sha256"],
            ]
            for d in data["documents"]
        ]
        or [["—", "", "", "", ""]],
    )
    return _docx_bytes(doc)


# --- PDF --------------------------------------------------------------------------------


def _pdf_kit():
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from parkops.core.pdf import cjk_font

    base = ParagraphStyle("cjk", fontName=cjk_font(), fontSize=9.5, leading=14, wordWrap="CJK")
    styles = {
        "body": base,
        "small": ParagraphStyle("cjk-small", parent=base, fontSize=8, leading=11),
        "title": ParagraphStyle("cjk-title", parent=base, fontSize=17, leading=24, spaceAfter=8),
        "h1": ParagraphStyle("cjk-h1", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4),
        "note": ParagraphStyle("cjk-note", parent=base, textColor=colors.HexColor("#b45309")),
    }
    return styles, colors, A4, mm


def _pdf_table(rows: list[list[str]], widths, styles, colors):
    from reportlab.platypus import Paragraph, Table, TableStyle

    body = [[Paragraph(_escape(str(c)), styles["small"]) for c in row] for row in rows]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ca3af")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def evaluation_report_pdf(data: dict) -> bytes:
    from reportlab.platypus import Paragraph, Spacer

    styles, colors, _, mm = _pdf_kit()
    project, park = data["project"], data["park"]
    title = f"{park.name}运营水平第三方评估报告" + ("（评审稿）" if data["draft"] else "")
    story = [
        Paragraph(_escape(title), styles["title"]),
        Paragraph(_escape(f"评估项目：{project.title}　评估机构：{project.assessor_org}"), styles["body"]),
        Paragraph(
            _escape(
                f"评分表：{project.edition}　汇总规则：{data['aggregation']}　"
                f"生成时间：{data['generated_at']:%Y-%m-%d %H:%M}（北京时间）"
            ),
            styles["body"],
        ),
        Paragraph(_escape(_checkpoint_text(data["audit_checkpoint"])), styles["small"]),
    ]
    if data["note"]:
        story.append(Paragraph(_escape(data["note"]), styles["note"]))
    story += [Paragraph("一、评估结论", styles["h1"]), Paragraph(_escape(data["verdict"]), styles["body"])]
    if data["figures"]:
        story.append(Paragraph(_escape(data["figures"]), styles["body"]))
    story.append(Paragraph(_escape(data["rounding_rule"]), styles["small"]))
    story += [Paragraph("二、一级与二级指标得分", styles["h1"])]
    story.append(
        _pdf_table(
            [["一级指标", "得分"], *[[k, _money(v)] for k, v in data["level1"].items()]],
            [120 * mm, 40 * mm],
            styles,
            colors,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        _pdf_table(
            [["二级指标", "得分"], *[[k, _money(v)] for k, v in data["level2"].items()]],
            [120 * mm, 40 * mm],
            styles,
            colors,
        )
    )
    story += [Paragraph("三、三级指标得分", styles["h1"])]
    story.append(
        _pdf_table(
            [["序号", "指标", "分值", "得分"], *_row_lines(data["rows"])],
            [12 * mm, 110 * mm, 18 * mm, 38 * mm],
            styles,
            colors,
        )
    )
    story += [Paragraph("四、评估专家组", styles["h1"])]
    story.append(
        _pdf_table(
            [
                ["姓名", "职务", "工作单位", "职称/专业", "专业领域", "状态"],
                *[
                    [p["name"], p["role"], p["affiliation"], p["title"], p["specialities"], p["state"]]
                    for p in data["panel"]
                ],
            ],
            [22 * mm, 12 * mm, 44 * mm, 30 * mm, 40 * mm, 30 * mm],
            styles,
            colors,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("否决项：专家组结论与园区登记", styles["body"]))
    story.append(
        _pdf_table(
            [["否决项", "专家组结论", "园区登记", "一致性"], *data["veto_lines"]],
            [40 * mm, 24 * mm, 64 * mm, 50 * mm],
            styles,
            colors,
        )
    )
    story += [Paragraph("五、证据清单", styles["h1"])]
    evidence = [[str(e["row"]), e["label"], e["date"]] for e in data["evidence"]] or [
        ["—", "未提交评估材料", ""]
    ]
    story.append(
        _pdf_table([["序号", "证据", "日期"], *evidence], [14 * mm, 140 * mm, 24 * mm], styles, colors)
    )
    if data["documents"]:
        story.append(Spacer(1, 4 * mm))
        story.append(
            _pdf_table(
                [
                    ["制度文件", "版本", "SHA-256"],
                    *[[d["title"], d.get("version", ""), d["sha256"]] for d in data["documents"]],
                ],
                [70 * mm, 20 * mm, 88 * mm],
                styles,
                colors,
            )
        )
    return _pdf_bytes(story, title)


def dossier_pdf(data: dict) -> bytes:
    from reportlab.platypus import Paragraph

    styles, colors, _, mm = _pdf_kit()
    park, dossier = data["park"], data["dossier"]
    title = f"{park.name}评估材料（证据汇编）"
    story = [
        Paragraph(_escape(title), styles["title"]),
        Paragraph(
            _escape(
                f"评估项目：{data['project'].title}　材料截止日期：{dossier.as_of:%Y-%m-%d}　"
                f"提交时间：{data['submitted_at']:%Y-%m-%d %H:%M}（北京时间）"
            ),
            styles["body"],
        ),
        Paragraph(
            _escape(f"快照 SHA-256：{dossier.digest}　自评得分：{data['self_total'] or '—'}"), styles["small"]
        ),
        Paragraph(_escape(_checkpoint_text(data["audit_checkpoint"])), styles["small"]),
        Paragraph("一、各指标证据", styles["h1"]),
        _pdf_table(
            [
                ["序号", "指标", "分值", "自评", "状态", "证据 / 缺少"],
                *[
                    [
                        str(r["row"]),
                        r["path"],
                        r["points"] or "—",
                        r["score"] or "—",
                        r["status"],
                        "；".join(r["evidence"] + [f"缺：{m}" for m in r["missing"]]),
                    ]
                    for r in data["rows"]
                ],
            ],
            [10 * mm, 46 * mm, 12 * mm, 12 * mm, 18 * mm, 80 * mm],
            styles,
            colors,
        ),
        Paragraph("二、制度文件清单", styles["h1"]),
        _pdf_table(
            [
                ["文件", "版本", "生效日期", "SHA-256"],
                *(
                    [
                        [d["title"], d.get("version", ""), d.get("effective_on", ""), d["sha256"]]
                        for d in data["documents"]
                    ]
                    or [["—", "", "", ""]]
                ),
            ],
            [58 * mm, 18 * mm, 22 * mm, 80 * mm],
            styles,
            colors,
        ),
    ]
    return _pdf_bytes(story, title)


# --- Excel ------------------------------------------------------------------------------


def ledger_xlsx(project: EvaluationProject, user) -> bytes:
    """The project's ledgers: panel, the scores the user may see, clarifications."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from parkops.core.excel import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = "专家组"
    append_row(ws, ["姓名", "组长", "工作单位", "职称/专业", "利益冲突声明", "状态", "评分表提交时间"])
    for e in project.experts.select_related("user", "declaration").order_by("-is_lead", "id"):
        declared = "未声明" if not e.declared else ("回避" if e.recused else "无利益冲突")
        submitted = (
            timezone.localtime(e.sheet_submitted_at).strftime("%Y-%m-%d %H:%M")
            if e.sheet_submitted_at
            else ""
        )
        append_row(
            ws,
            [
                e.user.name,
                "是" if e.is_lead else "",
                e.affiliation,
                e.title,
                declared,
                e.state_label,
                submitted,
            ],
        )
    experts, rows = score_matrix(project, user)
    ws2 = wb.create_sheet("评分明细")
    append_row(ws2, ["序号", "指标", "分值", *[e.user.name for e in experts]])
    for row in rows:
        ind = row["indicator"]
        append_row(
            ws2,
            [
                ind.row,
                str(ind),
                ind.points,
                *[(cell.score if cell is not None else None) for cell in row["cells"]],
            ],
        )
    ws3 = wb.create_sheet("澄清事项")
    append_row(ws3, ["指标", "问题", "提问专家", "提问时间", "答复", "答复时间", "状态"])
    for c in clarifications(project, user):
        append_row(
            ws3,
            [
                c.indicator.row if c.indicator_id else "",
                c.question,
                c.asked_by.user.name,
                timezone.localtime(c.asked_at).strftime("%Y-%m-%d %H:%M"),
                c.answer,
                timezone.localtime(c.answered_at).strftime("%Y-%m-%d %H:%M") if c.answered_at else "",
                c.get_state_display(),
            ],
        )
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
