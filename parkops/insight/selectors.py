"""The monitoring dashboard's figures (clause 7.1; row 52). Every figure is read from the
querysets of its own app, narrowed to the reader with ``restrict()``, and carries the link to
the records behind it. A tile whose source has no records (or whose module is not built yet)
says so instead of showing zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_lazy

from parkops.core import clock
from parkops.core.models import Building, Park, Unit
from parkops.core.scope import VIEW

ZERO = Decimal("0")


@dataclass
class Figure:
    """One number on a tile: what it is, its value, how to show it and where its records are.
    ``kind`` is "money", "percent", "number", "area", "score" or "text"."""

    label: str
    value: Any
    url: str = ""
    kind: str = "number"
    tone: str = ""  # "danger", "warning", "success" or ""


@dataclass
class Tile:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    empty: str = ""  # why there is nothing to show (no records, module not built yet)
    chart: dict | None = None
    url: str = ""
    rows: list[dict] = field(default_factory=list)  # small tables (by building, gap items)
    note: str = ""  # what the figures cover, when the title alone does not say it


def _url(name: str, **query: Any) -> str:
    base = reverse(name)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of ``day``'s month and the first day of the next."""
    first = day.replace(day=1)
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt


# --- The tiles of the operating modules ------------------------------------------------------


def occupancy_tile(user, park: Park) -> Tile:
    from parkops.investment.selectors import occupancy, occupancy_per_building

    units = Unit.objects.restrict(user, VIEW).filter(floor__building__park=park)
    tile = Tile("occupancy", gettext("出租率与空置"), url=_url("core:unit_list", park=park.pk))
    figures = occupancy(units)
    if not figures.total:
        tile.empty = gettext("尚未登记房源")
        return tile
    tile.figures = [
        Figure(gettext("出租率"), figures.rate, _url("core:unit_list", park=park.pk), "percent"),
        Figure(
            gettext("在租及自用面积（㎡）"), figures.occupied, _url("core:unit_list", park=park.pk), "area"
        ),
        Figure(
            gettext("空置面积（㎡）"),
            figures.vacant,
            _url("core:unit_list", park=park.pk, state=Unit.State.VACANT),
            "area",
            "warning" if figures.vacant else "",
        ),
    ]
    names, rates = [], []
    per_building = occupancy_per_building(units)
    for building in Building.objects.filter(park=park).order_by("code"):
        b = per_building.get(building.pk)
        if b is None or not b.total:
            continue
        row = {
            "name": building.name or building.code,
            "rate": b.rate,
            "vacant": b.vacant,
            "url": _url("core:unit_list", park=park.pk, building=building.pk),
            "vacant_url": _url("core:unit_list", park=park.pk, building=building.pk, state=Unit.State.VACANT),
        }
        tile.rows.append(row)
        names.append(row["name"])
        rates.append(str(b.rate))
    tile.chart = {"kind": "bar", "labels": names, "values": rates, "unit": "%", "max": 100}
    return tile


def pipeline_tile(user, park: Park) -> Tile:
    from parkops.investment.models import Customer, Stage

    customers = Customer.objects.restrict(user, VIEW).filter(park=park)
    tile = Tile("pipeline", gettext("招商漏斗"), url=_url("investment:customer_list", park=park.pk))
    counts = {stage: 0 for stage in Stage.values}
    for stage in customers.values_list("stage", flat=True):
        counts[stage] += 1
    if not sum(counts.values()):
        tile.empty = gettext("尚未登记招商客户")
        return tile
    tile.figures = [
        Figure(str(label), counts[value], _url("investment:customer_list", park=park.pk, stage=value))
        for value, label in Stage.choices
    ]
    tile.chart = {
        "kind": "funnel",
        "labels": [str(label) for _v, label in Stage.choices[:3]],
        "values": [counts[v] for v in Stage.values[:3]],
    }
    return tile


