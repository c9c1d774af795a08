"""Row 26 asks for the ledger and pictures of ceilings, walls and floors, not a quarterly rhythm."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parkops.core import models as core
from parkops.core.services import create_object
from parkops.engineering.evidence import condition_ledger
from parkops.engineering.models import BuildingConditionRecord
from parkops.engineering.tests.test_evidence_and_pages import png


def _record(world, element, days, condition="good", **extra):
    return create_object(
        model=BuildingConditionRecord,
        by=world.engineer,
        data={
            "building": core.Building.objects.get(code="A"),
            "area": "大堂",
            "element": element,
            "condition": condition,
            "photo": png(),
            "inspected_on": timezone.localdate() - dt.timedelta(days=days),
            "inspector": "李工",
            **extra,
        },
    )


def test_one_photographed_inspection_of_each_surface_meets_row_26(eng):
    today = timezone.localdate()
    for element in ("ceiling", "wall"):
        _record(eng, element, 20)
    finding = condition_ledger(eng.alpha, today)
    assert finding.status == "partial" and finding.fraction == Decimal(2) / 3
    assert finding.action is not None
    _record(eng, "floor", 20)
    finding = condition_ledger(eng.alpha, today)
    # All in one quarter: the ledger and pictures are there, which is what the row asks.
    assert finding.status == "met", finding.missing
    assert any("4 个季度中的 1 个" in e.label for e in finding.evidence)


def test_a_defect_without_a_repair_order_keeps_row_26_short(eng):
    for element in ("ceiling", "wall", "floor"):
        _record(eng, element, 10)
    _record(eng, "wall", 5, condition="defect", description="墙面开裂 30 cm")
    finding = condition_ledger(eng.alpha, timezone.localdate())
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert "1 处破损未开维修工单" in finding.missing
