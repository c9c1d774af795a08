"""Reports (clause 7.2): the monthly operation report by calendar month and the yearly operation
report by calendar year (leasing, revenue, services, safety, energy, satisfaction), the monthly
energy report (by 分类分项 code, building, tenant and sub-item, from the month rollups), each as a
page, Excel, Word and PDF; and the platform's construction document (modules, data flows,
interfaces, deployment) generated from the running system as evidence for rows 52 and 53."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from parkops.core.scope import VIEW

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass
class Section:
    """A titled table: (label, value) rows, or rows under ``header`` when it has more columns."""

    title: str
    rows: list[tuple] = field(default_factory=list)
    header: tuple = ()
    note: str = ""

    @property
    def labelled(self) -> list[list[tuple[str, object]]]:
        """Each row as (column label, value) pairs: what a phone card shows."""
        return [list(zip(self.header, row, strict=False)) for row in self.rows]


def _qs(model_label: str, user):
    model = apps.get_model(model_label)
    return model.objects.all() if user is None else model.objects.restrict(user, VIEW)


def month_range(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def monthly_report(park, month: dt.date, user=None) -> list[Section]:
    """The month's figures; ``user`` narrows every queryset (None: the task queue, all rows)."""
    first, last = month_range(month)
    return period_report(park, first, last, user)


def _protection(user):
    """The reader's data protection (None: the task queue, which writes for administrators)."""
    if user is None:
        return None
    from parkops.datagov.protection import Protection

    return Protection(user)


def yearly_report(park, year: int, user=None) -> list[Section]:
    """年度运营报告: the monthly report's sections over a calendar year."""
    return period_report(park, dt.date(year, 1, 1), dt.date(year, 12, 31), user, yearly=True)


