"""Reports (clause 7.2): the monthly operation report by calendar month (leasing, revenue,
services, safety, energy, satisfaction) as Excel and Word, and the platform's construction
document (modules, data flows, interfaces, deployment) generated from the running system as
evidence for rows 52 and 53."""

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

ZERO = Decimal("0")


@dataclass
class Section:
    title: str
    rows: list[tuple[str, object]] = field(default_factory=list)


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
    from parkops.engineering.models import WorkOrder
    from parkops.fees.models import Bill
    from parkops.investment.models import Lease
    from parkops.investment.selectors import occupancy
    from parkops.safety.models import Hazard
    from parkops.service.models import Survey, Ticket
    from parkops.service.selectors import survey_results

    first, last = month_range(month)
    start, end = _aware(first), _aware(last + dt.timedelta(days=1))
    units = _qs("core.Unit", user).filter(floor__building__park=park)
    occ = occupancy(units)
    leases = _qs("investment.Lease", user).filter(park=park)
    leasing = Section(
        gettext("租赁"),
        [
            (gettext("出租率（%）（出具时）"), occ.rate),
            (gettext("房源总面积（㎡）"), occ.total),
            (gettext("本月新签合同"), leases.filter(signed_on__gte=first, signed_on__lte=last).count()),
            (gettext("本月到期合同"), leases.filter(end__gte=first, end__lte=last).count()),
            (
                gettext("月末履行中合同"),
                leases.filter(start__lte=last, end__gte=last)
                .exclude(status=Lease.Status.TERMINATED, terminated_on__lte=last)
                .count(),
            ),
        ],
    )
    bills = _qs("fees.Bill", user).filter(park=park)
    billed = (
        bills.filter(period=first).exclude(status=Bill.Status.DRAFT).aggregate(s=Sum("total"))["s"] or ZERO
    )
    collected = (
        _qs("fees.Payment", user)
        .filter(bill__park=park, paid_on__gte=first, paid_on__lte=last)
        .aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    revenue = Section(
        gettext("收入"),
        [
            (gettext("本月应收（元）"), billed),
            (gettext("本月实收（元）"), collected),
            (gettext("收缴率（%）"), (collected * 100 / billed).quantize(Decimal("0.1")) if billed else None),
        ],
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
            (gettext("本月发现隐患"), hazards.filter(found_at__gte=start, found_at__lt=end).count()),
            (gettext("本月关闭隐患"), hazards.filter(closed_at__gte=start, closed_at__lt=end).count()),
            (
                gettext("月末逾期未整改"),
                hazards.filter(deadline__lt=last, found_at__lt=end)
                .exclude(status=Hazard.Status.CLOSED, closed_at__lt=end)
                .count(),
            ),
        ],
    )
    usage = dict(
        _qs("fees.UtilityReading", user)
        .filter(unit__floor__building__park=park, month=first)
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


def monthly_xlsx(park, month: dt.date, sections: list[Section]) -> bytes:
    from openpyxl import Workbook

    from parkops.core.excel import append_row

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("月度运营报告"))
    append_row(ws, [park.name, month.strftime("%Y-%m")])
    for section in sections:
        append_row(ws, [section.title])
        for label, value in section.rows:
            append_row(ws, [label, _text(value)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def monthly_docx(park, month: dt.date, sections: list[Section]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(
        gettext("%(park)s %(month)s 月度运营报告") % {"park": park.name, "month": month.strftime("%Y-%m")}, 0
    )
    for section in sections:
        doc.add_heading(section.title, 1)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in section.rows:
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(_text(value))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
