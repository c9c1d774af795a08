"""The demo park's energy and green operation (clause 8; rows 57–61).

Meters are placed on telemetry's demo devices (which run before this part): a device in a
unit let to an enterprise becomes that tenant's submeter, a building's main device its
building meter, other building devices system meters, a device placed in no building the
park's incoming meter, the PV inverter a generation meter; each building with a main meter
and tenant meters gets a public-area virtual meter (building − tenants). Where telemetry's
demo holds only recent history, a year of monthly register readings (as read by hand before
online collection) is loaded before it through telemetry's ``load_history``, so the monthly
figures and carbon have a year while the build stays fast. Some rows are deliberately short: one tenant without a water meter, one main equipment
without a meter, no renewable-energy plan document, no green activity (only a training)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

from parkops.core.demo.context import DemoContext
from parkops.energy import models as m
from parkops.energy.selectors import add_months, month_start

TZ = ZoneInfo("Asia/Shanghai")
HISTORY_DAYS = 400
KIND_CATEGORY = {"electricity": "01000", "water": "02000", "gas": "03A00", "heat": "04000"}
SYSTEM_WORDS = (("冷站", "01B10"), ("空调", "01B00"), ("照明", "01A00"), ("电梯", "01C10"), ("水泵", "01C20"))
# Typical daily use of a meter by role (kWh or m³), for history before telemetry's own.
DAILY = {"park": 9000, "building": 2600, "tenant": 700, "system": 500, "generation": 1400, "water": 60}


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and m.Meter.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    _factors(ctx)
    _tariffs(ctx)
    meters = _meters(ctx)
    _equipment(ctx, meters)
    _measures(ctx, meters)
    _distributed(ctx, meters)
    _manager(ctx)
    _green(ctx)
    _documents(ctx)


# ----------------------------------------------------------------------- reference data
def _factors(ctx: DemoContext) -> None:
    official = "生态环境部、国家统计局公布的 %s 年电力二氧化碳排放因子（南方电网区域）"
    for year, value in ((2022, "0.3869"), (2023, "0.4042")):
        ctx.create(
            m.EmissionFactor,
            park=ctx.park,
            energy="01000",
            year=year,
            region="南方电网",
            value=Decimal(value),
            source=official % year,
        )
    for year in range(2024, ctx.today.year + 1):
        ctx.create(
            m.EmissionFactor,
            park=ctx.park,
            energy="01000",
            year=year,
            region="南方电网",
            value=Decimal("0.4042"),
            source=f"{year} 年因子尚未发布，暂沿用 2023 年值；发布后请更新",
        )
    for energy, value, note in (
        ("02000", "0.1680", "自来水供水环节参考值（未经官方核实，可修改）"),
        ("03A00", "2.1622", "天然气燃烧参考值，按 IPCC 缺省值折算（未经官方核实，可修改）"),
    ):
        ctx.create(
            m.EmissionFactor,
            park=ctx.park,
            energy=energy,
            year=ctx.today.year,
            region="通用",
            value=Decimal(value),
            source=note,
        )


def _tariffs(ctx: DemoContext) -> None:
    since = dt.date(ctx.today.year, 1, 1)
    for band, start, end, price in (
        ("valley", 0, 8, "0.2563"),
        ("flat", 8, 10, "0.6517"),
        ("peak", 10, 12, "1.0471"),
        ("flat", 12, 14, "0.6517"),
        ("peak", 14, 19, "1.0471"),
        ("flat", 19, 0, "0.6517"),
    ):
        ctx.create(
            m.TariffPeriod,
            park=ctx.park,
            band=band,
            start=dt.time(start),
            end=dt.time(end),
            price=Decimal(price),
            valid_from=since,
        )


# ------------------------------------------------------------------------------ meters
def _meter_devices(ctx: DemoContext):
    from django.db.models import Q

    from parkops.telemetry.models import Device

    return list(
        Device.objects.filter(Q(kind__in=Device.METER_KINDS) | Q(points__quantity="pv"), park=ctx.park)
        .distinct()
        .select_related("building", "unit__enterprise", "unit__floor__building")
        .prefetch_related("points")
        .order_by("code")
    )


def _cumulative_point(device):
    return next((p for p in device.points.all() if p.cumulative), None)


def _meters(ctx: DemoContext) -> dict[str, list[m.Meter]]:
    devices = _meter_devices(ctx)
    if not devices:
        devices = _own_devices(ctx)
    valid = ctx.today.replace(year=ctx.today.year + 1)
    placed: dict[str, list[m.Meter]] = {
        "park": [],
        "building": [],
        "tenant": [],
        "system": [],
        "generation": [],
    }
    mains: dict[tuple[int, str], m.Meter] = {}
    park_mains: dict[str, m.Meter] = {}
    # Main meters first (park, then building), then tenants and systems under them.
    ordered = sorted(
        devices, key=lambda d: (d.unit_id is not None, d.building_id is not None, "总" not in d.name, d.code)
    )
    for device in ordered:
        point = _cumulative_point(device)
        if point is None:
            continue
        category = KIND_CATEGORY.get(device.kind, "01000")
        common = {
            "park": ctx.park,
            "code": device.code,
            "name": device.name,
            "point": point,
            "accuracy_class": "1.0" if category == "01000" else "2",
            "calibrated_until": valid,
        }
        if point.quantity == "pv" or device.code.upper().startswith("PV"):
            meter = ctx.create(
                m.Meter,
                category="01000",
                scope=m.Meter.Scope.EQUIPMENT,
                level=3,
                direction=m.Meter.Direction.GENERATION,
                building=device.building,
                **common,
            )
            placed["generation"].append(meter)
            continue
        unit = device.unit
        building = device.building or (unit.floor.building if unit else None)
        if unit is not None and unit.enterprise_id:
            meter = ctx.create(
                m.Meter,
                category=category,
                scope=m.Meter.Scope.TENANT,
                level=2,
                building=building,
                enterprise=unit.enterprise,
                parent=mains.get((building.pk, category)),
                **common,
            )
            placed["tenant"].append(meter)
        elif building is None:
            meter = ctx.create(m.Meter, category=category, scope=m.Meter.Scope.PARK, level=1, **common)
            park_mains.setdefault(category, meter)
            placed["park"].append(meter)
        elif (building.pk, category) not in mains:
            meter = ctx.create(
                m.Meter,
                category=category,
                scope=m.Meter.Scope.BUILDING,
                level=2,
                building=building,
                parent=park_mains.get(category),
                **common,
            )
            mains[(building.pk, category)] = meter
            placed["building"].append(meter)
        elif "公共" in device.name:
            meter = ctx.create(
                m.Meter,
                category=category,
                scope=m.Meter.Scope.PUBLIC,
                level=2,
                building=building,
                parent=mains[(building.pk, category)],
                **common,
            )
            placed["system"].append(meter)
        else:
            sub = next((code for word, code in SYSTEM_WORDS if word in device.name), category)
            meter = ctx.create(
                m.Meter,
                category=sub if category == "01000" else category,
                scope=m.Meter.Scope.SYSTEM,
                level=2,
                building=building,
                parent=mains[(building.pk, category)],
                **common,
            )
            placed["system"].append(meter)
    for (building_id, category), main in mains.items():
        tenants = [t for t in placed["tenant"] if t.building_id == building_id and t.category == category]
        if not tenants:
            continue
        public = ctx.create(
            m.Meter,
            park=ctx.park,
            code=f"{main.code}-VPUB",
            name=f"{main.building.name}公共区域（总表−分户表）",
            category=category,
            scope=m.Meter.Scope.PUBLIC,
            level=2,
            building=main.building,
            parent=main,
            virtual=True,
        )
        ctx.create(m.VirtualMeterTerm, meter=public, source=main, sign=1)
        for tenant in tenants:
            ctx.create(m.VirtualMeterTerm, meter=public, source=tenant, sign=-1)
    _history(ctx, placed)
    return placed


def _own_devices(ctx: DemoContext):
    """Meter devices for the demo park when telemetry's demo made none: a park inlet, one
    main meter per building and a submeter for each enterprise with a unit there, PV."""
    from parkops.core.models import Building, Unit
    from parkops.telemetry.models import Device, Point, Quantity

    def device(
        code, name, *, building=None, unit=None, kind=Device.Kind.ELECTRICITY, quantity=Quantity.ENERGY
    ):
        d = ctx.create(
            Device,
            park=ctx.park,
            code=code,
            name=name,
            kind=kind,
            building=building,
            unit=unit,
            expected_interval_minutes=15,
        )
        ctx.create(
            Point,
            device=d,
            code="kwh",
            name="正向有功电能" if quantity != Quantity.PV else "累计发电量",
            quantity=quantity,
            unit="kWh",
            cumulative=True,
            min_value=0,
        )

    device("E-IN-01", "园区 10kV 进线总表")
    buildings = list(Building.objects.filter(park=ctx.park).order_by("code"))
    for building in buildings:
        device(f"E-{building.code}-00", f"{building.name}总表", building=building)
        units = (
            Unit.objects.filter(floor__building=building, enterprise__isnull=False)
            .select_related("enterprise")
            .order_by("code")
        )
        seen = set()
        for unit in units:
            if unit.enterprise_id in seen or len(seen) >= 4:
                continue
            seen.add(unit.enterprise_id)
            device(f"E-{unit.code}", f"{unit.enterprise.name}分户表", unit=unit)
    if buildings:
        device(f"E-{buildings[0].code}-AC", f"{buildings[0].name}冷站空调", building=buildings[0])
        device("PV-01", "屋顶光伏逆变器", building=buildings[0], quantity=Quantity.PV)
    return _meter_devices(ctx)


def _history(ctx: DemoContext, placed: dict[str, list[m.Meter]]) -> None:
    """A year of daily register readings before each point's first reading (or up to now):
    seasonal (summer air conditioning), weekdays above weekends, registers continuous, read monthly. A
    building's main meter carries its tenants' use plus its own public areas, the park's inlet
    its buildings' plus outdoor use, so the tree adds up as it does on site."""
    from parkops.telemetry.models import Reading
    from parkops.telemetry.services import load_history, record_meter_replacement

    rng = ctx.rng
    end = dt.datetime.combine(ctx.today, dt.time(), tzinfo=TZ)
    start = end - dt.timedelta(days=HISTORY_DAYS)
    days = [start + dt.timedelta(days=i) for i in range(HISTORY_DAYS)]

    def shape(base: float, generation: bool = False) -> list[Decimal]:
        out = []
        for day in days:
            yday = day.timetuple().tm_yday
            if generation:
                factor = 1 + 0.25 * math.sin((yday - 80) / 365 * 2 * math.pi)
            else:
                factor = (1 + 0.35 * math.sin((yday - 105) / 365 * 2 * math.pi)) * (
                    1.0 if day.weekday() < 5 else 0.55
                )
            out.append(Decimal(str(round(base * factor * rng.uniform(0.9, 1.1), 1))))
        return out

    def base(meter: m.Meter, role: str) -> float:
        return (DAILY["water"] if meter.kind == "02000" else DAILY[role]) * rng.uniform(0.7, 1.3)

    uses: dict[int, list[Decimal]] = {}
    lighting = _lighting_meter(placed)
    lit = month_start(ctx.today)
    changed = dt.datetime.combine(add_months(lit, -6) + dt.timedelta(days=9), dt.time(), tzinfo=TZ)
    for role in ("tenant", "system", "generation"):
        for meter in placed[role]:
            if meter == lighting:
                # Public lighting hardly follows the seasons; the LED retrofit cuts it by a third.
                flat = base(meter, "tenant") * 0.5
                uses[meter.pk] = [
                    Decimal(str(round(flat * (0.65 if day >= changed else 1) * rng.uniform(0.95, 1.05), 1)))
                    for day in days
                ]
            elif meter.scope == m.Meter.Scope.PUBLIC:
                uses[meter.pk] = shape(base(meter, "tenant") * 0.8)
            else:
                uses[meter.pk] = shape(
                    base(meter, role) / (3 if role == "system" else 1), role == "generation"
                )
    for meter in placed["building"]:
        same = [
            x
            for x in placed["tenant"] + placed["system"]
            if x.building_id == meter.building_id and x.kind == meter.kind
        ]
        children = [x for x in same if x.scope == m.Meter.Scope.TENANT]
        measured = [x for x in same if x.scope == m.Meter.Scope.PUBLIC]
        public = uses[measured[0].pk] if measured else shape(base(meter, "tenant") * 0.8)
        uses[meter.pk] = [
            p + sum((uses[c.pk][i] for c in children), Decimal(0)) for i, p in enumerate(public)
        ]
    for meter in placed["park"]:
        buildings = [b for b in placed["building"] if b.category == meter.category]
        outdoor = shape(base(meter, "tenant") * 0.3)
        uses[meter.pk] = [
            o + sum((uses[b.pk][i] for b in buildings), Decimal(0)) for i, o in enumerate(outdoor)
        ]
    for meters in placed.values():
        for meter in meters:
            first = Reading.objects.filter(point_id=meter.point_id).order_by("ts").first()
            stop = (
                first.ts.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0) if first else end
            )
            count = min(len(days), (stop - start).days)
            if count < 30:
                continue
            series = uses[meter.pk][:count]
            total = sum(series, Decimal(0))
            # Where the online register starts too low for the year before it, the old meter
            # was replaced when online collection began (recorded, so nothing is lost or added).
            replaced = first is not None and total >= first.value
            if first is None:
                value = Decimal(count * 5000) - total
            elif replaced:
                value = Decimal(rng.randrange(200_000, 900_000))
            else:
                value = first.value - total
            # Read by hand on the first of each month before online collection began, and
            # once on the eve of it: monthly figures are exact, days in between are a gap.
            marks = [i for i, day in enumerate(days[:count]) if day.day == 1] + [count]
            readings, done = [], 0
            for i in marks:
                value += sum(series[done:i], Decimal(0))
                done = i
                readings.append((start + dt.timedelta(days=i), value))
            final = readings[-1][1]
            if first is not None and readings[-1][0] >= first.ts:
                readings.pop()
            load_history(point=meter.point, readings=readings)
            if replaced:
                record_meter_replacement(
                    point=meter.point,
                    replaced_at=first.ts - dt.timedelta(minutes=1),
                    old_final_value=final,
                    new_initial_value=first.value,
                    by=ctx.admin,
                    note="接入在线采集时更换为远传表（此前为人工月度抄表）",
                )


