"""Background jobs: one self-assessment per park per day, for the scorecard's history."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.core import clock


def record_daily_assessments() -> int:
    """Record today's assessment of every park that has none by the job yet; returns how many."""
    from parkops.assessment.models import AssessmentRun
    from parkops.assessment.services import record_assessment
    from parkops.core.models import Park

    today = clock.localdate()
    done = set(
        AssessmentRun.objects.filter(as_of=today, recorded_by__isnull=True).values_list("park_id", flat=True)
    )
    count = 0
    for park in Park.objects.exclude(pk__in=done).order_by("pk"):
        record_assessment(park=park, as_of=today, by=None)
        count += 1
    return count


@db_periodic_task(crontab(hour="2", minute="0"))
def daily_assessments() -> int:
    return record_daily_assessments()
