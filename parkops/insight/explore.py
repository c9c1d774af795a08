"""The explore page (clause 7.2 统计分析): pick a dataset, filter it by date and a value, group it
by a field or by month, measure it (count, sum, average), chart it and export it to Excel.
Every dataset is read through ``restrict(user, "view")``; a saved view keeps the choice for
everyone in the park who may read that dataset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Avg, Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parkops.core.scope import VIEW

MONTH = "__month"
MAX_GROUPS = 200


@dataclass(frozen=True)
class Dataset:
    key: str
    label: Promise
    model: str  # "app.Model"
    park: str  # lookup to the park
    date: str  # the date or datetime field for the period filter and month grouping
    groups: tuple[tuple[str, Promise], ...]  # (lookup, label); choice fields show their labels
    measures: tuple[tuple[str, Promise, str, Any], ...] = field(default=())  # (key, label, fn, expr)

    def queryset(self, user):
        return apps.get_model(self.model).objects.restrict(user, VIEW)

    @property
    def measure_map(self) -> dict[str, tuple[Promise, str, Any]]:
        base = {"count": (_("记录数"), "count", "pk")}
        return base | {k: (label, fn, expr) for k, label, fn, expr in self.measures}

    def measures_for(self, user) -> dict[str, tuple[Promise, str, Any]]:
        """The measures ``user`` may take: a sum or average of a field above the reader's data
        level (a bill's total, 重要数据) would show what its column would not."""
        from parkops.datagov.protection import hidden_reason

        model = apps.get_model(self.model)
        return {
            key: measure
            for key, measure in self.measure_map.items()
            if not (isinstance(measure[2], str) and hidden_reason(user, model, measure[2]))
        }


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "leases",
            _("租赁合同"),
            "investment.Lease",
            "park",
            "start",
            (("status", _("状态")), ("enterprise__name", _("承租企业"))),
            (("area", _("计租面积（㎡）"), "sum", "area"),),
        ),
        Dataset(
            "bills",
            _("账单"),
            "fees.Bill",
            "park",
            "period",
            (("status", _("状态")), ("enterprise__name", _("企业"))),
            (
                ("total", _("应收合计（元）"), "sum", "total"),
                ("paid", _("已收（元）"), "sum", "paid"),
            ),
        ),
        Dataset(
            "work_orders",
            _("工单"),
            "engineering.WorkOrder",
            "park",
            "reported_at",
            (
                ("category", _("类别")),
                ("state", _("状态")),
                ("priority", _("优先级")),
                ("source", _("来源")),
                ("enterprise__name", _("企业")),
            ),
        ),
        Dataset(
            "hazards",
            _("安全隐患"),
            "safety.Hazard",
            "park",
            "found_at",
            (("category", _("类别")), ("grade", _("等级")), ("status", _("状态")), ("source", _("来源"))),
        ),
        Dataset(
            "tickets",
            _("客服工单"),
            "service.Ticket",
            "park",
            "received_at",
            (("kind", _("类型")), ("channel", _("渠道")), ("enterprise__name", _("企业"))),
        ),
        Dataset(
            "readings",
            _("环境监测读数"),
            "environment.Reading",
            "point__park",
            "measured_at",
            (("point__name", _("监测点")), ("exceeds", _("超标"))),
            (("value", _("读数平均值"), "avg", "value"),),
        ),
        Dataset(
            "utilities",
            _("水电抄表"),
            "fees.UtilityReading",
            "unit__floor__building__park",
            "month",
            (("kind", _("类别")), ("enterprise__name", _("用户企业"))),
            (("usage", _("用量"), "sum", F("current") - F("previous")),),
        ),
    )
}

AGGREGATES = {"count": Count, "sum": Sum, "avg": Avg}


@dataclass
class Query:
    dataset: str
    group: str = MONTH
    measure: str = "count"
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_params(cls, params) -> Query:
        key = params.get("dataset") or "work_orders"
        dataset = DATASETS.get(key) or DATASETS["work_orders"]
        groups = {g for g, _label in dataset.groups} | {MONTH}
        group = params.get("group") if params.get("group") in groups else MONTH
        measure = params.get("measure") if params.get("measure") in dataset.measure_map else "count"

        def day(name):
            try:
                return dt.date.fromisoformat(params.get(name) or "")
            except ValueError:
                return None

        return cls(dataset.key, group, measure, day("date_from"), day("date_to"))

    def as_json(self) -> dict:
        return {
            "dataset": self.dataset,
            "group": self.group,
            "measure": self.measure,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }


@dataclass
class Result:
    query: Query
    dataset: Dataset
    group_label: str
    measure_label: str
    rows: list[tuple[str, Decimal | int]]

    @property
    def total(self):
        if self.query.measure != "count" and self.dataset.measure_map[self.query.measure][1] == "avg":
            return None
        return sum((v for _k, v in self.rows), 0)

    @property
    def chart(self) -> dict:
        return {
            "kind": "bar",
            "labels": [k for k, _v in self.rows],
            "values": [str(v) for _k, v in self.rows],
            "unit": "",
        }


def _is_datetime(model, lookup: str) -> bool:
    from django.db.models import DateTimeField

    return isinstance(model._meta.get_field(lookup), DateTimeField)


def run(user, park, query: Query) -> Result:
    dataset = DATASETS[query.dataset]
    model = apps.get_model(dataset.model)
    qs = dataset.queryset(user).filter(**{dataset.park: park})
    date_lookup = f"{dataset.date}__date" if _is_datetime(model, dataset.date) else dataset.date
    if query.date_from:
        qs = qs.filter(**{f"{date_lookup}__gte": query.date_from})
    if query.date_to:
        qs = qs.filter(**{f"{date_lookup}__lte": query.date_to})
    measures = dataset.measures_for(user)
    if query.measure not in measures:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(str(_("无权查看：超出可查看的数据级别")))
    label, fn, expr = measures[query.measure]
    value = AGGREGATES[fn](expr)
    if query.group == MONTH:
        grouped = qs.annotate(g=TruncMonth(dataset.date)).values("g").annotate(v=value).order_by("g")
        rows = [(g.strftime("%Y-%m") if g else "—", v or 0) for g, v in grouped.values_list("g", "v")]
        group_label = str(_("月份"))
    else:
        grouped = qs.values(query.group).annotate(v=value).order_by("-v")[:MAX_GROUPS]
        choices = {}
        if "__" not in query.group:
            field_obj = model._meta.get_field(query.group)
            choices = dict(field_obj.flatchoices) if field_obj.choices else {}
        rows = []
        for g, v in grouped.values_list(query.group, "v"):
            name = choices.get(g, g)
            if isinstance(name, bool) or g is None:
                name = {True: _("是"), False: _("否"), None: "—"}[g]
            rows.append((str(name), v or 0))
        group_label = str(dict(dataset.groups)[query.group])
    if fn == "avg":
        rows = [(k, Decimal(v).quantize(Decimal("0.01"))) for k, v in rows]
    return Result(query, dataset, group_label, str(label), rows)


def dataset_counts(park) -> dict[str, int]:
    """How many of the park's rows each dataset holds (row 53's statistics evidence)."""
    return {
        key: apps.get_model(d.model).objects.filter(**{d.park: park}).count() for key, d in DATASETS.items()
    }


def export(result: Result, park) -> bytes:
    import io

    from openpyxl import Workbook

    from parkops.core.excel import append_row

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(result.dataset.label)[:31])
    append_row(ws, [str(result.dataset.label), park.name])
    append_row(ws, [result.group_label, result.measure_label])
    for key, value in result.rows:
        append_row(ws, [key, value])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
