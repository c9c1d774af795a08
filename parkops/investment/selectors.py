"""Reads that carry investment rules: rent for a month, unit availability, team progress,
entry-condition checks, the resident grading rule, archive completeness and occupancy."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext, gettext_noop

from parkops.core.models import Building, Enterprise, Park, Unit
from parkops.investment.models import (
    Customer,
    EnterpriseQualification,
    EntryCondition,
    InvestmentTarget,
    Lease,
    LeaseUnit,
    PollutionCategory,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")
LEASE_REMINDER_DAYS = (90, 60, 30)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _area(qs, field: str = "area") -> Decimal:
    """Sum of an area column, to the cent (SQLite sums decimals as floats)."""
    return _cents(Decimal(qs.aggregate(a=Sum(field))["a"] or 0))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def lease_year(lease: Lease, day: dt.date) -> int:
    """0 in the first lease year (start .. day before the first anniversary), 1 in the second …"""
    years = day.year - lease.start.year
    if add_years(lease.start, years) > day:
        years -= 1
    return max(0, years)


def monthly_rent(lease: Lease, year_index: int = 0) -> Decimal:
    """The full-month rent in lease year ``year_index``: area × unit price × (1 + escalation)^k,
    compounded yearly and rounded to the cent."""
    base = lease.area * lease.rent_per_m2
    factor = (1 + lease.escalation_pct / 100) ** year_index
    return _cents(base * factor)


def rent_for_month(lease: Lease, year: int, month: int) -> Decimal:
    """Rent due for calendar month ``year``-``month``.

    Each day the lease runs (from ``start`` to its end or termination) and that is not in a
    free-rent period is charged 1/(days in the month) of that day's lease-year monthly rent;
    so a full month costs exactly the monthly rent, a partial month its share of days, and a
    month in which the lease year turns is split at the anniversary. Rounded to the cent.
    """
    days_in_month = calendar.monthrange(year, month)[1]
    first, last = dt.date(year, month, 1), dt.date(year, month, days_in_month)
    start, end = max(first, lease.start), min(last, lease.effective_end)
    if start > end:
        return ZERO.quantize(CENT)
    free = [(p.start, p.end) for p in lease.free_periods.all()]
    days_by_year: dict[int, int] = {}
    day = start
    while day <= end:
        if not any(a <= day <= b for a, b in free):
            k = lease_year(lease, day)
            days_by_year[k] = days_by_year.get(k, 0) + 1
        day += dt.timedelta(days=1)
    total = sum((monthly_rent(lease, k) * days / days_in_month for k, days in days_by_year.items()), ZERO)
    return _cents(total)


def unit_conflicts(
    units: Iterable[Unit], start: dt.date, end: dt.date, *, exclude_lease: Lease | None = None
):
    """Lease rows that already let any of ``units`` on a day between ``start`` and ``end``."""
    qs = LeaseUnit.objects.filter(unit__in=list(units), start__lte=end, end__gte=start).exclude(
        lease__status=Lease.Status.TERMINATED, end__lt=start
    )
    if exclude_lease is not None:
        qs = qs.exclude(lease=exclude_lease)
    return qs.select_related("unit__floor__building", "lease__enterprise")


def leases_expiring(park: Park, today: dt.date, within_days: int):
    return (
        Lease.objects.filter(
            park=park,
            status=Lease.Status.ACTIVE,
            end__gte=today,
            end__lte=today + dt.timedelta(days=within_days),
            renewal__isnull=True,
        )
        .select_related("enterprise")
        .order_by("end", "number")
    )


# --- Team (indicator 18) ---------------------------------------------------------------


@dataclass
class TeamRow:
    target: InvestmentTarget
    leases: int
    area: Decimal

    @property
    def area_pct(self) -> Decimal:
        return _cents(self.area * 100 / self.target.target_area) if self.target.target_area else ZERO

    @property
    def leases_pct(self) -> Decimal:
        return (
            _cents(Decimal(self.leases * 100) / self.target.target_leases)
            if self.target.target_leases
            else ZERO
        )


def team_progress(targets, year: int) -> list[TeamRow]:
    """Each target with what its member signed in the year (renewals count as signed leases)."""
    rows = []
    for target in targets.filter(year=year).select_related("member"):
        signed = Lease.objects.filter(
            park_id=target.park_id, signed_by_id=target.member_id, signed_on__year=year
        )
        rows.append(TeamRow(target, signed.count(), _area(signed)))
    return rows


# --- Entry conditions (indicator 5) -----------------------------------------------------

POLLUTION_ORDER = [c for c, _ in PollutionCategory.choices]


@dataclass
class ConditionResult:
    condition: EntryCondition
    ok: bool
    reason: str


@dataclass
class Applicant:
    """What the entry check looks at, from a customer or a resident enterprise."""

    name: str
    industry_id: int | None
    pollution: str | None
    qualifications: set[str] = field(default_factory=set)
    supporting: bool = False  # a shop or canteen serving the park: the industry rule does not apply


def applicant_for_enterprise(enterprise: Enterprise, on: dt.date) -> Applicant:
    quals = {q.kind for q in EnterpriseQualification.objects.filter(enterprise=enterprise) if q.valid_on(on)}
    customer = Customer.objects.filter(enterprise=enterprise).first()
    uses = set(Unit.objects.filter(enterprise=enterprise).values_list("use", flat=True))
    supporting = bool(uses) and uses <= {Unit.Use.COMMERCIAL}
    return Applicant(
        enterprise.name, enterprise.industry_id, customer.pollution if customer else None, quals, supporting
    )


def applicant_for_customer(customer: Customer, on: dt.date) -> Applicant:
    if customer.enterprise_id:
        applicant = applicant_for_enterprise(customer.enterprise, on)
        applicant.pollution = customer.pollution
        return applicant
    return Applicant(customer.name, customer.industry_id, customer.pollution)


def park_industry_ids(park: Park) -> set[int]:
    return set(park.leading_industries.values_list("pk", flat=True)) | set(
        park.characteristic_industries.values_list("pk", flat=True)
    )


def check_entry(
    park: Park, applicant: Applicant, conditions: list[EntryCondition] | None = None
) -> list[ConditionResult]:
    from parkops.core.models import Industry

    if conditions is None:
        conditions = list(EntryCondition.objects.filter(park=park, active=True))
    park_industries = park_industry_ids(park)
    results = []
    for condition in conditions:
        if condition.kind == EntryCondition.Kind.INDUSTRY:
            allowed = set(park_industries)
            if condition.industry_scope == EntryCondition.IndustryScope.CATALOGUE:
                allowed |= set(
                    Industry.objects.filter(catalogue__is_current=True).values_list("pk", flat=True)
                )
            if applicant.supporting and applicant.industry_id is None:
                ok, reason = True, "配套商业服务企业，不适用产业方向条件"
            else:
                ok = applicant.industry_id in allowed
                reason = (
                    ""
                    if ok
                    else ("未登记所属产业" if applicant.industry_id is None else "所属产业不在准入范围")
                )
        elif condition.kind == EntryCondition.Kind.QUALIFICATION:
            ok = condition.qualification in applicant.qualifications
            reason = "" if ok else f"缺少有效的{condition.get_qualification_display()}资质"
        else:
            if applicant.pollution is None:
                ok, reason = False, "未登记环保类别"
            else:
                ok = POLLUTION_ORDER.index(applicant.pollution) <= POLLUTION_ORDER.index(
                    condition.max_pollution
                )
                reason = "" if ok else f"环保类别为“{PollutionCategory(applicant.pollution).label}”"
        results.append(ConditionResult(condition, ok, reason))
    return results


@dataclass
class Compliance:
    enterprise: Enterprise
    results: list[ConditionResult]

    @property
    def compliant(self) -> bool:
        return all(r.ok for r in self.results if r.condition.mandatory)

    @property
    def failures(self) -> list[str]:
        return [
            f"{r.condition.title}：{r.reason}" for r in self.results if r.condition.mandatory and not r.ok
        ]


def resident_compliance(park: Park, on: dt.date) -> list[Compliance]:
    conditions = list(EntryCondition.objects.filter(park=park, active=True))
    residents = Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT).order_by("name")
    return [Compliance(e, check_entry(park, applicant_for_enterprise(e, on), conditions)) for e in residents]


# --- Resident grading rule (indicator 20) ------------------------------------------------

GRADE_RULE = (
    "入驻客户分类分级规则（满分 12 分）：\n"
    "① 租赁面积：≥1000㎡ 得 3 分，≥300㎡ 得 2 分，其余 1 分；\n"
    "② 在园人数：≥100 人得 3 分，≥30 人得 2 分，其余 1 分；\n"
    "③ 产业契合度：园区主导产业 3 分，特色产业 2 分，深圳市产业目录内 1 分，其余 0 分；\n"
    "④ 企业资质：国家高新技术企业、专精特新（含小巨人）各 1 分，最多 2 分；“小巨人”另加 1 分，合计最多 3 分。\n"
    "总分 ≥9 为 A 类（重点服务），6–8 为 B 类（一般服务），≤5 为 C 类（培育服务）。"
)


def leased_area(enterprise: Enterprise) -> Decimal:
    return _area(Unit.objects.filter(enterprise=enterprise, state=Unit.State.LEASED))


def grade_for(enterprise: Enterprise, on: dt.date) -> tuple[str, int, dict]:
    """Apply :data:`GRADE_RULE` to a resident; returns (grade, score, basis)."""
    park = enterprise.park
    area = leased_area(enterprise)
    area_pts = 3 if area >= 1000 else 2 if area >= 300 else 1
    people = enterprise.headcount
    people_pts = 3 if people >= 100 else 2 if people >= 30 else 1
    if enterprise.industry_id and park.leading_industries.filter(pk=enterprise.industry_id).exists():
        industry_pts, fit = 3, "主导产业"
    elif enterprise.industry_id and park.characteristic_industries.filter(pk=enterprise.industry_id).exists():
        industry_pts, fit = 2, "特色产业"
    elif enterprise.industry_id and enterprise.industry.catalogue.is_current:
        industry_pts, fit = 1, "深圳市产业目录"
    else:
        industry_pts, fit = 0, "目录外"
    kinds = {q.kind for q in enterprise.qualifications.all() if q.valid_on(on)}
    qual_pts = int("high_tech" in kinds) + int(bool(kinds & {"specialised", "little_giant"}))
    qual_pts += int("little_giant" in kinds)
    score = area_pts + people_pts + industry_pts + qual_pts
    grade = "A" if score >= 9 else "B" if score >= 6 else "C"
    basis = {
        "租赁面积": f"{area}㎡ → {area_pts} 分",
        "在园人数": f"{people} 人 → {people_pts} 分",
        "产业契合度": f"{fit} → {industry_pts} 分",
        "企业资质": f"{'、'.join(sorted(str(dict(EnterpriseQualification._meta.get_field('kind').choices)[k]) for k in kinds)) or '无'} → {qual_pts} 分",
    }
    return grade, score, basis


# --- Tenant archive completeness (indicator 29, archive half) ---------------------------


# The items clause 6.3.3.2 names for a resident's archive, in its order.
ARCHIVE_ITEMS = (
    ("basic", gettext_noop("客户基本信息")),
    ("entry", gettext_noop("入驻信息")),
    ("needs", gettext_noop("需求分析")),
    ("feedback", gettext_noop("反馈记录")),
    ("cooperation", gettext_noop("业务合作情况")),
)


def archive_items(enterprise: Enterprise, on: dt.date) -> dict[str, list[str]]:
    """For each item of 6.3.3.2 (客户基本信息、入驻信息、需求分析、反馈记录、业务合作情况), what the
    archive of ``enterprise`` still lacks on ``on`` (an empty list: the item is there)."""
    from parkops.investment.models import ArchiveRecord

    basic = []
    if not (enterprise.legal_representative and enterprise.established_on and enterprise.registered_capital):
        basic.append(gettext_noop("工商登记信息不全"))
    if not (enterprise.industry_id or enterprise.industry_note):
        basic.append(gettext_noop("未登记所属产业或行业"))
    if not enterprise.contacts.exists():
        basic.append(gettext_noop("无联系人"))
    entry = []
    if not enterprise.moved_in_on:
        entry.append(gettext_noop("未登记入驻日期"))
    if not enterprise.leases.filter(start__lte=on).exists():
        entry.append(gettext_noop("无租赁合同"))
    kinds = set(
        ArchiveRecord.objects.filter(enterprise=enterprise, recorded_on__lte=on).values_list(
            "kind", flat=True
        )
    )
    return {
        "basic": basic,
        "entry": entry,
        "needs": [] if ArchiveRecord.Kind.NEEDS in kinds else [gettext_noop("无需求分析记录")],
        "feedback": [] if ArchiveRecord.Kind.FEEDBACK in kinds else [gettext_noop("无反馈记录")],
        "cooperation": []
        if ArchiveRecord.Kind.COOPERATION in kinds
        else [gettext_noop("无业务合作情况记录")],
    }


def archive_gaps(enterprise: Enterprise, on: dt.date) -> list[str]:
    """What the archive still lacks of the items 6.3.3.2 names, in the reader's language."""
    return [gettext(gap) for gaps in archive_items(enterprise, on).values() for gap in gaps]


