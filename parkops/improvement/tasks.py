"""Background jobs of the improvement loop."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.improvement.services import escalate_overdue


@db_periodic_task(crontab(hour="8", minute="30"))
def escalate_overdue_actions() -> int:
    """Every morning: escalate corrective actions past their deadline (clause 9.3)."""
    return len(escalate_overdue())
