"""Greening and waste records, and rows 32–33 scored from them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parkops.assessment.registry import sources_for
from parkops.core.services import create_object
from parkops.environment import evidence, services
from parkops.environment import models as m

TODAY = timezone.localdate


def test_rows_32_and_33_have_their_sources():
    assert [s.document_kind for s in sources_for(32)] == ["environment_standard", "waste_sorting_rules"]
    assert sum(s.share for s in sources_for(33)) == Decimal(1)


def test_empty_park_meets_nothing(world):
    for check in (evidence.greening, evidence.waste, evidence.pollution):
        finding = check(world.alpha, TODAY())
        assert finding.status == "unmet" and finding.missing


def test_greening_on_schedule(world):
    task = create_object(
        model=m.GreeningTask,
        data={"park": world.alpha, "area": "中央草坪", "work": "mowing", "every_days": 30},
        by=world.admin,
    )
    for n in range(6):
        create_object(
            model=m.GreeningRecord,
            data={
                "park": world.alpha,
                "task": task,
                "area": "中央草坪",
                "work": "mowing",
                "done_on": TODAY() - dt.timedelta(days=30 * n),
                "done_by": "园林公司",
            },
            by=world.admin,
        )
    finding = evidence.greening(world.alpha, TODAY())
    assert finding.status == "unmet"
    assert finding.missing == ["中央草坪·草坪修剪（每 30 天）：近 12 个月 6 次，标准要求约 12 次"]
    for n in range(6, 12):
        create_object(
            model=m.GreeningRecord,
            data={
                "park": world.alpha,
                "task": task,
                "area": "中央草坪",
                "work": "mowing",
                "done_on": TODAY() - dt.timedelta(days=30 * n),
                "done_by": "园林公司",
            },
            by=world.admin,
        )
    assert evidence.greening(world.alpha, TODAY()).status == "met"


def test_waste_by_category_and_tenant(world):
    def collect(category, days, enterprise=None):
        return create_object(
            model=m.WasteCollection,
            data={
                "park": world.alpha,
                "collected_on": TODAY() - dt.timedelta(days=days),
                "category": category,
                "enterprise": enterprise,
                "weight_kg": Decimal("120.5"),
                "carrier_name": "龙清环境",
                "carrier_licence": "深城管许字〔2024〕第0316号",
            },
            by=world.admin,
        )

    for month in range(12):
        collect("kitchen", 30 * month + 1)
        collect("other", 30 * month + 2)
    finding = evidence.waste(world.alpha, TODAY())
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert "近 12 个月没有可回收物收运记录" in finding.missing
    collect("recyclable", 5)
    collect("hazardous", 6, enterprise=world.ent_a)
    assert evidence.waste(world.alpha, TODAY()).status == "met"
    # Each tenant sees its own collections only.
    assert [w.category for w in m.WasteCollection.objects.restrict(world.tenant_a)] == ["hazardous"]
    assert not m.WasteCollection.objects.restrict(world.tenant_b).exists()


def test_pollution_ledger_counts_overdue_notices(world):
    points = []
    for kind in ("wastewater", "exhaust", "noise"):
        point = create_object(
            model=m.MonitoringPoint,
            data={
                "park": world.alpha,
                "kind": kind,
                "name": kind,
                "location": "x",
                "enterprise": world.ent_a if kind == "exhaust" else None,
            },
            by=world.admin,
        )
        limit = create_object(
            model=m.PollutantLimit,
            data={"point": point, "pollutant": "p", "unit": "u", "limit": Decimal("10"), "standard": "GB"},
            by=world.admin,
        )
        points.append((point, limit))
        for quarter in range(4):
            services.record_reading(
                point=point,
                limit=limit,
                value=Decimal("5"),
                by=world.admin,
                measured_at=timezone.now() - dt.timedelta(days=80 * quarter + 1),
            )
    assert evidence.pollution(world.alpha, TODAY()).status == "met"
    point, limit = points[1]
    services.record_reading(
        point=point,
        limit=limit,
        value=Decimal("50"),
        by=world.admin,
        measured_at=timezone.now() - dt.timedelta(hours=1),
        notice_deadline=TODAY() - dt.timedelta(days=1),
    )
    finding = evidence.pollution(world.alpha, TODAY())
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert "整改期限已过仍未复测达标" in finding.missing[0]
