"""Row 29's archive half earns in proportion to the items of 6.3.3.2 present: an archive 95 %
complete earns 95 %, never the whole row (a review found 95 % counted as full)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parkops.core import models as core
from parkops.core.services import create_object
from parkops.investment import evidence
from parkops.investment.models import ArchiveRecord
from parkops.investment.tests.test_evidence import TODAY, _complete_archive_but_cooperation
from parkops.testing.world import credit_code


def test_an_archive_95_percent_complete_earns_95_percent_not_the_whole(world):
    floor = core.Floor.objects.get(building__park=world.alpha, number=1)
    residents = [world.ent_a, world.ent_b]
    for i, name in enumerate(("丁企业", "戊企业")):
        residents.append(
            create_object(
                model=core.Enterprise,
                data={
                    "park": world.alpha,
                    "name": name,
                    "credit_code": credit_code(9100 + i),
                    "industry": world.ent_a.industry,
                    "headcount": 12,
                    "contact_phone": "13800138001",
                },
                by=world.admin,
            )
        )
        create_object(
            model=core.Unit,
            data={"floor": floor, "code": f"A-11{i}", "area": Decimal("120")},
            by=world.admin,
        )
    units = ["A-101", "A-102", "A-110", "A-111"]
    for enterprise, unit in zip(residents, units, strict=True):
        _complete_archive_but_cooperation(world, enterprise, unit)
    for enterprise in residents[:3]:  # the fourth lacks only 业务合作情况: 19 of 20 items
        ArchiveRecord.objects.create(
            enterprise=enterprise, kind="cooperation", recorded_on=dt.date(2026, 4, 1), content="撮合合作"
        )
    finding = evidence.tenant_archive(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.95")
    assert finding.missing == ["戊企业：无业务合作情况记录"]
