"""Insight pages: the park's monitoring dashboard and its wall-screen mode (tiles refreshed by
htmx polling), the platform's status page, tenant health, service patterns, the explore page,
the monthly and yearly operation reports, energy analysis, the monthly energy report and the
platform's construction document."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View

from parkops.core import clock
from parkops.core.models import Park, Unit
from parkops.core.scope import ADD, VIEW, Role, can_write_model
from parkops.core.services import create_object, record_event
from parkops.insight import analysis, energy, explore, reports, selectors, status
from parkops.insight.models import SavedView

POLL_SECONDS = 30


def may_see_dashboard(user) -> bool:
    """Park staff, administrators and assessors; a tenant sees only its own records elsewhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.role in (Role.OPERATOR_ADMIN, Role.STAFF, Role.ASSESSOR)


def _require(user) -> None:
    if not may_see_dashboard(user):
        raise PermissionDenied(gettext("入驻企业用户不能查看园区监测面板"))


def current_park(request) -> Park:
    from parkops.investment.views import current_park as pick

    return pick(request)


def _context(request, park: Park, *, wall: bool = False) -> dict:
    return {
        "park": park,
        "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
        "tiles": selectors.dashboard_tiles(request.user, park),
        "grid": selectors.floor_grid(request.user, park),
        "unit_states": Unit.State.choices,
        "wall": wall,
        "poll_seconds": POLL_SECONDS,
    }


class DashboardView(LoginRequiredMixin, View):
    """The park's monitoring dashboard (7.1; row 52)."""

    template_name = "insight/dashboard.html"
    wall = False

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        return render(request, self.template_name, _context(request, park, wall=self.wall))


class WallView(DashboardView):
    """大屏: the same tiles, sized for a 1920×1080 display, without the console around them."""

    template_name = "insight/wall.html"
    wall = True


class TilesView(LoginRequiredMixin, View):
    """The tiles alone, for the page's htmx polling (no reload)."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        return render(
            request, "insight/_tiles.html", _context(request, park, wall=request.GET.get("wall") == "1")
        )


class StatusView(LoginRequiredMixin, View):
    """The platform's own status: services up, queue depth, last ingest, last checkpoint."""

    def get(self, request):
        _require(request.user)
        checks = status.platform_status()
        return render(request, "insight/status.html", {"checks": checks, "healthy": status.healthy(checks)})


# --- Data analysis ----------------------------------------------------------------------------


class HealthView(LoginRequiredMixin, View):
    """Tenant health: a score per resident, the signs behind it, the residents at risk."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        rows = analysis.tenant_health_cached(request.user, park, clock.localdate())
        return render(
            request,
            "insight/health.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "rows": rows,
                "at_risk": [h for h in rows if h.at_risk],
                "threshold": analysis.AT_RISK,
            },
        )


class PatternsView(LoginRequiredMixin, View):
    """Service patterns: which enterprises use which services, demand by category and month."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        data = analysis.service_patterns(request.user, park, clock.localdate())
        return render(
            request,
            "insight/patterns.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "data": data,
                "chart": {
                    "kind": "lines",
                    "labels": data["months"],
                    "series": [{"name": s["name"], "values": s["values"]} for s in data["series"]],
                },
            },
        )


class ExploreView(LoginRequiredMixin, View):
    """Pick a dataset, filter, group, measure, chart, export to Excel; save the view for the park."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        query = explore.Query.from_params(request.GET)
        result = explore.run(request.user, park, query)
        if request.GET.get("export") == "xlsx":
            content = explore.export(result, park)
            record_event(
                event="export", obj=None, by=request.user, detail={"model": f"insight.{query.dataset}"}
            )
            response = HttpResponse(
                content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = f'attachment; filename="{park.code}-{query.dataset}.xlsx"'
            return response
        dataset = explore.DATASETS[query.dataset]
        saved = SavedView.objects.restrict(request.user, VIEW).filter(park=park)
        params = {**query.as_json(), "park": park.pk}
        return render(
            request,
            "insight/explore.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "query": query,
                "result": result,
                "datasets": [(d.key, d.label) for d in explore.DATASETS.values()],
                "groups": [(explore.MONTH, gettext("月份")), *dataset.groups],
                "measures": [(k, v[0]) for k, v in dataset.measures_for(request.user).items()],
                "saved": [v for v in saved if v.dataset in explore.DATASETS],
                "export_url": "?" + urlencode({**params, "export": "xlsx"}),
                "can_save": can_write_model(request.user, SavedView, ADD),
            },
        )

    def post(self, request):
        _require(request.user)
        park = current_park(request)
        query = explore.Query.from_params(request.POST)
        name = (request.POST.get("name") or "").strip()[:100] or str(explore.DATASETS[query.dataset].label)
        try:
            create_object(
                model=SavedView,
                data={
                    "park": park,
                    "name": name,
                    "dataset": query.dataset,
                    "query": query.as_json(),
                    "created_by": request.user,
                },
                by=request.user,
            )
        except ValidationError:
            messages.error(request, gettext("保存失败"))
        else:
            messages.success(request, gettext("已保存分析视图，园区同事可见"))
        return redirect(reverse("insight:explore") + "?" + urlencode({**query.as_json(), "park": park.pk}))


# --- Reports ----------------------------------------------------------------------------------


def _month(request) -> dt.date:
    try:
        return dt.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        first = clock.localdate().replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1)


def _download(
    request, park, fmt: str, content: bytes, filename: str, event: str, detail: dict
) -> HttpResponse:
    record_event(event=event, obj=park, by=request.user, detail={**detail, "format": fmt})
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class MonthlyReportView(LoginRequiredMixin, View):
    """月度运营报告 of a calendar month: on the page, as Excel (``?format=xlsx``), Word (``docx``)
    or PDF (``pdf``)."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        month = _month(request)
        sections = reports.monthly_report(park, month, request.user)
        fmt = request.GET.get("format")
        if fmt in CONTENT_TYPES:
            title = reports.monthly_title(park, month)
            content = reports.WRITERS[fmt](title, f"{month:%Y-%m}", sections)
            return _download(
                request,
                park,
                fmt,
                content,
                f"{park.code}-{month:%Y-%m}-report",
                "monthly_report",
                {"month": month.isoformat()},
            )
        return render(
            request,
            "insight/monthly.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "month": month,
                "sections": sections,
                "query": urlencode({"park": park.pk, "month": f"{month:%Y-%m}"}),
            },
        )