# --- Occupancy ----------------------------------------------------------------------------


OCCUPIED_STATES = (Unit.State.LEASED, Unit.State.SELF_USED)


@dataclass(frozen=True)
class Occupancy:
    """出租率 = (已租 + 自用) 面积 ÷ 房源总面积: the one definition every page shows."""

    total: Decimal
    occupied: Decimal

    @property
    def vacant(self) -> Decimal:
        return self.total - self.occupied

    @property
    def rate(self) -> Decimal | None:
        return _cents(self.occupied * 100 / self.total) if self.total else None


def occupancy(units) -> Occupancy:
    """The 出租率 of a set of units (a queryset already narrowed to what the reader may see)."""
    return Occupancy(total=_area(units), occupied=_area(units.filter(state__in=OCCUPIED_STATES)))


def occupancy_per_building(units) -> dict[int, Occupancy]:
    """:func:`occupancy` of each building's share of ``units`` (building id -> figures), in one
    grouped query; buildings without units are absent."""
    rows = (
        units.order_by()
        .values("floor__building")
        .annotate(total=Sum("area"), occupied=Sum("area", filter=Q(state__in=OCCUPIED_STATES)))
    )
    return {
        row["floor__building"]: Occupancy(
            total=_cents(Decimal(row["total"] or 0)), occupied=_cents(Decimal(row["occupied"] or 0))
        )
        for row in rows
    }


