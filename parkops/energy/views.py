"""Energy pages: the overview (consumption by building, tenant, category and month; carbon
with its formula; per-capita carbon; the month's tenant ranking), a building's load curve, the
GB 17167 coverage checklist, and detail pages that show a meter's, a measure's or a facility's
figures."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, pgettext_lazy
from django.views import View

from parkops.core import clock
from parkops.core.models import Building, Enterprise, Park
from parkops.core.scope import VIEW, Role
from parkops.core.views import ObjectDetailView, protection_of
from parkops.energy import selectors
from parkops.energy.models import (
    DistributedEnergy,
    EmissionFactor,
    EnergyCategory,
    EnergySavingMeasure,
    Meter,
)
from parkops.energy.selectors import describe_formula


def staff_reader(user) -> bool:
    """Who may open the park-wide pages (coverage, a building's load curve): everyone but
    tenants."""
    return bool(user.is_authenticated and (user.is_superuser or user.role != Role.TENANT))


def current_park(request) -> Park:
    parks = Park.objects.restrict(request.user, VIEW).order_by("code")
    chosen = request.GET.get("park")
    park = parks.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    park = park or parks.first()
    if park is None:
        raise Http404(gettext("没有可访问的园区"))
    return park


class OverviewView(LoginRequiredMixin, View):
    """能源管理平台 (8.3): the last 12 months of the meters the reader may see."""

    def get(self, request):
        park = current_park(request)
        months = selectors.last_months(clock.localdate(), 12)
        meters = (
            Meter.objects.restrict(request.user, VIEW)
            .filter(park=park)
            .select_related("building", "enterprise")
        )
        rep = selectors.report(
            park, meters, months, enterprises=Enterprise.objects.restrict(request.user, VIEW)
        )
        sees_enterprises = protection_of(request).sees("energy.Meter.enterprise")
        if not sees_enterprises:
            # Each enterprise's use is 重要数据 (it tells of the enterprise's business).
            rep.tenants = []
        chart = {
            "months": [f"{m:%Y-%m}" for m in months],
            # Buildings for staff; a tenant, who sees only its own submeters, gets those.
            "series": [
                {"name": line.label, "data": [str(v) for v in line.by_month]}
                for line in (rep.buildings or rep.tenants)
                if line.kind == "01000"
            ],
            "carbon": [str((c.kg / 1000).quantize(selectors.Decimal("0.01"))) for c in rep.carbon]
            if staff_reader(request.user)
            else None,
        }
        if request.GET.get("export") == "xlsx":
            return export_xlsx(request, park, rep)
        factors = EmissionFactor.objects.restrict(request.user, VIEW).filter(park=park)
        # A ranking compares enterprises: a tenant, who sees only its own submeters, has none to
        # compare with, so it goes to staff readers cleared for each enterprise's use.
        ranking = (
            selectors.tenant_ranking(meters, clock.localdate())
            if sees_enterprises and staff_reader(request.user)
            else None
        )
        return render(
            request,
            "energy/overview.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "report": rep,
                "months": months,
                "chart": chart,
                "factors": factors,
                "formula": selectors.describe_formula(),
                "carbon_t": (rep.carbon_kg / 1000).quantize(selectors.Decimal("0.01")),
                "may_see_coverage": staff_reader(request.user),  # the park-wide carbon, the load curve
                "ranking": ranking,
                "this_month": clock.localdate().replace(day=1),
            },
        )


def export_xlsx(request, park, rep) -> HttpResponse:
    """The overview as a workbook: use by building, tenant and sub-item per month, and carbon."""
    from openpyxl import Workbook

    from parkops.core.excel import append_row, sheet_title
    from parkops.core.services import record_event

    wb = Workbook(write_only=True)
    months = [f"{m:%Y-%m}" for m in rep.months]
    for title, lines in (
        (gettext("各楼栋用量（楼栋总表）"), rep.buildings),
        (gettext("各企业用量（分户表）"), rep.tenants),
        (gettext("分项用量"), rep.categories),
        (gettext("光伏发电与储能"), rep.generation),
    ):
        ws = wb.create_sheet(sheet_title(title))
        append_row(ws, [gettext("对象"), gettext("单位"), *months, gettext("合计")])
        for line in lines:
            append_row(ws, [line.label, line.unit, *line.by_month, line.total])
    ws = wb.create_sheet(sheet_title(gettext("逐月碳排放（用量 × 当年排放因子）")))
    append_row(
        ws,
        [gettext("月份"), gettext("能源"), gettext("用量"), gettext("排放因子"), gettext("碳排放（kgCO2）")],
    )
    for month in rep.carbon:
        for kind, (use, kg, factor) in month.by_kind.items():
            append_row(
                ws,
                [
                    f"{month.month:%Y-%m}",
                    kind,
                    use,
                    factor.value if factor else "",
                    kg if kg is not None else "",
                ],
            )
    append_row(ws, [])
    append_row(ws, [describe_formula()])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"energy-{park.code}-{clock.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    wb.save(response)
    record_event(
        event="export", obj=None, by=request.user, detail={"model": "energy.report", "park": park.code}
    )
    return response


class CoverageView(LoginRequiredMixin, View):
    """GB 17167 能源计量器具配备 checklist per level and energy (8.1; indicator 57)."""

    def get(self, request):
        if not staff_reader(request.user):
            raise PermissionDenied
        park = current_park(request)
        today = clock.localdate()
        return render(
            request,
            "energy/coverage.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "coverage": selectors.coverage(park, today),
                "today": today,
            },
        )


# No park's telemetry is older; also keeps every day clear of the years (1986–1991) when
# Asia/Shanghai kept summer time and a day had 92 or 100 quarter-hours.
EARLIEST_DAY = dt.date(2000, 1, 1)
QUARTERS_PER_DAY = 96


class LoadCurveView(LoginRequiredMixin, View):
    """建筑负荷曲线 (8.3, MyEMS-like load report): one building's electricity load per
    quarter-hour over one local day, from the 15-minute rollups of its building meters."""

    def get(self, request):
        if not staff_reader(request.user):
            # Building-level load is park-wide data, like the park's carbon and coverage.
            raise PermissionDenied
        park = current_park(request)
        meters = Meter.objects.restrict(request.user, VIEW).filter(park=park)
        metered = selectors.consuming(meters, EnergyCategory.ELECTRICITY, scope=Meter.Scope.BUILDING)
        buildings = Building.objects.restrict(request.user, VIEW).filter(park=park)
        choices = list(buildings.filter(pk__in=metered.values("building")))
        chosen = request.GET.get("building", "")
        if chosen:
            building = buildings.filter(pk=chosen).first() if chosen.isdigit() else None
            if building is None:
                raise Http404(gettext("本园区没有该楼栋，或无权查看"))
            if building not in choices:
                choices.append(building)  # picked by hand: shown, with "no building meter"
        else:
            building = choices[0] if choices else None
        today = clock.localdate()
        raw_day = request.GET.get("day", "")
        day, error = parse_day(raw_day, today) if raw_day else (today - dt.timedelta(days=1), "")
        context = {
            "park": park,
            "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
            "buildings": choices,
            "building": building,
            "day": day,
            "raw_day": raw_day,
            "today": today,
            "error": error,
        }
        if error or building is None:
            return render(request, "energy/load_curve.html", context, status=400 if error else 200)
        curve = selectors.load_curve(meters, building, day)
        start = selectors.local_midnight(day)
        kw = {q.start: q.kw for q in curve.quarters}
        times = [start + dt.timedelta(minutes=15 * i) for i in range(QUARTERS_PER_DAY)]
        context |= {
            "curve": curve,
            "total": sum((q.kwh for q in curve.quarters), selectors.ZERO),
            "missing": QUARTERS_PER_DAY - len(curve.quarters),
            "previous": day - dt.timedelta(days=1) if day > EARLIEST_DAY else None,
            "next": day + dt.timedelta(days=1) if day < today else None,
            # A quarter-hour without data is null, drawn as a break in the line: never 0.
            "chart": {
                "times": [f"{t:%H:%M}" for t in times],
                "kw": [str(kw[t]) if t in kw else None for t in times],
            },
        }
        return render(request, "energy/load_curve.html", context)


def parse_day(raw: str, today: dt.date) -> tuple[dt.date, str]:
    """The day asked for as YYYY-MM-DD, or yesterday with the reason it was refused."""
    yesterday = today - dt.timedelta(days=1)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return yesterday, gettext("“%(value)s”不是有效日期，请按 YYYY-MM-DD 填写，例如 %(example)s。") % {
            "value": raw[:40],
            "example": f"{yesterday:%Y-%m-%d}",
        }
    if not EARLIEST_DAY <= day <= today:
        return yesterday, gettext("请选择 %(earliest)s 至今天（%(today)s）之间的日期。") % {
            "earliest": f"{EARLIEST_DAY:%Y-%m-%d}",
            "today": f"{today:%Y-%m-%d}",
        }
    return day, ""


class MeterDetail(ObjectDetailView):
    model = Meter
    template_name = "energy/meter_detail.html"
    select_related = ("building", "enterprise", "parent", "point")
    related = (
        ("terms", pgettext_lazy("list", "虚拟表计算项")),
        ("children", pgettext_lazy("list", "下级表计")),
    )


class SavingMeasureDetail(ObjectDetailView):
    model = EnergySavingMeasure
    template_name = "energy/measure_detail.html"
    select_related = ("meter",)


class DistributedEnergyDetail(ObjectDetailView):
    model = DistributedEnergy
    template_name = "energy/facility_detail.html"
    select_related = ("meter", "building")
