"""Background jobs: escalate overdue work orders, open maintenance orders when plans fall due."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.engineering import services


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_work_orders() -> int:
    return len(services.escalate_overdue())


@db_periodic_task(crontab(hour="6", minute="0"))
def generate_maintenance_orders() -> int:
    return len(services.generate_due_orders())
