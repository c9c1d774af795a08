"""Pages, exports and reports that write their figures themselves (bill detail, receipt,
arrears, revenue, the energy overview and report, the monthly report, explore, the evaluation's
score matrix) leave out what the reader is not cleared for — not only the masked personal
data. A reader's clearance is set by an administrator (``UserClearance``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from parkops.datagov.protection import clearance_of
from parkops.datagov.registry import Level
from parkops.datagov.services import set_user_clearance

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def money_world(personal_world):
    from parkops.fees.models import Bill, Payment

    world = personal_world
    bill = Bill.objects.get(number="ZD-P1")
    Bill.objects.filter(pk=bill.pk).update(
        status=Bill.Status.OVERDUE,
        issued_on=dt.date(2026, 11, 1),
        due_on=dt.date(2026, 11, 15),
        paid=Decimal("33.00"),
    )
    payment = Payment.objects.create(
        bill=bill, amount=Decimal("33.00"), paid_on=dt.date(2026, 11, 10), method="transfer",
        reference="WX-777888999", receipt_no="SJ-P1",
    )  # fmt: skip
    world.bill, world.payment = Bill.objects.get(pk=bill.pk), payment
    return world


def test_only_an_administrator_sets_a_clearance_and_it_replaces_the_roles_default(money_world):
    from django.core.exceptions import PermissionDenied

    world = money_world
    assert clearance_of(world.staff_invest) == Level.IMPORTANT and clearance_of(world.admin) == Level.CORE
    with pytest.raises(PermissionDenied):
        set_user_clearance(user=world.staff_invest, level=Level.CORE, by=world.staff_invest)
    set_user_clearance(user=world.staff_invest, level=Level.GENERAL, by=world.admin, reason="临时人员")
    fresh = type(world.staff_invest).objects.get(pk=world.staff_invest.pk)
    assert clearance_of(fresh) == Level.GENERAL
    from parkops.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="datagov.userclearance", action="create").exists()
    page = client_of(world.admin).get("/datagov/user-clearances/")
    assert page.status_code == 200 and "临时人员" in page.content.decode()


def test_bill_receipt_arrears_and_revenue_leave_out_sums_above_the_readers_level(money_world):
    world = money_world
    reader = client_of(world.staff_invest)
    bill_url, receipt_url = f"/fees/bills/{world.bill.pk}/", f"/fees/payments/{world.payment.pk}/receipt/"
    cleared = {
        url: reader.get(url).content.decode()
        for url in (bill_url, receipt_url, "/fees/arrears/", "/fees/revenue/")
    }
    assert "99.00" in cleared[bill_url] and "33.00" in cleared[bill_url] and "66.00" in cleared[bill_url]
    assert "33.00" in cleared[receipt_url] and "WX-777888999" in cleared[receipt_url]
    assert "66.00" in cleared["/fees/arrears/"]
    set_user_clearance(user=world.staff_invest, level=Level.GENERAL, by=world.admin)
    reader = client_of(world.staff_invest)
    bill = reader.get(bill_url).content.decode()
    assert "ZD-P1" in bill and "po-withheld" in bill
    assert not [figure for figure in ("99.00", "33.00", "66.00") if figure in bill]
    receipt = reader.get(receipt_url).content.decode()
    assert "SJ-P1" in receipt and "33.00" not in receipt and "WX-777888999" not in receipt
    pdf = reader.get(receipt_url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    arrears = reader.get("/fees/arrears/").content.decode()
    assert "ZD-P1" in arrears and "66.00" not in arrears
    assert reader.get("/fees/revenue/").status_code == 403


def test_reports_and_explore_leave_out_sums_above_the_readers_level(money_world):
    from parkops.insight import reports

    world = money_world
    Bill = type(world.bill)
    Bill.objects.filter(pk=world.bill.pk).update(status=Bill.Status.ISSUED)

    def revenue_rows(user):
        sections = reports.monthly_report(world.alpha, dt.date(2026, 11, 1), user)
        return dict(next(s for s in sections if s.title == "收入").rows)

    assert revenue_rows(world.staff_invest)["本月应收（元）"] == Decimal("99.00")
    explore = {"dataset": "bills", "measure": "total", "park": world.alpha.pk}
    assert client_of(world.staff_invest).get("/insight/explore/", explore).status_code == 200
    set_user_clearance(user=world.staff_invest, level=Level.GENERAL, by=world.admin)
    reader = type(world.staff_invest).objects.get(pk=world.staff_invest.pk)
    rows = revenue_rows(reader)
    assert rows["本月应收（元）"] is None and rows["本月实收（元）"] is None
    assert rows["收缴率（%）"] == Decimal("33.3")  # a rate, not a sum of money
    page = client_of(reader).get("/insight/monthly/", {"park": world.alpha.pk, "month": "2026-11"})
    assert page.status_code == 200 and "99.00" not in page.content.decode()
    xlsx = client_of(reader).get(
        "/insight/monthly/", {"park": world.alpha.pk, "month": "2026-11", "format": "xlsx"}
    )
    from parkops.datagov.tests.test_protection_outside_api import workbook_cells

    assert xlsx.status_code == 200 and "99.00" not in "\n".join(workbook_cells(xlsx.content)[1])
    assert client_of(reader).get("/insight/explore/", explore).status_code == 403
    choices = client_of(reader).get("/insight/explore/", {"dataset": "bills"}).content.decode()
    assert 'value="total"' not in choices and 'value="count"' in choices


def test_energy_by_enterprise_reaches_only_readers_cleared_for_it(money_world):
    from parkops.energy.models import Meter
    from parkops.energy.tests.factories import meter

    world = money_world
    meter(world.alpha, "E-TENANT", scope=Meter.Scope.TENANT, level=3, enterprise=world.ent_a)
    page = client_of(world.staff_invest).get("/energy/", {"park": world.alpha.pk}).content.decode()
    assert 'data-testid="energy-tenants"' in page and "甲企业 ·" in page
    report = client_of(world.staff_invest).get("/insight/energy/monthly/", {"park": world.alpha.pk})
    assert "按企业" in report.content.decode()
    set_user_clearance(user=world.staff_invest, level=Level.GENERAL, by=world.admin)
    reader = client_of(world.staff_invest)
    page = reader.get("/energy/", {"park": world.alpha.pk}).content.decode()
    assert "甲企业 ·" not in page
    from parkops.datagov.tests.test_protection_outside_api import workbook_cells

    headers, cells = workbook_cells(
        reader.get("/energy/", {"park": world.alpha.pk, "export": "xlsx"}).content
    )
    assert not any(cell.startswith("甲企业 ·") for cell in cells)
    report = reader.get("/insight/energy/monthly/", {"park": world.alpha.pk}).content.decode()
    assert "按企业" not in report


def test_the_evaluation_shows_other_experts_scores_only_to_readers_cleared_for_them(world):
    from parkops.evaluation import selectors, services
    from parkops.evaluation.tests.helpers import (
        declare_clear,
        full_sheet,
        make_project,
        panel,
        score_and_submit,
        to_scoring,
    )

    project = make_project(world)
    lead, other = panel(world, project, 2)
    declare_clear([lead, other])
    project = to_scoring(world, project)
    score_and_submit(lead, project, {3: "1.5"})
    services.save_scores(expert=other, by=other.user, scores=full_sheet(project, {3: "0.5"}))
    services.submit_sheet(expert=other, by=other.user)
    assert {s.expert_id for s in selectors.visible_scores(project, other.user)} == {lead.pk, other.pk}
    set_user_clearance(user=other.user, level=Level.GENERAL, by=world.platform)
    reader = type(other.user).objects.get(pk=other.user.pk)
    assert {s.expert_id for s in selectors.visible_scores(project, reader)} == {other.pk}
    ledger = client_of(reader).get(f"/evaluation/projects/{project.pk}/ledger.xlsx")
    from parkops.datagov.tests.test_protection_outside_api import workbook_cells

    headers, _cells = workbook_cells(ledger.content)
    assert lead.user.name not in headers[1] and other.user.name in headers[1]
