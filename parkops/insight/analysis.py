"""Data analysis (clause 7.2; row 53): tenant health and service patterns.

Tenant health is a points model a park manager can check by hand: every resident starts at
100 and each warning sign takes off the points written next to it, with the figures behind it.
A resident below ``AT_RISK`` is listed as at risk of leaving. The signs and their weights:

- lease expiry: the latest active lease ends within 90 days (−30) or 180 days (−15) and no
  renewal is signed;
- arrears: overdue bills with money owed (−10 each, at most −30);
- complaints in the last 12 months (−5 each, at most −15);
- no service use (work orders, tickets, bookings) in the last 6 months (−10);
- headcount falling over the last 12 months: by more than 10 % (−15), by less (−5);
- electricity use of the last 3 months more than 30 % below the 3 months before (−10).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from parkops.core.models import Enterprise, Park
from parkops.core.scope import VIEW

AT_RISK = 70
FULL = 100


@dataclass
class Factor:
    key: str
    label: str
    points: int  # taken off the score (0: no warning)
    detail: str
    url: str = ""


@dataclass
class Health:
    enterprise: Enterprise
    lease_end: dt.date | None = None
    factors: list[Factor] = field(default_factory=list)

    @property
    def score(self) -> int:
        return max(0, FULL - sum(f.points for f in self.factors))

    @property
    def at_risk(self) -> bool:
        return self.score < AT_RISK

    @property
    def drivers(self) -> list[Factor]:
        """The signs that took points off, largest first."""
        return sorted((f for f in self.factors if f.points), key=lambda f: -f.points)


def _linker():
    """``link(name, **query)``: a list page's URL with its filters. Each page is reversed once
    per computation rather than once per resident and sign (700 times on the demo park)."""
    from urllib.parse import urlencode

    pages: dict[str, str] = {}

    def link(name: str, **query) -> str:
        if name not in pages:
            pages[name] = reverse(name)
        return f"{pages[name]}?{urlencode(query)}"

    return link


def _month_start(day: dt.date, back: int) -> dt.date:
    year, month = day.year, day.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def _read_models() -> tuple:
    """The models tenant health reads: whoever sees all their rows of a park gets the same
    health for it (:func:`tenant_health_cached`)."""
    from parkops.engineering.models import WorkOrder
    from parkops.fees.models import Bill, UtilityReading
    from parkops.investment.models import HeadcountRecord, Lease
    from parkops.service.models import Ticket
    from parkops.spaces.models import Booking

    return (Lease, Enterprise, Bill, Ticket, WorkOrder, Booking, HeadcountRecord, UtilityReading)


CACHE_SECONDS = 24 * 3600
"""How long a park's cached health is kept; it can never be stale (see ``tenant_health_cached``),
so this only bounds the cache's size."""


def tenant_health_cached(user, park: Park, today: dt.date) -> list[Health]:
    """``tenant_health``, shared by everyone who reads the whole park and kept in the cache under
    the park's and the platform's audit-chain heads (``audit.selectors.write_mark``), as pages
    keep the assessment (``assessment.engine.assess_cached``).

    Shared: every queryset of ``tenant_health`` is narrowed to the park's rows, and for staff,
    administrators, assessors and API clients who see the park ``restrict`` keeps all of them
    (``scope.reads_whole_park``), so one reader's result is every such reader's. A tenant
    reads its own enterprise only: it is computed for the tenant, never cached.
    Never stale: each row read belongs to the park, every write to it is audited in its own
    transaction on the park's chain, and the mark is read before the rows, so the next write
    moves it (telemetry batches move it too: they are audited per device, though health reads
    no telemetry). What changes without a write is in the key: the day asked for and the
    clock's (arrears are counted on the clock's day), the language of the labels, the script
    prefix of the links and the code's version."""
    from django.conf import settings
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    from parkops.audit.selectors import cached_under_writes
    from parkops.core import clock
    from parkops.core.scope import reads_whole_park

    if not reads_whole_park(user, park.pk, _read_models()):
        return tenant_health(user, park, today)
    return cached_under_writes(
        "tenant-health",
        park.pk,
        [
            today.isoformat(),
            clock.localdate().isoformat(),
            get_language() or settings.LANGUAGE_CODE,
            get_script_prefix(),
        ],
        lambda: tenant_health(user, park, today),
        CACHE_SECONDS,
    )


