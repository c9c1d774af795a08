"""Preventive maintenance generates orders when due; decoration works cannot start without
all approvals and a signed safety agreement; tenants see only their own applications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parkops.core import models as core
from parkops.core.services import create_object
from parkops.engineering import services, tasks
from parkops.engineering.models import DecorationApplication, MaintenancePlan, WorkOrder

D = DecorationApplication.State


def pdf(name="协议.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


def calendar_plan(world, **kw):
    data = {
        "park": world.alpha,
        "system": "elevator",
        "title": "A栋客梯半月保养",
        "asset": "A栋 1# 客梯",
        "tasks": "曳引机、制动器、门系统检查",
        "schedule": "calendar",
        "interval": 15,
        "interval_unit": "days",
        "next_due_on": timezone.localdate() - dt.timedelta(days=1),
        "assignee": world.engineer,
    }
    data.update(kw)
    return create_object(model=MaintenancePlan, data=data, by=world.engineer)


def test_calendar_plan_generates_one_order_when_due_and_moves_on(eng):
    today = timezone.localdate()
    plan = calendar_plan(eng)
    later = calendar_plan(
        eng,
        title="消防水泵月度保养",
        system="fire",
        asset="消防泵房",
        next_due_on=today + dt.timedelta(days=3),
        interval=1,
        interval_unit="months",
    )
    orders = services.generate_due_orders(on=today)
    assert [o.plan for o in orders] == [plan]
    order = orders[0]
    assert order.source == WorkOrder.Source.MAINTENANCE and order.category == WorkOrder.Category.ELEVATOR
    assert order.state == WorkOrder.State.ASSIGNED and order.assignee == eng.engineer
    plan.refresh_from_db()
    assert plan.next_due_on == today + dt.timedelta(days=14)
    assert services.generate_due_orders(on=today) == []
    # The daily job picks up the fire plan once it falls due.
    assert tasks.generate_maintenance_orders.call_local() == 0
    assert len(services.generate_due_orders(on=today + dt.timedelta(days=3))) == 1
    later.refresh_from_db()
    assert later.next_due_on == services.add_months(today + dt.timedelta(days=3), 1)


def test_meter_plan_generates_when_run_hours_reach_the_interval(eng):
    plan = create_object(
        model=MaintenancePlan,
        data={
            "park": eng.alpha,
            "system": "hvac",
            "title": "1# 冷水机组 500 小时保养",
            "asset": "1# 冷水机组",
            "tasks": "清洗冷凝器、检查油位",
            "schedule": "meter",
            "interval": 500,
            "interval_unit": "hours",
            "last_reading": Decimal("1000"),
            "current_reading": Decimal("1000"),
        },
        by=eng.engineer,
    )
    today = timezone.localdate()
    services.record_reading(plan=plan, value=Decimal("1300"), read_on=today, by=eng.engineer)
    assert not plan.work_orders.exists()
    with pytest.raises(ValidationError):
        services.record_reading(plan=plan, value=Decimal("1200"), read_on=today, by=eng.engineer)
    services.record_reading(plan=plan, value=Decimal("1520"), read_on=today, by=eng.engineer)
    assert plan.work_orders.count() == 1
    plan.refresh_from_db()
    assert plan.last_reading == Decimal("1520")
    assert plan.readings.count() == 2


def test_plan_validation_in_chinese(eng):
    with pytest.raises(ValidationError) as exc:
        calendar_plan(eng, next_due_on=None, interval_unit="hours")
    assert "间隔单位" in str(exc.value) and "下次到期日" in str(exc.value)
    assert not MaintenancePlan.objects.exists()


def submit(world):
    unit = core.Unit.objects.get(code="A-101")
    today = timezone.localdate()
    return services.submit_decoration(
        by=world.tenant_a,
        data={
            "unit": unit,
            "scope": "办公区隔断及吊顶改造",
            "drawings": pdf("图纸.pdf"),
            "planned_start": today,
            "planned_end": today + dt.timedelta(days=30),
            "contractor": "深圳市安建装饰工程有限公司",
        },
    )


def test_works_need_all_approvals_and_a_signed_agreement(eng):
    today = timezone.localdate()
    application = submit(eng)
    assert application.enterprise == eng.ent_a and application.state == D.SUBMITTED
    with pytest.raises(ValidationError):
        services.start_works(application=application, by=eng.engineer, started_on=today)
    # Steps in order, each by its own department.
    with pytest.raises(ValidationError):
        services.review_decoration(application=application, by=eng.staff_safety, step="safety", approve=True)
    with pytest.raises(PermissionDenied):
        services.review_decoration(
            application=application, by=eng.staff_safety, step="engineering", approve=True
        )
    services.review_decoration(application=application, by=eng.engineer, step="engineering", approve=True)
    services.review_decoration(
        application=application,
        by=eng.staff_safety,
        step="safety",
        approve=True,
        comment="动火作业须另行审批",
    )
    with pytest.raises(ValidationError):
        services.sign_safety_agreement(application=application, by=eng.engineer, signed_on=today, file=pdf())
    with pytest.raises(ValidationError):
        services.start_works(application=application, by=eng.engineer, started_on=today)
    services.review_decoration(application=application, by=eng.staff_admin, step="admin", approve=True)
    application.refresh_from_db()
    assert application.state == D.APPROVED
    with pytest.raises(ValidationError) as exc:
        services.start_works(application=application, by=eng.engineer, started_on=today)
    assert "安全管理协议" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.sign_safety_agreement(application=application, by=eng.tenant_a, signed_on=today, file=pdf())
    services.sign_safety_agreement(application=application, by=eng.engineer, signed_on=today, file=pdf())
    with pytest.raises(ValidationError):
        services.start_works(
            application=application, by=eng.engineer, started_on=today - dt.timedelta(days=1)
        )
    services.start_works(application=application, by=eng.engineer, started_on=today)
    services.record_fire_inspection(
        application=application,
        by=eng.staff_safety,
        inspected_on=today,
        result="issues",
        issues="灭火器未配置到位",
        inspector="安全员赵",
    )
    with pytest.raises(ValidationError):
        services.accept_completion(
            application=application,
            by=eng.engineer,
            accepted_on=today,
            passed=False,
            notes="",
            inspector="李工",
        )
    services.accept_completion(
        application=application, by=eng.engineer, accepted_on=today, passed=True, notes="", inspector="李工"
    )
    application.refresh_from_db()
    assert application.state == D.COMPLETED and application.fire_inspections.count() == 1
    from parkops.engineering.selectors import decoration_compliant

    assert decoration_compliant(application)


def test_rejection_and_resubmission(eng):
    application = submit(eng)
    with pytest.raises(ValidationError):
        services.review_decoration(
            application=application, by=eng.engineer, step="engineering", approve=False
        )
    services.review_decoration(
        application=application,
        by=eng.engineer,
        step="engineering",
        approve=False,
        comment="图纸缺少消防喷淋布置",
    )
    application.refresh_from_db()
    assert application.state == D.REJECTED
    services.resubmit_decoration(application=application, by=eng.tenant_a, data={"scope": "补充喷淋图"})
    application.refresh_from_db()
    assert application.state == D.SUBMITTED and application.scope == "补充喷淋图"


def test_tenants_see_only_their_own_applications(eng):
    application = submit(eng)
    assert list(DecorationApplication.objects.restrict(eng.tenant_a)) == [application]
    assert not DecorationApplication.objects.restrict(eng.tenant_b).exists()
    assert not DecorationApplication.objects.restrict(eng.tenant_c).exists()
    services.review_decoration(application=application, by=eng.engineer, step="engineering", approve=True)
    assert application.reviews.model.objects.restrict(eng.tenant_a).count() == 1
    assert not application.reviews.model.objects.restrict(eng.tenant_b).exists()