# --------------------------------------------------------------------------- registers
def _equipment(ctx: DemoContext, meters) -> None:
    from parkops.core.models import Building

    building = Building.objects.filter(park=ctx.park).order_by("code").first()
    systems = [x for x in meters["system"] if x.scope == m.Meter.Scope.SYSTEM]
    rows = [
        ("1# 离心式冷水机组", Decimal("420"), systems[0] if systems else None),
        ("2# 离心式冷水机组", Decimal("420"), systems[0] if systems else None),
        ("冷却水泵组", Decimal("110"), None),  # deliberately without its own meter
    ]
    for name, kw, meter in rows:
        ctx.create(m.MajorEquipment, park=ctx.park, name=name, building=building, rated_kw=kw, meter=meter)


def _lighting_meter(meters) -> m.Meter | None:
    """The meter of the public lighting the LED retrofit changed."""
    return meters["system"][0] if meters["system"] else None


def _measures(ctx: DemoContext, meters) -> None:
    today = ctx.today
    this_month = month_start(today)
    lighting = _lighting_meter(meters)
    ctx.create(
        m.EnergySavingMeasure,
        park=ctx.park,
        name="地下车库及走廊 LED 灯具改造",
        kind=m.EnergySavingMeasure.Kind.EQUIPMENT,
        area=m.EnergySavingMeasure.Area.LIGHTING,
        description="更换 T8 荧光灯 1,260 支为 LED 灯具，车库加装雷达感应控制。",
        commissioned_on=add_months(this_month, -6) + dt.timedelta(days=9),
        meter=lighting,
        # Whole calendar months: the history before online collection was read monthly.
        before_from=add_months(this_month, -8),
        before_to=add_months(this_month, -7) - dt.timedelta(days=1),
        after_from=add_months(this_month, -5),
        after_to=add_months(this_month, -4) - dt.timedelta(days=1),
    )
    ctx.create(
        m.EnergySavingMeasure,
        park=ctx.park,
        name="电梯能量回馈装置",
        kind=m.EnergySavingMeasure.Kind.EQUIPMENT,
        area=m.EnergySavingMeasure.Area.ELEVATOR,
        description="6 台客梯加装能量回馈装置，制动电能回馈电网。",
        commissioned_on=today - dt.timedelta(days=120),
        before_per_day=Decimal("186.0"),
        after_per_day=Decimal("151.5"),
    )
    ctx.create(
        m.EnergySavingMeasure,
        park=ctx.park,
        name="空调系统群控及夜间温度设定",
        kind=m.EnergySavingMeasure.Kind.CONTROL,
        area=m.EnergySavingMeasure.Area.HVAC,
        description="冷站群控按负荷加减机，非工作时段公共区域空调设定 28℃。",
        commissioned_on=today - dt.timedelta(days=60),
    )


