"""The work-order loop: report, assign, accept, done, confirmed by the reporter, rated;
rejection reopens; SLAs flag overdue orders and a periodic job escalates them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.engineering import services, tasks
from parkops.engineering.models import WorkOrder

S = WorkOrder.State


def report(world, **kw):
    unit = core.Unit.objects.get(code="A-101")
    data = {"category": WorkOrder.Category.UTILITIES, "description": "洗手间水管漏水", "unit": unit}
    data.update(kw)
    return services.report_work_order(by=world.tenant_a, **data)


def test_whole_loop_with_rejection_confirmation_and_rating(eng, sent):
    order = report(eng)
    assert order.source == WorkOrder.Source.TENANT
    assert order.enterprise == eng.ent_a and order.park == eng.alpha and order.state == S.REPORTED
    assert order.respond_due_at == order.reported_at + dt.timedelta(minutes=30)

    services.assign_work_order(order=order, assignee=eng.engineer, by=eng.admin)
    services.accept_work_order(order=order, by=eng.engineer)
    services.complete_work_order(order=order, by=eng.engineer, work_done="更换角阀", materials="角阀 1 个")
    order.refresh_from_db()
    assert order.state == S.DONE and order.completed_at is not None

    # Only the reporter's side confirms or rejects: not the neighbour, not the engineer.
    for outsider in (eng.tenant_b, eng.engineer):
        with pytest.raises(PermissionDenied):
            services.confirm_work_order(order=order, by=outsider)
    with pytest.raises(ValidationError):
        services.reject_work_order(order=order, by=eng.tenant_a, reason="  ")
    services.reject_work_order(order=order, by=eng.tenant_a, reason="仍在滴水")
    order.refresh_from_db()
    assert order.state == S.ASSIGNED and order.reopen_count == 1 and order.completed_at is None
    with pytest.raises(ValidationError):
        services.rate_work_order(order=order, by=eng.tenant_a, rating=5)

    services.accept_work_order(order=order, by=eng.engineer)
    services.complete_work_order(order=order, by=eng.engineer, work_done="更换整段水管")
    services.confirm_work_order(order=order, by=eng.tenant_a)
    with pytest.raises(ValidationError):
        services.rate_work_order(order=order, by=eng.tenant_a, rating=6)
    services.rate_work_order(order=order, by=eng.tenant_a, rating=5, comment="响应快")
    order.refresh_from_db()
    assert (order.state, order.rating, order.rating_comment) == (S.RATED, 5, "响应快")
    assert [e.action for e in order.events.order_by("created_at", "pk")] == [
        "报修",
        "派单",
        "接单",
        "处理完成",
        "退回重修",
        "接单",
        "处理完成",
        "确认完成",
        "评价",
    ]
    assert order.events.order_by("-created_at", "-pk").first().note == "★★★★★ 响应快"
    events = set(
        AuditEntry.objects.filter(object_type="engineering.workorder", object_id=str(order.pk)).values_list(
            "event", flat=True
        )
    )
    assert {"assign", "accept", "complete", "reopen", "confirm", "rate"} <= events
    kinds = [c["kind"] for c in sent]
    assert "engineering.work_order_assigned" in kinds and "engineering.work_order_done" in kinds


def test_state_rules_and_who_may_act(eng):
    order = report(eng)
    with pytest.raises(ValidationError):
        services.accept_work_order(order=order, by=eng.engineer)  # not assigned yet
    with pytest.raises(PermissionDenied):
        services.assign_work_order(order=order, assignee=eng.engineer, by=eng.staff_safety)
    with pytest.raises(ValidationError):
        services.assign_work_order(order=order, assignee=eng.staff_safety, by=eng.admin)
    with pytest.raises(ValidationError):
        services.confirm_work_order(order=order, by=eng.tenant_a)  # not done


def test_tenant_cannot_report_for_a_neighbours_unit(eng):
    with pytest.raises(ValidationError):
        report(eng, unit=core.Unit.objects.get(code="A-102"))
    assert not WorkOrder.objects.exists()


def test_any_staff_may_report_but_assessors_may_not(eng):
    order = services.report_work_order(
        by=eng.staff_invest, park=eng.alpha, category="civil", description="大堂地砖开裂", location="A栋大堂"
    )
    assert order.source == WorkOrder.Source.STAFF and order.enterprise is None
    with pytest.raises(PermissionDenied):
        services.report_work_order(
            by=eng.assessor, park=eng.alpha, category="civil", description="x", location="y"
        )
    with pytest.raises(PermissionDenied):
        services.report_work_order(
            by=eng.admin, park=eng.beta, category="civil", description="x", location="y"
        )


def test_alarm_orders_are_deduplicated_while_open(eng):
    first = services.raise_alarm_order(
        park=eng.alpha, category="elevator", description="A栋1#梯困人告警", alarm_ref="ELV-A1-0001"
    )
    again = services.raise_alarm_order(
        park=eng.alpha, category="elevator", description="重复告警", alarm_ref="ELV-A1-0001"
    )
    assert first.pk == again.pk and first.source == WorkOrder.Source.ALARM
    assert first.priority == WorkOrder.Priority.URGENT
    assert first.respond_due_at - first.reported_at == dt.timedelta(minutes=15)


def test_tenants_see_only_their_own_orders(eng):
    mine = report(eng)
    staff_order = services.report_work_order(
        by=eng.admin, park=eng.alpha, category="civil", description="外墙渗水", location="A栋北立面"
    )
    assert list(WorkOrder.objects.restrict(eng.tenant_a)) == [mine]
    assert not WorkOrder.objects.restrict(eng.tenant_b).exists()
    assert not WorkOrder.objects.restrict(eng.tenant_c).exists()
    assert set(WorkOrder.objects.restrict(eng.engineer)) == {mine, staff_order}
    assert not WorkOrder.objects.restrict(eng.admin_beta).exists()


def test_overdue_flag_and_escalation(eng, sent):
    late = report(eng, reported_at=timezone.now() - dt.timedelta(hours=2))
    fresh = report(eng, description="空调不制冷", category="hvac")
    assert late.overdue and late.response_overdue
    assert not fresh.overdue
    escalated = services.escalate_overdue()
    assert [o.pk for o in escalated] == [late.pk]
    late.refresh_from_db()
    assert late.escalated_at is not None
    assert any(c["kind"] == "engineering.work_order_overdue" for c in sent)
    # Escalated once only; the periodic job finds nothing new.
    assert services.escalate_overdue() == []
    assert tasks.escalate_overdue_work_orders.call_local() == 0
    # Accepting in time for completion clears the response flag, not the completion target.
    services.assign_work_order(order=late, assignee=eng.engineer, by=eng.admin)
    services.accept_work_order(order=late, by=eng.engineer)
    late.refresh_from_db()
    assert not late.response_overdue and not late.overdue


def test_park_sla_overrides_the_default(eng):
    from parkops.core.services import create_object
    from parkops.engineering.models import WorkOrderSla

    create_object(
        model=WorkOrderSla,
        data={
            "park": eng.alpha,
            "category": "utilities",
            "priority": "normal",
            "respond_minutes": 10,
            "complete_hours": 2,
        },
        by=eng.engineer,
    )
    order = report(eng)
    assert order.respond_due_at - order.reported_at == dt.timedelta(minutes=10)
    assert order.complete_due_at - order.reported_at == dt.timedelta(hours=2)


def test_api_lists_only_what_the_user_may_see(eng, client):
    mine = report(eng)
    client.force_login(eng.tenant_b)
    assert client.get("/api/engineering/work-orders/").json()["count"] == 0
    client.force_login(eng.tenant_a)
    data = client.get("/api/engineering/work-orders/").json()
    assert [row["number"] for row in data["results"]] == [mine.number]
    assert client.post("/api/engineering/work-orders/", {}).status_code == 405
