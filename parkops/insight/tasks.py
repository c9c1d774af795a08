"""Scheduled insight jobs (huey): the monthly operation report on the 1st of each month."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.core import clock


@db_periodic_task(crontab(day="1", hour="7", minute="10"))
def monthly_reports() -> int:
    from parkops.insight.services import send_monthly_reports

    first = clock.localdate().replace(day=1)
    return send_monthly_reports(month=(first - dt.timedelta(days=1)).replace(day=1))
