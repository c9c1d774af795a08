"""Reads of the calendar that other apps count from: every row of 表A.1 that counts a kind of
activity asks :func:`events_of` (held events of a kind in a period) or :func:`upcoming`."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from parkops.core import clock
from parkops.events.models import Event, EventSignup


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of a local (Asia/Shanghai) day, aware."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=local_tz())


def events_of(
    park,
    kind: str | Iterable[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    held: bool = True,
) -> QuerySet[Event]:
    """The park's events of a kind (or kinds) that started after the day ``since`` and on or
    before the day ``until`` (local days, both optional). ``held`` (the default) keeps only
    events that were not cancelled and have started by now: what the scoring rows count."""
    qs = Event.objects.filter(park=park)
    if kind is not None:
        qs = qs.filter(kind=kind) if isinstance(kind, str) else qs.filter(kind__in=list(kind))
    if since is not None:
        qs = qs.filter(starts_at__gte=day_start(since + dt.timedelta(days=1)))
    if until is not None:
        qs = qs.filter(starts_at__lt=day_start(until + dt.timedelta(days=1)))
    if held:
        qs = qs.filter(cancelled=False, starts_at__lte=clock.now())
    return qs.order_by("-starts_at", "-pk")


def recorded(qs: QuerySet[Event]) -> QuerySet[Event]:
    """Events with their record: a written summary or at least one photo (活动完成案例)."""
    return qs.filter(~Q(summary="") | Q(photos__isnull=False)).distinct()


def upcoming(user, *, days: int = 30) -> QuerySet[Event]:
    """Events the user may see that start within ``days``, soonest first."""
    now = clock.now()
    return (
        Event.objects.restrict(user, "view")
        .filter(cancelled=False, starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=days))
        .order_by("starts_at", "pk")
    )


def signed_up_people(event: Event, *, exclude: EventSignup | None = None) -> int:
    qs = event.signups.filter(status=EventSignup.Status.SIGNED_UP)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(n=Sum("people"))["n"] or 0


def attendance(event: Event) -> int:
    """How many came: the recorded head count, or the people checked in from sign-ups."""
    checked_in = event.signups.aggregate(n=Sum("attended"))["n"] or 0
    return max(event.attendance, checked_in)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[Event] = field(default_factory=list)


@dataclass
class Month:
    first: dt.date
    weeks: list[list[Day]]

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def days_with_events(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.events]


def month_grid(events: QuerySet[Event], first: dt.date) -> Month:
    """The calendar month holding ``first`` as weeks of days (Monday first), each day with the
    events starting on it (local time)."""
    first = first.replace(day=1)
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks_dates[0][0], weeks_dates[-1][-1]
    qs = (
        events.filter(starts_at__gte=day_start(start), starts_at__lt=day_start(end + dt.timedelta(days=1)))
        .select_related("space")
        .order_by("starts_at", "pk")
    )
    by_day: dict[dt.date, list[Event]] = {}
    tz = local_tz()
    for event in qs:
        by_day.setdefault(event.starts_at.astimezone(tz).date(), []).append(event)
    weeks = [[Day(d, d.month == first.month, by_day.get(d, [])) for d in week] for week in weeks_dates]
    return Month(first, weeks)


def week_days(events: QuerySet[Event], monday: dt.date) -> list[Day]:
    """The seven days from ``monday`` with their events."""
    qs = (
        events.filter(
            starts_at__gte=day_start(monday), starts_at__lt=day_start(monday + dt.timedelta(days=7))
        )
        .select_related("space")
        .order_by("starts_at", "pk")
    )
    days = [Day(monday + dt.timedelta(days=i), True) for i in range(7)]
    tz = local_tz()
    for event in qs:
        days[(event.starts_at.astimezone(tz).date() - monday).days].events.append(event)
    return days


def my_signups(user) -> dict[int, EventSignup]:
    """The user's enterprise's current sign-ups by event id (for a tenant's calendar)."""
    if not getattr(user, "enterprise_id", None):
        return {}
    qs = EventSignup.objects.restrict(user, "view").filter(
        enterprise_id=user.enterprise_id, status=EventSignup.Status.SIGNED_UP
    )
    return {s.event_id: s for s in qs}


__all__ = [
    "attendance",
    "day_start",
    "events_of",
    "month_grid",
    "my_signups",
    "recorded",
    "signed_up_people",
    "upcoming",
    "week_days",
]
