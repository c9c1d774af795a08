"""Rows 26 and 27 scored from live data; the work-order and decoration pages."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parkops.assessment.engine import assess
from parkops.core import models as core
from parkops.core.services import create_object
from parkops.engineering import evidence, services
from parkops.engineering.models import (
    BuildingConditionRecord,
    MaintenancePlan,
    PeriodicTest,
    System,
    WorkOrder,
)


def png(name="photo.png"):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")


def test_rows_26_and_27_scored_from_data(eng):
    today = timezone.localdate()
    before = assess(eng.alpha, today)
    assert before.row(26).score == 0 and before.row(27).score == 0

    building = core.Building.objects.get(code="A")
    for quarter in range(4):
        for element in ("ceiling", "wall", "floor"):
            create_object(
                model=BuildingConditionRecord,
                by=eng.engineer,
                data={
                    "building": building,
                    "area": "大堂",
                    "element": element,
                    "condition": "good",
                    "photo": png(),
                    "inspected_on": today - dt.timedelta(days=91 * quarter + 5),
                    "inspector": "李工",
                },
            )
    # A completed decoration with all approvals and a signed agreement.
    unit = core.Unit.objects.get(code="A-101")
    app = services.submit_decoration(
        by=eng.tenant_a,
        data={
            "unit": unit,
            "scope": "办公室翻新",
            "drawings": pdf(),
            "planned_start": today,
            "planned_end": today + dt.timedelta(days=20),
            "contractor": "装饰公司",
        },
    )
    services.review_decoration(application=app, by=eng.engineer, step="engineering", approve=True)
    services.review_decoration(application=app, by=eng.staff_safety, step="safety", approve=True)
    services.review_decoration(application=app, by=eng.staff_admin, step="admin", approve=True)
    services.sign_safety_agreement(application=app, by=eng.engineer, signed_on=today, file=pdf())
    services.start_works(application=app, by=eng.engineer, started_on=today)
    row26 = assess(eng.alpha, today).row(26)
    assert row26.status == "met" and row26.score == Decimal("2.00")

    # Row 27: plans executed for two of five systems, tests for all five, no rules document yet.
    for system in (System.ELEVATOR, System.FIRE):
        plan = create_object(
            model=MaintenancePlan,
            by=eng.engineer,
            data={
                "park": eng.alpha,
                "system": system,
                "title": f"{system.label}月保",
                "asset": system.label,
                "tasks": "保养",
                "schedule": "calendar",
                "interval": 1,
                "interval_unit": "months",
                "next_due_on": today,
                "assignee": eng.engineer,
            },
        )
        order = services.generate_due_orders(on=today, plans=MaintenancePlan.objects.filter(pk=plan.pk))[0]
        services.accept_work_order(order=order, by=eng.engineer)
        services.complete_work_order(order=order, by=eng.engineer, work_done="按规程保养")
    for system in System:
        create_object(
            model=PeriodicTest,
            by=eng.engineer,
            data={
                "park": eng.alpha,
                "system": system,
                "name": f"{system.label}年度检测",
                "tested_on": today - dt.timedelta(days=30),
                "result": "pass",
                "next_due_on": today + dt.timedelta(days=300),
                "report": pdf(),
            },
        )
    row27 = assess(eng.alpha, today).row(27)
    # 3 × (0.4 × 2/5 + 0.3 × 1 + 0.3 × 0) = 3 × 0.46 = 1.38
    assert row27.score == Decimal("1.38") and row27.status == "partial"
    assert any("供配电没有启用的维保计划" in m for m in row27.missing)

    # An overdue test takes its system out.
    PeriodicTest.objects.filter(system=System.WATER).update(next_due_on=today - dt.timedelta(days=1))
    assert assess(eng.alpha, today).row(27).score == Decimal("1.20")  # 3 × (0.16 + 0.3 × 4/5)


def _periodic_test(eng, system, tested_on, result):
    return create_object(
        model=PeriodicTest,
        by=eng.engineer,
        data={
            "park": eng.alpha,
            "system": system,
            "name": f"{system.label}检测",
            "tested_on": tested_on,
            "result": result,
            "next_due_on": tested_on + dt.timedelta(days=365),
        },
    )


def test_row27_a_system_whose_latest_test_failed_counts_only_after_a_passing_retest(eng, clock_at):
    clock_at(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC))
    today = dt.date(2026, 11, 26)
    for system in System:
        _periodic_test(eng, system, today - dt.timedelta(days=60), "pass")
    # The elevator's latest test failed; the fire system's failed test was re-tested and passed.
    _periodic_test(eng, System.ELEVATOR, today - dt.timedelta(days=20), "fail")
    _periodic_test(eng, System.FIRE, today - dt.timedelta(days=30), "fail")
    retest = _periodic_test(eng, System.FIRE, today - dt.timedelta(days=10), "pass")
    finding = evidence.periodic_tests(eng.alpha, today)
    assert finding.status == "partial" and finding.fraction == Decimal("0.8")
    assert finding.missing == ["电梯最近一次检测（2026-11-06）不合格，尚无复检合格记录"]
    assert retest.get_absolute_url() in [e.url for e in finding.evidence]
    _periodic_test(eng, System.ELEVATOR, today - dt.timedelta(days=5), "pass")
    assert evidence.periodic_tests(eng.alpha, today).status == "met"


def test_tenant_reports_and_confirms_through_the_pages(eng, client):
    client.force_login(eng.tenant_a)
    form = client.get(reverse("engineering:workorder_add"))
    assert form.status_code == 200 and "park" not in form.context["form"].fields
    unit = core.Unit.objects.get(code="A-101")
    bad = client.post(reverse("engineering:workorder_add"), {"category": "utilities", "unit": unit.pk})
    assert bad.status_code == 200 and "description" in bad.context["form"].errors
    response = client.post(
        reverse("engineering:workorder_add"),
        {"category": "utilities", "unit": unit.pk, "description": "茶水间漏水", "photo": png()},
    )
    assert response.status_code == 302, response.context["form"].errors
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    assert order.photo and order.reporter == eng.tenant_a

    services.assign_work_order(order=order, assignee=eng.engineer, by=eng.admin)
    services.accept_work_order(order=order, by=eng.engineer)
    services.complete_work_order(order=order, by=eng.engineer, work_done="更换密封圈")
    page = client.get(order.get_absolute_url())
    assert "confirm" in page.context["actions"] and "确认完成" in page.content.decode()
    client.post(order.get_absolute_url(), {"action": "confirm"})
    client.post(order.get_absolute_url(), {"action": "rate", "rating": "4", "comment": "及时"})
    order.refresh_from_db()
    assert order.state == WorkOrder.State.RATED and order.rating == 4

    # The neighbour cannot even open it; nor act on it.
    client.force_login(eng.tenant_b)
    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.post(order.get_absolute_url(), {"action": "confirm"}).status_code == 404


def test_staff_pages_list_filter_and_act(eng, client):
    late = services.report_work_order(
        by=eng.tenant_a,
        category="utilities",
        description="漏水",
        unit=core.Unit.objects.get(code="A-101"),
        reported_at=timezone.now() - dt.timedelta(hours=3),
    )
    services.report_work_order(
        by=eng.admin, park=eng.alpha, category="civil", description="墙皮脱落", location="B1 车库"
    )
    client.force_login(eng.engineer)
    listing = client.get(reverse("engineering:workorder_list"), {"overdue": "true"})
    assert [row["object"] for row in listing.context["rows"]] == [late]
    export = client.get(reverse("engineering:workorder_list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    page = client.post(
        late.get_absolute_url(), {"action": "assign", "assignee": eng.engineer2.pk, "note": ""}
    )
    assert page.status_code == 302
    late.refresh_from_db()
    assert late.assignee == eng.engineer2 and late.state == WorkOrder.State.ASSIGNED
    # A tenant action is refused to staff.
    assert client.post(late.get_absolute_url(), {"action": "confirm"}).status_code == 403
    for name in (
        "maintenanceplan_list",
        "periodictest_list",
        "buildingconditionrecord_list",
        "decorationapplication_list",
        "decorationreview_list",
        "workordersla_list",
    ):
        assert client.get(reverse(f"engineering:{name}")).status_code == 200


def test_decoration_pages(eng, client):
    client.force_login(eng.tenant_a)
    today = timezone.localdate()
    unit = core.Unit.objects.get(code="A-101")
    response = client.post(
        reverse("engineering:decorationapplication_add"),
        {
            "unit": unit.pk,
            "scope": "会议室改造",
            "drawings": pdf(),
            "planned_start": today.isoformat(),
            "planned_end": (today - dt.timedelta(days=1)).isoformat(),
            "contractor": "装饰公司",
        },
    )
    assert response.status_code == 200 and "planned_end" in response.context["form"].errors
    response = client.post(
        reverse("engineering:decorationapplication_add"),
        {
            "unit": unit.pk,
            "scope": "会议室改造",
            "drawings": pdf(),
            "planned_start": today.isoformat(),
            "planned_end": (today + dt.timedelta(days=9)).isoformat(),
            "contractor": "装饰公司",
        },
    )
    app = eng.ent_a.decoration_applications.get()
    assert response.status_code == 302
    assert client.get(app.get_absolute_url()).context["actions"] == {}
    client.force_login(eng.engineer)
    page = client.get(app.get_absolute_url())
    assert "review" in page.context["actions"]
    client.post(app.get_absolute_url(), {"action": "review", "decision": "approve", "comment": "图纸合规"})
    app.refresh_from_db()
    assert app.state == app.State.ENGINEERING_OK
    client.force_login(eng.tenant_b)
    assert client.get(app.get_absolute_url()).status_code == 404
