"""Safety pages: registers through the generic views; the patrol (phone), the hazard loop,
QR sheets and the monitoring status as workflows of their own."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.core import clock
from parkops.core.scope import ADD, CHANGE, VIEW, can, can_write_model
from parkops.core.views import ObjectEditView, _add_errors
from parkops.safety import forms, services
from parkops.safety.models import (
    Checkpoint,
    CheckpointVisit,
    Hazard,
    MonitoredArea,
    MonitoringDevice,
    PatrolRoute,
    PatrolRun,
    RectificationReport,
    SpecialEquipment,
)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class ServiceCreateView(ObjectEditView):
    """Create through a domain service (which also updates what the record affects)."""

    def create(self, data, user):
        raise NotImplementedError

    def save(self, form, obj):
        if obj is not None:
            return super().save(form, obj)
        return self.create(form.cleaned_data, self.request.user)


class HazardEdit(ServiceCreateView):
    form_class = forms.HazardForm

    def create(self, data, user):
        data = dict(data)
        park = data.pop("park")
        return services.report_hazard(
            park=park, by=user, data={k: v for k, v in data.items() if v not in (None, "")}
        )


class EquipmentInspectionEdit(ServiceCreateView):
    form_class = forms.SpecialEquipmentInspectionForm

    def create(self, data, user):
        data = dict(data)
        return services.record_equipment_inspection(equipment=data.pop("equipment"), by=user, data=data)


class RegisterInspectionEdit(ServiceCreateView):
    form_class = forms.RegisterInspectionForm

    def create(self, data, user):
        return services.record_register_inspection(by=user, data=dict(data))


# --- Patrol (phone pages) ------------------------------------------------------------------------


@login_required
def patrol_home(request):
    user = request.user
    routes = PatrolRoute.objects.restrict(user).filter(active=True).prefetch_related("checkpoints")
    running = (
        PatrolRun.objects.restrict(user)
        .filter(guard=user, status=PatrolRun.Status.RUNNING)
        .select_related("route")
    )
    recent = (
        PatrolRun.objects.restrict(user)
        .filter(guard=user, status=PatrolRun.Status.FINISHED)
        .select_related("route")[:5]
    )
    return render(
        request,
        "safety/patrol_home.html",
        {
            "routes": routes,
            "running": running,
            "recent": recent,
            "can_patrol": can_write_model(user, PatrolRun, ADD),
        },
    )


@login_required
@require_POST
def patrol_start(request, route_pk):
    route = get_object_or_404(PatrolRoute.objects.restrict(request.user), pk=route_pk)
    try:
        run = services.start_run(route=route, guard=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect("safety:patrol")
    return redirect("safety:patrolrun_detail", run.pk)


@login_required
def run_detail(request, pk):
    run = get_object_or_404(
        PatrolRun.objects.restrict(request.user).select_related("route", "guard", "park"), pk=pk
    )
    visits = {v.checkpoint_id: v for v in run.visits.select_related("by").prefetch_related("results__item")}
    checkpoints = []
    for checkpoint in run.route.checkpoints.order_by("order", "pk").prefetch_related("items"):
        visit = visits.get(checkpoint.pk)
        results = list(visit.results.all()) if visit else []
        checkpoints.append(
            {
                "checkpoint": checkpoint,
                "visit": visit,
                "answered": bool(results) or (visit is not None and not checkpoint.items.all()),
                "failed": [r for r in results if not r.passed],
            }
        )
    return render(
        request,
        "safety/run_detail.html",
        {
            "run": run,
            "checkpoints": checkpoints,
            "can_act": run.status == PatrolRun.Status.RUNNING
            and (run.guard_id == request.user.pk or can(request.user, CHANGE, run)),
            "visited": len(visits),
            "hazards": Hazard.objects.restrict(request.user).filter(check_result__visit__run=run),
        },
    )


@login_required
@require_POST
def run_visit(request, pk):
    """Choose a checkpoint by hand (when the QR code cannot be scanned)."""
    run = get_object_or_404(PatrolRun.objects.restrict(request.user), pk=pk)
    checkpoint = get_object_or_404(
        Checkpoint.objects.restrict(request.user), pk=request.POST.get("checkpoint")
    )
    try:
        visit = services.visit_checkpoint(
            run=run, checkpoint=checkpoint, by=request.user, method=CheckpointVisit.Method.MANUAL
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect("safety:patrolrun_detail", run.pk)
    return redirect("safety:visit", visit.pk)


@login_required
@require_POST
def run_finish(request, pk):
    run = get_object_or_404(PatrolRun.objects.restrict(request.user), pk=pk)
    try:
        run = services.finish_run(run=run, by=request.user, note=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect("safety:patrolrun_detail", run.pk)
    if run.missed_count:
        messages.warning(
            request,
            gettext("巡查已结束，漏检 %(missed_count)s 个巡查点：%(missed_names)s")
            % {"missed_count": run.missed_count, "missed_names": run.missed_names},
        )
    else:
        messages.success(request, gettext("巡查已结束，全部巡查点已打卡"))
    return redirect("safety:patrolrun_detail", run.pk)


@login_required
def scan(request, token):
    """The page a checkpoint's QR code opens (the phone's camera app follows the URL)."""
    try:
        visit = services.scan(token=token, by=request.user)
    except ValidationError as exc:
        return render(request, "safety/scan_error.html", {"error": _errors(exc)}, status=404)
    except PermissionDenied as exc:
        return render(request, "safety/scan_error.html", {"error": str(exc) or "您没有巡查权限"}, status=403)
    messages.success(
        request,
        gettext("已打卡：%(checkpoint_name)s（%(localtime)s）")
        % {
            "checkpoint_name": visit.checkpoint.name,
            "localtime": format(timezone.localtime(visit.visited_at), "%H:%M"),
        },
    )
    return redirect("safety:visit", visit.pk)


@login_required
def visit(request, pk):
    """Answer a checkpoint's items: pass/fail with note and photo."""
    visit = get_object_or_404(
        CheckpointVisit.objects.restrict(request.user).select_related("run__route", "checkpoint"), pk=pk
    )
    items = list(visit.checkpoint.items.order_by("order", "pk"))
    answered = {r.item_id: r for r in visit.results.all()}
    errors: list[str] = []
    if request.method == "POST":
        answers = []
        for item in items:
            if item.pk in answered:
                continue
            value = request.POST.get(f"item-{item.pk}")
            if value not in ("pass", "fail"):
                errors.append(gettext("请选择“%(text)s”是否合格") % {"text": item.text})
                continue
            answers.append(
                {
                    "item": item,
                    "passed": value == "pass",
                    "note": request.POST.get(f"note-{item.pk}", "").strip(),
                    "photo": request.FILES.get(f"photo-{item.pk}"),
                }
            )
        if not errors:
            try:
                results = services.record_results(visit=visit, by=request.user, answers=answers)
            except ValidationError as exc:
                errors = exc.messages
            except PermissionDenied as exc:
                errors = [str(exc)]
            else:
                failed = [r for r in results if not r.passed]
                if failed:
                    messages.warning(
                        request, gettext("%(count)s 项不合格，已自动登记隐患") % {"count": len(failed)}
                    )
                else:
                    messages.success(
                        request,
                        gettext("%(checkpoint_name)s：检查完成") % {"checkpoint_name": visit.checkpoint.name},
                    )
                return redirect("safety:patrolrun_detail", visit.run_id)
    return render(
        request,
        "safety/visit.html",
        {
            "visit": visit,
            "items": [
                {"item": i, "result": answered.get(i.pk), "value": request.POST.get(f"item-{i.pk}", "")}
                for i in items
            ],
            "errors": errors,
            "open": visit.run.status == PatrolRun.Status.RUNNING,
        },
    )