def revenue_tile(user, park: Park, today: dt.date) -> Tile:
    from parkops.fees.models import Bill, Payment
    from parkops.fees.selectors import arrears

    first, nxt = month_bounds(today)
    bills = Bill.objects.restrict(user, VIEW).filter(park=park)
    payments = Payment.objects.restrict(user, VIEW).filter(bill__park=park)
    tile = Tile("revenue", gettext("本月收入与欠费"), url=_url("fees:revenue", park=park.pk))
    if not bills.exists():
        tile.empty = gettext("尚未出账")
        return tile
    billed = (
        bills.filter(period=first).exclude(status=Bill.Status.DRAFT).aggregate(s=Sum("total"))["s"] or ZERO
    )
    collected = payments.filter(paid_on__gte=first, paid_on__lt=nxt).aggregate(s=Sum("amount"))["s"] or ZERO
    owed = arrears(bills)
    totals = owed.aggregate(total=Sum("total"), paid=Sum("paid"))
    outstanding = (totals["total"] or ZERO) - (totals["paid"] or ZERO)
    month = first.isoformat()
    tile.figures = [
        Figure(
            gettext("本月应收"),
            billed,
            _url("fees:bill_list", park=park.pk, period_from=month, period_to=month),
            "money",
        ),
        Figure(gettext("本月实收"), collected, _url("fees:revenue", park=park.pk), "money"),
        Figure(
            gettext("逾期欠费"),
            outstanding,
            _url("fees:arrears", park=park.pk),
            "money",
            "danger" if outstanding else "",
        ),
        Figure(gettext("欠费账单"), owed.count(), _url("fees:arrears", park=park.pk)),
    ]
    return tile


def work_order_tile(user, park: Park, now: dt.datetime) -> Tile:
    from parkops.engineering.models import WorkOrder
    from parkops.engineering.selectors import overdue_q

    orders = WorkOrder.objects.restrict(user, VIEW).filter(park=park)
    tile = Tile("work_orders", gettext("工单"), url=_url("engineering:workorder_list", park=park.pk))
    if not orders.exists():
        tile.empty = gettext("尚无工单")
        return tile
    open_count = orders.filter(state__in=WorkOrder.OPEN_STATES).count()
    overdue = orders.filter(overdue_q(now)).count()
    tile.figures = [
        Figure(gettext("未办结"), open_count, _url("engineering:workorder_list", park=park.pk)),
        Figure(
            gettext("超时未办结"),
            overdue,
            _url("engineering:workorder_list", park=park.pk, overdue="true"),
            tone="danger" if overdue else "success",
        ),
    ]
    return tile


def hazard_tile(user, park: Park, today: dt.date) -> Tile:
    from parkops.safety.models import Hazard

    hazards = Hazard.objects.restrict(user, VIEW).filter(park=park)
    tile = Tile("hazards", gettext("安全隐患"), url=_url("safety:hazard_list", park=park.pk))
    if not hazards.exists():
        tile.empty = gettext("尚无隐患记录")
        return tile
    open_ = hazards.exclude(status=Hazard.Status.CLOSED)
    overdue = open_.filter(deadline__lt=today).count()
    major = open_.filter(grade=Hazard.Grade.MAJOR).count()
    tile.figures = [
        Figure(gettext("未关闭"), open_.count(), _url("safety:hazard_list", park=park.pk)),
        Figure(
            gettext("逾期未整改"),
            overdue,
            _url("safety:hazard_list", park=park.pk, overdue="true"),
            tone="danger" if overdue else "success",
        ),
        Figure(
            gettext("重大隐患"),
            major,
            _url("safety:hazard_list", park=park.pk, grade=Hazard.Grade.MAJOR),
            tone="danger" if major else "",
        ),
    ]
    return tile


def satisfaction_tile(user, park: Park, today: dt.date) -> Tile:
    from parkops.service.models import Survey
    from parkops.service.selectors import survey_results

    tile = Tile("satisfaction", gettext("满意度与 NPS"), url=_url("service:survey_list", park=park.pk))
    survey = (
        Survey.objects.restrict(user, VIEW)
        .filter(park=park, state=Survey.State.CLOSED, closed_on__lte=today)
        .order_by("-closed_on", "-pk")
        .first()
    )
    if survey is None:
        tile.empty = gettext("尚无已结束的满意度调查")
        return tile
    results = survey_results(survey)
    nps = results.nps
    tile.url = survey.get_absolute_url()
    tile.figures = [
        Figure(gettext("平均评分（5 分制）"), results.mean_rating, survey.get_absolute_url(), "score"),
        Figure(gettext("NPS"), nps.score if nps else None, survey.get_absolute_url(), "score"),
        Figure(gettext("回收率"), results.response_rate, survey.get_absolute_url(), "percent"),
        Figure(
            gettext("调查"),
            f"{survey.title}（{survey.closed_on:%Y-%m-%d}）",
            survey.get_absolute_url(),
            "text",
        ),
    ]
    return tile


