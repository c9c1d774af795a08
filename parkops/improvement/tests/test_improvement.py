"""Plan coverage, the PDCA loop (no closing without verification), overdue escalation, and
the findings for rows 62 and 63."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkops.assessment.registry import Status
from parkops.core.services import create_object
from parkops.improvement import evidence, selectors, services
from parkops.improvement.models import (
    ActionEscalation,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionPlanItem,
    ServiceArea,
)
from parkops.notifications.models import Notification
from parkops.service.models import Survey

TODAY = dt.date(2026, 11, 26)


def inspection(world, kind, area="all", days_ago=30, **extra):
    return create_object(
        model=Inspection,
        data={
            "park": world.alpha,
            "kind": kind,
            "area": area,
            "title": f"{kind} 检查",
            "held_on": TODAY - dt.timedelta(days=days_ago),
            "led_by": "综合管理部",
            **extra,
        },
        by=world.staff_admin,
    )


def action_on(world, *, deadline=None, owner=None, days_ago=30):
    found = create_object(
        model=Finding,
        data={
            "inspection": inspection(world, InspectionKind.ONSITE, ServiceArea.SAFETY, days_ago=days_ago),
            "area": ServiceArea.SAFETY,
            "description": "灭火器压力不足",
            "cause_analysis": "巡检表缺项",
        },
        by=world.staff_admin,
    )
    return create_object(
        model=CorrectiveAction,
        data={
            "finding": found,
            "description": "更换并修订巡检表",
            "owner": owner or world.staff_safety,
            "deadline": deadline or TODAY + dt.timedelta(days=10),
        },
        by=world.staff_admin,
    )


def test_plan_coverage_lists_uncovered_areas(world):
    plan = create_object(
        model=InspectionPlan,
        data={"park": world.alpha, "year": 2026, "title": "2026 计划"},
        by=world.staff_admin,
    )
    for area in (ServiceArea.SAFETY, ServiceArea.INVESTMENT):
        create_object(
            model=InspectionPlanItem,
            data={"plan": plan, "area": area, "kind": "onsite", "planned_month": 3},
            by=world.staff_admin,
        )
    coverage = selectors.plan_coverage(plan)
    assert not coverage["complete"]
    assert ServiceArea.GREEN in coverage["uncovered"] and ServiceArea.SAFETY in coverage["covered"]
    create_object(
        model=InspectionPlanItem,
        data={"plan": plan, "area": "all", "kind": "audit", "planned_month": 9},
        by=world.staff_admin,
    )
    assert selectors.plan_coverage(plan)["complete"]


def test_survey_record_needs_its_survey(world):
    with pytest.raises(ValidationError) as err:
        inspection(world, InspectionKind.SATISFACTION_SURVEY, ServiceArea.CUSTOMER, survey_reference="调查")
    assert "survey" in err.value.message_dict


def test_action_cannot_close_without_verification(world):
    action = action_on(world)
    with pytest.raises(ValidationError) as err:
        services.close_action(action=action, by=world.staff_admin)
    assert "未经验证" in str(err.value)
    action.refresh_from_db()
    assert action.state == CorrectiveAction.State.PLAN
    services.start_action(action=action, by=world.staff_safety)
    with pytest.raises(ValidationError):
        services.verify_action(action=action, by=world.staff_admin, effective=True, verification="ok")
    services.report_completion(
        action=action, by=world.staff_safety, note="已更换", improvement_document="巡检表 V2"
    )
    with pytest.raises(PermissionDenied):  # the owner does not verify its own work
        services.verify_action(action=action, by=world.staff_safety, effective=True, verification="自查合格")
    services.verify_action(
        action=action, by=world.staff_admin, effective=False, verification="仍有 1 具压力不足"
    )
    action.refresh_from_db()
    assert action.state == CorrectiveAction.State.DO
    services.report_completion(action=action, by=world.staff_safety, note="全部更换")
    action = services.verify_action(
        action=action, by=world.staff_admin, effective=True, verification="复查合格"
    )
    assert action.state == CorrectiveAction.State.CLOSED and action.verified_by == world.staff_admin


def test_overdue_actions_are_escalated_once_a_week_and_notified(world):
    overdue = action_on(world, deadline=TODAY - dt.timedelta(days=3))
    action_on(world, deadline=TODAY + dt.timedelta(days=3))
    made = services.escalate_overdue(today=TODAY)
    assert [e.action_id for e in made] == [overdue.pk]
    assert made[0].days_overdue == 3 and made[0].level == 1
    assert Notification.objects.filter(
        recipient=world.staff_safety, kind="improvement.action.escalated"
    ).exists()
    assert services.escalate_overdue(today=TODAY + dt.timedelta(days=2)) == []
    again = services.escalate_overdue(today=TODAY + dt.timedelta(days=7))
    assert [e.level for e in again if e.action_id == overdue.pk] == [2]
    assert ActionEscalation.objects.filter(action=overdue).count() == 2


def test_periodic_task_escalates(world, monkeypatch):
    from parkops.improvement import tasks

    action_on(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    assert tasks.escalate_overdue_actions.call_local() == 1


def test_row_62_needs_all_five_forms_and_full_coverage(world):
    assert evidence.internal_evaluation(world.alpha, TODAY).status == Status.UNMET
    inspection(world, InspectionKind.ONSITE, ServiceArea.SAFETY)
    partial = evidence.internal_evaluation(world.alpha, TODAY)
    assert partial.status == Status.PARTIAL and any("内部测评" in m for m in partial.missing)
    inspection(world, InspectionKind.SELF_EVALUATION)
    inspection(world, InspectionKind.AUDIT)
    inspection(world, InspectionKind.MANAGEMENT_REVIEW)
    survey = create_object(
        model=Survey,
        data={
            "park": world.alpha,
            "title": "2026 满意度调查",
            "state": Survey.State.CLOSED,
            "opened_on": TODAY - dt.timedelta(days=60),
            "closed_on": TODAY - dt.timedelta(days=40),
        },
        by=world.admin,
    )
    inspection(world, InspectionKind.SATISFACTION_SURVEY, ServiceArea.CUSTOMER, survey=survey)
    met = evidence.internal_evaluation(world.alpha, TODAY)
    assert met.status == Status.MET
    # Older than twelve months does not count.
    assert evidence.internal_evaluation(world.alpha, TODAY + dt.timedelta(days=400)).status == Status.UNMET


def test_row_63_fraction_is_verified_over_all_due(world):
    assert evidence.continuous_improvement(world.alpha, TODAY).status == Status.UNMET
    first = action_on(world)
    action_on(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    services.report_completion(
        action=first,
        by=world.staff_safety,
        note="完成",
        completed_on=timezone.localdate(),
        improvement_document="《消防巡检作业指导书》V2.1",
    )
    services.verify_action(action=first, by=world.staff_admin, effective=True, verification="合格")
    as_of = timezone.localdate()
    finding = evidence.continuous_improvement(world.alpha, as_of)
    assert finding.status == Status.PARTIAL and finding.fraction == 0.5
    assert any("改进文件" in e.label for e in finding.evidence)


def test_improvement_is_hidden_from_tenants_and_other_parks(world):
    action_on(world)
    for user in (world.tenant_a, world.admin_beta):
        assert not CorrectiveAction.objects.restrict(user).exists()
        assert not Inspection.objects.restrict(user).exists()
    with pytest.raises(PermissionDenied):
        create_object(
            model=InspectionPlan,
            data={"park": world.alpha, "year": 2027, "title": "x"},
            by=world.staff_safety,
        )


def test_year_summary(world):
    action_on(world, deadline=TODAY - dt.timedelta(days=1), days_ago=10)
    summary = selectors.year_summary(world.alpha, TODAY.year)
    assert summary["findings"] == 1 and summary["actions"] == 1
    assert summary["inspections"]["现场检查"] == 1
    assert "内部测评" in summary["missing_kinds"]
