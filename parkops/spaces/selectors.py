"""Reads of the spaces domain that carry rules: busy slots without the bookers' names, the
week calendar, usage statistics."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from parkops.core import clock
from parkops.core.scope import VIEW, can
from parkops.spaces.models import Booking, FloorPlan, FloorPlanMark, FunctionSpace
from parkops.spaces.services import SLOT_MINUTES, can_manage_bookings


def bookable_spaces(user) -> QuerySet[FunctionSpace]:
    return (
        FunctionSpace.objects.restrict(user, VIEW)
        .filter(bookable=True, rule__isnull=False)
        .select_related("rule", "building", "floor__building")
    )


@dataclass
class Busy:
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    mine: bool
    label: str  # the booking's purpose and who booked it, only for people who may see it
    booking: Booking | None  # only when the user may see the booking itself


def busy_slots(space: FunctionSpace, user, start: dt.datetime, end: dt.datetime) -> list[Busy]:
    """Active bookings of a space between start and end. ``space`` must come from a restricted
    queryset. Everyone who sees the space sees WHEN it is taken; who booked it and why only the
    booker's own enterprise (or the booker) and booking managers see."""
    rows = (
        Booking.objects.filter(space=space, status__in=Booking.ACTIVE, starts_at__lt=end, ends_at__gt=start)
        .select_related("enterprise", "booked_by")
        .order_by("starts_at")
    )
    manager = can_manage_bookings(user, space)
    out = []
    for b in rows:
        mine = b.booked_by_id == user.pk or (
            b.enterprise_id is not None and b.enterprise_id == user.enterprise_id
        )
        visible = manager or mine
        who = b.enterprise.name if b.enterprise_id else (b.booked_by.name or b.booked_by.username)
        out.append(
            Busy(
                b.starts_at,
                b.ends_at,
                b.status,
                mine,
                f"{b.purpose}（{who}）" if visible else "已预约",
                b if visible else None,
            )
        )
    return out


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_grid(space: FunctionSpace, user, monday: dt.date) -> dict:
    """Rows of half-hour slots × 7 days within the space's opening hours, each cell free, busy
    (with what the user may know), or past."""
    rule = space.rule
    tz = timezone.get_current_timezone()
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    start = dt.datetime.combine(monday, dt.time(0), tz)
    end = start + dt.timedelta(days=7)
    busy = busy_slots(space, user, start, end)
    now = clock.now()
    first = dt.datetime.combine(monday, rule.opens_at)
    slots = []
    t = first
    close = dt.datetime.combine(monday, rule.closes_at)
    while t < close:
        slots.append(t.time())
        t += dt.timedelta(minutes=SLOT_MINUTES)
    rows = []
    for slot in slots:
        cells = []
        for day in days:
            s = dt.datetime.combine(day, slot, tz)
            e = s + dt.timedelta(minutes=SLOT_MINUTES)
            hit = next((b for b in busy if b.starts_at < e and b.ends_at > s), None)
            cells.append(
                {
                    "start": s,
                    "state": "busy" if hit else ("past" if s < now else "free"),
                    "busy": hit,
                    "first": hit is not None and hit.starts_at >= s,
                }
            )
        rows.append({"time": slot, "cells": cells})
    return {"days": days, "rows": rows, "busy": busy}


def month_usage(space: FunctionSpace, year: int, month: int) -> dict:
    """Hours booked (confirmed) in a month and utilisation: booked ÷ open hours that month."""
    tz = timezone.get_current_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    days = calendar.monthrange(year, month)[1]
    last = first + dt.timedelta(days=days)
    minutes = 0
    for b in Booking.objects.filter(
        space=space, status=Booking.Status.CONFIRMED, starts_at__lt=last, ends_at__gt=first
    ).only("starts_at", "ends_at"):
        s, e = max(b.starts_at, first), min(b.ends_at, last)
        minutes += int((e - s).total_seconds() // 60)
    rule = getattr(space, "rule", None)
    open_minutes = rule.open_minutes_per_day * days if rule else 0
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    rate = (Decimal(minutes * 100) / open_minutes).quantize(Decimal("0.1")) if open_minutes else None
    return {"month": f"{year}-{month:02d}", "hours": hours, "rate": rate}


def usage(space: FunctionSpace, *, months: int = 4, today: dt.date | None = None) -> list[dict]:
    """The last ``months`` months up to and including the current one, plus next month."""
    today = today or clock.localdate()
    year, month = today.year, today.month
    keys = []
    for back in range(months - 1, -2, -1):
        y, m = year, month - back
        while m < 1:
            y, m = y - 1, m + 12
        while m > 12:
            y, m = y + 1, m - 12
        keys.append((y, m))
    return [month_usage(space, y, m) for y, m in keys]


def can_view_booking(user, booking: Booking) -> bool:
    return can(user, VIEW, booking)


@dataclass
class OtherUnit:
    """Where a unit the user may not identify sits on a plan: a position and whether it is
    let, never its code or occupant."""

    x: Decimal
    y: Decimal
    leased: bool


def plan_marks(plan: FloorPlan, user) -> tuple[QuerySet[FloorPlanMark], list[OtherUnit]]:
    """The marks ``user`` may read on ``plan`` (from a restricted queryset), and the positions
    of the remaining unit marks, anonymous, so a tenant still sees the floor is occupied."""
    marks = FloorPlanMark.objects.restrict(user, VIEW).filter(plan=plan).select_related("unit", "space")
    others = [
        OtherUnit(x, y, state == "leased")
        for x, y, state in FloorPlanMark.objects.filter(plan=plan, unit__isnull=False)
        .exclude(pk__in=marks.values("pk"))
        .order_by("y", "x")
        .values_list("x", "y", "unit__state")
    ]
    return marks, others


def use_mismatches(park, as_of: dt.date) -> list[FunctionSpace]:
    """Function spaces used other than as planned on ``as_of`` without the planning
    authority's approval (clause 5.3.1; what vetoes row 1 for spaces, however long ago the use
    changed)."""
    from django.db.models import F

    candidates = (
        FunctionSpace.objects.filter(park=park)
        .exclude(actual_use="")
        .exclude(actual_use=F("planned_use"))
        .select_related("floor__building", "building")
        .order_by("name", "pk")
    )
    return [s for s in candidates if s.use_mismatch_on(as_of)]
