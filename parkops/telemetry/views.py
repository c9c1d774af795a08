"""Telemetry pages: device register with points and latest readings, the live status page, the
quarantine review, alarms and rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.core import clock
from parkops.core.scope import CHANGE, can
from parkops.core.views import ObjectDetailView, ObjectEditView, record_context
from parkops.telemetry import forms, services
from parkops.telemetry.models import Alarm, Device, Point, Quarantine, Rollup
from parkops.telemetry.rollups import I15, floor15


class DeviceDetail(ObjectDetailView):
    template_name = "telemetry/device_detail.html"

    def get(self, request, pk):
        device = get_object_or_404(
            Device.objects.restrict(request.user).select_related("park", "building", "floor", "unit"), pk=pk
        )
        points = list(Point.objects.restrict(request.user).filter(device=device))
        since = floor15(clock.now()) - dt.timedelta(hours=24)
        recent = {
            p.pk: list(Rollup.objects.filter(point=p, interval=I15, start__gte=since).order_by("-start")[:8])
            for p in points
        }
        record = record_context(request, device, ObjectDetailView.get_fields(self))
        return render(
            request,
            self.template_name,
            {
                **self.common_context(),
                **record,
                "device": device,
                "points": [{"point": p, "recent": recent[p.pk]} for p in points],
                "alarms": Alarm.objects.restrict(request.user).filter(device=device)[:20],
                "can_change": can(request.user, CHANGE, device),
                "edit_url": reverse("telemetry:device_edit", args=[device.pk]),
            },
        )


@login_required
def status(request):
    """Live status of every device: online by its own reports (the 正常运行页面 of row 25)."""
    devices = list(
        Device.objects.restrict(request.user).filter(active=True).select_related("park", "building")
    )
    by_kind = []
    for value, label in Device.Kind.choices:
        group = [d for d in devices if d.kind == value]
        if group:
            by_kind.append({"label": label, "total": len(group), "online": sum(1 for d in group if d.online)})
    online = sum(1 for d in devices if d.online)
    return render(
        request,
        "telemetry/status.html",
        {
            "now": clock.now(),
            "total": len(devices),
            "online": online,
            "rate": round(online * 100 / len(devices)) if devices else None,
            "by_kind": by_kind,
            "offline": [d for d in devices if d.last_seen_at and not d.online],
            "never": [d for d in devices if d.last_seen_at is None],
            "open_alarms": Alarm.objects.restrict(request.user)
            .filter(status=Alarm.Status.OPEN)
            .select_related("device")[:50],
            "pending": Quarantine.objects.restrict(request.user)
            .filter(status=Quarantine.Status.PENDING)
            .count(),
        },
    )


@login_required
def quarantine_detail(request, pk):
    entry = get_object_or_404(
        Quarantine.objects.restrict(request.user).select_related("point", "park"), pk=pk
    )
    record = record_context(
        request,
        entry,
        [
            "park",
            "source",
            "received_at",
            "reason",
            "device_code",
            "point_code",
            "ts",
            "value",
            "stored_value",
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ],
    )
    may_review = entry.status == Quarantine.Status.PENDING and can(request.user, CHANGE, entry)
    return render(
        request,
        "telemetry/quarantine_detail.html",
        {
            **record,
            "entry": entry,
            "payload": entry.payload,
            "may_review": may_review,
            "may_release": may_review and entry.point_id and entry.ts and entry.value is not None,
            "form": forms.ReviewForm(),
        },
    )


@login_required
@require_POST
def quarantine_review(request, pk, action):
    if action not in ("release", "dismiss"):
        raise Http404
    entry = get_object_or_404(Quarantine.objects.restrict(request.user), pk=pk)
    form = forms.ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "release":
            services.release_quarantined(entry=entry, by=request.user, note=note)
            messages.success(request, gettext("已放行入库"))
        else:
            services.dismiss_quarantined(entry=entry, by=request.user, note=note)
            messages.success(request, gettext("已确认作废"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect("telemetry:quarantine_detail", entry.pk)


class MeterReplacementEdit(ObjectEditView):
    form_class = forms.MeterReplacementForm

    def save(self, form, obj):
        if obj is not None:
            raise PermissionDenied(gettext("换表记录登记后不能修改"))
        return services.record_meter_replacement(by=self.request.user, **form.cleaned_data)
