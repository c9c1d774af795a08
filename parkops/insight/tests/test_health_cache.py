"""The home's 流失风险企业 queue reads tenant health from the cache shared by everyone who reads
the whole park: it shows what the computation gives, a write shows on the next view, and a
tenant reads only its own enterprise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.accounts.services import create_user
from parkops.core.scope import DepartmentKind, Role
from parkops.insight import analysis
from parkops.insight.tests.factories import bill
from parkops.insight.tests.test_analysis import NOW, TODAY, lease

pytestmark = pytest.mark.django_db

# The home of an enterprise-service officer on the named world: the session and its sign-in
# checks, the parks, one query per queue of the department, the audit-chain heads (the cache's
# key), the permissions and the menu. Computing tenant health again would cost nine more.
HOME_QUERIES = 18


def enterprise_officer(world):
    return create_user(
        by=world.admin,
        username="staff_enterprise",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENTERPRISE,
        operator=world.alpha.operator,
        parks=[world.alpha],
    )


@pytest.fixture
def residents(world, clock_at):
    """甲企业 at 75 (lease ends in 150 days, no service use): not yet at risk; 乙企业 at 40
    (lease ends in 74 days, two overdue bills, no service use)."""
    clock_at(NOW)
    lease(world, world.ent_a, "L-A", TODAY + dt.timedelta(days=150))
    lease(world, world.ent_b, "L-B", TODAY + dt.timedelta(days=74))
    bill(world, world.ent_b, dt.date(2026, 9, 1), "5000", "B-1", due_on=dt.date(2026, 9, 25))
    bill(world, world.ent_b, dt.date(2026, 10, 1), "5000", "B-2", due_on=dt.date(2026, 10, 25))
    return world


def at_risk_shown(client):
    page = client.get(reverse("home"))
    assert page.status_code == 200
    [queue] = [q for q in page.context["work"] if q.queue.key == "insight.at_risk"]
    return [(i.title, i.url, i.state, i.due) for i in queue.items]


def computed(world):
    """The queue's items from tenant health computed afresh (no cache), as the queue builds them."""
    url = reverse("insight:health") + f"?park={world.alpha.pk}"
    return [
        (
            f"{h.enterprise.name} · {world.alpha.name}",
            url,
            f"健康度 {h.score}：" + "、".join(str(f.label) for f in h.drivers),
            h.lease_end,
        )
        for h in analysis.tenant_health(world.admin, world.alpha, TODAY)
        if h.at_risk
    ]


def reads_health(queries) -> bool:
    """Whether tenant health was computed: only it reads utility readings on the home."""
    return any("fees_utilityreading" in q["sql"] for q in queries.captured_queries)


def test_cached_home_shows_what_the_computation_gives_to_every_reader(residents, client):
    world = residents
    client.force_login(enterprise_officer(world))
    with CaptureQueriesContext(connection) as first:
        shown = at_risk_shown(client)
    assert reads_health(first)
    assert shown == computed(world)
    assert [title for title, *_ in shown] == [f"乙企业 · {world.alpha.name}"]
    # The investment officer sees the same park whole: the same items, from the cache.
    client.force_login(world.staff_invest)
    with CaptureQueriesContext(connection) as second:
        assert at_risk_shown(client) == shown
    assert not reads_health(second)
    # So does the health page of an administrator.
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as page:
        health = client.get(reverse("insight:health") + f"?park={world.alpha.pk}")
    assert not reads_health(page)
    assert [h.enterprise.name for h in health.context["rows"]] == ["乙企业", "甲企业"]


def test_a_write_shows_on_the_next_view(residents, client):
    world = residents
    client.force_login(enterprise_officer(world))
    assert [title for title, *_ in at_risk_shown(client)] == [f"乙企业 · {world.alpha.name}"]
    # A bill of 甲企业 issued through the fee services and past its due date: 75 − 10.
    bill(world, world.ent_a, dt.date(2026, 10, 1), "800", "A-1", due_on=dt.date(2026, 10, 25))
    shown = at_risk_shown(client)
    assert shown == computed(world)
    assert [title for title, *_ in shown] == [f"乙企业 · {world.alpha.name}", f"甲企业 · {world.alpha.name}"]
    assert "欠费" in shown[1][2]


def test_tenants_read_their_own_enterprise_only(residents, client):
    world = residents
    client.force_login(enterprise_officer(world))
    at_risk_shown(client)  # the park's health is in the cache now
    for tenant, own in ((world.tenant_a, "甲企业"), (world.tenant_b, "乙企业")):
        rows = analysis.tenant_health_cached(tenant, world.alpha, TODAY)
        assert [h.enterprise.name for h in rows] == [own]
        client.force_login(tenant)
        page = client.get(reverse("home"))
        other = "乙企业" if own == "甲企业" else "甲企业"
        assert other not in page.content.decode()
        shown = [i for group in ("waiting", "open_requests") for q in page.context[group] for i in q.items]
        assert all(other not in f"{i.title} {i.detail} {i.state}" for i in shown)
    # Health is no tenant's page.
    assert client.get(reverse("insight:health")).status_code == 403


def test_enterprise_officers_home_queries(residents, client, django_assert_max_num_queries):
    client.force_login(enterprise_officer(residents))
    client.get(reverse("home"))
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get(reverse("home")).status_code == 200