def occupancy_by_building(park: Park) -> list[dict]:
    rows = []
    per_building = occupancy_per_building(Unit.objects.filter(floor__building__park=park))
    for building in Building.objects.filter(park=park).order_by("code"):
        figures = per_building.get(building.pk)
        if figures is None or not figures.total:
            continue
        rows.append(
            {
                "building": building,
                "total": figures.total,
                "leased": figures.occupied,
                "vacant": figures.vacant,
                "rate": figures.rate,
            }
        )
    return rows


def occupancy_history(park: Park, months: list[dt.date]) -> list[Decimal]:
    """出租率 at the end of each month: area under a lease then, plus the self-used area, of
    the park's total unit area (the same definition as :func:`occupancy`)."""
    units = Unit.objects.filter(floor__building__park=park)
    total = _area(units)
    self_used = _area(units.filter(state=Unit.State.SELF_USED))
    out = []
    for month in months:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        leased = _area(
            units.exclude(state=Unit.State.SELF_USED).filter(
                pk__in=LeaseUnit.objects.filter(lease__park=park, start__lte=last, end__gte=last).values(
                    "unit"
                )
            )
        )
        out.append(_cents((leased + self_used) * 100 / total) if total else ZERO)
    return out


# --- Positioning (indicator 5: 现入驻企业符合园区定位要求) -------------------------------------


