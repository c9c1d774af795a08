"""The demo's history lies in the past: built at 03:05, it holds nothing of "today" dated after
03:05 — no patrol round, work order step, ticket, booking already held, reading or bill — only
deadlines and the bookings still to come lie ahead."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import models

from parkops.core import clock
from parkops.core.demo.context import DEFAULT_PASSWORD
from parkops.core.demo.runner import discover_parts, run
from parkops.core.tests.test_demo import free_demo_usernames

EARLY = dt.datetime(2026, 12, 2, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
# The parts whose history is checked, and those they build on (leases for bills and bookings).
PARTS = ("core", "spaces", "investment", "fees", "safety", "engineering", "service", "environment")
CHECKED = (*PARTS, "notifications")


def _planned(model, field: models.DateTimeField) -> bool:
    """Datetimes that are meant to lie ahead: deadlines (a work order's completion target, a
    ticket's response target) and the bookings still to come."""
    return field.name.endswith("due_at") or (
        model._meta.label_lower == "spaces.booking" and field.name in ("starts_at", "ends_at")
    )


def _datetime_fields(model) -> list[models.DateTimeField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]


def _models():
    return [model for label in CHECKED for model in apps.get_app_config(label).get_models()]


@pytest.mark.single_db
@pytest.mark.django_db
def test_a_demo_built_before_dawn_has_no_later_history(clock_at):
    from parkops.safety import models as safety
    from parkops.spaces.models import Booking

    clock_at(EARLY)
    free_demo_usernames()
    before = {model: set(model._default_manager.values_list("pk", flat=True)) for model in _models()}
    parts = [part for part in discover_parts() if part.label in PARTS]
    assert sorted(run(password=DEFAULT_PASSWORD, parts=parts).built) == sorted(PARTS)
    built_at = clock.now()
    assert built_at - EARLY < dt.timedelta(hours=1)  # the clock really ran from 03:05

    # Safety keeps a round "under way today" however early the demo is built.
    today = clock.localdate()
    assert safety.PatrolRun.objects.filter(started_at__date__gte=today - dt.timedelta(days=1)).exists()

    later, checked = [], 0
    for model in _models():
        made = model._default_manager.exclude(pk__in=before[model])
        for field in _datetime_fields(model):
            if _planned(model, field):
                continue
            checked += 1
            for pk, value in made.filter(**{f"{field.name}__gt": built_at}).values_list("pk", field.name)[:3]:
                later.append(f"{model._meta.label}#{pk}.{field.name} = {value:%Y-%m-%d %H:%M}")
    assert checked > 100  # every part's models were looked at, not an empty list
    assert later == []
    # The bookings left out above are the ones still to come (their booking, decision and
    # cancellation times were checked).
    assert Booking.objects.filter(starts_at__gt=built_at).exists()
