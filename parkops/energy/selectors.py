"""Reads of the energy domain (clause 8): consumption by meter, building, tenant, category and
month from telemetry rollups (never raw readings), carbon from dated emission factors,
per-capita carbon, GB 17167 metering coverage, time-of-use cost and measured savings.

Every function takes the querysets it may read (already ``restrict()``-ed by the caller) or a
park whose rows the caller may see; none of them writes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from parkops.energy.models import (
    KIND_CHOICES,
    DistributedEnergy,
    EmissionFactor,
    EnergyCategory,
    EnergySavingMeasure,
    MajorEquipment,
    Meter,
    MeteringLevel,
    TariffPeriod,
    energy_kind,
    unit_of,
)

TZ = ZoneInfo("Asia/Shanghai")
ZERO = Decimal(0)
MONTH, DAY, HOUR = "1mo", "1d", "1h"

# GB 17167-2006 表 1, 能源计量器具配备率 (%), by level: 进出用能单位, 进出主要次级用能单位,
# 主要用能设备. Heat and cooling are metered like steam (载能工质).
REQUIRED_RATE: dict[str, tuple[int, int, int]] = {
    EnergyCategory.ELECTRICITY: (100, 100, 95),
    EnergyCategory.WATER: (100, 95, 80),
    EnergyCategory.NATURAL_GAS: (100, 100, 90),
    EnergyCategory.COKE_OVEN_GAS: (100, 90, 80),
    EnergyCategory.OTHER_GAS: (100, 90, 80),
    EnergyCategory.DISTRICT_HEAT: (100, 80, 70),
    EnergyCategory.DISTRICT_COOLING: (100, 80, 70),
}
# Which secondary units (level 2) need their own meter: every building for every energy in
# use, and every resident tenant for electricity and water (they are billed by submeter).
TENANT_METERED = (EnergyCategory.ELECTRICITY, EnergyCategory.WATER)


# ---------------------------------------------------------------------------- periods
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def last_months(today: dt.date, n: int = 12) -> list[dt.date]:
    """The first days of the last ``n`` calendar months, the current one included."""
    first = month_start(today)
    return [add_months(first, -i) for i in range(n - 1, -1, -1)]


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=TZ)


# ------------------------------------------------------------------ meter consumption
def _point_series(point_ids: Iterable[int], interval: str, start: dt.datetime, end: dt.datetime):
    """{point_id: {bucket start: consumption}} from telemetry's rollups of ``interval`` whose
    bucket starts in [start, end)."""
    from parkops.telemetry.models import Rollup

    series: dict[int, dict[dt.datetime, Decimal]] = defaultdict(dict)
    # Ordered by columns of the index: the model's ordering would join points, devices and parks.
    rows = (
        Rollup.objects.filter(
            point_id__in=list(point_ids), interval=interval, start__gte=start, start__lt=end
        )
        .order_by("point_id", "start")
        .values_list("point_id", "start", "consumption")
    )
    for point_id, bucket, consumption in rows:
        if consumption is not None:
            series[point_id][bucket.astimezone(TZ)] = consumption
    return series


def meter_series(
    meters: Iterable[Meter], interval: str, start: dt.datetime, end: dt.datetime
) -> dict[int, dict[dt.datetime, Decimal]]:
    """Consumption of each meter per rollup bucket: a physical meter's point consumption ×
    its multiplier; a virtual meter's signed sum of its terms (recursively)."""
    meters = list(meters)
    wanted: dict[int, Meter] = {m.pk: m for m in meters}
    terms: dict[int, list[tuple[int, int]]] = {}
    pending = [m for m in meters if m.virtual]
    while pending:
        virtual = pending.pop()
        if virtual.pk in terms:
            continue
        rows = list(virtual.terms.select_related("source"))
        terms[virtual.pk] = [(t.source_id, t.sign) for t in rows]
        for t in rows:
            if t.source_id not in wanted:
                wanted[t.source_id] = t.source
            if t.source.virtual:
                pending.append(t.source)
    physical = [m for m in wanted.values() if not m.virtual and m.point_id]
    points = _point_series({m.point_id for m in physical}, interval, start, end)
    result: dict[int, dict[dt.datetime, Decimal]] = {}
    for m in physical:
        result[m.pk] = {k: v * m.multiplier for k, v in points.get(m.point_id, {}).items()}
    for m in wanted.values():
        if not m.virtual and m.pk not in result:
            result[m.pk] = {}

    def resolve(pk: int, depth: int = 0) -> dict[dt.datetime, Decimal]:
        if pk in result:
            return result[pk]
        total: dict[dt.datetime, Decimal] = defaultdict(lambda: ZERO)
        if depth < 20:
            for source_id, sign in terms.get(pk, []):
                for k, v in resolve(source_id, depth + 1).items():
                    total[k] += sign * v
        result[pk] = dict(total)
        return result[pk]

    return {m.pk: resolve(m.pk) for m in meters}


