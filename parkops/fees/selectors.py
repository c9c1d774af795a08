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
