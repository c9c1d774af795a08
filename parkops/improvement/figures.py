"""The figures the platform computes for the customer and smart evaluations of clause 9.1.1:
work orders against their response and completion targets, complaints answered within target,
repeat complaints, and the complaints, suggestions and praise enterprises sent. They are read
through the engineering and service selectors and stored with the record, so the record keeps
what was measured on the day it was made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from parkops.improvement.models import InspectionKind


def _json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def compute(kind: str, park, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What a record of ``kind`` stores for ``park`` from ``start`` to ``end`` (inclusive)."""
    from parkops.engineering.selectors import work_order_figures
    from parkops.service.selectors import ticket_figures

    tickets = _json(ticket_figures(park, start, end))
    figures: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(), "tickets": tickets}
    orders = _json(work_order_figures(park, start, end))
    if kind == InspectionKind.SMART:
        figures["work_orders"] = orders
    elif kind == InspectionKind.CUSTOMER:
        figures["work_orders"] = {"ratings": orders["ratings"], "mean_rating": orders["mean_rating"]}
    return figures


def _rate(part: int, whole: int) -> str:
    from parkops.service.selectors import percent

    if not whole:
        return "—"
    return f"{percent(part, whole)}%（{part}/{whole}）"


def figure_rows(figures: dict) -> list[tuple[str, Any]]:
    """(label, value) rows of stored figures, labels in the reader's language."""
    if not figures:
        return []
    rows: list[tuple[str, Any]] = [
        (
            gettext("统计期间"),
            gettext("%(start)s 至 %(end)s") % {"start": figures["start"], "end": figures["end"]},
        )
    ]
    orders = figures.get("work_orders") or {}
    tickets = figures.get("tickets") or {}
    if "respond_targets" in orders:
        rows += [
            (gettext("报修工单"), orders["total"]),
            (gettext("工单按时响应率"), _rate(orders["responded_on_time"], orders["respond_targets"])),
            (gettext("工单按时完成率"), _rate(orders["completed_on_time"], orders["completed_with_target"])),
            (gettext("工单平均响应用时（分钟）"), orders["mean_response_minutes"] or "—"),
            (gettext("投诉按时响应率"), _rate(tickets["complaints_on_time"], tickets["complaints"])),
            (gettext("投诉平均响应用时（分钟）"), tickets["complaint_mean_minutes"] or "—"),
            (gettext("重复投诉（同一企业期内再次投诉）"), tickets["repeat_complaints"]),
            (gettext("回复后重新打开的投诉"), tickets["reopened_complaints"]),
        ]
    else:
        rows += [
            (gettext("投诉"), tickets["complaints"]),
            (gettext("建议"), tickets["suggestions"]),
            (gettext("表扬"), tickets["praise"]),
            (gettext("咨询"), tickets["enquiries"]),
            (gettext("投诉按时响应率"), _rate(tickets["complaints_on_time"], tickets["complaints"])),
            (
                gettext("报修服务评价"),
                gettext("%(count)s 条，平均 %(mean)s 星")
                % {"count": orders["ratings"], "mean": orders["mean_rating"]}
                if orders.get("ratings")
                else "—",
            ),
        ]
    return rows


def headline(figures: dict) -> str:
    """One sentence for the scorecard's evidence, in the reader's language."""
    orders = figures.get("work_orders") or {}
    tickets = figures.get("tickets") or {}
    if "respond_targets" in orders:
        return gettext("工单按时响应率 %(orders)s，重复投诉 %(repeat)s 件") % {
            "orders": _rate(orders["responded_on_time"], orders["respond_targets"]),
            "repeat": tickets.get("repeat_complaints", 0),
        }
    return gettext("投诉 %(complaints)s、建议 %(suggestions)s、表扬 %(praise)s") % {
        "complaints": tickets.get("complaints", 0),
        "suggestions": tickets.get("suggestions", 0),
        "praise": tickets.get("praise", 0),
    }
