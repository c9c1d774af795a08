"""Daily jobs: escalate overdue hazards, remind of inspections and licences due within a month."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.safety import services


@db_periodic_task(crontab(minute="0", hour="*/1"))
def escalate_overdue_hazards() -> int:
    return len(services.escalate_overdue_hazards())


@db_periodic_task(crontab(minute="30", hour="0"))  # 08:30 Asia/Shanghai is 00:30 UTC
def send_expiry_reminders() -> int:
    return services.send_expiry_reminders()
