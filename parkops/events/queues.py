"""The calendar's work on the home pages: tenants see the events they signed up for and the
events open for sign-up; organisers see past events still missing their record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.queues import OPEN, WAITING, Queue, QueueItem, register
from parkops.core.scope import Role
from parkops.events.models import ORGANISERS, Event, EventSignup
from parkops.events.selectors import upcoming

RECORD_WITHIN_DAYS = 7  # an event's summary or photos are due within a week of it


def _when(event: Event) -> str:
    return f"{timezone.localtime(event.starts_at):%m-%d %H:%M} · {event.where}"


def my_events(user, today):
    """Events the tenant's enterprise signed up for that have not started yet."""
    signups = (
        EventSignup.objects.restrict(user, "view")
        .filter(
            status=EventSignup.Status.SIGNED_UP, event__starts_at__gte=clock.now(), event__cancelled=False
        )
        .select_related("event", "event__space")
        .order_by("event__starts_at")
    )
    for signup in signups:
        yield QueueItem(
            title=signup.event.title,
            url=signup.event.get_absolute_url(),
            state=gettext("已报名 %(people)s 人") % {"people": signup.people},
            detail=_when(signup.event),
            due=signup.event.starts_at,
        )


def open_for_signup(user, today):
    """Events of the next 30 days the tenant may still sign up for."""
    mine = EventSignup.objects.restrict(user, "view").filter(status=EventSignup.Status.SIGNED_UP)
    events = (
        upcoming(user, days=30)
        .filter(open_for_signup=True)
        .exclude(pk__in=mine.values("event_id"))
        .exclude(signup_deadline__lt=clock.now())
        .select_related("space")
    )
    for event in events:
        yield QueueItem(
            title=event.title,
            url=event.get_absolute_url(),
            state=event.get_kind_display(),
            detail=_when(event),
            due=event.signup_deadline or event.starts_at,
        )


def missing_record(user, today):
    """Held events of the last 90 days with neither a written record nor a photo: due a week
    after the event."""
    now = clock.now()
    events = (
        Event.objects.restrict(user, "change")
        .filter(cancelled=False, summary="", photos__isnull=True, ends_at__lte=now)
        .filter(starts_at__gte=now - dt.timedelta(days=90))
        .order_by("starts_at")
    )
    for event in events:
        due = timezone.localtime(event.ends_at).date() + dt.timedelta(days=RECORD_WITHIN_DAYS)
        yield QueueItem(
            title=str(event),
            url=event.get_absolute_url(),
            state=gettext("待补活动记录"),
            due=due,
            overdue=due < today,
        )


register(
    Queue(
        "events.mine",
        _("我报名的活动"),
        my_events,
        roles=(Role.TENANT,),
        admin=False,
        group=WAITING,
        url_name="events:calendar",
        icon="bi-calendar-check",
        order=60,
    )
)
register(
    Queue(
        "events.open",
        _("可报名的活动"),
        open_for_signup,
        roles=(Role.TENANT,),
        admin=False,
        group=OPEN,
        url_name="events:calendar",
        icon="bi-calendar-plus",
        order=61,
    )
)
register(
    Queue(
        "events.missing_record",
        _("待补记录的活动"),
        missing_record,
        departments=ORGANISERS,
        url_name="events:event_list",
        icon="bi-calendar-event",
        order=80,
    )
)