def meter_total(meter: Meter, start: dt.date, end: dt.date) -> Decimal:
    """Consumption of one meter over whole days [start, end] (day rollups)."""
    series = meter_series([meter], DAY, local_midnight(start), local_midnight(end + dt.timedelta(days=1)))
    return sum(series[meter.pk].values(), ZERO)


def monthly_by_meter(meters: Iterable[Meter], months: list[dt.date]) -> dict[int, dict[dt.date, Decimal]]:
    """{meter id: {month: consumption}} for the given calendar months (month rollups)."""
    if not months:
        return {}
    series = meter_series(meters, MONTH, local_midnight(months[0]), local_midnight(add_months(months[-1], 1)))
    return {pk: {bucket.date(): v for bucket, v in s.items()} for pk, s in series.items()}


# ----------------------------------------------------------------------- the report
@dataclass
class Line:
    """One row of a monthly table: a building, a tenant, a category or a meter."""

    label: str
    unit: str
    by_month: list[Decimal]
    url: str = ""
    kind: str = ""

    @property
    def total(self) -> Decimal:
        return sum(self.by_month, ZERO)


@dataclass
class CarbonMonth:
    month: dt.date
    by_kind: dict[str, tuple[Decimal, Decimal | None, EmissionFactor | None]]  # kind: (use, kgCO2, factor)

    @property
    def kg(self) -> Decimal:
        return sum((kg for _, kg, _f in self.by_kind.values() if kg is not None), ZERO)


@dataclass
class Report:
    park: object
    months: list[dt.date]
    buildings: list[Line] = field(default_factory=list)
    tenants: list[Line] = field(default_factory=list)
    categories: list[Line] = field(default_factory=list)
    carbon: list[CarbonMonth] = field(default_factory=list)
    headcount: int = 0
    missing_factors: list[str] = field(default_factory=list)
    generation: list[Line] = field(default_factory=list)

    @property
    def carbon_kg(self) -> Decimal:
        return sum((c.kg for c in self.carbon), ZERO)

    @property
    def per_capita_kg(self) -> Decimal | None:
        return (self.carbon_kg / self.headcount).quantize(Decimal("0.1")) if self.headcount else None


def _line(label, meters, by_meter, months, url="", kind="") -> Line:
    meters = list(meters)
    unit = meters[0].unit if meters else ""
    return Line(
        str(label),
        unit,
        [sum((by_meter.get(m.pk, {}).get(month, ZERO) for m in meters), ZERO) for month in months],
        url,
        kind,
    )


def park_meters_for_kind(meters: list[Meter], kind: str) -> list[Meter]:
    """The meters that give the park's total of one energy: its level-1 park meters, or, where
    it has none, the sum of its building meters."""
    same = [m for m in meters if m.kind == kind and m.direction == Meter.Direction.CONSUMPTION]
    return [m for m in same if m.scope == Meter.Scope.PARK] or [
        m for m in same if m.scope == Meter.Scope.BUILDING
    ]


