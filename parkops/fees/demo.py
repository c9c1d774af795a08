"""Fees part of the demo park: published standards, 12 months of readings, bills and
payments (a few left unpaid), business lines and the revenue ledger.

Bills are generated for a sample of the residents (the two demo tenants first) to keep
``parkops demo`` quick; every bill, line and payment goes through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parkops.core.demo.context import DemoContext
from parkops.core.models import Enterprise, Unit
from parkops.fees import services
from parkops.fees.models import (
    Bill,
    BusinessLine,
    ChargeUnit,
    FeeKind,
    FeeStandard,
    Payment,
    RevenueEntry,
    UtilityReading,
)
from parkops.fees.selectors import last_months

BILLED_ENTERPRISES = 12
PUBLISHED = "园区服务中心一楼公示栏；园区门户“收费标准公示”页"
STANDARDS = (
    # kind, name, unit, price, from, to, approval
    (
        FeeKind.WATER,
        "非居民用水水价（含污水处理费）",
        ChargeUnit.YUAN_PER_TONNE,
        "4.6900",
        dt.date(2023, 1, 1),
        None,
        "深发改〔2022〕示例号（演示数据，以主管部门文件为准）",
    ),
    (
        FeeKind.ELECTRICITY,
        "园区转供电电价（一般工商业）",
        ChargeUnit.YUAN_PER_KWH,
        "0.9800",
        dt.date(2024, 1, 1),
        None,
        "按供电企业电价原价转供，不加价（演示数据）",
    ),
    (
        FeeKind.ELECTRICITY,
        "园区转供电电价（一般工商业）",
        ChargeUnit.YUAN_PER_KWH,
        "1.0200",
        dt.date(2022, 1, 1),
        dt.date(2023, 12, 31),
        "已废止（演示数据）",
    ),
    (
        FeeKind.PROPERTY,
        "写字楼及研发用房物业服务费",
        ChargeUnit.YUAN_PER_M2_MONTH,
        "12.0000",
        dt.date(2023, 7, 1),
        None,
        "物业服务合同约定并经业主大会通过（演示数据）",
    ),
    (
        FeeKind.PARKING,
        "地下停车场月卡",
        ChargeUnit.YUAN_PER_MONTH,
        "450.0000",
        dt.date(2024, 1, 1),
        None,
        "南山区停车收费备案（演示数据）",
    ),
    (
        FeeKind.PARKING,
        "地下停车场临时停车",
        ChargeUnit.YUAN_PER_HOUR,
        "8.0000",
        dt.date(2024, 1, 1),
        None,
        "南山区停车收费备案（演示数据）",
    ),
    (FeeKind.DECORATION, "装修管理费", ChargeUnit.YUAN_PER_M2, "5.0000", dt.date(2023, 1, 1), None, ""),
)
LINES = (
    (BusinessLine.Kind.LEASING, "研发办公及厂房租赁", "A–D 栋研发办公、厂房与商业租赁"),
    (BusinessLine.Kind.PROPERTY, "物业服务", "物业服务费、装修管理"),
    (BusinessLine.Kind.UTILITIES, "水电能源服务", "转供水电"),
    (BusinessLine.Kind.PARKING, "停车服务", "地下停车场月卡及临停"),
    (BusinessLine.Kind.ADVERTISING, "广告位运营", "楼宇电梯广告、园区道旗及 LED 屏"),
    (BusinessLine.Kind.EVENTS, "会议活动场地", "D 栋多功能厅、路演厅对外租赁"),
    (BusinessLine.Kind.VALUE_ADDED, "企业增值服务", "政策申报代理、人才招聘、知识产权服务"),
)
# Monthly revenue (元) of the lines not fed by bills in the demo, and how often they earn.
MANUAL = {
    BusinessLine.Kind.PARKING: (180000, 1.0),
    BusinessLine.Kind.ADVERTISING: (46000, 1.0),
    BusinessLine.Kind.EVENTS: (28000, 0.7),
    BusinessLine.Kind.VALUE_ADDED: (35000, 0.5),
}


def exists(ctx: DemoContext) -> bool:
    return ctx.park is not None and FeeStandard.objects.filter(park=ctx.park).exists()


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    park = ctx.park
    today = ctx.today
    for kind, name, unit, price, start, end, approval in STANDARDS:
        ctx.create(
            FeeStandard,
            park=park,
            kind=kind,
            name=name,
            unit=unit,
            price=Decimal(price),
            effective_from=start,
            effective_to=end,
            published_at=f"{PUBLISHED}（/fees/public/{park.code}/）",
            approval_document=approval,
        )
    lines = {
        kind: ctx.create(BusinessLine, park=park, kind=kind, name=name, description=description)
        for kind, name, description in LINES
    }

    months = last_months(today, 12)
    billed = [e for e in ctx.enterprises if e.status == Enterprise.Status.RESIDENT and e.units.exists()]
    billed = billed[:2] + rng.sample(billed[2:], min(BILLED_ENTERPRISES - 2, len(billed) - 2))
    for enterprise in billed:
        unit = enterprise.units.filter(state=Unit.State.LEASED).order_by("pk").first()
        water, power = Decimal(rng.randint(1000, 5000)), Decimal(rng.randint(100000, 400000))
        per_water = Decimal(rng.randint(30, 160))
        per_power = Decimal(rng.randint(4000, 30000))
        for month in months:
            used_w = (per_water * Decimal(rng.uniform(0.8, 1.2))).quantize(Decimal("1"))
            used_p = (per_power * Decimal(rng.uniform(0.8, 1.25))).quantize(Decimal("1"))
            ctx.create(
                UtilityReading,
                unit=unit,
                enterprise=enterprise,
                kind=UtilityReading.Kind.WATER,
                month=month,
                previous=water,
                current=water + used_w,
            )
            ctx.create(
                UtilityReading,
                unit=unit,
                enterprise=enterprise,
                kind=UtilityReading.Kind.ELECTRICITY,
                month=month,
                previous=power,
                current=power + used_p,
            )
            water, power = water + used_w, power + used_p

    payer = ctx.admin
    late = set(rng.sample(range(len(billed)), 3))
    for number, enterprise in enumerate(billed):
        for position, month in enumerate(months):
            bill = services.generate_bill(enterprise=enterprise, period=month, by=payer)
            if not bill.lines.exists():
                continue
            issued = month.replace(day=5) + dt.timedelta(days=31)
            issued = issued.replace(day=5)
            bill = services.issue_bill(bill=bill, by=payer, issued_on=issued)
            unpaid = number in late and position >= len(months) - 2
            if unpaid:
                if position == len(months) - 2 and number % 2:
                    services.record_payment(
                        bill=bill,
                        amount=(bill.total / 2).quantize(Decimal("0.01")),
                        paid_on=issued + dt.timedelta(days=10),
                        method=Payment.Method.TRANSFER,
                        reference=f"DEMO{bill.pk:06d}",
                        by=payer,
                    )
                continue
            paid_on = min(issued + dt.timedelta(days=rng.randint(2, 14)), today)
            services.record_payment(
                bill=bill,
                amount=bill.total,
                paid_on=paid_on,
                method=rng.choice([Payment.Method.TRANSFER, Payment.Method.TRANSFER, Payment.Method.WECHAT]),
                reference=f"DEMO{bill.pk:06d}",
                by=payer,
            )
    services.mark_overdue(today=today)

    for month in months:
        services.roll_up_revenue(park=park, month=month, by=payer)
        for kind, (base, chance) in MANUAL.items():
            if rng.random() <= chance:
                ctx.create(
                    RevenueEntry,
                    line=lines[kind],
                    month=month,
                    amount=Decimal(round(base * rng.uniform(0.85, 1.15), 2)).quantize(Decimal("0.01")),
                    source=RevenueEntry.Source.MANUAL,
                    note="财务月度台账录入",
                )
    assert Bill.objects.filter(park=park).exists()
