"""Tenant health, the explore page and the monthly report equal the records they read."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse

from parkops.core.services import create_object
from parkops.insight import analysis, explore, reports
from parkops.insight.models import SavedView
from parkops.insight.tests.factories import bill

NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 18)


def lease(world, enterprise, number, end):
    from parkops.investment.models import Lease

    return create_object(
        model=Lease,
        data={
            "park": world.alpha,
            "number": number,
            "enterprise": enterprise,
            "area": Decimal("200"),
            "start": dt.date(2025, 1, 1),
            "end": end,
            "rent_per_m2": Decimal("80"),
            "signed_on": dt.date(2024, 12, 1),
        },
        by=world.admin,
    )


def test_tenant_health_names_its_drivers(world, clock_at):
    clock_at(NOW)
    lease(world, world.ent_a, "L-A", dt.date(2027, 12, 31))
    lease(world, world.ent_b, "L-B", dt.date(2027, 1, 31))  # 74 days left
    bill(world, world.ent_b, dt.date(2026, 9, 1), "5000", "B-1", due_on=dt.date(2026, 9, 25))
    bill(world, world.ent_b, dt.date(2026, 10, 1), "5000", "B-2", due_on=dt.date(2026, 10, 25))
    rows = {h.enterprise.name: h for h in analysis.tenant_health(world.admin, world.alpha, TODAY)}
    b = rows["乙企业"]
    points = {f.key: f.points for f in b.factors}
    assert points["lease"] == 30 and points["arrears"] == 20 and points["service_use"] == 10
    assert b.score == 100 - 30 - 20 - 10 == 40 and b.at_risk
    assert [f.key for f in b.drivers] == ["lease", "arrears", "service_use"]
    a = rows["甲企业"]
    assert a.score == 90 and not a.at_risk  # only: no service use in six months
    # A tenant reads only its own enterprise.
    mine = analysis.tenant_health(world.tenant_a, world.alpha, TODAY)
    assert [h.enterprise.name for h in mine] == ["甲企业"]


def test_explore_groups_and_sums_like_the_records(world, clock_at):
    clock_at(NOW)
    bill(world, world.ent_a, dt.date(2026, 9, 1), "100.50", "B-1", due_on=dt.date(2026, 9, 25))
    bill(world, world.ent_b, dt.date(2026, 9, 1), "200.00", "B-2", due_on=dt.date(2026, 9, 25))
    bill(world, world.ent_b, dt.date(2026, 10, 1), "50.00", "B-3", due_on=dt.date(2026, 10, 25), paid=True)
    by_month = explore.run(world.admin, world.alpha, explore.Query("bills", explore.MONTH, "total"))
    assert by_month.rows == [("2026-09", Decimal("300.50")), ("2026-10", Decimal("50.00"))]
    by_status = explore.run(world.admin, world.alpha, explore.Query("bills", "status", "count"))
    assert dict(by_status.rows) == {"已逾期": 2, "已缴清": 1}
    since = explore.run(
        world.admin,
        world.alpha,
        explore.Query("bills", "enterprise__name", "total", date_from=dt.date(2026, 10, 1)),
    )
    assert since.rows == [("乙企业", Decimal("50.00"))]
    assert explore.run(world.tenant_a, world.alpha, explore.Query("bills", "status", "count")).rows == [
        ("已逾期", 1)
    ]


def test_explore_page_exports_and_saves_for_the_park(world, client, clock_at):
    from openpyxl import load_workbook

    clock_at(NOW)
    bill(world, world.ent_a, dt.date(2026, 9, 1), "100.50", "B-1", due_on=dt.date(2026, 9, 25))
    client.force_login(world.admin)
    url = reverse("insight:explore")
    response = client.get(
        url, {"park": world.alpha.pk, "dataset": "bills", "group": "status", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[2] == ("已逾期", 1)
    client.post(
        url,
        {
            "park": world.alpha.pk,
            "dataset": "bills",
            "group": "status",
            "measure": "total",
            "name": "账单状态",
        },
    )
    saved = SavedView.objects.get()
    assert saved.query["group"] == "status" and saved.park == world.alpha
    client.force_login(world.staff_invest)
    assert "账单状态" in client.get(url, {"park": world.alpha.pk}).content.decode()
    client.force_login(world.admin_beta)
    assert "账单状态" not in client.get(url).content.decode()


def test_monthly_report_equals_the_month(world, client, clock_at):
    from openpyxl import load_workbook

    from parkops.fees.services import record_payment

    clock_at(NOW)
    b1 = bill(world, world.ent_a, dt.date(2026, 10, 1), "1000.00", "B-1", due_on=dt.date(2026, 10, 25))
    b2 = bill(world, world.ent_b, dt.date(2026, 10, 1), "500.00", "B-2", due_on=dt.date(2026, 10, 25))
    bill(world, world.ent_b, dt.date(2026, 11, 1), "700.00", "B-3", due_on=dt.date(2026, 11, 25))
    record_payment(
        bill=b1, amount=Decimal("600.00"), paid_on=dt.date(2026, 10, 20), method="transfer", by=world.admin
    )
    sections = reports.monthly_report(world.alpha, dt.date(2026, 10, 1), world.admin)
    figures = {label: value for s in sections for label, value in s.rows}
    assert figures["本月应收（元）"] == Decimal("1500.00")
    assert figures["本月实收（元）"] == Decimal("600.00")
    assert figures["收缴率（%）"] == Decimal("40.0")
    # October's bill paid in November: November's cash, October's collection rate.
    record_payment(
        bill=b2, amount=Decimal("500.00"), paid_on=dt.date(2026, 11, 5), method="transfer", by=world.admin
    )
    october = {
        label: value
        for s in reports.monthly_report(world.alpha, dt.date(2026, 10, 1))
        for label, value in s.rows
    }
    november = {
        label: value
        for s in reports.monthly_report(world.alpha, dt.date(2026, 11, 1))
        for label, value in s.rows
    }
    assert (october["本月实收（元）"], october["收缴率（%）"]) == (Decimal("600.00"), Decimal("73.3"))
    assert (november["本月实收（元）"], november["收缴率（%）"]) == (Decimal("500.00"), Decimal("0.0"))
    year = {label: value for s in reports.yearly_report(world.alpha, 2026) for label, value in s.rows}
    assert year["本年应收（元）"] == Decimal("2200.00") and year["收缴率（%）"] == Decimal("50.0")
    client.force_login(world.admin)
    url = reverse("insight:monthly")
    response = client.get(url, {"park": world.alpha.pk, "month": "2026-10", "format": "xlsx"})
    cells = [r for r in load_workbook(io.BytesIO(response.content)).active.values]
    assert ("本月应收（元）", 1500) in [(r[0], r[1]) for r in cells]
    docx = client.get(url, {"park": world.alpha.pk, "month": "2026-10", "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_monthly_task_notifies_the_administrators(world, clock_at, django_capture_on_commit_callbacks):
    from parkops.insight.services import send_monthly_reports
    from parkops.notifications.models import Notification

    clock_at(NOW)
    with django_capture_on_commit_callbacks(execute=False):
        assert send_monthly_reports(month=dt.date(2026, 10, 1)) == 2
    notes = Notification.objects.filter(kind="insight.monthly_report")
    assert {n.recipient.username for n in notes} == {"admin_alpha", "admin_beta"}
    assert all("month=2026-10" in n.url for n in notes)


def test_construction_document_lists_the_running_system(world, client, clock_at):
    from docx import Document

    clock_at(NOW)
    client.force_login(world.admin)
    response = client.get(reverse("insight:construction_doc"))
    text = "\n".join(
        c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "/api/insight/scenarios/" in text and "监测与分析（insight）" in text


def test_report_pages_group_their_figures(world, client, clock_at):
    from parkops.core.templatetags.numbers import figure

    assert figure(Decimal("1081301.44")) == "1,081,301.44" and figure(76309) == "76,309"
    assert figure(Decimal("87.4")) == "87.4" and figure("2025 年度调查") == "2025 年度调查"
    clock_at(NOW)
    bill(world, world.ent_a, dt.date(2026, 10, 1), "123456.70", "B-9", due_on=dt.date(2026, 10, 25))
    client.force_login(world.admin)
    page = client.get(
        reverse("insight:monthly"), {"park": world.alpha.pk, "month": "2026-10"}
    ).content.decode()
    assert "123,456.70" in page and "123456.70" not in page
