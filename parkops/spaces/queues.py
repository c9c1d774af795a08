"""Spaces' work for the home pages: bookings waiting for approval, and a tenant's upcoming
bookings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkops.core import clock
from parkops.core.queues import OPEN, Queue, QueueItem, register
from parkops.core.scope import Role
from parkops.spaces.models import BOOKING_MANAGERS, Booking
from parkops.spaces.services import can_manage_bookings

# A booking waiting for approval waits now, however far ahead its slot is: every pending one
# shows (within the longest booking horizon), the soonest slot first.
APPROVAL_LOOKAHEAD_DAYS = 366


def _title(booking: Booking) -> str:
    starts = timezone.localtime(booking.starts_at)
    ends = timezone.localtime(booking.ends_at)
    return f"{booking.space.name} · {starts:%m-%d %H:%M}–{ends:%H:%M}"


def pending_approvals(user, today):
    """空间预约 that wait for someone who may approve them; a slot already begun is overdue."""
    now = clock.now()
    bookings = (
        Booking.objects.restrict(user, "view")
        .filter(status=Booking.Status.PENDING, ends_at__gt=now)
        .select_related("space", "enterprise", "booked_by")
        .order_by("starts_at", "pk")
    )
    for booking in bookings:
        if not can_manage_bookings(user, booking.space):
            continue
        who = booking.enterprise.name if booking.enterprise_id else str(booking.booked_by)
        yield QueueItem(
            title=_title(booking),
            url=booking.get_absolute_url(),
            state=booking.get_status_display(),
            due=booking.starts_at,
            overdue=booking.starts_at <= now,
            detail=f"{who} · {booking.purpose}",
        )


def tenant_upcoming(user, today):
    """The tenant's own bookings for today and later, pending or confirmed."""
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for booking in (
        Booking.objects.restrict(user, "view")
        .filter(status__in=Booking.ACTIVE, starts_at__gte=start_of_today)
        .select_related("space")
        .order_by("starts_at", "pk")
    ):
        yield QueueItem(
            title=_title(booking),
            url=booking.get_absolute_url(),
            state=booking.get_status_display(),
            due=booking.starts_at,
            detail=booking.purpose,
        )


register(
    Queue(
        "spaces.approvals",
        _("待审批的空间预约"),
        pending_approvals,
        departments=BOOKING_MANAGERS,
        url_name="spaces:booking_list",
        icon="bi-calendar-check",
        lookahead_days=APPROVAL_LOOKAHEAD_DAYS,
        order=60,
    )
)
register(
    Queue(
        "spaces.tenant_upcoming",
        _("我的空间预约"),
        tenant_upcoming,
        roles=(Role.TENANT,),
        admin=False,
        group=OPEN,
        url_name="spaces:booking_list",
        icon="bi-calendar-event",
        order=60,
    )
)