def period_report(park, first: dt.date, last: dt.date, user=None, *, yearly: bool = False) -> list[Section]:
    """The operation figures of the whole months [first, last] (one month, or a calendar year).
    Labels say 本月/月末 or 本年/年末; each pair is written out for the catalogue."""
    from parkops.engineering.models import WorkOrder
    from parkops.fees.models import Bill
    from parkops.investment.models import Lease
    from parkops.investment.selectors import occupancy
    from parkops.safety.models import Hazard
    from parkops.service.models import Survey, Ticket
    from parkops.service.selectors import survey_results

    def pick(month_text: str, year_text: str) -> str:
        return year_text if yearly else month_text

    start, end = _aware(first), _aware(last + dt.timedelta(days=1))
    units = _qs("core.Unit", user).filter(floor__building__park=park)
    occ = occupancy(units)
    leases = _qs("investment.Lease", user).filter(park=park)
    leasing = Section(
        gettext("租赁"),
        [
            (gettext("出租率（%）（出具时）"), occ.rate),
            (gettext("房源总面积（㎡）"), occ.total),
            (
                pick(gettext("本月新签合同"), gettext("本年新签合同")),
                leases.filter(signed_on__gte=first, signed_on__lte=last).count(),
            ),
            (
                pick(gettext("本月到期合同"), gettext("本年到期合同")),
                leases.filter(end__gte=first, end__lte=last).count(),
            ),
            (
                pick(gettext("月末履行中合同"), gettext("年末履行中合同")),
                leases.filter(start__lte=last, end__gte=last)
                .exclude(status=Lease.Status.TERMINATED, terminated_on__lte=last)
                .count(),
            ),
        ],
    )
    period_bills = (
        _qs("fees.Bill", user)
        .filter(park=park, period__gte=first, period__lte=last)
        .exclude(status=Bill.Status.DRAFT)
    )
    billed = (period_bills.aggregate(s=Sum("total"))["s"] or ZERO).quantize(CENT)
    payments = _qs("fees.Payment", user).filter(bill__park=park)
    # Cash received in the period (whatever bill it pays) …
    collected = (
        payments.filter(paid_on__gte=first, paid_on__lte=last).aggregate(s=Sum("amount"))["s"] or ZERO
    ).quantize(CENT)
    # … and the rate on the period's own bills, paid whenever up to now: December's bills paid in
    # January count for December's year, not as a 0 % collection.
    paid_on_bills = (payments.filter(bill__in=period_bills).aggregate(s=Sum("amount"))["s"] or ZERO).quantize(
        CENT
    )
    # Sums of bills and payments are 重要数据: a reader not cleared for them reads the rate only.
    reader = _protection(user)
    if reader is not None and not (reader.sees("fees.Bill.total") and reader.sees("fees.Payment.amount")):
        billed_shown = collected_shown = None
    else:
        billed_shown, collected_shown = billed, collected
    revenue = Section(
        gettext("收入"),
        [
            (pick(gettext("本月应收（元）"), gettext("本年应收（元）")), billed_shown),
            (pick(gettext("本月实收（元）"), gettext("本年实收（元）")), collected_shown),
            (
                gettext("收缴率（%）"),
                (paid_on_bills * 100 / billed).quantize(Decimal("0.1")) if billed else None,
            ),
        ],
        note=gettext("实收：期内收到的款项；收缴率：本期账单截至出具时已收款 ÷ 本期应收。"),
    )
    orders = _qs("engineering.WorkOrder", user).filter(park=park, reported_at__gte=start, reported_at__lt=end)
    tickets = _qs("service.Ticket", user).filter(park=park, received_at__gte=start, received_at__lt=end)
    kinds = Counter(tickets.values_list("kind", flat=True))
    services = Section(
        gettext("服务"),
        [
            (gettext("报修工单"), orders.count()),
            (
                gettext("其中已办结"),
                orders.exclude(state__in=(*WorkOrder.OPEN_STATES, WorkOrder.State.CANCELLED)).count(),
            ),
            (gettext("客服工单"), tickets.count()),
            (gettext("其中投诉"), kinds.get(Ticket.Kind.COMPLAINT, 0)),
        ],
    )
    hazards = _qs("safety.Hazard", user).filter(park=park)
    safety = Section(
        gettext("安全"),
        [
            (
                pick(gettext("本月发现隐患"), gettext("本年发现隐患")),
                hazards.filter(found_at__gte=start, found_at__lt=end).count(),
            ),
            (
                pick(gettext("本月关闭隐患"), gettext("本年关闭隐患")),
                hazards.filter(closed_at__gte=start, closed_at__lt=end).count(),
            ),
            (
                pick(gettext("月末逾期未整改"), gettext("年末逾期未整改")),
                hazards.filter(deadline__lt=last, found_at__lt=end)
                .exclude(status=Hazard.Status.CLOSED, closed_at__lt=end)
                .count(),
            ),
        ],
    )
    usage = dict(
        _qs("fees.UtilityReading", user)
        .filter(unit__floor__building__park=park, month__gte=first, month__lte=last)
        .values_list("kind")
        .annotate(u=Sum(F("current") - F("previous")))
    )
    energy = Section(
        gettext("能耗（按企业抄表）"),
        [
            (gettext("用电量（kWh）"), usage.get("electricity")),
            (gettext("用水量（吨）"), usage.get("water")),
        ],
    )
    survey = (
        _qs("service.Survey", user)
        .filter(park=park, state=Survey.State.CLOSED, closed_on__lte=last)
        .order_by("-closed_on", "-pk")
        .first()
    )
    results = survey_results(survey) if survey else None
    satisfaction = Section(
        gettext("满意度"),
        [
            (gettext("最近一次调查"), f"{survey.title}（{survey.closed_on:%Y-%m-%d}）" if survey else None),
            (gettext("平均评分（5 分制）"), results.mean_rating if results else None),
            (gettext("NPS"), results.nps.score if results and results.nps else None),
        ],
    )
    return [leasing, revenue, services, safety, energy, satisfaction]


def _text(value) -> object:
    return "—" if value is None else value


# --- Writing sections out: Excel, Word, PDF ---------------------------------------------------


