"""Reads that carry fee rules: the standard in force, arrears, and the stability rule of
the revenue ledger (indicator 12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from parkops.core import clock
from parkops.fees.models import Bill, BusinessLine, FeeStandard, RevenueEntry

# Indicator 12 "有稳定收入": at least STABLE_LINES business lines each earning in at least
# STABLE_MONTHS of the last 12 full months.
STABLE_LINES = 3
STABLE_MONTHS = 9


def standards_in_force(park, on: dt.date):
    return FeeStandard.objects.filter(park=park, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def standard_in_force(park, kind: str, on: dt.date) -> FeeStandard | None:
    return standards_in_force(park, on).filter(kind=kind).order_by("-effective_from", "pk").first()


def arrears(bills):
    """Bills with money still owed after their due date, oldest first."""
    return (
        bills.filter(status__in=[Bill.Status.OVERDUE, Bill.Status.PARTIAL, Bill.Status.ISSUED])
        .filter(due_on__lt=clock.localdate())
        .order_by("due_on")
    )


def last_months(as_of: dt.date, count: int = 12) -> list[dt.date]:
    """The ``count`` full calendar months before ``as_of``'s month, oldest first."""
    months = []
    year, month = as_of.year, as_of.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(dt.date(year, month, 1))
    return list(reversed(months))


@dataclass
class LineStability:
    line: BusinessLine
    months_with_revenue: int
    total: Decimal
    by_month: list[Decimal]

    @property
    def stable(self) -> bool:
        return self.months_with_revenue >= STABLE_MONTHS


def revenue_stability(park, as_of: dt.date) -> tuple[list[dt.date], list[LineStability]]:
    months = last_months(as_of)
    out = []
    for line in BusinessLine.objects.filter(park=park).order_by("kind", "pk"):
        amounts = {m: Decimal("0") for m in months}
        for entry in RevenueEntry.objects.filter(line=line, month__in=months):
            amounts[entry.month] += entry.amount
        series = [amounts[m] for m in months]
        out.append(LineStability(line, sum(1 for a in series if a > 0), sum(series, Decimal("0")), series))
    return months, out


@dataclass
class MonthFigures:
    """One month of the revenue ledger: billed (issued bills of the month's period), collected
    (payments received in the month) and the business lines' recorded revenue, in yuan."""

    month: dt.date
    billed: Decimal
    collected: Decimal
    revenue: Decimal

    @property
    def collection_rate(self) -> Decimal | None:
        """Collected ÷ billed × 100, or None for a month with nothing billed."""
        return self.collected * 100 / self.billed if self.billed else None


def monthly_figures(park, months: list[dt.date], *, bills, payments, entries) -> list[MonthFigures]:
    """The ledger's months, oldest first, from querysets the caller has restricted to its
    reader (``bills``, ``payments``, ``entries``: ``RevenueEntry`` rows)."""
    first = months[0]
    last = months[-1]
    end = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)  # the month after
    billed = {m: Decimal("0") for m in months}
    for period, total in (
        bills.filter(park=park, period__in=months)
        .exclude(status=Bill.Status.DRAFT)
        .values_list("period", "total")
    ):
        billed[period] += total
    collected = {m: Decimal("0") for m in months}
    received = payments.filter(bill__park=park, paid_on__gte=first, paid_on__lt=end)
    for paid_on, amount in received.values_list("paid_on", "amount"):
        collected[paid_on.replace(day=1)] += amount
    revenue = {m: Decimal("0") for m in months}
    for month, amount in entries.filter(line__park=park, month__in=months).values_list("month", "amount"):
        revenue[month] += amount
    return [MonthFigures(m, billed[m], collected[m], revenue[m]) for m in months]