def _distributed(ctx: DemoContext, meters) -> None:
    from parkops.core.models import Building

    building = Building.objects.filter(park=ctx.park).order_by("code").first()
    pv = meters["generation"][0] if meters["generation"] else None
    ctx.create(
        m.DistributedEnergy,
        park=ctx.park,
        kind=m.DistributedEnergy.Kind.PV,
        name="屋顶分布式光伏",
        building=pv.building if pv and pv.building_id else building,
        capacity_kw=Decimal("480"),
        commissioned_on=ctx.today - dt.timedelta(days=700),
        meter=pv,
        operator_name="深圳市光合新能源科技有限公司",
    )
    ctx.create(
        m.DistributedEnergy,
        park=ctx.park,
        kind=m.DistributedEnergy.Kind.STORAGE,
        name="工商业储能柜",
        building=building,
        capacity_kw=Decimal("100"),
        capacity_kwh=Decimal("215"),
        commissioned_on=ctx.today - dt.timedelta(days=150),
        operator_name="深圳市光合新能源科技有限公司",
    )


def _manager(ctx: DemoContext) -> None:
    ctx.create(
        m.EnergyManager,
        park=ctx.park,
        name="陈立新",
        duties="园区节能环保日常管理：能耗分析、节能措施跟踪、计量器具检定、绿色宣传培训",
        certificate="能源管理师（二级）",
        appointed_on=ctx.today - dt.timedelta(days=500),
    )


