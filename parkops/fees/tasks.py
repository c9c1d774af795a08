"""Scheduled fee jobs (huey): overdue bills every morning."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.core import clock
from parkops.fees import services


@db_periodic_task(crontab(hour="6", minute="20"))
def daily_overdue() -> int:
    return services.mark_overdue(today=clock.localdate())
