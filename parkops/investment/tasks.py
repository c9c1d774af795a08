"""Scheduled investment jobs (huey): lease dates and expiry reminders, every morning."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.core import clock
from parkops.investment import services


@db_periodic_task(crontab(hour="6", minute="10"))
def daily_lease_jobs() -> dict:
    """Expire ended leases (freeing their units), start reserved ones, and record 90/60/30-day
    expiry reminders."""
    today = clock.localdate()
    result = services.apply_lease_dates(today=today)
    result["reminders"] = len(services.record_lease_reminders(today=today))
    return result
