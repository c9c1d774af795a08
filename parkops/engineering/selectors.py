"""Reads of the engineering domain that carry rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from parkops.core import clock
from parkops.engineering.models import DecorationApplication, DecorationReview, WorkOrder


def quarters_covered(dates: Iterable[dt.date], as_of: dt.date) -> int:
    """How many of the four 91-day periods ending on ``as_of`` contain at least one date."""
    hit = set()
    for day in dates:
        age = (as_of - day).days
        if 0 <= age < 364:
            hit.add(age // 91)
    return len(hit)


def decoration_compliant(application: DecorationApplication) -> bool:
    """All three approval steps granted, and a signed agreement on or before the start of works."""
    approved = {r.step for r in application.reviews.all() if r.decision == DecorationReview.Decision.APPROVED}
    return (
        approved >= set(DecorationReview.Step.values)
        and application.agreement_signed
        and bool(application.agreement_file)
        and application.agreement_signed_on is not None
        and (
            application.works_started_on is None
            or application.agreement_signed_on <= application.works_started_on
        )
    )


def overdue_q(now: dt.datetime | None = None) -> Q:
    now = now or clock.now()
    return Q(state__in=WorkOrder.UNANSWERED_STATES, respond_due_at__lt=now) | Q(
        state__in=WorkOrder.OPEN_STATES, complete_due_at__lt=now
    )


def work_orders_for(user, action: str = "view"):
    return WorkOrder.objects.restrict(user, action).select_related(
        "park", "enterprise", "unit__floor__building", "building", "assignee", "reporter"
    )


def work_order_figures(park, start: dt.date, end: dt.date) -> dict:
    """Work orders reported from ``start`` to ``end`` (local days, inclusive) in figures, for a
    smart evaluation (clause 9.1.1): how many met their response and completion targets, the
    mean response minutes and the enterprises' mean rating."""
    from django.utils import timezone

    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    orders = list(
        WorkOrder.objects.filter(
            park=park, reported_at__gte=midnight(start), reported_at__lt=midnight(end + dt.timedelta(days=1))
        ).values_list(
            "reported_at", "accepted_at", "respond_due_at", "completed_at", "complete_due_at", "rating"
        )
    )
    respond_due = [o for o in orders if o[2] is not None]
    complete_due = [o for o in orders if o[4] is not None and o[3] is not None]
    answered = [o for o in orders if o[1] is not None]
    ratings = [o[5] for o in orders if o[5] is not None]
    from decimal import Decimal

    seconds = [Decimal((o[1] - o[0]).total_seconds()) for o in answered]
    return {
        "total": len(orders),
        "respond_targets": len(respond_due),
        "responded_on_time": sum(1 for o in respond_due if o[1] is not None and o[1] <= o[2]),
        "completed_with_target": len(complete_due),
        "completed_on_time": sum(1 for o in complete_due if o[3] <= o[4]),
        "mean_response_minutes": (
            (sum(seconds) / 60 / len(seconds)).quantize(Decimal("0.1")) if seconds else None
        ),
        "ratings": len(ratings),
        "mean_rating": (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01")) if ratings else None,
    }
