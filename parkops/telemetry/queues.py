"""Telemetry's work for the home pages: quarantined readings to review, alarms not cleared."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from parkops.core.queues import Queue, QueueItem, register
from parkops.core.scope import DepartmentKind
from parkops.telemetry.models import Alarm, Quarantine
from parkops.telemetry.rollups import LOCAL

REVIEW_DAYS = 1  # a quarantined reading is reviewed the next working day


def quarantined(user, today):
    """Readings the ingest refused, waiting for review (release or dismiss)."""
    entries = Quarantine.objects.restrict(user, "view").filter(status=Quarantine.Status.PENDING)
    for entry in entries.order_by("received_at", "pk")[:200]:
        due = entry.received_at.astimezone(LOCAL).date() + dt.timedelta(days=REVIEW_DAYS)
        yield QueueItem(
            title=f"{entry.get_reason_display()} · {entry.device_code}/{entry.point_code}",
            url=entry.get_absolute_url(),
            state=entry.get_status_display(),
            due=due,
            overdue=due < today,
        )


def open_alarms(user, today):
    """Alarms still open: their condition holds; the work order is on the engineering queue."""
    alarms = Alarm.objects.restrict(user, "view").filter(status=Alarm.Status.OPEN).select_related("device")
    for alarm in alarms.order_by("opened_at", "pk")[:200]:
        yield QueueItem(
            title=f"{alarm.get_severity_display()} · {alarm.message}",
            url=alarm.get_absolute_url(),
            state=alarm.get_status_display(),
            due=alarm.opened_at.astimezone(LOCAL).date(),
            overdue=True,
        )


register(
    Queue(
        "telemetry.quarantine",
        _("待审核隔离读数"),
        quarantined,
        departments=(DepartmentKind.DIGITAL, DepartmentKind.ENGINEERING),
        url_name="telemetry:quarantine_list",
        icon="bi-inbox",
        order=40,
    )
)
register(
    Queue(
        "telemetry.alarms",
        _("未恢复的设备告警"),
        open_alarms,
        departments=(DepartmentKind.DIGITAL, DepartmentKind.ENGINEERING),
        url_name="telemetry:alarm_list",
        icon="bi-bell",
        order=41,
    )
)
