"""Brand's work on the home pages: opinion events not yet closed, the serious ones first."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from parkops.brand.models import BRAND, OpinionEvent
from parkops.core import clock
from parkops.core.queues import Queue, QueueItem, register
from parkops.core.workflow import due

# Time to reach the next step by level: a serious event is answered the same day.
RESPONSE_HOURS = {OpinionEvent.Level.HIGH: 4, OpinionEvent.Level.MEDIUM: 24, OpinionEvent.Level.LOW: 72}


def open_opinions(user, today):
    """Opinion events still open; those not yet answered are due within their level's hours."""
    qs = (
        OpinionEvent.objects.restrict(user, "change")
        .exclude(state=OpinionEvent.State.CLOSED)
        .annotate(
            rank=Case(
                When(level=OpinionEvent.Level.HIGH, then=Value(0)),
                When(level=OpinionEvent.Level.MEDIUM, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "found_at")
    )
    for opinion in qs:
        waiting = opinion.state in (OpinionEvent.State.NEW, OpinionEvent.State.ASSESSED)
        deadline = due(opinion.found_at, hours=RESPONSE_HOURS[opinion.level]) if waiting else None
        yield QueueItem(
            title=str(opinion),
            url=opinion.get_absolute_url(),
            state=f"{opinion.get_level_display()} · {opinion.get_state_display()}",
            due=deadline,
            overdue=deadline is not None and deadline < clock.now(),
            mine=opinion.handler_id == user.pk,
        )


register(
    Queue(
        "brand.open_opinions",
        _("处置中的舆情"),
        open_opinions,
        departments=BRAND,
        url_name="brand:opinionevent_list",
        icon="bi-megaphone",
        order=70,
    )
)
