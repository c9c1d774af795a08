"""Pages of the spaces domain: the spaces and their facilities, the week calendar and booking,
booking approval and cancellation, floor plans with marks, usage statistics."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.audit.history import can_read_raw, object_entries, readable_history
from parkops.core import clock
from parkops.core.scope import CHANGE, DELETE, Role, can, can_write_model
from parkops.spaces import selectors, services
from parkops.spaces.forms import BookingForm, CancelForm, DecisionForm
from parkops.spaces.models import Booking, BookingRule, Equipment, FloorPlan, FunctionSpace


def _is_tenant(user) -> bool:
    return user.role == Role.TENANT and not user.is_superuser


def _booking_history(booking: Booking) -> list[dict]:
    labels = dict(Booking.Status.choices)
    return [
        {
            "at": entry.at,
            "actor": entry.actor_name,
            "action": entry.get_action_display(),
            "status": labels.get((entry.after or {}).get("status"), ""),
        }
        for entry in object_entries(booking)
    ]


@login_required
def overview(request):
    """空间与配套: every function space of the user's parks with its facilities (indicator 11
    相关配套介绍), grouped by kind."""
    spaces = list(
        FunctionSpace.objects.restrict(request.user)
        .select_related("park", "building", "floor__building", "rule")
        .prefetch_related("equipment")
        .order_by("kind", "name")
    )
    groups: dict[str, list] = {}
    for space in spaces:
        groups.setdefault(space.get_kind_display(), []).append(space)
    plans = FloorPlan.objects.restrict(request.user).select_related("floor__building")
    upcoming = (
        Booking.objects.restrict(request.user)
        .filter(ends_at__gte=clock.now(), status__in=Booking.ACTIVE)
        .select_related("space")
        .order_by("starts_at")
    )
    if not _is_tenant(request.user):
        upcoming = upcoming.filter(booked_by=request.user)
    pending = 0
    if not _is_tenant(request.user):
        pending = sum(
            1
            for b in Booking.objects.restrict(request.user)
            .filter(status=Booking.Status.PENDING)
            .select_related("space")
            if services.can_manage_bookings(request.user, b.space)
        )
    return render(
        request,
        "spaces/overview.html",
        {
            "groups": groups,
            "count": len(spaces),
            "plans": plans,
            "upcoming": upcoming[:8],
            "pending": pending,
            "can_add": can_write_model(request.user, FunctionSpace, "add"),
            "is_tenant": _is_tenant(request.user),
        },
    )


@login_required
def space_detail(request, pk):
    space = get_object_or_404(
        FunctionSpace.objects.restrict(request.user).select_related("park", "building", "floor__building"),
        pk=pk,
    )
    rule = BookingRule.objects.restrict(request.user).filter(space=space).first()
    equipment = Equipment.objects.restrict(request.user).filter(space=space)
    tenant = _is_tenant(request.user)
    return render(
        request,
        "spaces/space_detail.html",
        {
            "space": space,
            "rule": rule,
            "equipment": equipment,
            "tenant": tenant,
            "usage": None if tenant else selectors.usage(space),
            "history": None if tenant else readable_history(object_entries(space), request.user),
            "history_raw": can_read_raw(request.user),
            "can_change": can(request.user, CHANGE, space),
            "can_delete": can(request.user, DELETE, space),
            "can_add_equipment": can_write_model(request.user, Equipment, "add") and not tenant,
            "can_add_rule": rule is None and can_write_model(request.user, BookingRule, "add") and not tenant,
            "can_change_rule": rule is not None and can(request.user, CHANGE, rule),
        },
    )


def _monday(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = clock.localdate()
    return selectors.week_start(day)


def _bookable_space(request, pk) -> FunctionSpace:
    return get_object_or_404(selectors.bookable_spaces(request.user), pk=pk)


@login_required
def space_calendar(request, pk):
    """A week of half-hour slots: free, taken (by whom only for those who may know), or past;
    htmx moves between weeks; a free slot fills the booking form."""
    space = _bookable_space(request, pk)
    monday = _monday(request)
    grid = selectors.week_grid(space, request.user, monday)
    context = {
        "space": space,
        "rule": space.rule,
        "grid": grid,
        "monday": monday,
        "prev_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "this_week": selectors.week_start(clock.localdate()),
        "today": clock.localdate(),
    }
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "spaces/_calendar.html", context)
    context["form"] = _booking_form(request, space)
    return render(request, "spaces/calendar.html", context)


def _booking_form(request, space, data=None) -> BookingForm:
    initial = {"date": clock.localdate() + dt.timedelta(days=1), "attendees": 1}
    start, slot = request.GET.get("start"), ""
    if start:
        try:
            at = timezone.localtime(dt.datetime.fromisoformat(start))
            initial["date"] = at.date()
            initial["start"] = at.strftime("%H:%M")
            initial["end"] = (at + dt.timedelta(hours=1)).strftime("%H:%M")
            slot = at.isoformat()
        except ValueError:
            pass
    form = BookingForm(data, rule=space.rule, initial=initial)
    form.slot = slot  # the calendar slot that filled the form (its data-slot), for scripts and tests
    return form


@login_required
def space_book(request, pk):
    space = _bookable_space(request, pk)
    if request.method == "POST":
        form = _booking_form(request, space, request.POST)
        if form.is_valid():
            try:
                booking = services.book(
                    space=space,
                    by=request.user,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    purpose=form.cleaned_data["purpose"],
                    attendees=form.cleaned_data["attendees"],
                )
            except ValidationError as exc:
                _form_errors(form, exc, {"starts_at": "start", "ends_at": "end"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                if booking.status == Booking.Status.CONFIRMED:
                    messages.success(
                        request, gettext("预约成功：%(booking)s，已确认。") % {"booking": booking}
                    )
                else:
                    messages.info(
                        request, gettext("预约已提交：%(booking)s，等待运营人员审批。") % {"booking": booking}
                    )
                url = reverse("spaces:booking_detail", args=[booking.pk])
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
    else:
        form = _booking_form(request, space)
    template = "spaces/_booking_form.html" if request.htmx else "spaces/book.html"
    return render(request, template, {"space": space, "rule": space.rule, "form": form})


def _form_errors(form, exc: ValidationError, mapping: dict[str, str]) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = mapping.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def booking_detail(request, pk):
    booking = get_object_or_404(
        Booking.objects.restrict(request.user).select_related(
            "space__park", "booked_by", "enterprise", "decided_by"
        ),
        pk=pk,
    )
    manager = services.can_manage_bookings(request.user, booking.space)
    can_cancel = (
        booking.active
        and booking.ends_at > clock.now()
        and (booking.booked_by_id == request.user.pk or manager)
    )
    return render(
        request,
        "spaces/booking_detail.html",
        {
            "booking": booking,
            "can_cancel": can_cancel,
            "can_decide": manager and booking.status == Booking.Status.PENDING,
            "cancel_form": CancelForm(),
            "decision_form": DecisionForm(),
            "history": _booking_history(booking),
        },
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(Booking.objects.restrict(request.user), pk=pk)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.cancel(booking=booking, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, gettext("预约已取消，该时段已释放。"))
    return redirect("spaces:booking_detail", pk=booking.pk)


@login_required
@require_POST
def booking_decide(request, pk):
    booking = get_object_or_404(Booking.objects.restrict(request.user), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide(
            booking=booking, by=request.user, approve=approve, note=form.cleaned_data.get("note", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, gettext("已批准预约。") if approve else gettext("已驳回预约。"))
    return redirect("spaces:booking_detail", pk=booking.pk)


@login_required
def plan_detail(request, pk):
    """A floor plan with its marks (indicator 9 分布图)."""
    plan = get_object_or_404(
        FloorPlan.objects.restrict(request.user).select_related("floor__building"), pk=pk
    )
    marks, others = selectors.plan_marks(plan, request.user)
    tenant = _is_tenant(request.user)
    return render(
        request,
        "spaces/plan_detail.html",
        {
            "plan": plan,
            "marks": marks,
            "others": others,
            "tenant": tenant,
            "can_change": can(request.user, CHANGE, plan),
            "can_delete": can(request.user, DELETE, plan),
            "can_mark": can(request.user, CHANGE, plan),
            "history": None if tenant else readable_history(object_entries(plan), request.user),
            "history_raw": can_read_raw(request.user),
        },
    )


@login_required
def usage(request):
    """Hours booked per month and utilisation per space, with a chart."""
    if _is_tenant(request.user):
        raise PermissionDenied
    spaces = selectors.bookable_spaces(request.user).order_by("kind", "name")
    rows = [{"space": s, "months": selectors.usage(s)} for s in spaces]
    months = [m["month"] for m in rows[0]["months"]] if rows else []
    chart = {
        "months": months,
        "series": [
            {"name": r["space"].name, "hours": [float(m["hours"]) for m in r["months"]]} for r in rows
        ],
    }
    return render(request, "spaces/usage.html", {"rows": rows, "months": months, "chart": chart})
