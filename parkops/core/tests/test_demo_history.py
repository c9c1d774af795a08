"""The demo's history lies in the past: built at 03:05, it holds no patrol round, visit or
hazard of "today" dated after 03:05."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parkops.core import clock
from parkops.core.demo.context import DEFAULT_PASSWORD
from parkops.core.demo.runner import discover_parts, run
from parkops.core.tests.test_demo import free_demo_usernames

EARLY = dt.datetime(2026, 12, 2, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_a_demo_built_before_dawn_has_no_later_history(clock_at):
    from parkops.safety import models as safety

    clock_at(EARLY)
    free_demo_usernames()
    # core's part (the park, its people) and safety's, which keeps a round "under way today".
    parts = [part for part in discover_parts() if part.label in ("core", "safety")]
    assert run(password=DEFAULT_PASSWORD, parts=parts).built == ["core", "safety"]
    built_at = clock.now()
    assert built_at - EARLY < dt.timedelta(hours=1)  # the clock really ran from 03:05

    today = clock.localdate()
    runs = safety.PatrolRun.objects.all()
    assert runs.filter(started_at__date__gte=today - dt.timedelta(days=1)).exists()
    later = {
        "patrol run": list(runs.filter(started_at__gt=built_at).values_list("started_at", flat=True)),
        "visit": list(
            safety.CheckpointVisit.objects.filter(visited_at__gt=built_at).values_list(
                "visited_at", flat=True
            )
        ),
        "hazard": list(
            safety.Hazard.objects.filter(found_at__gt=built_at).values_list("found_at", flat=True)
        ),
    }
    assert later == {"patrol run": [], "visit": [], "hazard": []}
