"""The spaces queues on the home pages: bookings waiting for approval for those who may approve
them, and a tenant's own upcoming bookings (never a neighbour's)."""

import datetime as dt

import pytest
from django.urls import reverse

from parkops.core import clock
from parkops.core.services import update_object
from parkops.spaces import services
from parkops.spaces.models import Booking
from parkops.spaces.queues import pending_approvals
from parkops.spaces.tests.helpers import at, make_room

pytestmark = pytest.mark.django_db


def book(space, user, start, end, purpose):
    return services.book(space=space, by=user, starts_at=start, ends_at=end, purpose=purpose, attendees=2)


def queue(page, group, key):
    return {q.queue.key: q for q in page.context[group]}.get(key)


def test_pending_bookings_wait_for_who_may_approve_them(world, client):
    room = make_room(world, needs_approval=True)
    soon = book(room, world.tenant_a, at(1, 10), at(1, 11), "甲企业客户接待")
    later = book(room, world.tenant_b, at(20, 14), at(20, 15), "乙企业季度会")
    decided = book(room, world.tenant_b, at(3, 9), at(3, 10), "乙企业面试")
    services.decide(booking=decided, by=world.admin, approve=True)
    assert soon.status == later.status == Booking.Status.PENDING

    client.force_login(world.staff_admin)  # 综合管理部: approves bookings (BOOKING_MANAGERS)
    page = client.get(reverse("home"))
    approvals = queue(page, "work", "spaces.approvals")
    # Both wait now, however far ahead the slot: the soonest first; a decided one is gone.
    assert [i.url for i in approvals.items] == [soon.get_absolute_url(), later.get_absolute_url()]
    assert "甲企业客户接待" in approvals.items[0].detail
    assert "待审批的空间预约" in page.content.decode()

    client.force_login(world.admin)
    admin_urls = [i.url for i in queue(client.get(reverse("home")), "work", "spaces.approvals").items]
    assert admin_urls == [soon.get_absolute_url(), later.get_absolute_url()]

    for user in (world.staff_safety, world.admin_beta):  # may not approve ALPHA's bookings
        client.force_login(user)
        shown = queue(client.get(reverse("home")), "work", "spaces.approvals")
        assert shown is None or shown.items == []


def test_a_slot_that_has_begun_unapproved_is_overdue_one_that_has_ended_is_gone(world):
    room = make_room(world, needs_approval=True)
    running = book(room, world.tenant_a, at(2, 10), at(2, 12), "培训")
    ended = book(room, world.tenant_b, at(3, 10), at(3, 12), "讲座")
    ahead = book(room, world.tenant_b, at(4, 10), at(4, 12), "沙龙")
    now = clock.now()
    # Pending while their slots passed (times moved by an administrator's edit).
    update_object(
        obj=running,
        data={"starts_at": now - dt.timedelta(hours=1), "ends_at": now + dt.timedelta(hours=1)},
        by=world.admin,
    )
    update_object(
        obj=ended,
        data={"starts_at": now - dt.timedelta(hours=3), "ends_at": now - dt.timedelta(hours=2)},
        by=world.admin,
    )
    items = list(pending_approvals(world.staff_admin, clock.localdate()))
    assert [(i.url, i.overdue) for i in items] == [
        (running.get_absolute_url(), True),
        (ahead.get_absolute_url(), False),
    ]


def test_tenant_sees_its_own_upcoming_bookings_not_a_neighbours(world, client):
    room = make_room(world)
    mine = book(room, world.tenant_a, at(2, 10), at(2, 11), "甲企业周会")
    pending_room = make_room(world, name="路演厅", needs_approval=True)
    waiting = book(pending_room, world.tenant_a, at(5, 14), at(5, 15), "甲企业路演")
    cancelled = book(room, world.tenant_a, at(3, 10), at(3, 11), "取消的会")
    services.cancel(booking=cancelled, by=world.tenant_a)
    neighbour = book(room, world.tenant_b, at(2, 14), at(2, 15), "乙企业董事会")

    client.force_login(world.tenant_a)
    page = client.get(reverse("home"))
    upcoming = queue(page, "open_requests", "spaces.tenant_upcoming")
    assert [i.url for i in upcoming.items] == [mine.get_absolute_url(), waiting.get_absolute_url()]
    assert [i.state for i in upcoming.items] == ["已确认", "待审批"]
    html = page.content.decode()
    assert "乙企业董事会" not in html and neighbour.get_absolute_url() not in html
    assert "待审批的空间预约" not in html  # tenants approve nothing

    client.force_login(world.tenant_b)
    theirs = queue(client.get(reverse("home")), "open_requests", "spaces.tenant_upcoming")
    assert [i.url for i in theirs.items] == [neighbour.get_absolute_url()]
