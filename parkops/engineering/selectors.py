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
