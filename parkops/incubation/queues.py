"""Incubation's work on the home pages: mentoring sessions held without a written case."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.queues import Queue, QueueItem, register
from parkops.events.models import Event, EventKind
from parkops.incubation.models import INCUBATION, MentoringCase

CASE_WITHIN_DAYS = 14


def sessions_without_case(user, today):
    """Mentoring sessions of the last 60 days that have no case yet; due two weeks after."""
    if not _may_add(user):
        return
    now = clock.now()
    events = (
        Event.objects.restrict(user, "view")
        .filter(kind=EventKind.MENTORING, cancelled=False, starts_at__lte=now)
        .filter(starts_at__gte=now - dt.timedelta(days=60), mentoring_cases__isnull=True)
        .order_by("starts_at")
    )
    for event in events:
        due = timezone.localtime(event.starts_at).date() + dt.timedelta(days=CASE_WITHIN_DAYS)
        yield QueueItem(
            title=str(event),
            url=reverse("incubation:mentoringcase_add") + f"?event={event.pk}",
            state=gettext("待登记辅导案例"),
            due=due,
            overdue=due < today,
        )


def _may_add(user) -> bool:
    from parkops.core.scope import ADD, can_write_model

    return can_write_model(user, MentoringCase, ADD)


register(
    Queue(
        "incubation.sessions_without_case",
        _("待登记案例的辅导活动"),
        sessions_without_case,
        departments=INCUBATION,
        url_name="incubation:mentoringcase_list",
        icon="bi-mortarboard",
        order=82,
    )
)
