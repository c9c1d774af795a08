"""Calendar pages: the month and week calendar, an event's page with sign-up, cancellation and
check-in. Lists, editing and photos use the generic pages (urls.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parkops.core import clock
from parkops.core.scope import ADD, CHANGE, Role, can, can_write_model
from parkops.core.views import ObjectDetailView, record_context
from parkops.events import forms, selectors, services
from parkops.events.models import Event, EventKind, EventPhoto, EventSignup


def _date(value: str | None, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


@login_required
def calendar(request):
    """The park's calendar: a month grid on wide screens, the same month as a list of days on
    phones; ``?view=week`` shows one week as a list."""
    today = clock.localdate()
    kind = request.GET.get("kind", "")
    events = Event.objects.restrict(request.user, "view")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    view = "week" if request.GET.get("view") == "week" else "month"
    context = {
        "today": today,
        "now": clock.now(),
        "kind": kind,
        "kinds": EventKind.choices,
        "view": view,
        "mine": selectors.my_signups(request.user),
        "can_add": can_write_model(request.user, Event, ADD),
    }
    if view == "week":
        day = _date(request.GET.get("week"), today)
        monday = day - dt.timedelta(days=day.weekday())
        context.update(
            days=selectors.week_days(events, monday),
            monday=monday,
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
            this=today - dt.timedelta(days=today.weekday()),
        )
    else:
        month = selectors.month_grid(events, _date(request.GET.get("month"), today))
        context.update(month=month, previous=month.previous, next=month.next, this=today.replace(day=1))
    return render(request, "events/calendar.html", context)


class EventDetail(ObjectDetailView):
    """An event with its place, sign-ups (a tenant sees its own), photos and record."""

    template_name = "events/event_detail.html"
    select_related = ("park", "space")

    def get(self, request, pk):
        event = get_object_or_404(self.base_queryset(), pk=pk)
        return render(request, self.template_name, event_context(request, event))


def event_context(request, event: Event, *, signup_form=None, check_in_errors=None) -> dict:
    user = request.user
    detail = EventDetail(request=request, model=Event)
    fields = [
        "kind",
        "starts_at",
        "ends_at",
        "space",
        "place",
        "organiser",
        "industries",
        "description",
        "open_for_signup",
        "capacity",
        "signup_deadline",
        "attendance",
        "materials",
        "summary",
        "cancelled",
    ]
    record = record_context(request, event, fields)
    signups = list(
        EventSignup.objects.restrict(user, "view").filter(event=event).select_related("enterprise")
    )
    mine = next((s for s in signups if s.enterprise_id == getattr(user, "enterprise_id", None)), None)
    taken = selectors.signed_up_people(event)
    now = clock.now()
    open_now = (
        event.open_for_signup
        and not event.cancelled
        and event.starts_at > now
        and (event.signup_deadline is None or event.signup_deadline >= now)
    )
    organiser = can(user, CHANGE, event)
    return {
        **detail.common_context(),
        **record,
        "object": event,
        "event": event,
        "signups": signups,
        "mine": mine,
        "taken": taken,
        "left": None if event.capacity is None else max(event.capacity - taken, 0),
        "open_now": open_now,
        "may_sign_up": open_now
        and user.role == Role.TENANT
        and (mine is None or mine.status == EventSignup.Status.CANCELLED),
        "may_cancel": mine is not None
        and mine.status == EventSignup.Status.SIGNED_UP
        and event.starts_at > now
        and can(user, CHANGE, mine),
        "organiser": organiser,
        "may_check_in": organiser and event.starts_at <= now,
        "signup_form": signup_form or forms.SignupForm(),
        "photos": list(EventPhoto.objects.restrict(user, "view").filter(event=event)),
        "may_add_photo": can_write_model(user, EventPhoto, ADD) and organiser,
        "attendance": selectors.attendance(event),
        "can_change": organiser,
        "edit_url": reverse("events:event_edit", args=[event.pk]),
        "can_delete": False,
    }


def _event(request, pk) -> Event:
    return get_object_or_404(Event.objects.restrict(request.user, "view"), pk=pk)


@login_required
@require_POST
def sign_up(request, pk):
    event = _event(request, pk)
    form = forms.SignupForm(request.POST)
    if form.is_valid():
        try:
            services.sign_up(
                event=event,
                by=request.user,
                people=form.cleaned_data["people"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("已报名：%(event)s") % {"event": event.title})
            return redirect(event.get_absolute_url())
    return render(
        request, "events/event_detail.html", event_context(request, event, signup_form=form), status=400
    )


@login_required
@require_POST
def cancel_signup(request, pk):
    signup = get_object_or_404(EventSignup.objects.restrict(request.user, "view"), pk=pk)
    try:
        services.cancel_signup(signup=signup, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已取消报名：%(event)s") % {"event": signup.event.title})
    return redirect(signup.event.get_absolute_url())


@login_required
@require_POST
def check_in(request, pk):
    signup = get_object_or_404(EventSignup.objects.restrict(request.user, "view"), pk=pk)
    form = forms.CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写签到人数"))
    else:
        try:
            services.check_in(signup=signup, attended=form.cleaned_data["attended"], by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("已登记签到：%(signup)s") % {"signup": signup.enterprise.name})
    return redirect(signup.event.get_absolute_url())


# The model whose id each function route takes (the route isolation test reads it).
sign_up.model = Event
cancel_signup.model = EventSignup
check_in.model = EventSignup
