"""Shared set-up for the spaces tests: a meeting room in ALPHA with a booking rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parkops.core import clock
from parkops.core import models as core
from parkops.core.services import create_object
from parkops.spaces.models import BookingRule, FunctionSpace


def make_room(w, *, name="一号会议室", **rule):
    floor = core.Floor.objects.get(building__park=w.alpha, number=1)
    space = create_object(
        model=FunctionSpace,
        data={
            "park": w.alpha,
            "floor": floor,
            "kind": "meeting_room",
            "name": name,
            "capacity": 12,
            "description": "12 人会议室，配投影和视频会议终端",
        },
        by=w.admin,
    )
    data = {
        "space": space,
        "who": "both",
        "opens_at": dt.time(8),
        "closes_at": dt.time(20),
        "max_minutes": 240,
        "min_notice_minutes": 30,
        "horizon_days": 60,
        "needs_approval": False,
        "price_per_hour": Decimal("50.00"),
    }
    data.update(rule)
    create_object(model=BookingRule, data=data, by=w.admin)
    return FunctionSpace.objects.select_related("rule").get(pk=space.pk)


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Shanghai time ``days`` from today."""
    day = clock.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_current_timezone())