# --- QR codes ----------------------------------------------------------------------------------


def _qr_png(url: str) -> bytes:
    import qrcode

    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@login_required
def checkpoint_qr(request, pk):
    checkpoint = get_object_or_404(Checkpoint.objects.restrict(request.user), pk=pk)
    response = HttpResponse(
        _qr_png(request.build_absolute_uri(checkpoint.scan_path())), content_type="image/png"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def route_qr_sheet(request, pk):
    """A printable A4 sheet of a route's checkpoint QR codes."""
    route = get_object_or_404(PatrolRoute.objects.restrict(request.user).select_related("park"), pk=pk)
    checkpoints = route.checkpoints.order_by("order", "pk")
    return render(request, "safety/qr_sheet.html", {"route": route, "checkpoints": checkpoints})


# --- Hazard loop ----------------------------------------------------------------------------------


@login_required
def hazard_detail(request, pk):
    hazard = get_object_or_404(
        Hazard.objects.restrict(request.user).select_related("park", "found_by", "check_result__visit__run"),
        pk=pk,
    )
    user = request.user
    may = can(user, CHANGE, hazard)
    notice_form = forms.NoticeForm(user=user, hazard=hazard)
    report_form = forms.RectificationReportForm()
    follow_form = forms.FollowUpForm()
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "notice" and may:
                notice_form = forms.NoticeForm(request.POST, user=user, hazard=hazard)
                if notice_form.is_valid():
                    d = notice_form.cleaned_data
                    services.issue_notice(
                        hazard=hazard,
                        by=user,
                        owner=d["owner"],
                        deadline=d["deadline"],
                        measures=d["measures"],
                        funds=d.get("funds"),
                        contingency_plan=d.get("contingency_plan") or "",
                    )
                    messages.success(request, gettext("已下发整改通知"))
                    return redirect(hazard.get_absolute_url())
            elif step == "report" and can_write_model(user, RectificationReport, ADD):
                report_form = forms.RectificationReportForm(request.POST, request.FILES)
                if report_form.is_valid():
                    services.report_rectification(
                        hazard=hazard,
                        by=user,
                        done=report_form.cleaned_data["done"],
                        photo=report_form.cleaned_data.get("photo"),
                    )
                    messages.success(request, gettext("已报告整改情况，等待复查"))
                    return redirect(hazard.get_absolute_url())
            elif step == "follow_up" and may:
                follow_form = forms.FollowUpForm(request.POST)
                if follow_form.is_valid():
                    services.follow_up(hazard=hazard, by=user, **follow_form.cleaned_data)
                    messages.success(request, gettext("复查结果已记录"))
                    return redirect(hazard.get_absolute_url())
            else:
                raise PermissionDenied(gettext("无权执行此操作"))
        except ValidationError as exc:
            target = {"notice": notice_form, "report": report_form, "follow_up": follow_form}.get(step)
            if target is not None:
                _add_errors(target, exc)
            else:
                messages.error(request, _errors(exc))
    timeline = sorted(
        [("notice", n.created_at, n) for n in hazard.notices.select_related("owner", "issued_by")]
        + [("report", r.created_at, r) for r in hazard.reports.select_related("reported_by")]
        + [("follow_up", f.created_at, f) for f in hazard.follow_ups.select_related("inspected_by")]
        + [("escalated", e.created_at, e) for e in hazard.events.filter(action=services.ESCALATED)],
        key=lambda t: t[1],
    )
    from parkops.audit.history import object_history

    return render(
        request,
        "safety/hazard_detail.html",
        {
            "hazard": hazard,
            "timeline": timeline,
            "may": may,
            "notice_form": notice_form,
            "report_form": report_form,
            "follow_form": follow_form,
            **object_history(hazard, request.user),
        },
    )


# --- Monitoring status ---------------------------------------------------------------------------


@login_required
def monitoring_status(request):
    """The system's live page (indicator 25's 正常运行页面): what each device last reported, and
    which key areas an HD camera covers."""
    devices = list(MonitoringDevice.objects.restrict(request.user).select_related("park", "covers"))
    total = len(devices)
    online = sum(1 for d in devices if d.online)
    by_area = []
    for value, label in MonitoringDevice.Area.choices:
        area = [d for d in devices if d.area == value]
        if area:
            by_area.append({"label": label, "total": len(area), "online": sum(1 for d in area if d.online)})
    areas = MonitoredArea.objects.restrict(request.user).prefetch_related("devices")
    coverage = [
        {
            "area": a,
            "cameras": len(hd := [d for d in a.devices.all() if d.high_definition]),
            "online": sum(1 for d in hd if d.online),
        }
        for a in areas
    ]
    return render(
        request,
        "safety/monitoring_status.html",
        {
            "total": total,
            "online": online,
            "rate": round(online * 100 / total) if total else None,
            "cameras": sum(1 for d in devices if d.kind == MonitoringDevice.Kind.CAMERA),
            "alarms": sum(1 for d in devices if d.kind == MonitoringDevice.Kind.ALARM),
            "by_area": by_area,
            "coverage": coverage,
            "offline": [d for d in devices if not d.online and d.last_seen_at is not None],
            "never": [d for d in devices if d.last_seen_at is None],
            "now": clock.now(),
        },
    )


@login_required
def dashboard(request):
    """安全管理概览: what needs attention today."""
    user = request.user
    today = clock.localdate()
    hazards = Hazard.objects.restrict(user)
    equipment = SpecialEquipment.objects.restrict(user)
    return render(
        request,
        "safety/dashboard.html",
        {
            "open_hazards": hazards.exclude(status=Hazard.Status.CLOSED).count(),
            "overdue_hazards": hazards.exclude(status=Hazard.Status.CLOSED)
            .filter(deadline__lt=today)
            .select_related("park")[:10],
            "out_of_service": equipment.filter(next_due__lt=today),
            "due_soon": equipment.filter(next_due__gte=today, next_due__lte=today + dt.timedelta(days=30)),
            "runs_today": PatrolRun.objects.restrict(user).filter(started_at__date=today).count(),
            "can_view": can_write_model(user, Hazard, VIEW),
            "hazard_list": reverse("safety:hazard_list"),
        },
    )
