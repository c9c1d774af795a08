"""Scheduled insight jobs (huey): the monthly operation and energy reports on the 1st of each
month, the yearly operation report on 1 January."""

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


@db_periodic_task(crontab(month="1", day="1", hour="7", minute="20"))
def yearly_reports() -> int:
    from parkops.insight.services import send_yearly_reports

    return send_yearly_reports(year=clock.localdate().year - 1)