def report(park, meters, months: list[dt.date], *, enterprises=None) -> Report:
    """Consumption by building, tenant, category (分项) and month, carbon by month, and the
    per-capita figure, for the meters the reader may see."""
    meters = [m for m in meters if m.active and m.park_id == park.pk]
    by_meter = monthly_by_meter(meters, months)
    rep = Report(park, months)
    # One pass over the meters (a park may have thousands): group them, then build the lines.
    buildings: dict[str, dict[int, list[Meter]]] = defaultdict(lambda: defaultdict(list))
    tenants: dict[str, dict[Meter, list[Meter]]] = defaultdict(lambda: defaultdict(list))
    for m in meters:
        if m.scope == Meter.Scope.BUILDING and m.direction == Meter.Direction.CONSUMPTION:
            buildings[m.kind][m.building_id].append(m)
        elif m.scope == Meter.Scope.TENANT:
            tenants[m.kind][m.enterprise].append(m)
    for kind, label in KIND_CHOICES:
        for _building_id, group in sorted(buildings[kind].items()):
            rep.buildings.append(_line(f"{group[0].building} · {label}", group, by_meter, months, kind=kind))
        for enterprise, group in sorted(tenants[kind].items(), key=lambda x: x[0].name):
            rep.tenants.append(_line(f"{enterprise} · {label}", group, by_meter, months, kind=kind))
    for code, label in EnergyCategory.choices:
        group = [
            m
            for m in meters
            if m.category == code
            and m.scope in (Meter.Scope.SYSTEM, Meter.Scope.EQUIPMENT, Meter.Scope.PUBLIC)
            and m.direction == Meter.Direction.CONSUMPTION
        ]
        if group and code != energy_kind(code):
            rep.categories.append(_line(f"{code} {label}", group, by_meter, months, kind=code))
    generating = [m for m in meters if m.direction != Meter.Direction.CONSUMPTION]
    for direction, label in Meter.Direction.choices:
        group = [m for m in generating if m.direction == direction]
        if group:
            rep.generation.append(_line(label, group, by_meter, months, kind=direction))
    factors = list(EmissionFactor.objects.filter(park=park))
    park_meters = {kind: park_meters_for_kind(meters, kind) for kind, _label in KIND_CHOICES}
    for month in months:
        by_kind = {}
        for kind, _label in KIND_CHOICES:
            group = park_meters[kind]
            if not group:
                continue
            use = _line("", group, by_meter, [month]).by_month[0]
            factor = factor_for(factors, kind, month.year)
            by_kind[kind] = (use, use * factor.value if factor else None, factor)
            if factor is None and use:
                note = f"{EnergyCategory(kind).label} {month.year}"
                if note not in rep.missing_factors:
                    rep.missing_factors.append(note)
        rep.carbon.append(CarbonMonth(month, by_kind))
    qs = enterprises if enterprises is not None else park.enterprises.all()
    rep.headcount = qs.filter(park=park, status="resident").aggregate(n=Sum("headcount"))["n"] or 0
    return rep


# ------------------------------------------- the questions asked of many meters at once
# These take the restricted Meter queryset and narrow it in the database, so that a park of
# thousands of meters costs what the few meters asked about cost (issue #13; `bench queries`).
QUARTER = "15m"


def categories_of(kind: str) -> list[str]:
    """The 分类分项 codes of one energy (01000 → 01000, 01A00, 01A10, …)."""
    return [code for code in EnergyCategory.values if energy_kind(code) == kind]


def consuming(meters: QuerySet[Meter], kind: str, **lookups) -> QuerySet[Meter]:
    """The active consumption meters of one energy among ``meters``, narrowed in the database."""
    return meters.filter(
        active=True, direction=Meter.Direction.CONSUMPTION, category__in=categories_of(kind), **lookups
    )


def monthly_by_building(
    meters: QuerySet[Meter], months: list[dt.date], *, kind: str = EnergyCategory.ELECTRICITY
) -> list[Line]:
    """Each building's use of ``kind`` per calendar month (its building meters, month rollups),
    in building order: the overview's building lines for that energy, without reading the
    tenants' meters."""
    group = list(consuming(meters, kind, scope=Meter.Scope.BUILDING).select_related("building"))
    by_meter = monthly_by_meter(group, months)
    by_building: dict[int, list[Meter]] = defaultdict(list)
    for m in group:
        by_building[m.building_id].append(m)
    label = EnergyCategory(kind).label
    return [
        _line(f"{group[0].building} · {label}", group, by_meter, months, kind=kind)
        for _building, group in sorted(by_building.items())
    ]


@dataclass
class Quarter:
    """One quarter-hour of a load curve: the energy used in it and the mean load (kWh × 4 = kW)."""

    start: dt.datetime  # Asia/Shanghai
    kwh: Decimal

    @property
    def kw(self) -> Decimal:
        return self.kwh * 4


@dataclass
class LoadCurve:
    building: object
    day: dt.date
    meters: list[Meter]
    quarters: list[Quarter]  # in time order; a quarter-hour without data is absent (a gap)

    @property
    def peak(self) -> Quarter | None:
        return max(self.quarters, key=lambda q: q.kwh, default=None)


def load_curve(meters: QuerySet[Meter], building, day: dt.date) -> LoadCurve:
    """One building's electricity load per quarter-hour over one local day, from the 15-minute
    rollups of its building meters among ``meters``. A quarter-hour for which none of them has
    a rollup is left out, never filled in."""
    group = list(consuming(meters, EnergyCategory.ELECTRICITY, scope=Meter.Scope.BUILDING, building=building))
    start = local_midnight(day)
    series = meter_series(group, QUARTER, start, local_midnight(day + dt.timedelta(days=1)))
    by_quarter: dict[dt.datetime, Decimal] = defaultdict(lambda: ZERO)
    for values in series.values():
        for bucket, value in values.items():
            by_quarter[bucket] += value
    return LoadCurve(building, day, group, [Quarter(k, by_quarter[k]) for k in sorted(by_quarter)])


