"""Background jobs: remind survey invitees who have not answered."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.service import services


@db_periodic_task(crontab(day_of_week="1,4", hour="9", minute="30"))
def remind_survey_invitees() -> int:
    return services.send_reminders()