def _year(request) -> int:
    text = request.GET.get("year") or ""
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return clock.localdate().year - 1


class YearlyReportView(LoginRequiredMixin, View):
    """年度运营报告 of a calendar year: the monthly report's sections over the year (page, Excel,
    Word, PDF)."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        year = _year(request)
        sections = reports.yearly_report(park, year, request.user)
        fmt = request.GET.get("format")
        if fmt in CONTENT_TYPES:
            content = reports.WRITERS[fmt](reports.yearly_title(park, year), str(year), sections)
            return _download(
                request,
                park,
                fmt,
                content,
                f"{park.code}-{year}-annual-report",
                "yearly_report",
                {"year": year},
            )
        return render(
            request,
            "insight/yearly.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "year": year,
                "years": list(range(clock.localdate().year, clock.localdate().year - 6, -1)),
                "sections": sections,
                "query": urlencode({"park": park.pk, "year": year}),
            },
        )


def _meters(request, park):
    from parkops.energy.models import Meter

    return list(
        Meter.objects.restrict(request.user, VIEW)
        .filter(park=park, active=True)
        .select_related("building", "enterprise")
        .order_by("code")
    )


class EnergyReportView(LoginRequiredMixin, View):
    """月度能耗报告 of a calendar month (Asia/Shanghai): by energy category code, building, tenant
    and sub-item, from the month rollups; page, Excel, Word or PDF."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        month = _month(request)
        sections = reports.energy_month(park, _meters(request, park), month, request.user)
        fmt = request.GET.get("format")
        if fmt in CONTENT_TYPES:
            content = reports.WRITERS[fmt](reports.energy_title(park, month), f"{month:%Y-%m}", sections)
            return _download(
                request,
                park,
                fmt,
                content,
                f"{park.code}-{month:%Y-%m}-energy",
                "energy_report",
                {"month": month.isoformat()},
            )
        return render(
            request,
            "insight/energy_report.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "month": month,
                "sections": sections,
                "query": urlencode({"park": park.pk, "month": f"{month:%Y-%m}"}),
            },
        )


class EnergyAnalysisView(LoginRequiredMixin, View):
    """能耗分析: hourly consumption anomalies against each meter's own weekly baseline, and the
    measured saving of each energy-saving measure, each with its rule written out."""

    def get(self, request):
        from parkops.energy.models import EnergySavingMeasure

        _require(request.user)
        park = current_park(request)
        scan = energy.anomalies(_meters(request, park), energy.last_complete_hour(clock.now()))
        today = clock.localdate()
        measures = (
            EnergySavingMeasure.objects.restrict(request.user, VIEW)
            .filter(park=park)
            .select_related("meter")
            .order_by("-commissioned_on", "pk")
        )
        return render(
            request,
            "insight/energy.html",
            {
                "park": park,
                "parks": Park.objects.restrict(request.user, VIEW).order_by("code"),
                "scan": scan,
                "anomaly_rule": energy.anomaly_rule(),
                "savings": [energy.measured_saving(m, today) for m in measures],
                "saving_formula": energy.saving_formula(),
            },
        )


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ConstructionDocView(LoginRequiredMixin, View):
    """The platform's construction document drafted from the running system (rows 52, 53)."""

    def get(self, request):
        _require(request.user)
        park = current_park(request)
        as_of = clock.localdate()
        content = reports.construction_docx(park, as_of)
        record_event(event="construction_doc", obj=park, by=request.user, detail={"as_of": as_of.isoformat()})
        response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
        response["Content-Disposition"] = f'attachment; filename="{park.code}-platform-construction.docx"'
        return response