@dataclass
class TenantUse:
    """One line of a tenant ranking: an enterprise's use in the month over its submeters."""

    enterprise: object
    used: Decimal
    unit: str
    meters: int


def tenant_ranking(
    meters: QuerySet[Meter], month: dt.date, *, kind: str = EnergyCategory.ELECTRICITY, limit: int = 10
) -> list[TenantUse]:
    """The ``limit`` enterprises that used the most of ``kind`` in the calendar month (Asia/
    Shanghai) over their tenant submeters among ``meters``, from the month rollups; equal uses
    in name order, an enterprise without data for the month at 0.

    Two lean reads whatever the park's size: the submeters' (enterprise, point, multiplier) and
    their month rollups; only the enterprises ranked are loaded as objects."""
    from parkops.core.models import Enterprise
    from parkops.telemetry.models import Rollup

    tenants = consuming(meters, kind, scope=Meter.Scope.TENANT, enterprise__isnull=False).order_by()
    first = month_start(month)
    names: dict[int, str] = {}
    count: dict[int, int] = defaultdict(int)
    on_point: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)  # point: (enterprise, multiplier)
    virtual = False
    for enterprise_id, name, point_id, multiplier, is_virtual in tenants.values_list(
        "enterprise_id", "enterprise__name", "point_id", "multiplier", "virtual"
    ):
        names[enterprise_id] = name
        count[enterprise_id] += 1
        virtual |= is_virtual
        if point_id and not is_virtual:
            on_point[point_id].append((enterprise_id, multiplier))
    used: dict[int, Decimal] = defaultdict(lambda: ZERO)
    # Ordered by nothing: the model's ordering would join points, devices and parks to sort.
    rows = Rollup.objects.filter(
        interval=MONTH,
        start=local_midnight(first),
        point_id__in=tenants.filter(virtual=False).values("point_id"),
    ).order_by()
    for point_id, consumption in rows.values_list("point_id", "consumption"):
        for enterprise_id, multiplier in on_point[point_id]:
            if consumption is not None:
                used[enterprise_id] += consumption * multiplier
    if virtual:  # rare: their equations are resolved like everywhere else
        virtual_meters = list(tenants.filter(virtual=True))
        by_meter = monthly_by_meter(virtual_meters, [first])
        for m in virtual_meters:
            used[m.enterprise_id] += by_meter[m.pk].get(first, ZERO)
    ranked = sorted(names, key=lambda e: (-used[e], names[e]))[:limit]
    enterprises = Enterprise.objects.in_bulk(ranked)
    unit = unit_of(kind)
    return [TenantUse(enterprises[e], used[e], unit, count[e]) for e in ranked]


# ----------------------------------------------------------------------------- carbon
def factor_for(factors: Iterable[EmissionFactor], kind: str, year: int) -> EmissionFactor | None:
    """The factor of ``kind`` for ``year``; never another year's: a missing year is reported so
    the operator adds it, instead of being filled in silently."""
    for f in factors:
        if f.energy == kind and f.year == year:
            return f
    return None


def carbon_kg(park, kind: str, use: Decimal, year: int) -> Decimal | None:
    factor = factor_for(EmissionFactor.objects.filter(park=park, energy=kind, year=year), kind, year)
    return None if factor is None else use * factor.value


# --------------------------------------------------------------------------- coverage
@dataclass
class CoverageRow:
    level: int
    kind: str
    required: int  # % by GB 17167
    expected: int
    metered: int
    missing: list[str]

    @property
    def rate(self) -> Decimal | None:
        return (
            (Decimal(self.metered * 100) / self.expected).quantize(Decimal("0.1")) if self.expected else None
        )

    @property
    def ok(self) -> bool:
        return self.expected == 0 or Decimal(self.metered * 100) >= self.required * self.expected

    @property
    def level_label(self) -> str:
        return MeteringLevel(self.level).label

    @property
    def kind_label(self) -> str:
        return EnergyCategory(self.kind).label


@dataclass
class Coverage:
    rows: list[CoverageRow]
    uncalibrated: list[Meter]
    physical: int

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows) and not self.uncalibrated


