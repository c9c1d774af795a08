"""Rows 62 and 63 as the standard words them (issue 9): a satisfaction-survey record counts only
while the survey it evaluates is in the window; corrective actions not yet due are shown, not
counted; customer and smart evaluations (9.1.1) carry figures the platform computes; and the
register of government authorities' inspections and notices (9.3)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkops.assessment.registry import Status
from parkops.core import clock
from parkops.core.services import create_object
from parkops.engineering.models import WorkOrder
from parkops.improvement import evidence, services
from parkops.improvement.models import (
    AuthorityContact,
    CorrectiveAction,
    Finding,
    InspectionKind,
    ServiceArea,
)
from parkops.service.models import Survey, Ticket


def day(days: int) -> dt.date:
    return clock.localdate() + dt.timedelta(days=days)


def record(world, kind, area="all", held=-30, **extra):
    return services.save_inspection(
        by=world.staff_admin,
        data={
            "park": world.alpha,
            "kind": kind,
            "area": area,
            "title": f"{InspectionKind(kind).label}",
            "held_on": day(held),
            "led_by": "综合管理部",
            **extra,
        },
    )


def survey(world, closed: int) -> Survey:
    return create_object(
        model=Survey,
        data={
            "park": world.alpha,
            "title": f"满意度调查（{closed} 天）",
            "state": Survey.State.CLOSED,
            "opened_on": day(closed - 20),
            "closed_on": day(closed),
        },
        by=world.admin,
    )


def four_other_forms(world):
    for kind in (
        InspectionKind.ONSITE,
        InspectionKind.SELF_EVALUATION,
        InspectionKind.AUDIT,
        InspectionKind.MANAGEMENT_REVIEW,
    ):
        record(world, kind)


def test_row_62_survey_record_counts_only_while_its_survey_is_in_the_window(world):
    four_other_forms(world)
    # The record was made this year, but the survey it evaluates ended 400 days ago.
    old = survey(world, -400)
    stale = record(world, InspectionKind.SATISFACTION_SURVEY, ServiceArea.CUSTOMER, held=-100, survey=old)
    finding = evidence.internal_evaluation(world.alpha, clock.localdate())
    assert finding.status == Status.PARTIAL
    assert any(stale.title in m and "不在评价期内" in m for m in finding.missing)
    assert any("顾客满意度调查" in m for m in finding.missing)

    recent = survey(world, -60)
    record(world, InspectionKind.SATISFACTION_SURVEY, ServiceArea.CUSTOMER, held=-50, survey=recent)
    assert evidence.internal_evaluation(world.alpha, clock.localdate()).status == Status.MET
    # Once the survey itself has left the window, the record no longer counts.
    later = evidence.internal_evaluation(world.alpha, day(320))
    assert later.status == Status.PARTIAL
    assert any("顾客满意度调查" in m for m in later.missing)


def test_survey_record_must_link_an_ended_survey_of_its_park(world):
    running = create_object(
        model=Survey,
        data={"park": world.alpha, "title": "进行中", "state": Survey.State.OPEN, "opened_on": day(-5)},
        by=world.admin,
    )
    with pytest.raises(ValidationError) as err:
        record(world, InspectionKind.SATISFACTION_SURVEY, ServiceArea.CUSTOMER, survey=running)
    assert "survey" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        record(
            world,
            InspectionKind.SATISFACTION_SURVEY,
            ServiceArea.CUSTOMER,
            held=-70,
            survey=survey(world, -60),
        )
    assert "held_on" in err.value.message_dict


def action(world, *, deadline: dt.date) -> CorrectiveAction:
    finding = create_object(
        model=Finding,
        data={
            "inspection": record(world, InspectionKind.ONSITE, ServiceArea.SAFETY),
            "area": ServiceArea.SAFETY,
            "description": "灭火器压力不足",
            "cause_analysis": "巡检表缺项",
        },
        by=world.staff_admin,
    )
    return create_object(
        model=CorrectiveAction,
        data={
            "finding": finding,
            "description": "更换并修订巡检表",
            "owner": world.staff_safety,
            "deadline": deadline,
        },
        by=world.staff_admin,
    )


def verify(world, item: CorrectiveAction) -> None:
    services.report_completion(
        action=item,
        by=world.staff_safety,
        note="完成",
        completed_on=clock.localdate(),
        improvement_document="《消防巡检作业指导书》V2.1",
    )
    services.verify_action(action=item, by=world.staff_admin, effective=True, verification="复查合格")


def test_row_63_actions_not_yet_due_are_shown_not_counted(world):
    today = clock.localdate()
    done = action(world, deadline=day(-5))
    verify(world, done)
    action(world, deadline=day(20))
    action(world, deadline=today)  # due today: still within its deadline
    finding = evidence.continuous_improvement(world.alpha, today)
    assert finding.status == Status.MET and finding.fraction == 1
    assert any("2 项整改措施尚未到期" in e.label and "不计入" in e.label for e in finding.evidence)

    action(world, deadline=day(-1))  # past its deadline and open: counts against the park
    finding = evidence.continuous_improvement(world.alpha, today)
    assert finding.status == Status.PARTIAL and finding.fraction == Decimal("0.5")


def test_row_63_with_only_actions_not_yet_due_has_no_result_yet(world):
    action(world, deadline=day(30))
    finding = evidence.continuous_improvement(world.alpha, clock.localdate())
    assert finding.status == Status.UNMET
    assert any("尚未到期" in e.label for e in finding.evidence)


def _order(world, number, *, reported, respond_minutes, answered_after, rating=None):
    return WorkOrder.objects.create(
        park=world.alpha,
        number=number,
        category=WorkOrder.Category.UTILITIES,
        description="漏水",
        location="A栋 1F",
        reported_at=reported,
        respond_due_at=reported + dt.timedelta(minutes=respond_minutes),
        accepted_at=reported + dt.timedelta(minutes=answered_after),
        rating=rating,
    )


def _ticket(world, number, kind, *, enterprise=None, received=None):
    received = received or clock.now() - dt.timedelta(days=3)
    return Ticket.objects.create(
        park=world.alpha,
        number=number,
        kind=kind,
        subject=kind,
        content=kind,
        enterprise=enterprise,
        received_at=received,
        response_due_at=received + dt.timedelta(hours=2),
        accepted_at=received + dt.timedelta(hours=1),
    )


def test_smart_evaluation_figures_come_from_the_platform(world):
    reported = clock.now() - dt.timedelta(days=10)
    _order(world, "WO-T1", reported=reported, respond_minutes=30, answered_after=10)
    _order(world, "WO-T2", reported=reported, respond_minutes=30, answered_after=50)
    _order(
        world, "WO-OLD", reported=clock.now() - dt.timedelta(days=200), respond_minutes=30, answered_after=90
    )
    for n in range(3):
        _ticket(world, f"TK-C{n}", Ticket.Kind.COMPLAINT, enterprise=world.ent_a)
    _ticket(world, "TK-S", Ticket.Kind.SUGGESTION, enterprise=world.ent_b)
    smart = record(world, InspectionKind.SMART, ServiceArea.CUSTOMER, held=0, period_start=day(-90))
    orders, tickets = smart.figures["work_orders"], smart.figures["tickets"]
    assert (orders["total"], orders["responded_on_time"], orders["respond_targets"]) == (2, 1, 2)
    assert orders["mean_response_minutes"] == "30.0"
    assert tickets["complaints"] == 3 and tickets["repeat_complaints"] == 2
    # Editing the summary keeps what was measured; changing the period measures again.
    _order(world, "WO-T3", reported=reported, respond_minutes=30, answered_after=5)
    smart = services.save_inspection(by=world.staff_admin, data={"summary": "纳入管理评审"}, inspection=smart)
    assert smart.figures["work_orders"]["total"] == 2
    smart = services.save_inspection(by=world.staff_admin, data={"period_start": day(-60)}, inspection=smart)
    assert smart.figures["work_orders"]["total"] == 3
    # It is shown beside the five forms of row 62, with its figures.
    finding = evidence.internal_evaluation(world.alpha, clock.localdate())
    assert any("工单按时响应率" in e.label and "重复投诉 2" in e.label for e in finding.evidence)


def test_row_62_shows_the_latest_evaluation_of_each_platform_form(world):
    record(
        world, InspectionKind.SMART, ServiceArea.CUSTOMER, held=-60, period_start=day(-150), title="上半年"
    )
    latest = record(
        world, InspectionKind.SMART, ServiceArea.CUSTOMER, held=-10, period_start=day(-60), title="下半年"
    )
    finding = evidence.internal_evaluation(world.alpha, clock.localdate())
    # One line per form that has records, citing its latest; a form without records adds no
    # line and no gap (row 62 asks for the five other forms).
    assert [(e.label.split("：")[0], e.url, e.count) for e in finding.evidence] == [
        ("智慧评价（平台统计）", latest.get_absolute_url(), 2)
    ]
    assert "下半年" in finding.evidence[0].label
    assert not any("客户评价" in m for m in finding.missing)


def test_customer_evaluation_counts_complaints_suggestions_and_praise(world):
    _ticket(world, "TK-C", Ticket.Kind.COMPLAINT, enterprise=world.ent_a)
    _ticket(world, "TK-S", Ticket.Kind.SUGGESTION)
    _ticket(world, "TK-P1", Ticket.Kind.PRAISE)
    _ticket(world, "TK-P2", Ticket.Kind.PRAISE)
    _ticket(world, "TK-OLD", Ticket.Kind.PRAISE, received=clock.now() - dt.timedelta(days=120))
    customer = record(world, InspectionKind.CUSTOMER, ServiceArea.CUSTOMER, held=0, period_start=day(-30))
    tickets = customer.figures["tickets"]
    assert (tickets["complaints"], tickets["suggestions"], tickets["praise"]) == (1, 1, 2)
    with pytest.raises(ValidationError) as err:
        record(world, InspectionKind.CUSTOMER, ServiceArea.CUSTOMER)
    assert "period_start" in err.value.message_dict


def test_authority_register_follow_up(world, client):
    data = {
        "park": world.alpha,
        "kind": AuthorityContact.Kind.INSPECTION,
        "authority": "南山区应急管理局",
        "received_on": day(-20),
        "subject": "消防安全专项检查",
        "requirements": "B栋疏散通道堆放杂物，限期 15 日内整改",
        "due_on": day(-5),
        "state": AuthorityContact.State.DONE,
    }
    with pytest.raises(ValidationError) as err:
        create_object(model=AuthorityContact, data=data, by=world.staff_admin)
    assert {"follow_up", "completed_on"} <= set(err.value.message_dict)
    data.update(state=AuthorityContact.State.FOLLOWING)
    item = create_object(model=AuthorityContact, data=data, by=world.staff_admin)
    assert item.is_overdue(clock.localdate())
    client.force_login(world.staff_admin)
    page = client.get(reverse("improvement:authoritycontact_list"))
    assert page.status_code == 200 and "消防安全专项检查" in page.content.decode()
    assert not AuthorityContact.objects.restrict(world.tenant_a).exists()
    assert not AuthorityContact.objects.restrict(world.admin_beta).exists()