def sections_xlsx(title: str, subtitle: str, sections: list[Section]) -> bytes:
    """One sheet: the title line, then each section's title, its header (if any) and its rows.
    Every cell goes through core.excel (text stays text); numbers stay numbers."""
    from openpyxl import Workbook

    from parkops.core.excel import append_row, sheet_title

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    append_row(ws, [title, subtitle])
    for section in sections:
        append_row(ws, [])
        append_row(ws, [section.title])
        if section.header:
            append_row(ws, list(section.header))
        for row in section.rows:
            append_row(
                ws, [_text(v) if isinstance(v, (str, int, Decimal)) or v is None else str(v) for v in row]
            )
        if section.note:
            append_row(ws, [section.note])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sections_docx(title: str, subtitle: str, sections: list[Section]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, 0)
    if subtitle:
        doc.add_paragraph(subtitle)
    for section in sections:
        doc.add_heading(section.title, 1)
        width = len(section.header) if section.header else 2
        table = doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        if section.header:
            for cell, text in zip(table.add_row().cells, section.header, strict=True):
                cell.text = str(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        for row in section.rows:
            for cell, value in zip(table.add_row().cells, row, strict=False):
                cell.text = str(_text(value))
        if section.note:
            doc.add_paragraph(section.note)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def sections_pdf(title: str, subtitle: str, sections: list[Section]) -> bytes:
    """A4 PDF whose Chinese is drawn with the embedded font of ``core.pdf.cjk_font`` (never a
    CID font, which readers without it show as boxes)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from parkops.core.pdf import a4_pdf, cjk_font, escape

    base = ParagraphStyle("cjk", fontName=cjk_font(), fontSize=9.5, leading=14, wordWrap="CJK")
    small = ParagraphStyle("cjk-small", parent=base, fontSize=8.5, leading=12)
    heading = ParagraphStyle("cjk-h1", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4)
    story = [
        Paragraph(
            escape(title), ParagraphStyle("cjk-title", parent=base, fontSize=17, leading=24, spaceAfter=6)
        ),
        Paragraph(escape(subtitle), base),
        Spacer(1, 4 * mm),
    ]
    usable = A4[0] - 32 * mm
    for section in sections:
        story.append(Paragraph(escape(section.title), heading))
        rows = ([list(section.header)] if section.header else []) + [list(r) for r in section.rows]
        if rows:
            width = max(len(r) for r in rows)
            body = [
                [Paragraph(escape(str(_text(v))), small) for v in r + [""] * (width - len(r))] for r in rows
            ]
            table = Table(body, colWidths=[usable / width] * width, repeatRows=1 if section.header else 0)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ca3af")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            if section.header:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")))
            table.setStyle(TableStyle(style))
            story.append(table)
        if section.note:
            story.append(Paragraph(escape(section.note), small))
    return a4_pdf(story, title)


WRITERS = {"xlsx": sections_xlsx, "docx": sections_docx, "pdf": sections_pdf}


def monthly_title(park, month: dt.date) -> str:
    return gettext("%(park)s %(month)s 月度运营报告") % {"park": park.name, "month": month.strftime("%Y-%m")}


def yearly_title(park, year: int) -> str:
    return gettext("%(park)s %(year)s 年度运营报告") % {"park": park.name, "year": year}


def energy_title(park, month: dt.date) -> str:
    return gettext("%(park)s %(month)s 月度能耗报告") % {"park": park.name, "month": month.strftime("%Y-%m")}


def monthly_xlsx(park, month: dt.date, sections: list[Section]) -> bytes:
    return sections_xlsx(monthly_title(park, month), month.strftime("%Y-%m"), sections)


def monthly_docx(park, month: dt.date, sections: list[Section]) -> bytes:
    return sections_docx(monthly_title(park, month), "", sections)


# --- The monthly energy report --------------------------------------------------------------


def _change(now: Decimal, before: Decimal) -> Decimal | None:
    return ((now - before) * 100 / before).quantize(Decimal("0.1")) if before else None


def energy_month(park, meters, month: dt.date, user=None) -> list[Section]:
    """月度能耗报告 of one calendar month (Asia/Shanghai) from telemetry's month rollups, through
    the meters ``meters`` (already restricted): the park's total per energy, then by building,
    by tenant and by 分项 (sub-item code), each with the previous month and the change. The
    tenant section only for a reader cleared for whose meter it is (``energy.Meter.enterprise``,
    重要数据: an enterprise's use tells of its business)."""
    from parkops.energy import selectors as energy
    from parkops.energy.models import EnergyCategory, Meter

    meters = [m for m in meters if m.active and m.park_id == park.pk]
    previous = energy.add_months(month, -1)
    by_meter = energy.monthly_by_meter(meters, [previous, month])

    def figures(group) -> tuple[Decimal, Decimal, Decimal | None]:
        now = sum((by_meter.get(m.pk, {}).get(month, ZERO) for m in group), ZERO)
        before = sum((by_meter.get(m.pk, {}).get(previous, ZERO) for m in group), ZERO)
        return now.quantize(Decimal("0.01")), before.quantize(Decimal("0.01")), _change(now, before)

    def code_label(code: str) -> str:
        return f"{code} {EnergyCategory(code).label}"

    use = [m for m in meters if m.direction == Meter.Direction.CONSUMPTION]
    figure_header = [gettext("单位"), gettext("本月"), gettext("上月"), gettext("环比（%）")]
    total = Section(gettext("园区合计"), header=(gettext("分类"), *figure_header))
    for kind in dict.fromkeys(m.kind for m in use):
        group = energy.park_meters_for_kind(use, kind)
        if group:
            total.rows.append((code_label(kind), group[0].unit, *figures(group)))
    total.note = gettext("园区合计取园区一级总表，无总表时取各楼栋总表之和。")

    def grouped(scopes, key) -> dict[tuple, list]:
        out: dict[tuple, list] = {}
        for m in use:
            if m.scope in scopes:
                out.setdefault(key(m), []).append(m)
        return out

    buildings = Section(gettext("按楼栋"), header=(gettext("楼栋"), gettext("分类分项"), *figure_header))
    for (building, code), group in sorted(
        grouped((Meter.Scope.BUILDING,), lambda m: (str(m.building), m.category)).items()
    ):
        buildings.rows.append((building, code_label(code), group[0].unit, *figures(group)))
    tenants = Section(
        gettext("按企业"), header=(gettext("企业"), gettext("楼栋"), gettext("分类分项"), *figure_header)
    )
    for (enterprise, building, code), group in sorted(
        grouped((Meter.Scope.TENANT,), lambda m: (str(m.enterprise), str(m.building), m.category)).items()
    ):
        tenants.rows.append((enterprise, building, code_label(code), group[0].unit, *figures(group)))
    items = Section(gettext("按分项"), header=(gettext("楼栋"), gettext("分类分项"), *figure_header))
    for (building, code), group in sorted(
        grouped(
            (Meter.Scope.PUBLIC, Meter.Scope.SYSTEM, Meter.Scope.EQUIPMENT),
            lambda m: (str(m.building) if m.building_id else str(park.name), m.category),
        ).items()
    ):
        items.rows.append((building, code_label(code), group[0].unit, *figures(group)))
    generation = Section(gettext("发电与储能"), header=(gettext("方向"), *figure_header))
    for direction, label in Meter.Direction.choices:
        group = [m for m in meters if m.direction == direction and direction != Meter.Direction.CONSUMPTION]
        if group:
            generation.rows.append((str(label), group[0].unit, *figures(group)))
    reader = _protection(user)
    if reader is not None and not reader.sees("energy.Meter.enterprise"):
        tenants.rows = []
    sections = [s for s in (total, buildings, tenants, items, generation) if s.rows]
    if not sections:
        sections = [Section(gettext("园区合计"), [(gettext("本月没有可读的能耗数据"), None)])]
    return sections


# --- The construction document ------------------------------------------------------------


def construction_outline() -> list[Section]:
    """What the running system is made of: its modules with their record types and counts, the
    data flows, its API endpoints and its deployment settings."""
    from parkops.urls import router

    modules = Section(gettext("一、功能模块"))
    for config in apps.get_app_configs():
        if not config.name.startswith("parkops."):
            continue
        models = [m for m in config.get_models() if not m._meta.auto_created]
        names = "、".join(str(m._meta.verbose_name) for m in models[:12]) + ("等" if len(models) > 12 else "")
        modules.rows.append((f"{config.verbose_name}（{config.label}）", names or "—"))
    flows = Section(
        gettext("二、数据流"),
        [
            (
                gettext("录入与导入"),
                gettext("页面表单、Excel 批量导入、开放接口 → 业务服务（校验、权限）→ 数据库"),
            ),
            (
                gettext("审计"),
                gettext("每次写入在同一事务内追加园区审计链（HMAC 哈希链），每日签名检查点写出库外"),
            ),
            (
                gettext("任务队列"),
                gettext("定时任务（提醒、逾期、月报、检查点）由任务队列执行，通知经邮件和群机器人送达"),
            ),
            (
                gettext("分析与展示"),
                gettext("监测面板、大屏、租户健康度、数据探索和报表按用户权限读取同一数据"),
            ),
            (gettext("评估"), gettext("各模块登记的证据来源 → 评估引擎按表A.1 逐行计分 → 记分卡和差距计划")),
        ],
    )
    interfaces = Section(gettext("三、接口"))
    for prefix, viewset, _basename in sorted(router.registry, key=lambda r: r[0]):
        model = viewset.queryset.model
        interfaces.rows.append((f"/api/{prefix}/", str(model._meta.verbose_name)))
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    huey = settings.HUEY.get("huey_class", "huey.SqliteHuey").rsplit(".", 1)[-1]
    deployment = Section(
        gettext("四、部署"),
        [
            (gettext("数据库"), connection.vendor),
            (gettext("缓存"), cache),
            (gettext("任务队列"), huey),
            (gettext("时区"), settings.TIME_ZONE),
            (gettext("界面语言"), "、".join(code for code, _name in settings.LANGUAGES)),
        ],
    )
    return [modules, flows, interfaces, deployment]


def construction_docx(park, as_of: dt.date) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(gettext("智慧管理平台系统建设文件"), 0)
    doc.add_paragraph(
        gettext("%(park)s · 由运行中的平台于 %(day)s 生成") % {"park": park.name, "day": as_of.isoformat()}
    )
    for section in construction_outline():
        doc.add_heading(section.title, 1)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in section.rows:
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(value)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