def coverage(park, as_of: dt.date) -> Coverage:
    """GB 17167 equipping rate per level and energy, as a checklist:

    level 1: each energy the park uses has a park (incoming) meter;
    level 2: each building has a meter of each energy in use, and each resident tenant an
    electricity and a water meter;
    level 3: each registered main energy-using equipment has its own meter;
    and every physical meter in use is within its verification (检定/校准) date."""
    meters = list(
        Meter.objects.filter(park=park, active=True, direction=Meter.Direction.CONSUMPTION).select_related(
            "building", "enterprise"
        )
    )
    kinds = [k for k, _ in KIND_CHOICES if any(m.kind == k for m in meters)]
    buildings = list(park.buildings.all())
    tenants = list(park.enterprises.filter(status="resident"))
    equipment = list(MajorEquipment.objects.filter(park=park).select_related("meter"))
    rows = []
    for kind in kinds:
        same = [m for m in meters if m.kind == kind]
        l1 = any(m.level == 1 and m.scope == Meter.Scope.PARK for m in same)
        rows.append(CoverageRow(1, kind, REQUIRED_RATE[kind][0], 1, int(l1), [] if l1 else [str(park.name)]))
        missing = [
            str(b)
            for b in buildings
            if not any(
                m.level == 2 and m.scope == Meter.Scope.BUILDING and m.building_id == b.pk for m in same
            )
        ]
        expected = len(buildings)
        if kind in TENANT_METERED:
            expected += len(tenants)
            missing += [
                str(t)
                for t in tenants
                if not any(
                    m.level == 2 and m.scope == Meter.Scope.TENANT and m.enterprise_id == t.pk for m in same
                )
            ]
        rows.append(CoverageRow(2, kind, REQUIRED_RATE[kind][1], expected, expected - len(missing), missing))
    for kind in dict.fromkeys(e.energy for e in equipment):
        items = [e for e in equipment if e.energy == kind]
        missing = [str(e) for e in items if not (e.meter_id and e.meter.active)]
        rows.append(
            CoverageRow(3, kind, REQUIRED_RATE[kind][2], len(items), len(items) - len(missing), missing)
        )
    rows.sort(key=lambda r: (r.level, r.kind))
    physical = [m for m in meters if not m.virtual]
    uncalibrated = [m for m in physical if m.calibrated_until is None or m.calibrated_until < as_of]
    return Coverage(rows, uncalibrated, len(physical))


# --------------------------------------------------------------------- tariffs, savings
def tou_cost(meter: Meter, start: dt.date, end: dt.date) -> tuple[Decimal, Decimal] | None:
    """(consumption, cost in 元) of a meter over whole days [start, end] at the park's
    time-of-use prices, from hourly rollups; None when no tariff covers the period."""
    periods = list(
        TariffPeriod.objects.filter(park_id=meter.park_id, energy=meter.kind, valid_from__lte=end).order_by(
            "-valid_from"
        )
    )
    if not periods:
        return None
    series = meter_series([meter], HOUR, local_midnight(start), local_midnight(end + dt.timedelta(days=1)))
    use = cost = ZERO
    for bucket, value in series[meter.pk].items():
        day = bucket.date()
        current = [p for p in periods if p.valid_from <= day]
        if not current:
            continue
        latest = current[0].valid_from
        band = next((p for p in current if p.valid_from == latest and p.covers(bucket.hour)), None)
        use += value
        if band is not None:
            cost += value * band.price
    return use, cost.quantize(Decimal("0.01"))


@dataclass
class Saving:
    before_per_day: Decimal | None
    after_per_day: Decimal | None
    measured: bool  # from the meter's rollups, not entered

    @property
    def percent(self) -> Decimal | None:
        if not self.before_per_day or self.after_per_day is None:
            return None
        return ((self.before_per_day - self.after_per_day) * 100 / self.before_per_day).quantize(
            Decimal("0.1")
        )


def measured_saving(measure: EnergySavingMeasure) -> Saving:
    """Daily average before and after: from the meter over the two periods when it has one,
    else the figures entered."""
    if measure.meter_id and measure.before_from and measure.after_from:
        before = meter_total(measure.meter, measure.before_from, measure.before_to)
        after = meter_total(measure.meter, measure.after_from, measure.after_to)
        days_before = (measure.before_to - measure.before_from).days + 1
        days_after = (measure.after_to - measure.after_from).days + 1
        return Saving(
            (before / days_before).quantize(Decimal("0.01")),
            (after / days_after).quantize(Decimal("0.01")),
            True,
        )
    return Saving(measure.before_per_day, measure.after_per_day, False)


def generation(facility: DistributedEnergy, start: dt.date, end: dt.date) -> Decimal | None:
    return meter_total(facility.meter, start, end) if facility.meter_id else None


def describe_formula() -> str:
    return gettext(
        "人均碳排放 = Σ（各月各能源用量 × 该月所在年份的排放因子）÷ 在园企业在园人数之和；"
        "电力用量取园区总表（无总表时取各楼栋总表之和）。"
    )