def _green(ctx: DemoContext) -> None:
    today = ctx.today
    for kind, name, location, qty, days in (
        ("water_saving", "感应式节水龙头", "各栋公共卫生间", 96, 600),
        ("water_saving", "双档节水坐便器", "各栋公共卫生间", 72, 600),
        ("leak_control", "供水管网分区计量及夜间最小流量监测", "园区给水管网", 1, 400),
        ("condensate", "空调冷凝水收集回用于绿化浇灌", "A栋屋面", 1, 380),
    ):
        ctx.create(
            m.GreenFacility,
            park=ctx.park,
            kind=kind,
            name=name,
            location=location,
            quantity=qty,
            installed_on=today - dt.timedelta(days=days),
        )
    # Only a training in the last 12 months: row 61 asks for activities too.
    ctx.create(
        m.GreenActivity,
        park=ctx.park,
        kind=m.GreenActivity.Kind.TRAINING,
        title="入驻企业节能降碳与绿色办公培训",
        held_on=today - dt.timedelta(days=45),
        audience=m.GreenActivity.Audience.TENANTS,
        participants=46,
        organiser="园区能源管理专人、深圳市节能服务中心讲师",
        note="讲解峰谷用电、空调温度设定、办公设备待机能耗和园区垃圾分类。",
    )


