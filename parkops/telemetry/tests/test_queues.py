"""The home's telemetry queues count in the database and build only the items they show: what
they show, and how many, equals building an item for every pending row as the home once did."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkops.accounts.services import create_user
from parkops.core import clock
from parkops.core import queues as home
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import create_object
from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import Alarm, AlarmRule, Device, Quarantine, Severity
from parkops.telemetry.rollups import LOCAL
from parkops.telemetry.services import dismiss_quarantined

from .factories import at, meter, sensor

pytestmark = pytest.mark.django_db


def engineer(world):
    return create_user(
        by=world.admin,
        username="eng_queues",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENGINEERING,
        operator=world.alpha.operator,
        parks=[world.alpha],
    )


def every_quarantined(user, today):
    """An item for every pending row, as the queue built them before it counted in SQL."""
    pending = Quarantine.objects.restrict(user, "view").filter(status=Quarantine.Status.PENDING)
    for entry in pending:
        due = entry.received_at.astimezone(LOCAL).date() + dt.timedelta(days=1)
        yield home.QueueItem(
            title=f"{entry.get_reason_display()} · {entry.device_code}/{entry.point_code}",
            url=entry.get_absolute_url(),
            state=entry.get_status_display(),
            due=due,
            overdue=due < today,
        )


def every_alarm(user, today):
    for alarm in Alarm.objects.restrict(user, "view").filter(status=Alarm.Status.OPEN):
        yield home.QueueItem(
            title=f"{alarm.get_severity_display()} · {alarm.message}",
            url=alarm.get_absolute_url(),
            state=alarm.get_status_display(),
            due=alarm.opened_at.astimezone(LOCAL).date(),
            overdue=True,
        )


def expected(items, user, queue_key, today):
    queue = home._queues[queue_key]
    shown = sorted(
        (i for i in items if home.shows(i, today, home.lookahead(user, queue))), key=home._sort_key
    )
    return shown[: home.SHOWN_PER_QUEUE], len(shown), sum(1 for i in shown if i.overdue)


def shown(user, key, today):
    [queue] = [q for q in home.queues_for(user, today) if q.queue.key == key]
    return queue.items, queue.total, queue.overdue


def refuse(park, day, codes):
    """Readings of unknown points, received at noon of ``day`` of December."""
    with clock.backdated(at(day, 12)):
        ingest(
            park=park,
            readings=[
                {"device": device, "point": point, "ts": at(day, 11).isoformat(), "value": 1}
                for device, point in codes
            ],
            source="http",
        )


def test_quarantine_queue_shows_and_counts_what_every_row_would(world, clock_at):
    clock_at(at(7, 12))
    meter(world)
    meter(world, world.beta, code="B1")
    # Received on four days, in an order their titles do not follow; more arrive on the day
    # of the eighth than the home shows, so the day's titles decide which of them show.
    refuse(world.alpha, 3, [("M1", "zz"), ("M1", "aa")])
    refuse(world.alpha, 5, [("M9", f"p{n}") for n in (7, 3, 9, 1, 8, 2, 6, 5, 4)])
    refuse(world.alpha, 6, [("M1", "yesterday")])
    refuse(world.alpha, 7, [("M1", "today")])
    refuse(world.beta, 3, [("B1", "beta-only")])
    first = Quarantine.objects.get(point_code="aa")
    dismiss_quarantined(entry=first, by=world.admin, note="测试数据")
    today = dt.date(2026, 12, 7)
    staff = engineer(world)
    for user in (world.admin, staff, world.platform):
        everything = every_quarantined(user, today)
        assert shown(user, "telemetry.quarantine", today) == expected(
            everything, user, "telemetry.quarantine", today
        )
    items, total, overdue = shown(world.admin, "telemetry.quarantine", today)
    # Everything pending in ALPHA shows to its administrator (due this week): what came two
    # days ago or earlier is overdue, yesterday's is due today, today's tomorrow.
    assert (total, overdue) == (12, 10)
    assert [i.title.rsplit("/", 1)[1] for i in items] == ["zz", "p1", "p2", "p3", "p4", "p5", "p6", "p7"]
    assert all(
        i.url == Quarantine.objects.get(point_code=i.title.rsplit("/", 1)[1]).get_absolute_url()
        for i in items
    )
    # The engineer's lookahead is today: yesterday's is due now, today's waits for tomorrow.
    assert shown(staff, "telemetry.quarantine", today)[1:] == (11, 10)
    assert "beta-only" not in {i.title for i in shown(world.admin, "telemetry.quarantine", today)[0]}


def test_alarm_queue_shows_and_counts_what_every_alarm_would(world, clock_at):
    clock_at(at(7, 12))
    create_object(
        model=AlarmRule,
        data={
            "park": world.alpha,
            "name": "环境高温",
            "device_kind": Device.Kind.ENVIRONMENT,
            "condition": AlarmRule.Condition.ABOVE,
            "threshold": Decimal(35),
            "severity": Severity.CRITICAL,
        },
        by=world.admin,
    )
    # Eleven sensors go above the threshold on three days; the messages name them out of order,
    # and the eighth alarm's day has more than fit.
    days = (5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 7)
    for n, day in zip((4, 9, 1, 7, 2, 10, 3, 8, 6, 5, 11), days, strict=True):
        point = sensor(world, code=f"T{n:02}")
        with clock.backdated(at(day, 12)):
            ingest(
                park=world.alpha,
                readings=[
                    {"device": point.device.code, "point": "temp", "ts": at(day, 11).isoformat(), "value": 40}
                ],
                source="http",
            )
    assert Alarm.objects.filter(status=Alarm.Status.OPEN).count() == 11
    today = dt.date(2026, 12, 7)
    staff = engineer(world)
    for user in (world.admin, staff):
        assert shown(user, "telemetry.alarms", today) == expected(
            every_alarm(user, today), user, "telemetry.alarms", today
        )
    items, total, overdue = shown(staff, "telemetry.alarms", today)
    assert (total, overdue, len(items)) == (11, 11, 8)
    assert len({i.due for i in items}) == 2  # the first day's three, then the next day's by message
