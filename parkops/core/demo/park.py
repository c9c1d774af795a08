"""The demo park: operator, park, buildings, floors, units and resident enterprises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from parkops.core.demo import names
from parkops.core.demo.context import PARK_CODE, DemoContext
from parkops.core.demo.industries import (
    PROFILES,
    SERVICE_BUSINESSES,
    IndustryProfile,
    company_name,
    pick_profile,
)
from parkops.core.models import Building, District, Enterprise, Floor, Industry, Operator, Park, Unit

OPERATOR = {
    "name": "深圳市湾创产业园区运营管理有限公司",
    "established_on": dt.date(2014, 8, 12),
    "address": "深圳市南山区西丽街道茶光路 1088 号深圳湾智造产业园 D 栋 3 楼",
    "contact_phone": "0755-86701288",
    "experience": (
        "2014 年成立，专注新一代信息技术与智能制造园区运营。先后运营南山区留仙洞创新谷"
        "（4.2 万㎡，2015 年起）和宝安区石岩智造孵化基地（2.8 万㎡，2018 年起），累计服务企业"
        "300 余家，培育国家级高新技术企业 86 家、专精特新“小巨人”企业 7 家；"
        "孵化基地 2021 年获评深圳市级科技企业孵化器。"
    ),
}
PARK = {
    "code": PARK_CODE,
    "name": "深圳湾智造产业园",
    "district": District.NANSHAN,
    "address": "深圳市南山区西丽街道茶光路 1088 号",
    "land_area": Decimal("36800.00"),
    "opened_on": dt.date(2016, 6, 18),
    "positioning": (
        "以半导体与集成电路、智能传感器、高端医疗器械为主导产业，激光与增材制造、精密仪器设备为特色产业，"
        "围绕“芯片设计—传感器件—智能装备”链条集聚研发总部与中试生产，提供研发办公、"
        "标准厂房、人才公寓及产业服务，打造南山西丽高新区的智能制造创新高地。"
    ),
}
LEADING = ("半导体与集成电路", "智能传感器", "高端医疗器械")
CHARACTERISTIC = ("激光与增材制造", "精密仪器设备")

# The two tenants the demo logins belong to (see accounts.py).
SHOWCASE = (
    ("深圳市芯湾微电子科技有限公司", "半导体与集成电路", "集成电路设计"),
    ("深圳市瑞康医疗器械有限公司", "高端医疗器械", "医学影像设备"),
)
RESIDENT_ENTERPRISES = 114
LEFT_ENTERPRISES = 6


@dataclass(frozen=True)
class FloorBand:
    """Floors ``first``..``last`` of a building, all alike."""

    first: int
    last: int
    area: Decimal
    units: int  # 0 for floors with nothing to let (basements)
    uses: tuple[tuple[str, int], ...] = ()  # (use, weight)
    leasable: float = 0.8  # share of the floor let as units
    spread: float = 0.3  # how much unit sizes on one floor differ


@dataclass(frozen=True)
class BuildingPlan:
    code: str
    name: str
    completed_year: int
    rent_factor: float
    bands: tuple[FloorBand, ...]


U = Unit.Use
BUILDINGS = (
    BuildingPlan(
        "A",
        "A栋 研发办公楼",
        2015,
        1.08,
        (
            FloorBand(-2, -1, Decimal("2600.00"), 0),
            FloorBand(1, 1, Decimal("1600.00"), 3, ((U.COMMERCIAL, 1),), leasable=0.5),
            FloorBand(2, 3, Decimal("1850.00"), 3, ((U.RND, 1),)),
            FloorBand(4, 20, Decimal("1850.00"), 6, ((U.OFFICE, 11), (U.RND, 9))),
        ),
    ),
    BuildingPlan(
        "B",
        "B栋 创新研发楼",
        2016,
        1.0,
        (
            FloorBand(-2, -1, Decimal("2200.00"), 0),
            FloorBand(1, 1, Decimal("1500.00"), 2, ((U.COMMERCIAL, 1),), leasable=0.5),
            FloorBand(2, 16, Decimal("1500.00"), 5, ((U.RND, 7), (U.OFFICE, 3))),
        ),
    ),
    BuildingPlan(
        "C",
        "C栋 智能制造厂房",
        2012,
        0.92,
        (
            FloorBand(-1, -1, Decimal("3000.00"), 0),
            FloorBand(1, 3, Decimal("3000.00"), 2, ((U.PLANT, 1),), leasable=0.88, spread=0.1),
            FloorBand(4, 8, Decimal("2000.00"), 4, ((U.RND, 1),), leasable=0.85, spread=0.2),
        ),
    ),
    BuildingPlan(
        "D",
        "D栋 综合配套楼",
        2019,
        0.96,
        (
            FloorBand(-1, -1, Decimal("1500.00"), 0),
            FloorBand(1, 2, Decimal("1200.00"), 3, ((U.COMMERCIAL, 1),), leasable=0.6),
            FloorBand(3, 9, Decimal("1400.00"), 8, ((U.OFFICE, 1),), spread=0.25),
            FloorBand(10, 12, Decimal("1400.00"), 8, ((U.APARTMENT, 1),), leasable=0.7, spread=0.15),
        ),
    ),
)
# 元/㎡·月 before the building's factor and the floor premium.
BASE_RENT = {U.OFFICE: 112, U.RND: 98, U.PLANT: 80, U.COMMERCIAL: 165, U.APARTMENT: 88, U.WAREHOUSE: 65}
VACANCY = {U.OFFICE: 0.12, U.RND: 0.09, U.PLANT: 0.05, U.COMMERCIAL: 0.12, U.APARTMENT: 0.1}
# The operator's own rooms: the service centre and its offices, a staff dormitory.
SELF_USED = {"D-101", "D-301", "D-302", "D-1201"}
M2_PER_PERSON = {U.OFFICE: (8, 13), U.RND: (10, 16), U.PLANT: (22, 38), U.COMMERCIAL: (25, 45)}


@dataclass
class UnitPlan:
    building: BuildingPlan
    floor: int
    code: str
    area: Decimal
    use: str
    rent: Decimal | None
    state: str = Unit.State.LEASED
    tenant: int | None = None  # index into the enterprise plans


@dataclass
class EnterprisePlan:
    name: str
    profile: IndustryProfile | None
    note: str
    units: list[UnitPlan] = field(default_factory=list)
    status: str = Enterprise.Status.RESIDENT


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def plan_units(ctx: DemoContext) -> list[UnitPlan]:
    rng = ctx.rng
    plans = []
    for building in BUILDINGS:
        for band in building.bands:
            for number in range(band.first, band.last + 1):
                if not band.units:
                    continue
                weights = [rng.uniform(1 - band.spread, 1 + band.spread) for _ in range(band.units)]
                leasable = float(band.area) * band.leasable
                for index, weight in enumerate(weights, start=1):
                    area = min(1500.0, max(80.0, leasable * weight / sum(weights)))
                    use = rng.choices([u for u, _ in band.uses], weights=[w for _, w in band.uses])[0]
                    premium = 0.8 * max(0, number - 3) if use == U.OFFICE else 0
                    rent = round(BASE_RENT[use] * building.rent_factor + premium + rng.uniform(-6, 6))
                    plans.append(
                        UnitPlan(
                            building,
                            number,
                            f"{building.code}-{number}{index:02d}",
                            _money(area),
                            use,
                            Decimal(rent),
                        )
                    )
    candidates = [p for p in plans if p.code not in SELF_USED]
    for plan in plans:
        if plan.code in SELF_USED:
            plan.state, plan.rent = Unit.State.SELF_USED, None
    for plan in rng.sample([p for p in candidates if p.use in (U.OFFICE, U.RND)], 6):
        plan.state = Unit.State.RESERVED  # held for investment projects under negotiation
    for plan in candidates:
        if plan.state == Unit.State.LEASED and rng.random() < VACANCY[plan.use]:
            plan.state = Unit.State.VACANT
    return plans


def plan_enterprises(ctx: DemoContext, units: list[UnitPlan]) -> list[EnterprisePlan]:
    """Resident enterprises take runs of neighbouring leased units; shops one unit each;
    talent apartments go to the larger employers."""
    rng = ctx.rng
    leased = [u for u in units if u.state == Unit.State.LEASED]
    shops = [u for u in leased if u.use == U.COMMERCIAL]
    flats = [u for u in leased if u.use == U.APARTMENT]
    work = [u for u in leased if u.use not in (U.COMMERCIAL, U.APARTMENT)]

    # Cut the leased work units into runs, always between buildings and between plant and
    # non-plant space, elsewhere at random.
    groups = RESIDENT_ENTERPRISES - len(shops)
    forced = {
        i
        for i in range(1, len(work))
        if work[i].building is not work[i - 1].building
        or (work[i].use == U.PLANT) != (work[i - 1].use == U.PLANT)
    }
    free = [i for i in range(1, len(work)) if i not in forced]
    cuts = sorted(forced | set(rng.sample(free, groups - 1 - len(forced))))
    runs = [work[a:b] for a, b in zip([0, *cuts], [*cuts, len(work)], strict=True)]

    taken = names.Unique(name for name, _, _ in SHOWCASE)
    plans: list[EnterprisePlan] = []
    by_name = {p.industry: p for p in PROFILES}
    for index, run in enumerate(runs):
        if index < len(SHOWCASE):
            name, industry, note = SHOWCASE[index]
            plans.append(EnterprisePlan(name, by_name[industry], note, run))
            continue
        profile = pick_profile(rng, plant=run[0].use == U.PLANT)
        name = taken.take(lambda p=profile: company_name(rng, names.brand(rng), p))
        plans.append(EnterprisePlan(name, profile, rng.choice(profile.notes), run))
    for shop in shops:
        suffix, note = SERVICE_BUSINESSES[len(plans) % len(SERVICE_BUSINESSES)]
        name = taken.take(lambda s=suffix: f"深圳市{names.brand(rng)}{s}")
        plans.append(EnterprisePlan(name, None, note, [shop]))
    employers = [p for p in plans if p.profile is not None and _area(p) >= 600]
    for flat in flats:
        rng.choice(employers).units.append(flat)
    for _ in range(LEFT_ENTERPRISES):
        profile = pick_profile(rng, plant=False)
        name = taken.take(lambda p=profile: company_name(rng, names.brand(rng), p))
        plans.append(EnterprisePlan(name, profile, rng.choice(profile.notes), status=Enterprise.Status.LEFT))
    for number, plan in enumerate(plans):
        for unit in plan.units:
            unit.tenant = number
    return plans


def _area(plan: EnterprisePlan) -> float:
    return float(sum(u.area for u in plan.units if u.use != U.APARTMENT))


def _headcount(ctx: DemoContext, plan: EnterprisePlan) -> int:
    if plan.status == Enterprise.Status.LEFT:
        return 0
    people = 0.0
    for unit in plan.units:
        if unit.use in M2_PER_PERSON:
            people += float(unit.area) / ctx.rng.uniform(*M2_PER_PERSON[unit.use])
    return max(5, min(800, round(people)))


def _capital(ctx: DemoContext, headcount: int) -> Decimal:
    steps = (100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000)
    size = min(len(steps) - 1, max(0, round(headcount / 40) + ctx.rng.randint(0, 4)))
    return Decimal(steps[size]).quantize(Decimal("0.01"))


def build_park(ctx: DemoContext) -> tuple[list[UnitPlan], list[EnterprisePlan]]:
    """Plan the whole park, then write the operator and the park as the platform
    administrator (only a platform administrator may create them)."""
    rng = ctx.rng
    industries = _industries()
    operator_code = ctx.credit_codes.take(lambda: names.credit_code(rng, new_style=False))
    units = plan_units(ctx)
    enterprises = plan_enterprises(ctx, units)
    ctx.operator = ctx.create(Operator, by=ctx.platform, credit_code=operator_code, **OPERATOR)
    ctx.park = ctx.create(
        Park,
        by=ctx.platform,
        operator=ctx.operator,
        floor_area=sum((_gross_area(b) for b in BUILDINGS), Decimal("0")),
        leading_industries=[industries[n] for n in LEADING if n in industries],
        characteristic_industries=[industries[n] for n in CHARACTERISTIC if n in industries],
        **PARK,
    )
    return units, enterprises


def build_spaces_and_tenants(
    ctx: DemoContext, units: list[UnitPlan], enterprises: list[EnterprisePlan]
) -> None:
    """Buildings, floors and enterprises, then the units let to them, as the operator
    administrator."""
    industries = _industries()
    floors = _build_floors(ctx)
    ctx.enterprises = [_create_enterprise(ctx, plan, industries) for plan in enterprises]
    for unit in units:
        ctx.create(
            Unit,
            floor=floors[unit.building.code, unit.floor],
            code=unit.code,
            area=unit.area,
            use=unit.use,
            state=unit.state,
            enterprise=ctx.enterprises[unit.tenant] if unit.tenant is not None else None,
            listed_rent=unit.rent,
        )


def _industries() -> dict[str, Industry]:
    return {i.name: i for i in Industry.objects.filter(catalogue__is_current=True)}


def _gross_area(plan: BuildingPlan) -> Decimal:
    return sum((band.area * (band.last - band.first + 1) for band in plan.bands), Decimal("0"))


def _build_floors(ctx: DemoContext) -> dict[tuple[str, int], Floor]:
    floors: dict[tuple[str, int], Floor] = {}
    for plan in BUILDINGS:
        building = ctx.create(
            Building,
            park=ctx.park,
            code=plan.code,
            name=plan.name,
            floors_above=max(band.last for band in plan.bands),
            floors_below=max(0, -min(band.first for band in plan.bands)),
            gross_area=_gross_area(plan),
            completed_year=plan.completed_year,
        )
        for band in plan.bands:
            for number in range(band.first, band.last + 1):
                floors[plan.code, number] = ctx.create(
                    Floor, building=building, number=number, area=band.area
                )
    return floors


def _create_enterprise(ctx: DemoContext, plan: EnterprisePlan, industries: dict[str, Industry]) -> Enterprise:
    rng = ctx.rng
    assert ctx.park is not None and ctx.park.opened_on is not None
    # Nobody moves into a building before it is finished and fitted out.
    ready = max([ctx.park.opened_on] + [dt.date(u.building.completed_year + 1, 3, 1) for u in plan.units])
    latest = ctx.today - dt.timedelta(days=45)
    if plan.status == Enterprise.Status.LEFT:
        latest = min(latest, dt.date(2021, 12, 31))
    moved_in = names.date_between(rng, ready, latest)
    established = names.date_between(rng, dt.date(2003, 1, 1), moved_in - dt.timedelta(days=120))
    headcount = _headcount(ctx, plan)
    industry = industries.get(plan.profile.industry) if plan.profile is not None else None
    return ctx.create(
        Enterprise,
        park=ctx.park,
        name=plan.name,
        credit_code=ctx.credit_codes.take(lambda: names.credit_code(rng, new_style=established.year >= 2015)),
        industry=industry,
        industry_note=plan.note,
        legal_representative=names.person_name(rng),
        registered_capital=_capital(ctx, headcount),
        established_on=established,
        moved_in_on=moved_in,
        headcount=headcount,
        contact_name=names.person_name(rng),
        contact_phone=ctx.phones.take(lambda: names.mobile(rng)),
        status=plan.status,
    )
