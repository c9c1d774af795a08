"""Periodic job: devices silent for longer than their offline rule allows raise an alarm."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from parkops.telemetry import alarms


@db_periodic_task(crontab(minute="*/5"))
def check_offline_devices() -> int:
    return len(alarms.check_offline())