@dataclass
class PositioningFit:
    """How one resident fits the park's positioning: ``basis`` is "leading", "characteristic",
    "supporting" or "exception", or "" when it does not fit."""

    enterprise: Enterprise
    basis: str
    detail: str = ""

    @property
    def fits(self) -> bool:
        return bool(self.basis)


def positioning_fit(park: Park, on: dt.date) -> list[PositioningFit]:
    """Each resident against the park's own positioning: its leading and characteristic
    industries and the supporting services it declares; an exception the operator accepted by
    ``on`` counts, with its reason. The city catalogue as a whole is not the park's positioning."""
    from parkops.investment.models import PositioningException

    leading = set(park.leading_industries.values_list("pk", flat=True))
    characteristic = set(park.characteristic_industries.values_list("pk", flat=True))
    exceptions = {
        x.enterprise_id: x
        for x in PositioningException.objects.filter(enterprise__park=park, accepted_on__lte=on)
    }
    rows = []
    residents = (
        Enterprise.objects.filter(park=park, status=Enterprise.Status.RESIDENT)
        .select_related("industry", "supporting_service")
        .order_by("name")
    )
    for e in residents:
        if e.industry_id in leading:
            rows.append(PositioningFit(e, "leading", e.industry.name))
        elif e.industry_id in characteristic:
            rows.append(PositioningFit(e, "characteristic", e.industry.name))
        elif e.supporting_service_id and e.supporting_service.park_id == park.pk:
            rows.append(PositioningFit(e, "supporting", e.supporting_service.name))
        elif e.pk in exceptions:
            rows.append(PositioningFit(e, "exception", exceptions[e.pk].reason))
        else:
            rows.append(PositioningFit(e, "", e.industry.name if e.industry_id else e.industry_note))
    return rows
