"""Bookings: no double booking (service and database), rules, cancellation, approval, and
what a tenant may know of other people's bookings."""

import datetime as dt
import threading
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction

from parkops.audit.models import AuditEntry
from parkops.core import clock
from parkops.spaces import selectors, services
from parkops.spaces.models import Booking
from parkops.spaces.tests.helpers import at, make_room


def book(w, space, user, start, end, purpose="讨论"):
    return services.book(space=space, by=user, starts_at=start, ends_at=end, purpose=purpose, attendees=4)


def test_tenant_booking_is_confirmed_priced_and_audited(world):
    room = make_room(world)
    booking = book(world, room, world.tenant_a, at(2, 10), at(2, 11, 30))
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.enterprise == world.ent_a and booking.booked_by == world.tenant_a
    assert booking.price == Decimal("75.00")
    assert AuditEntry.objects.filter(
        object_type="spaces.booking", object_id=str(booking.pk), action="create"
    ).exists()


def test_overlapping_slot_refused_adjacent_allowed(world):
    room = make_room(world)
    book(world, room, world.tenant_a, at(2, 10), at(2, 12))
    for start, end in (
        (at(2, 10), at(2, 12)),
        (at(2, 11), at(2, 13)),
        (at(2, 9), at(2, 10, 30)),
        (at(2, 10, 30), at(2, 11)),
    ):
        with pytest.raises(ValidationError) as exc:
            book(world, room, world.tenant_b, start, end)
        assert exc.value.message_dict == {"starts_at": ["该时段已被预约"]}
    book(world, room, world.tenant_b, at(2, 12), at(2, 13))  # starts when the other ends
    book(world, room, world.staff_safety, at(2, 9), at(2, 10))  # ends when the other starts
    assert Booking.objects.filter(space=room, status__in=Booking.ACTIVE).count() == 3


def test_cancelled_booking_frees_the_slot(world):
    room = make_room(world)
    first = book(world, room, world.tenant_a, at(3, 14), at(3, 15))
    with pytest.raises(ValidationError):
        book(world, room, world.tenant_b, at(3, 14), at(3, 15))
    with pytest.raises(PermissionDenied):
        services.cancel(booking=first, by=world.tenant_b)
    services.cancel(booking=first, by=world.tenant_a, reason="改期")
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED and first.cancel_reason == "改期"
    assert book(world, room, world.tenant_b, at(3, 14), at(3, 15)).status == Booking.Status.CONFIRMED
    with pytest.raises(ValidationError):
        services.cancel(booking=first, by=world.tenant_a)  # already cancelled