def environment_tile(user, park: Park) -> Tile:
    from parkops.environment.models import Exceedance, MonitoringPoint, Reading

    tile = Tile("environment", gettext("环境监测"), url=_url("environment:reading_list", park=park.pk))
    points = MonitoringPoint.objects.restrict(user, VIEW).filter(park=park, active=True)
    readings = Reading.objects.restrict(user, VIEW).filter(point__in=points)
    if not readings.exists():
        tile.empty = gettext("尚无监测读数")
        return tile
    latest: dict[tuple[int, int | None], bool] = {}
    for point_id, limit_id, exceeds in readings.order_by("-measured_at", "-pk").values_list(
        "point_id", "limit_id", "exceeds"
    ):
        latest.setdefault((point_id, limit_id), exceeds)
    over = sum(1 for v in latest.values() if v)
    open_ = Exceedance.objects.restrict(user, VIEW).filter(park=park, status=Exceedance.Status.OPEN).count()
    tile.figures = [
        Figure(gettext("监测项（最新读数）"), len(latest), _url("environment:reading_list", park=park.pk)),
        Figure(
            gettext("最新读数超限"),
            over,
            _url("environment:reading_list", park=park.pk, exceeds="true"),
            tone="danger" if over else "success",
        ),
        Figure(
            gettext("整改中的超标事件"),
            open_,
            _url("environment:exceedance_list", park=park.pk, status=Exceedance.Status.OPEN),
            tone="warning" if open_ else "",
        ),
    ]
    return tile


def provisional_score(park: Park, as_of: dt.date) -> dict:
    """The assessment engine's total, star and gap plan for ``park`` on ``as_of``
    (``assess_cached``: kept until the next audited write)."""
    from parkops.assessment.engine import assess_cached

    result = assess_cached(park, as_of, language=get_language())
    plan = result.gap_plan()
    return {
        "total": result.total,
        "star": result.star,
        "star_label": result.star_label,
        "disqualified": result.disqualified,
        "target": plan.target,
        "target_star": plan.target_star,
        "gain": plan.gain,
        "items": [
            {"row": i.row, "title": str(i.title), "gain": i.gain, "url": i.action.url if i.action else ""}
            for i in plan.items[:5]
        ],
    }


def score_tile(user, park: Park, today: dt.date) -> Tile | None:
    from parkops.assessment.views import SCORECARD_ROLES

    if not user.is_superuser and user.role not in SCORECARD_ROLES:
        return None
    scorecard = _url("assessment:scorecard", park=park.pk)
    tile = Tile("score", gettext("自评估（暂定星级）"), url=scorecard)
    try:
        score = provisional_score(park, today)
    except Exception:  # noqa: BLE001 — no rubric loaded: the tile says so
        from parkops.assessment.models import RubricEdition

        if RubricEdition.objects.exists():
            raise
        tile.empty = gettext("尚未导入评分表")
        return tile
    tile.figures = [
        Figure(gettext("暂定总分"), score["total"], scorecard, "score"),
        Figure(gettext("星级"), score["star_label"], scorecard, "text"),
    ]
    if score["target"] is not None:
        tile.figures.append(
            Figure(
                gettext("距 %(star)s 星还差") % {"star": score["target_star"]},
                score["target"] - (score["total"] or ZERO),
                scorecard,
                "score",
                "warning",
            )
        )
    tile.rows = [
        {
            "name": gettext("第 %(row)s 行 %(title)s") % {"row": i["row"], "title": i["title"]},
            "gain": i["gain"],
            "url": i["url"] or scorecard,
        }
        for i in score["items"]
    ]
    return tile


# --- Tiles of the telemetry, energy and enterprise-service apps ----------------------------

LIVE_TILES = (
    ("energy", gettext_lazy("今日能耗（对比昨日、上周同日的同一时段）")),
    ("carbon", gettext_lazy("本月碳排放")),
    ("alarms", gettext_lazy("当前告警")),
    ("devices", gettext_lazy("设备在线")),
    ("demands", gettext_lazy("企业服务诉求")),
)


def live_tile(user, park: Park, key: str, title, today: dt.date) -> Tile:
    """A tile of ``parkops.insight.live``; while its app has no models to read yet, it says so."""
    from parkops.insight.live import LIVE

    tile = Tile(key, str(title))
    try:
        return LIVE[key](user, park, tile, today)
    except (ImportError, LookupError):
        tile.figures = []
        tile.empty = gettext("该模块尚未提供数据")
        return tile


# --- The page ---------------------------------------------------------------------------------


def dashboard_tiles(user, park: Park) -> list[Tile]:
    today = clock.localdate()
    now = clock.now()
    tiles = [
        occupancy_tile(user, park),
        pipeline_tile(user, park),
        revenue_tile(user, park, today),
        work_order_tile(user, park, now),
        hazard_tile(user, park, today),
        environment_tile(user, park),
        satisfaction_tile(user, park, today),
    ]
    score = score_tile(user, park, today)
    if score is not None:
        tiles.append(score)
    tiles += [live_tile(user, park, key, title, today) for key, title in LIVE_TILES]
    return tiles