def tenant_health(user, park: Park, today: dt.date) -> list[Health]:
    """Health of each resident of ``park`` with an active lease, lowest score first; every
    queryset is narrowed to ``user`` and to the park's own rows (a booking of another park's
    space is not this park's service use), so that a write to another park never changes it.
    Pages call :func:`tenant_health_cached`."""
    from parkops.engineering.models import WorkOrder
    from parkops.fees.models import Bill, UtilityReading
    from parkops.fees.selectors import arrears
    from parkops.investment.models import HeadcountRecord, Lease
    from parkops.service.models import Ticket
    from parkops.spaces.models import Booking

    link = _linker()
    leases = Lease.objects.restrict(user, VIEW).filter(park=park, status=Lease.Status.ACTIVE)
    latest_end: dict[int, dt.date] = {}
    for enterprise_id, end in leases.values_list("enterprise_id", "end"):
        latest_end[enterprise_id] = max(end, latest_end.get(enterprise_id, end))
    enterprises = {
        e.pk: e
        for e in Enterprise.objects.restrict(user, VIEW).filter(park=park, pk__in=latest_end).order_by("name")
    }
    if not enterprises:
        return []
    ids = list(enterprises)
    year_ago = today - dt.timedelta(days=365)
    half_year_ago = today - dt.timedelta(days=182)

    owed = defaultdict(list)
    for bill in arrears(Bill.objects.restrict(user, VIEW).filter(park=park, enterprise_id__in=ids)):
        owed[bill.enterprise_id].append(bill)
    complaints = Counter(
        Ticket.objects.restrict(user, VIEW)
        .filter(park=park, enterprise_id__in=ids, kind=Ticket.Kind.COMPLAINT, received_at__date__gt=year_ago)
        .values_list("enterprise_id", flat=True)
    )
    use = Counter(
        WorkOrder.objects.restrict(user, VIEW)
        .filter(park=park, enterprise_id__in=ids, reported_at__date__gt=half_year_ago)
        .values_list("enterprise_id", flat=True)
    )
    use.update(
        Ticket.objects.restrict(user, VIEW)
        .filter(park=park, enterprise_id__in=ids, received_at__date__gt=half_year_ago)
        .values_list("enterprise_id", flat=True)
    )
    use.update(
        Booking.objects.restrict(user, VIEW)
        .filter(space__park=park, enterprise_id__in=ids, starts_at__date__gt=half_year_ago)
        .values_list("enterprise_id", flat=True)
    )
    heads = defaultdict(list)
    # A headcount belongs to its enterprise's park: ``ids`` keeps it to this park's.
    for enterprise_id, day, count in (
        HeadcountRecord.objects.restrict(user, VIEW)
        .filter(enterprise_id__in=ids, recorded_on__gt=year_ago, recorded_on__lte=today)
        .order_by("recorded_on")
        .values_list("enterprise_id", "recorded_on", "headcount")
    ):
        heads[enterprise_id].append((day, count))
    recent_from, earlier_from, this_month = (
        _month_start(today, 3),
        _month_start(today, 6),
        _month_start(today, 0),
    )
    power: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"recent": Decimal(0), "earlier": Decimal(0)})
    for enterprise_id, month, previous, current in (
        UtilityReading.objects.restrict(user, VIEW)
        .filter(
            unit__floor__building__park=park,
            enterprise_id__in=ids,
            kind=UtilityReading.Kind.ELECTRICITY,
            month__gte=earlier_from,
            month__lt=this_month,
        )
        .values_list("enterprise_id", "month", "previous", "current")
    ):
        power[enterprise_id]["recent" if month >= recent_from else "earlier"] += current - previous

    out = []
    for pk, enterprise in enterprises.items():
        health = Health(enterprise, latest_end[pk])
        days = (latest_end[pk] - today).days
        points = 30 if days <= 90 else 15 if days <= 180 else 0
        health.factors.append(
            Factor(
                "lease",
                gettext("租约到期"),
                points,
                gettext("租约 %(end)s 到期，还有 %(days)s 天")
                % {"end": latest_end[pk].isoformat(), "days": days},
                link("investment:lease_list", park=park.pk, enterprise=pk),
            )
        )
        bills = owed.get(pk, [])
        amount = sum((b.outstanding for b in bills), Decimal(0))
        health.factors.append(
            Factor(
                "arrears",
                gettext("欠费"),
                min(30, 10 * len(bills)),
                gettext("逾期账单 %(count)s 张，欠费 %(amount)s 元")
                % {"count": len(bills), "amount": amount},
                link("fees:bill_list", park=park.pk, enterprise=pk),
            )
        )
        n = complaints.get(pk, 0)
        health.factors.append(
            Factor(
                "complaints",
                gettext("投诉"),
                min(15, 5 * n),
                gettext("近 12 个月投诉 %(count)s 次") % {"count": n},
                link("service:ticket_list", enterprise=pk, kind="complaint"),
            )
        )
        n = use.get(pk, 0)
        health.factors.append(
            Factor(
                "service_use",
                gettext("服务使用"),
                0 if n else 10,
                gettext("近 6 个月报修、工单和预约 %(count)s 次") % {"count": n},
                link("engineering:workorder_list", enterprise=pk),
            )
        )
        series = heads.get(pk, [])
        if len(series) >= 2 and series[0][1]:
            first, last = series[0][1], series[-1][1]
            change = Decimal(last - first) * 100 / first
            points = 15 if change < -10 else 5 if change < 0 else 0
            detail = gettext("在园人数 %(first)s → %(last)s（%(change)s%%）") % {
                "first": first,
                "last": last,
                "change": change.quantize(Decimal("0.1")),
            }
        else:
            points, detail = 0, gettext("近 12 个月在园人数记录不足两次，未计")
        health.factors.append(
            Factor(
                "headcount",
                gettext("人数趋势"),
                points,
                detail,
                link("investment:headcountrecord_list", enterprise=pk),
            )
        )
        p = power.get(pk)
        if p and p["earlier"] > 0 and p["recent"] > 0:
            change = (p["recent"] - p["earlier"]) * 100 / p["earlier"]
            points = 10 if change < -30 else 0
            detail = gettext("近 3 个月用电 %(recent)s kWh，前 3 个月 %(earlier)s kWh（%(change)s%%）") % {
                "recent": p["recent"],
                "earlier": p["earlier"],
                "change": change.quantize(Decimal("0.1")),
            }
        else:
            points, detail = 0, gettext("近 6 个月用电抄表不全，未计")
        health.factors.append(
            Factor(
                "energy", gettext("用电趋势"), points, detail, link("fees:utilityreading_list", enterprise=pk)
            )
        )
        out.append(health)
    return sorted(out, key=lambda h: (h.score, h.enterprise.name))


