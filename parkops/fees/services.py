"""Every fees write: bills computed from standards, leases and readings; lines checked
against the published standard; issuing, payments, overdue marking and the revenue roll-up."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext

from parkops.audit import services as audit
from parkops.core import clock
from parkops.core.models import Enterprise
from parkops.core.services import create_object, update_object
from parkops.fees import selectors
from parkops.fees.models import (
    Bill,
    BillLine,
    BusinessLine,
    FeeKind,
    FeeStandard,
    Payment,
    RevenueEntry,
    UtilityReading,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _recompute(bill: Bill, by) -> Bill:
    # SQLite sums decimals as floats: round back to the cent.
    total = _cents(bill.lines.aggregate(t=Sum("amount"))["t"] or ZERO)
    paid = _cents(bill.payments.aggregate(t=Sum("amount"))["t"] or ZERO)
    status = bill.status
    if status != Bill.Status.DRAFT:
        if paid >= total:
            status = Bill.Status.PAID
        elif paid > 0:
            status = Bill.Status.PARTIAL
        elif bill.due_on and bill.due_on < clock.localdate():
            status = Bill.Status.OVERDUE
        else:
            status = Bill.Status.ISSUED
    if (bill.total, bill.paid, bill.status) != (total, paid, status):
        bill = update_object(obj=bill, data={"total": total, "paid": paid, "status": status}, by=by)
    return bill


@transaction.atomic
def add_line(
    *,
    bill: Bill,
    kind: str,
    quantity: Decimal,
    unit_price: Decimal | None = None,
    description: str = "",
    standard: FeeStandard | None = None,
    lease=None,
    amount: Decimal | None = None,
    by,
) -> BillLine:
    """Add a line to a draft bill. A non-rent line charges under ``standard`` (the one in force
    in the bill's month if not given) at no more than its price; the refusal names the standard."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if bill.status != Bill.Status.DRAFT:
        raise ValidationError(gettext("账单已出账，不能再修改明细"))
    if kind != FeeKind.RENT and standard is None:
        standard = selectors.standard_in_force(bill.park, kind, bill.period)
        if standard is None:
            raise ValidationError(
                {
                    "standard": gettext("账期 %(period)s 没有有效的“%(FeeKind_label)s”收费标准")
                    % {"period": format(bill.period, "%Y-%m"), "FeeKind_label": FeeKind(kind).label}
                }
            )
    if unit_price is None:
        unit_price = standard.price if standard is not None else ZERO
    if amount is None:
        amount = _cents(quantity * unit_price)
    line = create_object(
        model=BillLine,
        data={
            "bill": bill,
            "kind": kind,
            "description": description or (standard.name if standard else FeeKind(kind).label),
            "quantity": quantity,
            "unit_price": unit_price,
            "amount": amount,
            "standard": standard,
            "lease": lease,
        },
        by=by,
    )
    _recompute(bill, by)
    return line


def _bill_number(bill_period: dt.date, enterprise: Enterprise) -> str:
    return f"ZD{bill_period:%Y%m}-{enterprise.pk:05d}"


@transaction.atomic
def generate_bill(*, enterprise: Enterprise, period: dt.date, by) -> Bill:
    """The draft bill of an enterprise for a month: rent from each lease running in the month
    (:func:`parkops.investment.selectors.rent_for_month`), the property service fee on the
    leased area, and water and electricity from the month's readings, each at its standard."""
    from parkops.investment.models import Lease
    from parkops.investment.selectors import rent_for_month

    period = period.replace(day=1)
    if Bill.objects.filter(enterprise=enterprise, period=period).exists():
        raise ValidationError(
            {
                "period": gettext("%(enterprise)s %(period)s 的账单已存在")
                % {"enterprise": enterprise, "period": format(period, "%Y-%m")}
            }
        )
    bill = create_object(
        model=Bill,
        data={
            "park": enterprise.park,
            "enterprise": enterprise,
            "number": _bill_number(period, enterprise),
            "period": period,
        },
        by=by,
    )
    last = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    leases = Lease.objects.filter(enterprise=enterprise, start__lte=last, end__gte=period).exclude(
        terminated_on__lt=period
    )
    leased_area = ZERO
    for lease in leases.prefetch_related("free_periods"):
        rent = rent_for_month(lease, period.year, period.month)
        if rent > 0:
            add_line(
                bill=bill,
                kind=FeeKind.RENT,
                quantity=lease.area,
                unit_price=_cents(rent / lease.area),
                amount=rent,
                description=f"{period:%Y年%m月}租金（合同 {lease.number}）",
                lease=lease,
                by=by,
            )
        leased_area += lease.area
    if leased_area and selectors.standard_in_force(enterprise.park, FeeKind.PROPERTY, period):
        add_line(
            bill=bill,
            kind=FeeKind.PROPERTY,
            quantity=leased_area,
            description=f"{period:%Y年%m月}物业服务费（{leased_area}㎡）",
            by=by,
        )
    readings = UtilityReading.objects.filter(enterprise=enterprise, month=period)
    for kind, fee in (
        (UtilityReading.Kind.WATER, FeeKind.WATER),
        (UtilityReading.Kind.ELECTRICITY, FeeKind.ELECTRICITY),
    ):
        used = sum((r.quantity for r in readings.filter(kind=kind)), ZERO)
        if used > 0:
            add_line(
                bill=bill,
                kind=fee,
                quantity=used,
                description=f"{period:%Y年%m月}{FeeKind(fee).label}",
                by=by,
            )
    bill.refresh_from_db()
    return bill


@transaction.atomic
def issue_bill(*, bill: Bill, by, issued_on: dt.date | None = None, due_days: int = 15) -> Bill:
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if bill.status != Bill.Status.DRAFT:
        raise ValidationError(gettext("账单已出账"))
    if not bill.lines.exists():
        raise ValidationError(gettext("账单没有明细，不能出账"))
    issued_on = issued_on or clock.localdate()
    bill = update_object(
        obj=bill,
        data={
            "status": Bill.Status.ISSUED,
            "issued_on": issued_on,
            "due_on": issued_on + dt.timedelta(days=due_days),
        },
        by=by,
    )
    return _recompute(bill, by)


def _receipt_no(bill: Bill) -> str:
    # The bill row is locked by the caller, so the sequence within a bill cannot repeat.
    return f"SJ-{bill.number}-{bill.payments.count() + 1:02d}"


@transaction.atomic
def record_payment(
    *, bill: Bill, amount: Decimal, paid_on: dt.date, method: str, by, reference: str = ""
) -> Payment:
    """A payment against an issued bill; never more than what is still owed."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if bill.status == Bill.Status.DRAFT:
        raise ValidationError(gettext("草稿账单尚未出账，不能收款"))
    if amount is None or amount <= 0:
        raise ValidationError({"amount": gettext("缴费金额须大于 0")})
    if amount > bill.outstanding:
        raise ValidationError(
            {"amount": gettext("缴费金额超过未缴金额 %(outstanding)s 元") % {"outstanding": bill.outstanding}}
        )
    payment = create_object(
        model=Payment,
        data={
            "bill": bill,
            "amount": amount,
            "paid_on": paid_on,
            "method": method,
            "reference": reference,
            "receipt_no": _receipt_no(bill),
            "received_by": by,
        },
        by=by,
    )
    _recompute(bill, by)
    return payment


@transaction.atomic
def mark_overdue(*, today: dt.date) -> int:
    """Daily: issued or partly paid bills past their due date become 已逾期 (as the system)."""
    count = 0
    for bill in Bill.objects.select_for_update().filter(
        status__in=[Bill.Status.ISSUED, Bill.Status.PARTIAL], due_on__lt=today
    ):
        before = bill.status
        bill.status = Bill.Status.OVERDUE
        bill.save(update_fields=["status", "updated_at"])
        audit.record(
            action="update",
            obj=bill,
            by=None,
            park_id=bill.park_id,
            before={"status": before},
            after={"status": bill.status},
        )
        count += 1
    return count


# Which business line a paid fee feeds (clause 5.4).
LINE_FOR_FEE = {
    FeeKind.RENT: BusinessLine.Kind.LEASING,
    FeeKind.PROPERTY: BusinessLine.Kind.PROPERTY,
    FeeKind.WATER: BusinessLine.Kind.UTILITIES,
    FeeKind.ELECTRICITY: BusinessLine.Kind.UTILITIES,
    FeeKind.PARKING: BusinessLine.Kind.PARKING,
    FeeKind.DECORATION: BusinessLine.Kind.PROPERTY,
    FeeKind.OTHER: BusinessLine.Kind.OTHER,
}


@transaction.atomic
def roll_up_revenue(*, park, month: dt.date, by) -> list[RevenueEntry]:
    """Write the month's ``rollup`` revenue per business line from the payments received in
    the month, split over each bill's lines in proportion to their amounts."""
    month = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    per_kind: dict[str, Decimal] = {}
    for payment in Payment.objects.filter(
        bill__park=park, paid_on__gte=month, paid_on__lte=last
    ).select_related("bill"):
        lines = list(payment.bill.lines.all())
        total = sum((line.amount for line in lines), ZERO)
        if not total:
            continue
        for line in lines:
            kind = LINE_FOR_FEE[FeeKind(line.kind)]
            per_kind[kind] = per_kind.get(kind, ZERO) + payment.amount * line.amount / total
    entries = []
    for kind, amount in per_kind.items():
        line = BusinessLine.objects.filter(park=park, kind=kind, active=True).order_by("pk").first()
        if line is None:
            line = create_object(
                model=BusinessLine,
                data={"park": park, "kind": kind, "name": BusinessLine.Kind(kind).label},
                by=by,
            )
        amount = _cents(amount)
        existing = RevenueEntry.objects.filter(
            line=line, month=month, source=RevenueEntry.Source.ROLLUP
        ).first()
        if existing is None:
            entries.append(
                create_object(
                    model=RevenueEntry,
                    data={
                        "line": line,
                        "month": month,
                        "amount": amount,
                        "source": RevenueEntry.Source.ROLLUP,
                        "note": "由当月已收账单自动汇总",
                    },
                    by=by,
                )
            )
        else:
            entries.append(update_object(obj=existing, data={"amount": amount}, by=by))
    return entries
