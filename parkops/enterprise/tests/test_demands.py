"""The demand ledger (6.4.1; row 34): raised, assigned, matched, followed up, resolved into a
case, rated and closed; tenants see only their own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parkops.core.services import create_object
from parkops.enterprise import services
from parkops.enterprise.models import Demand, Partner, ServiceCase


def _raise(world, by=None, **kw):
    data = {
        "category": "finance",
        "title": "流动资金贷款 500 万元",
        "description": "扩产需要流动资金，希望对接银行。",
    }
    data.update(kw)
    return services.raise_demand(by=by or world.tenant_a, **data)


def _bank(world):
    return create_object(
        model=Partner,
        data={"park": world.alpha, "name": "招商银行深圳分行", "kind": Partner.Kind.BANK},
        by=world.qiye,
    )


def test_tenant_raises_for_its_own_enterprise(es):
    demand = _raise(es, enterprise=es.ent_b)  # a tenant cannot raise one for another enterprise
    assert demand.enterprise == es.ent_a
    assert demand.state == Demand.State.SUBMITTED
    assert demand.assign_by == dt.date(2026, 11, 18)
    assert [e.action for e in demand.events.all()] == ["提出需求"]


def test_full_cycle_leaves_a_case_and_a_rating(es):
    demand = _raise(es)
    bank = _bank(es)
    demand = services.assign_demand(demand=demand, by=es.qiye, assignee=es.qiye)
    assert demand.state == Demand.State.ASSIGNED and demand.due_on == dt.date(2026, 12, 16)
    demand = services.match_demand(demand=demand, by=es.qiye, partner=bank, note="约银行客户经理上门")
    demand = services.follow_up_demand(demand=demand, by=es.qiye, note="银行已完成尽调")
    demand = services.resolve_demand(
        demand=demand, by=es.qiye, outcome="met", note="获批流动资金贷款 500 万元", loan_amount=Decimal("500")
    )
    assert demand.state == Demand.State.RESOLVED
    case = ServiceCase.objects.get(demand=demand)
    assert (case.category, case.partner, case.loan_amount, case.successful) == (
        "finance",
        bank,
        Decimal("500"),
        True,
    )
    # Only the enterprise (or staff) rates; tenant_b cannot even see it.
    with pytest.raises(PermissionDenied):
        services.rate_demand(demand=demand, by=es.tenant_b, rating=5)
    demand = services.rate_demand(demand=demand, by=es.tenant_a, rating=5, comment="效率很高")
    assert demand.state == Demand.State.CLOSED and demand.rating == 5 and demand.closed_at
    assert [e.to_state for e in demand.events.order_by("created_at", "pk")] == [
        "submitted",
        "assigned",
        "matched",
        "following",
        "resolved",
        "closed",
    ]


def test_an_unmet_need_leaves_no_successful_case(es):
    demand = services.assign_demand(demand=_raise(es), by=es.qiye, assignee=es.qiye)
    services.resolve_demand(demand=demand, by=es.qiye, outcome="not_met", note="额度不足，银行未批")
    assert not ServiceCase.objects.filter(demand=demand).exists()


def test_steps_follow_the_workflow(es):
    demand = _raise(es)
    with pytest.raises(ValidationError):  # nothing to resolve before it is assigned
        services.resolve_demand(demand=demand, by=es.qiye, outcome="met", note="x")
    with pytest.raises(ValidationError):
        services.rate_demand(demand=demand, by=es.tenant_a, rating=5)
    with pytest.raises(PermissionDenied):  # a tenant does not assign
        services.assign_demand(demand=demand, by=es.tenant_a, assignee=es.qiye)
    with pytest.raises(ValidationError):  # the assignee is of the enterprise-service team
        services.assign_demand(demand=demand, by=es.qiye, assignee=es.staff_safety)
    with pytest.raises(ValidationError):
        services.match_demand(demand=demand, by=es.qiye)


def test_tenant_b_never_sees_tenant_a_demands(es, client):
    demand = _raise(es)
    assert not Demand.objects.restrict(es.tenant_b, "view").filter(pk=demand.pk).exists()
    assert Demand.objects.restrict(es.tenant_a, "view").filter(pk=demand.pk).exists()
    client.force_login(es.tenant_b)
    assert client.get(demand.get_absolute_url()).status_code == 404
    assert demand.number not in client.get("/enterprise/demands/").content.decode()
    assert client.get("/api/enterprise/demands/").json()["count"] == 0
    client.force_login(es.tenant_a)
    assert demand.number in client.get("/enterprise/demands/").content.decode()


def test_overdue_when_not_assigned_in_time(es, clock_at):
    demand = _raise(es)
    assert not demand.overdue_on(dt.date(2026, 11, 18))
    assert demand.overdue_on(dt.date(2026, 11, 19))


def test_pages_drive_the_steps(es, client):
    demand = _raise(es)
    bank = _bank(es)
    client.force_login(es.qiye)
    page = client.get(demand.get_absolute_url()).content.decode()
    assert 'data-testid="step-assign"' in page
    client.post(demand.get_absolute_url(), {"action": "assign", "assignee": es.qiye.pk})
    client.post(demand.get_absolute_url(), {"action": "match", "partner": bank.pk})
    response = client.post(
        demand.get_absolute_url(),
        {"action": "resolve", "outcome": "met", "note": "放款 300 万", "loan_amount": "300"},
    )
    assert response.status_code == 302
    client.force_login(es.tenant_a)
    assert 'data-testid="step-rate"' in client.get(demand.get_absolute_url()).content.decode()
    client.post(demand.get_absolute_url(), {"action": "rate", "rating": "4", "comment": "满意"})
    demand.refresh_from_db()
    assert demand.state == "closed" and demand.rating == 4
    # A step not open to the user is refused.
    assert client.post(demand.get_absolute_url(), {"action": "assign"}).status_code == 403


def test_api_drives_the_same_steps(es):
    from rest_framework.test import APIClient

    tenant, other, staff = APIClient(), APIClient(), APIClient()
    tenant.force_login(es.tenant_a)
    other.force_login(es.tenant_b)
    staff.force_login(es.qiye)
    bank = _bank(es)
    body = {"category": "finance", "title": "贷款", "description": "流动资金"}
    # Another enterprise is not the tenant's to name; its own is implied.
    refused = tenant.post(
        "/api/enterprise/demands/raise/", {**body, "enterprise": es.ent_b.pk}, format="json"
    )
    assert refused.status_code == 400 and not Demand.objects.exists()
    response = tenant.post("/api/enterprise/demands/raise/", body, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert Demand.objects.get(pk=pk).enterprise == es.ent_a
    base = f"/api/enterprise/demands/{pk}/"
    assert other.post(base + "rate/", {"rating": 1}, format="json").status_code == 404
    assert tenant.post(base + "assign/", {"assignee": es.qiye.pk}, format="json").status_code == 403
    assert staff.post(base + "resolve/", {"outcome": "met", "note": "x"}, format="json").status_code == 400
    assert staff.post(base + "assign/", {"assignee": es.qiye.pk}, format="json").status_code == 200
    assert staff.post(base + "match/", {"partner": bank.pk}, format="json").json()["state"] == "matched"
    response = staff.post(
        base + "resolve/", {"outcome": "met", "note": "放款", "loan_amount": "120"}, format="json"
    )
    assert response.json()["state"] == "resolved"
    assert tenant.post(base + "rate/", {"rating": 5}, format="json").json()["state"] == "closed"
    assert ServiceCase.objects.get(demand_id=pk).loan_amount == Decimal("120")