def test_database_refuses_an_overlap_that_skips_the_service(world):
    room = make_room(world)
    book(world, room, world.tenant_a, at(4, 10), at(4, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            space=room,
            booked_by=world.tenant_b,
            enterprise=world.ent_b,
            starts_at=at(4, 10, 30),
            ends_at=at(4, 11, 30),
            purpose="绕过服务",
        )
    # Inactive rows never conflict; moving a row onto a taken slot is refused too.
    other = Booking.objects.create(
        space=room,
        booked_by=world.tenant_b,
        starts_at=at(4, 10),
        ends_at=at(4, 11),
        purpose="已取消",
        status=Booking.Status.CANCELLED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=other.pk).update(status=Booking.Status.PENDING)


def test_rules_hours_length_notice_capacity_and_who(world):
    room = make_room(world, max_minutes=120, who="tenants")
    cases = [
        ((at(2, 7), at(2, 9)), "starts_at", "超出开放时间"),
        ((at(2, 19), at(2, 20, 30)), "starts_at", "超出开放时间"),
        ((at(2, 10), at(2, 13)), "ends_at", "单次预约最长 2 小时"),
        ((at(2, 10, 15), at(2, 11)), "starts_at", "30 分钟为单位"),
        ((at(-1, 10), at(-1, 11)), "starts_at", "已经过去"),
        ((at(90, 10), at(90, 11)), "starts_at", "最多提前 60 天"),
    ]
    for (start, end), field, text in cases:
        with pytest.raises(ValidationError) as exc:
            book(world, room, world.tenant_a, start, end)
        assert text in " ".join(exc.value.message_dict[field]), (start, exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.book(
            space=room, by=world.tenant_a, starts_at=at(2, 10), ends_at=at(2, 11), purpose="x", attendees=30
        )
    assert "超过容纳人数" in exc.value.message_dict["attendees"][0]
    with pytest.raises(ValidationError) as exc:
        book(world, room, world.staff_invest, at(2, 10), at(2, 11))
    assert exc.value.messages == ["该空间仅供入驻企业预约"]
    staff_room = make_room(world, name="员工活动室", who="staff")
    with pytest.raises(ValidationError):
        book(world, staff_room, world.tenant_a, at(2, 10), at(2, 11))
    assert not Booking.objects.exists()


def test_assessor_and_other_parks_cannot_book(world):
    room = make_room(world)
    with pytest.raises(PermissionDenied):
        book(world, room, world.tenant_c, at(2, 10), at(2, 11))  # BETA's tenant
    with pytest.raises(PermissionDenied):
        book(world, room, world.assessor, at(2, 10), at(2, 11))


def test_approval_flow(world):
    room = make_room(world, needs_approval=True)
    booking = book(world, room, world.tenant_a, at(5, 9), at(5, 10))
    assert booking.status == Booking.Status.PENDING
    with pytest.raises(ValidationError):  # a pending booking holds the slot
        book(world, room, world.tenant_b, at(5, 9), at(5, 10))
    with pytest.raises(PermissionDenied):
        services.decide(booking=booking, by=world.tenant_a, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide(booking=booking, by=world.staff_safety, approve=True)
    with pytest.raises(ValidationError):
        services.decide(booking=booking, by=world.admin, approve=False, note="")
    services.decide(booking=booking, by=world.admin, approve=True, note="同意")
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (Booking.Status.CONFIRMED, world.admin)
    rejected = book(world, room, world.tenant_b, at(5, 11), at(5, 12))
    services.decide(booking=rejected, by=world.admin, approve=False, note="当天检修")
    assert book(world, room, world.tenant_a, at(5, 11), at(5, 12)).status == Booking.Status.PENDING
    # a booking manager's own booking needs no approval
    assert book(world, room, world.admin, at(5, 14), at(5, 15)).status == Booking.Status.CONFIRMED


def test_tenant_sees_busy_slots_but_not_who_booked(world):
    room = make_room(world)
    theirs = book(world, room, world.tenant_b, at(2, 10), at(2, 11), purpose="乙企业董事会")
    mine = book(world, room, world.tenant_a, at(2, 14), at(2, 15), purpose="甲企业面试")
    assert list(Booking.objects.restrict(world.tenant_a)) == [mine]
    busy = selectors.busy_slots(room, world.tenant_a, at(2, 0), at(3, 0))
    assert [(b.starts_at, b.mine, b.label, b.booking) for b in busy] == [
        (theirs.starts_at, False, "已预约", None),
        (mine.starts_at, True, "甲企业面试（甲企业）", mine),
    ]
    staff_view = selectors.busy_slots(room, world.admin, at(2, 0), at(3, 0))
    assert staff_view[0].label == "乙企业董事会（乙企业）"


def test_calendar_page_hides_bookers_from_other_tenants(client, world):
    room = make_room(world)
    book(world, room, world.tenant_b, at(2, 10), at(2, 11), purpose="乙企业董事会")
    client.force_login(world.tenant_a)
    page = client.get(
        f"/spaces/rooms/{room.pk}/calendar/?week={at(2, 0).date().isoformat()}"
    ).content.decode()
    assert "已预约" in page and "乙企业" not in page and "董事会" not in page
    response = client.post(
        f"/spaces/rooms/{room.pk}/book/",
        {
            "date": at(2, 0).date().isoformat(),
            "start": "10:30",
            "end": "11:30",
            "purpose": "周会",
            "attendees": 3,
        },
    )
    assert response.status_code == 200 and "该时段已被预约" in response.content.decode()
    response = client.post(
        f"/spaces/rooms/{room.pk}/book/",
        {
            "date": at(2, 0).date().isoformat(),
            "start": "11:00",
            "end": "12:00",
            "purpose": "周会",
            "attendees": 3,
        },
    )
    booking = Booking.objects.get(purpose="周会")
    assert response.status_code == 302 and response["Location"] == f"/spaces/bookings/{booking.pk}/"
    assert booking.status == Booking.Status.CONFIRMED
    # tenant_b's booking page is not tenant_a's to open
    other = Booking.objects.get(purpose="乙企业董事会")
    assert client.get(f"/spaces/bookings/{other.pk}/").status_code == 404


def test_week_grid_marks_free_busy_and_past(world):
    room = make_room(world)
    book(world, room, world.tenant_a, at(8, 9), at(8, 10))
    monday = selectors.week_start(at(8, 0).date())
    grid = selectors.week_grid(room, world.tenant_a, monday)
    assert len(grid["rows"]) == 24  # 08:00–20:00 in half hours
    col = (at(8, 0).date() - monday).days
    states = {row["time"]: row["cells"][col]["state"] for row in grid["rows"]}
    assert states[dt.time(9)] == states[dt.time(9, 30)] == "busy"
    assert states[dt.time(8, 30)] == states[dt.time(10)] == "free"


def test_api_books_and_refuses_double_booking(client, world):
    room = make_room(world)
    client.force_login(world.tenant_a)
    payload = {
        "space": room.pk,
        "starts_at": at(6, 10).isoformat(),
        "ends_at": at(6, 11).isoformat(),
        "purpose": "接口预约",
        "attendees": 2,
    }
    first = client.post("/api/spaces/bookings/", payload, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "confirmed"
    client.force_login(world.tenant_b)
    second = client.post("/api/spaces/bookings/", payload, content_type="application/json")
    assert second.status_code == 400 and second.json()["starts_at"] == ["该时段已被预约"]
    assert client.get("/api/spaces/bookings/").json()["count"] == 0  # not tenant_b's
    client.force_login(world.tenant_a)
    booking_id = first.json()["id"]
    assert (
        client.post(
            f"/api/spaces/bookings/{booking_id}/cancel/", {"note": "取消"}, content_type="application/json"
        ).json()["status"]
        == "cancelled"
    )


def test_usage_statistics(world):
    room = make_room(world)
    booking = book(world, room, world.tenant_a, at(2, 10), at(2, 12))
    month = at(2, 10).date()
    stats = selectors.month_usage(room, month.year, month.month)
    assert stats["hours"] == Decimal("2.0")
    import calendar

    open_hours = 12 * calendar.monthrange(month.year, month.month)[1]
    assert stats["rate"] == (Decimal(200) / open_hours).quantize(Decimal("0.1"))
    services.cancel(booking=booking, by=world.tenant_a)
    assert selectors.month_usage(room, month.year, month.month)["hours"] == Decimal("0.0")


# --- Two people, one slot, one moment ---------------------------------------------------------


def _race(room, users):
    """Each user books the same slot from its own thread and connection, all at once."""
    barrier = threading.Barrier(len(users))
    outcomes = []

    def attempt(user):
        # SQLite's shared in-memory test database answers a second writer with "table is
        # locked" instead of waiting (a file database waits on its busy timeout); the
        # resubmission then meets the taken slot.
        for _ in range(300):
            try:
                return services.book(
                    space=room, by=user, starts_at=at(7, 15), ends_at=at(7, 16), purpose="抢订", attendees=2
                )
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("the database stayed locked")

    def run(user):
        try:
            barrier.wait(timeout=10)
            attempt(user)
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append("taken" if "该时段已被预约" in str(exc) else f"error: {exc}")
        except Exception as exc:  # noqa: BLE001 (reported in the assertion)
            outcomes.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.sqlite
def test_two_people_booking_the_same_slot_at_the_same_moment_sqlite(tworld):
    # Real commits (tworld): the test's own connection must not hold SQLite's write lock (a
    # TestCase transaction would, as writes begin IMMEDIATE).
    room = make_room(tworld)
    assert _race(room, [tworld.tenant_a, tworld.tenant_b]) == ["booked", "taken"]
    assert Booking.objects.filter(space=room, status__in=Booking.ACTIVE).count() == 1


@pytest.mark.sqlite
def test_sqlite_trigger_admits_one_of_two_simultaneous_writers(tworld, tmp_path):
    # The database alone, under real concurrency: two connections to one database file with
    # the platform's SQLite settings (WAL, busy timeout, IMMEDIATE transactions) insert an
    # overlapping active booking at the same moment, with no service pre-check and no retry.
    # SQLite admits one writer at a time; the second waits on the busy timeout and its
    # trigger then sees the first's committed row.
    import sqlite3

    room = make_room(tworld)
    source = Booking.objects.create(
        space=room,
        booked_by=tworld.tenant_b,
        starts_at=at(8, 10),
        ends_at=at(8, 11),
        purpose="并发写入",
        status=Booking.Status.CANCELLED,
    )
    path = tmp_path / "parkops.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    target.close()
    with sqlite3.connect(path) as probe:
        columns = [row[1] for row in probe.execute("PRAGMA table_info(spaces_booking)") if row[1] != "id"]
    probe.close()
    names = ", ".join(columns)
    values = ", ".join("'confirmed'" if c == "status" else c for c in columns)
    insert = f"INSERT INTO spaces_booking ({names}) SELECT {values} FROM spaces_booking WHERE id = ?"
    barrier = threading.Barrier(2)
    outcomes = []

    def write():
        db = sqlite3.connect(path, timeout=20, isolation_level=None)
        try:
            barrier.wait(timeout=10)
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(insert, [source.pk])
                db.execute("COMMIT")
                outcomes.append("booked")
            except sqlite3.IntegrityError as exc:
                db.execute("ROLLBACK")
                outcomes.append("refused" if "spaces_booking_no_overlap" in str(exc) else f"error: {exc}")
        except Exception as exc:  # noqa: BLE001 (reported in the assertion)
            outcomes.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            db.close()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["booked", "refused"], outcomes
    with sqlite3.connect(path) as check:
        active = check.execute(
            "SELECT count(*) FROM spaces_booking WHERE space_id = ? AND status IN ('pending', 'confirmed')",
            [room.pk],
        ).fetchone()[0]
    check.close()
    assert active == 1


def _in_thread(fn):
    out = []

    def run():
        try:
            out.append(fn())
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=60)
    return out[0] if out else None


@pytest.mark.postgres
def test_two_people_booking_the_same_slot_at_the_same_moment_postgres(world):
    # The committed world is visible to other connections; the room is made and removed by
    # a connection of its own, so its rows are committed for the racing threads (the test's
    # transaction only reads). Its audit entries stay, as audit entries do.
    room = _in_thread(lambda: make_room(world, name="并发测试会议室"))
    assert room is not None
    try:
        assert _race(room, [world.tenant_a, world.tenant_b]) == ["booked", "taken"]
        assert _in_thread(lambda: Booking.objects.filter(space=room, status__in=Booking.ACTIVE).count()) == 1
    finally:
        _in_thread(lambda: room.delete())


SHANGHAI = ZoneInfo("Asia/Shanghai")
MOMENTS = {
    "monday-morning": dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI),
    "wednesday-0300": dt.datetime(2026, 12, 2, 3, 0, tzinfo=SHANGHAI),
    "sunday-2330": dt.datetime(2026, 12, 6, 23, 30, tzinfo=SHANGHAI),
    "month-end-2200": dt.datetime(2026, 12, 31, 22, 0, tzinfo=SHANGHAI),
}


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_booking_rules_hold_at_any_hour(world, clock_at, moment):
    """What the calendar offers is what the rules accept, whatever the day and hour: next
    week's first slot books; the slot just gone and the one inside the notice are refused;
    "past" on the calendar is measured by the same clock."""
    clock_at(moment)
    room = make_room(world, min_notice_minutes=60)
    today = moment.date()
    assert clock.localdate() == today
    next_monday = selectors.week_start(today) + dt.timedelta(days=7)
    grid = selectors.week_grid(room, world.tenant_a, next_monday)
    first = grid["rows"][0]["cells"][0]
    assert first["state"] == "free"
    booking = book(world, room, world.tenant_a, first["start"], first["start"] + dt.timedelta(minutes=30))
    assert booking.status == Booking.Status.CONFIRMED
    this_week = selectors.week_grid(room, world.tenant_a, selectors.week_start(today))
    states = {cell["start"]: cell["state"] for row in this_week["rows"] for cell in row["cells"]}
    assert all(state == "past" for start, state in states.items() if start < moment)
    assert all(state != "past" for start, state in states.items() if start > moment + dt.timedelta(minutes=1))
    past = clock.localtime().replace(minute=0, second=0, microsecond=0)
    with pytest.raises(ValidationError) as exc:
        book(world, room, world.tenant_a, past, past + dt.timedelta(minutes=30))
    assert "starts_at" in exc.value.message_dict
    soon = past + dt.timedelta(hours=1)  # within the hour's notice, or closed at night
    with pytest.raises(ValidationError) as exc:
        book(world, room, world.tenant_a, soon, soon + dt.timedelta(minutes=30))
    assert "starts_at" in exc.value.message_dict
    # the horizon counts days in Shanghai: the 60th day books, the 61st does not
    last = dt.datetime.combine(today + dt.timedelta(days=60), dt.time(10), SHANGHAI)
    assert book(world, room, world.tenant_a, last, last + dt.timedelta(minutes=30)).pk
    with pytest.raises(ValidationError) as exc:
        book(
            world, room, world.tenant_a, last + dt.timedelta(days=1), last + dt.timedelta(days=1, minutes=30)
        )
    assert "最多提前 60 天" in " ".join(exc.value.message_dict["starts_at"])
