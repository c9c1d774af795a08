"""Bills: every line traces to a published standard (or a lease) and never exceeds it;
payments, overdue bills, the revenue roll-up and the stability rule of row 12."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.fees import services
from parkops.fees.evidence import revenue_lines
from parkops.fees.models import (
    Bill,
    BillLine,
    BusinessLine,
    FeeKind,
    FeeStandard,
    RevenueEntry,
    UtilityReading,
)
from parkops.investment import services as investment
from parkops.investment.models import Stage
from parkops.testing.world import credit_code

D = Decimal
PERIOD = dt.date(2026, 3, 1)


def standard(
    world,
    kind=FeeKind.WATER,
    name="非居民用水",
    unit="yuan_t",
    price="4.69",
    start=dt.date(2026, 1, 1),
    end=None,
):
    return FeeStandard.objects.create(
        park=world.alpha,
        kind=kind,
        name=name,
        unit=unit,
        price=D(price),
        effective_from=start,
        effective_to=end,
        published_at="服务中心公示栏",
    )


def draft(world, enterprise=None, period=PERIOD):
    enterprise = enterprise or world.ent_a
    return Bill.objects.create(
        park=world.alpha, enterprise=enterprise, number=f"T{enterprise.pk}{period:%Y%m}", period=period
    )


def test_line_above_the_published_standard_is_refused_with_the_standard_named(world):
    water = standard(world)
    bill = draft(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_line(
            bill=bill,
            kind=FeeKind.WATER,
            quantity=D("10"),
            unit_price=D("5.00"),
            standard=water,
            by=world.staff_admin,
        )
    assert exc.value.message_dict["unit_price"] == ["超过收费标准《非居民用水》（4.69元/吨）"]
    assert not BillLine.objects.filter(bill=bill).exists()
    assert AuditEntry.objects.count() == before
    line = services.add_line(
        bill=bill,
        kind=FeeKind.WATER,
        quantity=D("10"),
        unit_price=D("4.69"),
        standard=water,
        by=world.staff_admin,
    )
    assert line.amount == D("46.90") and line.standard == water
    bill.refresh_from_db()
    assert bill.total == D("46.90")


def test_line_uses_the_standard_in_force_in_the_bills_month(world):
    standard(
        world,
        kind=FeeKind.ELECTRICITY,
        name="转供电",
        unit="yuan_kwh",
        price="1.20",
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 2, 28),
    )
    current = standard(
        world,
        kind=FeeKind.ELECTRICITY,
        name="转供电",
        unit="yuan_kwh",
        price="0.98",
        start=dt.date(2026, 3, 1),
    )
    bill = draft(world)
    line = services.add_line(bill=bill, kind=FeeKind.ELECTRICITY, quantity=D("1000"), by=world.staff_admin)
    assert line.standard == current and line.amount == D("980.00")
    # An expired standard cannot be charged, even at its own price.
    old = FeeStandard.objects.get(price=D("1.20"))
    with pytest.raises(ValidationError) as exc:
        services.add_line(
            bill=bill,
            kind=FeeKind.ELECTRICITY,
            quantity=D("1"),
            unit_price=D("1.00"),
            standard=old,
            by=world.staff_admin,
        )
    assert "不在有效期内" in exc.value.message_dict["standard"][0]


def test_non_rent_line_needs_a_standard_and_overlapping_standards_are_refused(world):
    bill = draft(world)
    with pytest.raises(ValidationError) as exc:
        services.add_line(bill=bill, kind=FeeKind.PARKING, quantity=D("1"), by=world.staff_admin)
    assert "收费标准" in exc.value.message_dict["standard"][0]
    standard(world)
    overlapping = FeeStandard(
        park=world.alpha,
        kind=FeeKind.WATER,
        name="非居民用水",
        unit="yuan_t",
        price=D("5"),
        effective_from=dt.date(2026, 6, 1),
        published_at="公示栏",
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_generated_bill_charges_rent_property_and_readings_at_their_standards(world):
    standard(world)
    standard(world, kind=FeeKind.PROPERTY, name="物业服务费", unit="yuan_m2_month", price="12")
    customer = investment.create_customer(
        data={
            "park": world.alpha,
            "name": "账单测试公司",
            "stage": Stage.INTENT,
            "credit_code": credit_code(901),
        },
        by=world.staff_invest,
    )
    unit = core.Unit.objects.get(code="A-103")
    lease = investment.sign_lease(
        customer=customer,
        units=[unit],
        start=dt.date(2026, 3, 16),
        end=dt.date(2029, 3, 15),
        rent_per_m2=D("100"),
        by=world.staff_invest,
    )
    UtilityReading.objects.create(
        unit=unit,
        enterprise=lease.enterprise,
        kind="water",
        month=PERIOD,
        previous=D("100"),
        current=D("130"),
    )
    bill = services.generate_bill(enterprise=lease.enterprise, period=PERIOD, by=world.staff_admin)
    lines = {line.kind: line for line in bill.lines.all()}
    # 150 ㎡ × 100 元 × 16/31 days = 7741.94; property 150 ㎡ × 12 = 1800; water 30 t × 4.69 = 140.70.
    assert lines[FeeKind.RENT].amount == D("7741.94") and lines[FeeKind.RENT].lease == lease
    assert lines[FeeKind.PROPERTY].amount == D("1800.00")
    assert lines[FeeKind.WATER].amount == D("140.70") and lines[FeeKind.WATER].standard.name == "非居民用水"
    assert bill.total == D("9682.64")
    with pytest.raises(ValidationError):
        services.generate_bill(enterprise=lease.enterprise, period=PERIOD, by=world.staff_admin)


def test_payments_settle_bills_and_refuse_overpaying(world):
    water = standard(world)
    bill = draft(world)
    services.add_line(bill=bill, kind=FeeKind.WATER, quantity=D("100"), standard=water, by=world.staff_admin)
    with pytest.raises(ValidationError):
        services.record_payment(bill=bill, amount=D("1"), paid_on=PERIOD, method="cash", by=world.staff_admin)
    bill = services.issue_bill(bill=bill, issued_on=dt.date(2026, 4, 5), by=world.staff_admin)
    assert bill.due_on == dt.date(2026, 4, 20)
    services.record_payment(
        bill=bill, amount=D("200"), paid_on=dt.date(2026, 4, 10), method="transfer", by=world.staff_admin
    )
    bill.refresh_from_db()
    assert bill.status == Bill.Status.PARTIAL and bill.outstanding == D("269.00")
    with pytest.raises(ValidationError) as exc:
        services.record_payment(
            bill=bill, amount=D("300"), paid_on=dt.date(2026, 4, 11), method="cash", by=world.staff_admin
        )
    assert "未缴金额 269.00" in exc.value.message_dict["amount"][0]
    assert services.mark_overdue(today=dt.date(2026, 5, 1)) == 1
    services.record_payment(
        bill=bill, amount=D("269"), paid_on=dt.date(2026, 5, 2), method="cash", by=world.staff_admin
    )
    bill.refresh_from_db()
    assert bill.status == Bill.Status.PAID and bill.payments.count() == 2


def test_only_billing_departments_write_bills(world):
    water = standard(world)
    bill = draft(world)
    for user in (world.staff_safety, world.tenant_a, world.assessor):
        with pytest.raises(PermissionDenied):
            services.add_line(bill=bill, kind=FeeKind.WATER, quantity=D("1"), standard=water, by=user)


def test_revenue_roll_up_and_the_stability_rule(world):
    water = standard(world, start=dt.date(2025, 1, 1))
    as_of = dt.date(2026, 11, 26)
    for month in range(11, 23):  # Nov 2025 .. Oct 2026
        period = dt.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        bill = draft(world, period=period)
        services.add_line(
            bill=bill, kind=FeeKind.WATER, quantity=D("10"), standard=water, by=world.staff_admin
        )
        bill = services.issue_bill(bill=bill, issued_on=period, by=world.staff_admin)
        services.record_payment(
            bill=bill,
            amount=bill.total,
            paid_on=period + dt.timedelta(days=3),
            method="cash",
            by=world.staff_admin,
        )
        services.roll_up_revenue(park=world.alpha, month=period, by=world.admin)
    utilities = BusinessLine.objects.get(park=world.alpha, kind=BusinessLine.Kind.UTILITIES)
    assert RevenueEntry.objects.filter(line=utilities, source="rollup").count() == 12
    finding = revenue_lines(world.alpha, as_of)
    assert finding.status == "partial" and finding.fraction == D(1) / 3
    for kind, months in ((BusinessLine.Kind.PARKING, 9), (BusinessLine.Kind.ADVERTISING, 8)):
        line = BusinessLine.objects.create(park=world.alpha, kind=kind, name=kind.label)
        for m in range(months):
            RevenueEntry.objects.create(line=line, month=dt.date(2026, m + 1, 1), amount=D("1000"))
    finding = revenue_lines(world.alpha, as_of)
    assert finding.fraction == D(2) / 3 and "仅 2 个" in finding.missing[0]
    RevenueEntry.objects.create(
        line=BusinessLine.objects.get(kind="advertising"), month=dt.date(2026, 10, 1), amount=D("1000")
    )
    assert revenue_lines(world.alpha, as_of).status == "met"
    assert revenue_lines(world.beta, as_of).status == "unmet"