@dataclass
class UnitCell:
    code: str
    state: str
    state_label: str
    area: Decimal
    enterprise: str
    url: str


def floor_grid(user, park: Park) -> list[dict]:
    """Buildings → floors (top first) → units coloured by state: the floor-plan view.

    Read as plain rows, with the state labels and the detail URL worked out once per request:
    on a park of 3,000 units, building a model instance, a choice label and a ``reverse()`` for
    every unit was most of the dashboard's time (profiled with ``python -m bench dashboard``)."""
    from django.urls import reverse

    labels = {value: str(label) for value, label in Unit.State.choices}
    sentinel = 987654321
    pattern = reverse("core:unit_detail", args=[sentinel])
    rows = (
        Unit.objects.restrict(user, VIEW)
        .filter(floor__building__park=park)
        .order_by("floor__building__code", "-floor__number", "code")
        .values_list(
            "pk",
            "code",
            "state",
            "area",
            "enterprise__name",
            "floor_id",
            "floor__number",
            "floor__building_id",
            "floor__building__name",
            "floor__building__code",
        )
    )
    buildings: dict[int, dict] = {}
    for pk, code, state, area, enterprise, floor_id, number, building_id, name, building_code in rows:
        b = buildings.setdefault(building_id, {"name": name or building_code, "floors": {}})
        floor = b["floors"].setdefault(floor_id, {"name": str(number), "units": []})
        floor["units"].append(
            UnitCell(
                code,
                state,
                labels.get(state, state),
                area,
                enterprise or "",
                pattern.replace(str(sentinel), str(pk)),
            )
        )
    for b in buildings.values():
        for floor in b["floors"].values():
            floor["html"] = _unit_links(floor["units"])
    return [{"name": b["name"], "floors": list(b["floors"].values())} for b in buildings.values()]


def _unit_links(cells: list[UnitCell]):
    """One floor's unit links, escaped, written once in Python: the template engine resolving
    five variables and a filter per unit was half of a 3,000-unit dashboard's rendering time."""
    from django.utils.html import format_html, format_html_join

    from parkops.core.templatetags.numbers import number

    return format_html_join(
        "",
        '<a class="po-unit po-unit-{}" href="{}" title="{}" data-unit-state="{}">{}</a>',
        (
            (
                c.state,
                c.url,
                format_html(
                    "{} · {} · {}㎡{}",
                    c.code,
                    c.state_label,
                    number(c.area, 2),
                    f" · {c.enterprise}" if c.enterprise else "",
                ),
                c.state,
                c.code,
            )
            for c in cells
        ),
    )


def monitoring_functions(park: Park, as_of: dt.date) -> list[dict]:
    """The panel's monitoring functions of the operating modules and how many of the park's
    records feed each (row 52): units and customers as registered, the rest within the 12
    months up to ``as_of``."""
    from parkops.engineering.models import WorkOrder
    from parkops.environment.models import Reading
    from parkops.fees.models import Bill
    from parkops.investment.models import Customer
    from parkops.safety.models import Hazard
    from parkops.service.models import Survey

    since = as_of - dt.timedelta(days=365)
    rows = (
        (
            gettext("出租率与空置"),
            Unit.objects.filter(floor__building__park=park),
            "core:unit_list",
            "core.Unit",
        ),
        (
            gettext("招商漏斗"),
            Customer.objects.filter(park=park),
            "investment:customer_list",
            "investment.Customer",
        ),
        (
            gettext("收入与欠费"),
            Bill.objects.filter(park=park, period__gt=since, period__lte=as_of),
            "fees:bill_list",
            "fees.Bill",
        ),
        (
            gettext("工单"),
            WorkOrder.objects.filter(park=park, reported_at__date__gt=since, reported_at__date__lte=as_of),
            "engineering:workorder_list",
            "engineering.WorkOrder",
        ),
        (
            gettext("安全隐患与巡查"),
            Hazard.objects.filter(park=park, found_at__date__gt=since, found_at__date__lte=as_of),
            "safety:hazard_list",
            "safety.Hazard",
        ),
        (
            gettext("环境监测"),
            Reading.objects.filter(
                point__park=park, measured_at__date__gt=since, measured_at__date__lte=as_of
            ),
            "environment:reading_list",
            "environment.Reading",
        ),
        (
            gettext("满意度与 NPS"),
            Survey.objects.filter(
                park=park, state=Survey.State.CLOSED, closed_on__gt=since, closed_on__lte=as_of
            ),
            "service:survey_list",
            "service.Survey",
        ),
    )
    return [
        {"name": name, "count": qs.count(), "url": _url(url, park=park.pk), "model": model}
        for name, qs, url, model in rows
    ]
