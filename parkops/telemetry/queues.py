"""Telemetry's work for the home pages: quarantined readings to review, alarms not cleared.

Both queues are counted (``parkops.core.queues.Counted``): a device sending to an unknown point
every minute fills the quarantine with thousands of rows, and the home shows eight of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from operator import itemgetter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from parkops.core.queues import SHOWN_PER_QUEUE, Counted, Queue, QueueItem, first_shown, register
from parkops.core.scope import DepartmentKind
from parkops.telemetry.models import Alarm, Quarantine
from parkops.telemetry.rollups import LOCAL

REVIEW_DAYS = 1  # a quarantined reading is reviewed the next working day


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL)


def _first_days(rows, field: str, *fields: str) -> list[dict]:
    """``rows`` in ``field`` order up to the end of the local day of the ``SHOWN_PER_QUEUE``-th:
    the items shown first are among them, whatever their titles (items due the same day are
    shown by title), and no later day is read."""
    ordered = rows.order_by(field, "pk").values("pk", field, *fields)
    first = list(ordered[:SHOWN_PER_QUEUE])
    if len(first) < SHOWN_PER_QUEUE:
        return first
    next_day = first[-1][field].astimezone(LOCAL).date() + dt.timedelta(days=1)
    return list(ordered.filter(**{f"{field}__lt": _day_start(next_day)}))


def _labels(model, field: str) -> dict[str, str]:
    """What ``get_<field>_display`` shows for each value, translated once rather than per row."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _linked(entries: list[tuple[QueueItem, int]], model) -> list[QueueItem]:
    """The entries shown first, each with its link (reversed for these only)."""
    return [
        dataclasses.replace(item, url=model(pk=pk).get_absolute_url())
        for item, pk in first_shown(entries, item=itemgetter(0))
    ]


def quarantined(user, today, until):
    """Readings the ingest refused, waiting for review (release or dismiss), due the day after
    they arrived."""
    pending = Quarantine.objects.restrict(user, "view").filter(status=Quarantine.Status.PENDING)
    if until is not None:  # due by ``until``: arrived on or before ``until - REVIEW_DAYS``
        pending = pending.filter(received_at__lt=_day_start(until - dt.timedelta(days=REVIEW_DAYS - 1)))
    counts = pending.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(received_at__lt=_day_start(today - dt.timedelta(days=REVIEW_DAYS)))),
    )
    reasons = _labels(Quarantine, "reason")
    state = str(Quarantine.Status.PENDING.label)
    entries = []
    for row in _first_days(pending, "received_at", "reason", "device_code", "point_code"):
        due = row["received_at"].astimezone(LOCAL).date() + dt.timedelta(days=REVIEW_DAYS)
        item = QueueItem(
            title=f"{reasons.get(row['reason'], row['reason'])} · {row['device_code']}/{row['point_code']}",
            state=state,
            due=due,
            overdue=due < today,
        )
        entries.append((item, row["pk"]))
    return Counted(_linked(entries, Quarantine), counts["total"], counts["overdue"])


def open_alarms(user, today, until):
    """Alarms still open: their condition holds; the work order is on the engineering queue.
    Every one is overdue, so every one shows."""
    alarms = Alarm.objects.restrict(user, "view").filter(status=Alarm.Status.OPEN)
    total = alarms.count()
    severities = _labels(Alarm, "severity")
    state = str(Alarm.Status.OPEN.label)
    entries = []
    for row in _first_days(alarms, "opened_at", "severity", "message"):
        item = QueueItem(
            title=f"{severities.get(row['severity'], row['severity'])} · {row['message']}",
            state=state,
            due=row["opened_at"].astimezone(LOCAL).date(),
            overdue=True,
        )
        entries.append((item, row["pk"]))
    return Counted(_linked(entries, Alarm), total, total)


register(
    Queue(
        "telemetry.quarantine",
        _("待审核隔离读数"),
        quarantined,
        departments=(DepartmentKind.DIGITAL, DepartmentKind.ENGINEERING),
        url_name="telemetry:quarantine_list",
        icon="bi-inbox",
        order=40,
        counted=True,
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
        counted=True,
    )
)
