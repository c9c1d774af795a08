"""The shared request-with-a-timeline shape (parkops.core.workflow): the transition table,
and the service helper on a real workflow (work orders, tickets, hazards use it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from parkops.core.workflow import ANY, Transition, Workflow


def staff(user, obj):
    return user in ("clerk", "boss")


TABLE = Workflow(
    transitions=[
        Transition("accept", source=["new", "reopened"], target="accepted", step="受理", allowed=staff),
        Transition("note", source=["accepted"], step="处理进展", allowed=staff),
        Transition("check", source=["accepted"], target=("closed", "new"), step="复查", allowed=staff),
        Transition("cancel", source=[ANY], target="cancelled", allowed=lambda user, obj: user == "boss"),
    ]
)


class Row:
    def __init__(self, state):
        self.state = state


def test_a_transition_starts_only_from_its_sources():
    accept = TABLE["accept"]
    assert accept.starts_from("new") and accept.starts_from("reopened")
    assert not accept.starts_from("accepted")
    assert TABLE["cancel"].starts_from("anything")


def test_the_table_lists_every_edge_a_step_that_keeps_the_state_loops():
    assert TABLE.edges() == [
        ("new", "accept", "accepted"),
        ("reopened", "accept", "accepted"),
        ("accepted", "note", "accepted"),
        ("accepted", "check", "closed"),
        ("accepted", "check", "new"),
        (ANY, "cancel", "cancelled"),
    ]


def test_available_steps_follow_state_and_the_users_right():
    row = Row("accepted")
    assert [t.name for t in TABLE.available(row, "boss")] == ["note", "check", "cancel"]
    assert [t.name for t in TABLE.available(row, "clerk")] == ["note", "check"]
    assert TABLE.available(row, "visitor") == []
    assert TABLE.may(row, "cancel", "boss")
    assert not TABLE.may(row, "accept", "boss")


def test_a_name_declared_twice_or_unknown_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        Workflow(transitions=[Transition("a", source=["x"]), Transition("a", source=["y"])])
    with pytest.raises(ImproperlyConfigured):
        TABLE["nope"]


# --- The helper on the real workflows -------------------------------------------------------


@pytest.fixture
def engineer(world):
    from parkops.accounts.services import create_user
    from parkops.core.scope import DepartmentKind, Role

    return create_user(
        by=world.admin,
        username="wf_engineer",
        password=world.password,
        role=Role.STAFF,
        department=DepartmentKind.ENGINEERING,
        operator=world.alpha.operator,
        parks=[world.alpha],
        display_name="流程工程师",
    )


def _order(world):
    from parkops.core import models as core
    from parkops.engineering import services
    from parkops.engineering.models import WorkOrder

    unit = core.Unit.objects.get(code="A-101")
    return services.report_work_order(
        by=world.tenant_a, category=WorkOrder.Category.UTILITIES, description="水管漏水", unit=unit
    )


def _audits(obj):
    from parkops.audit.models import AuditEntry

    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def test_a_step_locks_checks_applies_audits_and_records_who_when_from_to(world, engineer, clock_at):
    import datetime as dt

    from django.utils import timezone

    from parkops.core import workflow
    from parkops.engineering.models import WorkOrder

    at = timezone.make_aware(dt.datetime(2026, 12, 2, 10, 0))
    clock_at(at)
    order = _order(world)
    audits = _audits(order).count()

    def apply(row):
        row.assignee = engineer
        row.assigned_at = workflow.clock.now()

    order = workflow.advance(order, "assign", by=world.admin, apply=apply, note="请尽快处理")
    order.refresh_from_db()
    assert order.state == WorkOrder.State.ASSIGNED and order.assignee == engineer
    step = order.events.order_by("-created_at", "-pk").first()
    assert (step.action, step.by, step.note) == ("派单", world.admin, "请尽快处理")
    assert (step.from_state, step.to_state) == ("reported", "assigned") and step.changed_state
    assert abs(step.created_at - at) < dt.timedelta(minutes=1)
    entry = _audits(order).order_by("-pk").first()
    assert _audits(order).count() == audits + 1 and entry.event == "assign"
    assert entry.before["state"] == "reported" and entry.after["state"] == "assigned"
    assert "assignee_id" in entry.after


def test_a_refused_step_writes_nothing(world, engineer):
    from django.core.exceptions import PermissionDenied, ValidationError

    from parkops.core import workflow

    order = _order(world)
    steps, audits = order.events.count(), _audits(order).count()
    with pytest.raises(PermissionDenied):  # a tenant may not assign
        workflow.advance(order, "assign", by=world.tenant_a)
    with pytest.raises(ValidationError):  # not from "reported"
        workflow.advance(order, "complete", by=world.admin)

    def fails(row):
        row.work_done = "x"
        raise ValidationError({"assignee": "no"})

    with pytest.raises(ValidationError):
        workflow.advance(order, "assign", by=world.admin, apply=fails)
    order.refresh_from_db()
    assert order.state == "reported" and order.work_done == ""
    assert (order.events.count(), _audits(order).count()) == (steps, audits)


def test_the_table_gives_the_steps_a_user_may_take_now(world, engineer):
    from parkops.engineering.models import WorkOrder

    order = _order(world)
    wf = WorkOrder.workflow
    assert [t.name for t in wf.available(order, world.admin)] == ["assign"]
    assert wf.available(order, world.tenant_a) == []  # the reporter waits
    assert wf.available(order, world.tenant_b) == []
    order.state = WorkOrder.State.DONE
    assert [t.name for t in wf.available(order, world.tenant_a)] == ["confirm", "reject"]
    assert [t.name for t in wf.available(order, world.tenant_b)] == []


def test_several_targets_need_the_service_to_pick_one(world):
    from django.core.exceptions import ImproperlyConfigured

    from parkops.core import workflow
    from parkops.engineering.models import WorkOrder

    order = _order(world)
    WorkOrder.objects.filter(pk=order.pk).update(state=WorkOrder.State.DONE)
    with pytest.raises(ImproperlyConfigured):
        workflow.advance(order, "reject", by=world.tenant_a)
    with pytest.raises(ImproperlyConfigured):
        workflow.advance(order, "reject", by=world.tenant_a, target=WorkOrder.State.RATED)


def test_a_step_that_changes_nothing_writes_only_its_timeline_entry(world):
    from parkops.service import services
    from parkops.service.models import Ticket

    ticket = services.submit_ticket(
        by=world.tenant_a, kind=Ticket.Kind.ENQUIRY, subject="停车", content="月卡"
    )
    admin = world.admin
    services.accept_ticket(ticket=ticket, by=admin)
    services.note_ticket(ticket=ticket, by=admin, note="已联系停车场")
    audits = _audits(ticket).count()
    services.note_ticket(ticket=ticket, by=admin, note="明日回复")
    assert _audits(ticket).count() == audits
    last = ticket.events.order_by("-created_at", "-pk").first()
    assert (last.action, last.note, last.from_state, last.to_state) == (
        "处理进展",
        "明日回复",
        "processing",
        "processing",
    )
    assert not last.changed_state


def test_the_platforms_own_words_are_shown_in_the_readers_language(world):
    from django.utils import translation

    from parkops.core import workflow

    order = _order(world)
    step = workflow.record_step(
        order,
        "派单",
        by=None,
        note="整改责任人 %(owner)s，期限 %(deadline)s",
        note_params={"owner": "李工", "deadline": "2026-12-09"},
    )
    with translation.override("zh-hans"):
        assert step.detail == "整改责任人 李工，期限 2026-12-09"
    with translation.override("en"):
        assert step.detail == "Owner 李工, due 2026-12-09"
        assert step.label == "Dispatch"
        assert step.to_label == "" and step.by is None
    person = workflow.record_step(order, "派单", by=world.admin, note="50% 完成")
    with translation.override("en"):
        assert person.detail == "50% 完成"  # what a person wrote stays as written


def test_escalation_marks_audits_and_records_without_changing_state(world, clock_at):
    import datetime as dt

    from django.utils import timezone

    from parkops.core import workflow

    order = _order(world)
    at = timezone.make_aware(dt.datetime(2026, 12, 3, 9, 0))
    workflow.escalate(order, at=at, step="超过响应时限，已升级")
    order.refresh_from_db()
    assert order.escalated_at == at and order.state == "reported"
    step = order.events.order_by("-created_at", "-pk").first()
    assert (step.action, step.by, step.from_state, step.to_state) == (
        "超过响应时限，已升级",
        None,
        "reported",
        "reported",
    )
    assert _audits(order).order_by("-pk").first().event == "escalate"


def test_the_hazard_loop_keeps_a_timeline_and_old_hazards_get_theirs(world, clock_at):
    import datetime as dt
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from parkops.safety import services
    from parkops.safety.models import Hazard

    clock_at(timezone.make_aware(dt.datetime(2026, 12, 2, 10, 0)))
    inspector = world.staff_safety
    hazard = services.report_hazard(
        park=world.alpha,
        by=inspector,
        data={"category": "fire", "place": "A栋 1F", "description": "通道堵塞"},
    )
    services.issue_notice(
        hazard=hazard, by=inspector, owner=inspector, deadline=dt.date(2026, 12, 9), measures="清理通道"
    )
    services.report_rectification(hazard=hazard, by=inspector, done="已清理")
    services.follow_up(hazard=hazard, by=inspector, passed=False, note="仍有杂物")
    services.report_rectification(hazard=hazard, by=inspector, done="全部清走")
    services.follow_up(hazard=hazard, by=inspector, passed=True, note="合格")
    hazard.refresh_from_db()
    assert hazard.status == Hazard.Status.CLOSED
    steps = [(e.action, e.to_state) for e in hazard.events.order_by("created_at", "pk")]
    expected = [
        ("发现隐患", "open"),
        ("下发整改通知", "rectifying"),
        ("报告整改", "reported"),
        ("复查", "rectifying"),
        ("报告整改", "reported"),
        ("复查", "closed"),
    ]
    assert steps == expected
    # A hazard recorded before the timeline existed gets the same steps from its records.
    hazard.events.all().delete()
    migration = importlib.import_module("parkops.safety.migrations.0004_hazard_timeline")
    migration.build_timelines(apps, None)
    assert [(e.action, e.to_state) for e in hazard.events.order_by("created_at", "pk")] == expected