def _documents(ctx: DemoContext) -> None:
    """The plans rows 57, 58 and 60 ask for, except the renewable-energy plan (a gap)."""
    for kind, title, lines in (
        (
            "low_carbon_operation_plan",
            "园区低碳环保设备设施运行保障方案",
            [
                "冷站、光伏、LED 照明等设备按月巡检，故障 24 小时内响应。",
                "更新改造时公共区域优先选用一级能效产品。",
            ],
        ),
        (
            "energy_economic_operation_plan",
            "园区用能设备设施经济运行方案",
            [
                "冷站按负荷群控，峰段限制非必要负荷，储能谷充峰放。",
                "每月分析各楼栋及企业能耗，异常用能当日核查。",
            ],
        ),
        (
            "recycling_mechanism",
            "园区可再生资源回收机制",
            [
                "设置可回收物投放点，纸类、塑料、金属分类交由持证回收企业。",
                "每月统计回收量和回收率并在园区公示。",
            ],
        ),
    ):
        _document(ctx, kind, title, lines, 200)


def _document(ctx: DemoContext, kind: str, title: str, lines: list[str], days_ago: int) -> None:
    from parkops.assessment.services import upload_document

    effective_on = ctx.today - dt.timedelta(days=days_ago)
    upload_document(
        park=ctx.park,
        kind=kind,
        by=ctx.admin,
        title=title,
        version="V1.0",
        effective_on=effective_on,
        expires_on=None,
        approver="园区总经理",
        file=_pdf(
            title, [ctx.park.name, f"版本：V1.0　生效日期：{effective_on:%Y-%m-%d}", *lines, "（演示数据）"]
        ),
    )


def _pdf(title: str, lines: list[str]):
    """A one-page PDF standing in for the signed document."""
    import io

    from django.core.files.base import ContentFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(72, 770, title)
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        pdf.drawString(72, 730 - 22 * i, line)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name=f"{title}.pdf")