def service_patterns(user, park: Park, today: dt.date) -> dict:
    """Which enterprises use which services, and demand by category and month, over the last
    12 full months: work orders by category, tickets by kind, bookings by space kind."""
    from parkops.engineering.models import WorkOrder
    from parkops.service.models import Ticket
    from parkops.spaces.models import Booking

    start = _month_start(today, 12)
    end = _month_start(today, 0)
    months = [_month_start(today, back) for back in range(12, 0, -1)]
    series: dict[str, list[int]] = {}
    by_enterprise: dict[str, Counter] = defaultdict(Counter)
    sources = (
        (
            gettext("工单"),
            WorkOrder.objects.restrict(user, VIEW).filter(
                park=park, reported_at__date__gte=start, reported_at__date__lt=end
            ),
            "reported_at",
            "category",
            WorkOrder.Category,
        ),
        (
            gettext("客服工单"),
            Ticket.objects.restrict(user, VIEW).filter(
                park=park, received_at__date__gte=start, received_at__date__lt=end
            ),
            "received_at",
            "kind",
            Ticket.Kind,
        ),
    )
    from django.utils import timezone

    for name, qs, at, group, choices in sources:
        labels = dict(choices.choices)
        for when, value, enterprise in qs.values_list(at, group, "enterprise__name"):
            local = timezone.localtime(when).date().replace(day=1)
            key = f"{name}·{labels.get(value, value)}"
            series.setdefault(key, [0] * 12)[months.index(local)] += 1
            if enterprise:
                by_enterprise[enterprise][name] += 1
    bookings = Booking.objects.restrict(user, VIEW).filter(
        space__park=park, starts_at__date__gte=start, starts_at__date__lt=end
    )
    for when, enterprise in bookings.values_list("starts_at", "enterprise__name"):
        local = timezone.localtime(when).date().replace(day=1)
        series.setdefault(gettext("空间预约"), [0] * 12)[months.index(local)] += 1
        if enterprise:
            by_enterprise[enterprise][gettext("空间预约")] += 1
    columns = sorted({k for c in by_enterprise.values() for k in c})
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "series": [{"name": k, "values": v, "total": sum(v)} for k, v in sorted(series.items())],
        "columns": columns,
        "enterprises": [
            {"name": name, "counts": [c.get(col, 0) for col in columns], "total": sum(c.values())}
            for name, c in sorted(by_enterprise.items(), key=lambda kv: -sum(kv[1].values()))
        ],
        "total": sum(sum(v) for v in series.values()),
    }
