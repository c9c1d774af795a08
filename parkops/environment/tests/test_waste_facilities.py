"""6.3.4.3's waste-sorting facilities and their cleaning and disinfection records: kept as a
register, shown in row 33 beside the collection ledger, never scored against a number the
standard does not state."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkops.core import clock
from parkops.core.services import create_object
from parkops.environment import evidence
from parkops.environment import models as m


def _collections(world, today):
    # Every month of the last year, each of the four household categories: the ledger is met.
    for months_ago in range(12):
        for category in evidence.REQUIRED_WASTE:
            create_object(
                model=m.WasteCollection,
                data={
                    "park": world.alpha,
                    "collected_on": today - dt.timedelta(days=30 * months_ago + 1),
                    "category": category,
                    "weight_kg": Decimal("100"),
                    "carrier_name": "收运公司",
                    "carrier_licence": "深环 001",
                },
                by=world.admin,
            )


def _labels(finding):
    return [e.label for e in finding.evidence]


def test_facilities_are_shown_but_not_scored(world):
    today = clock.localdate()
    _collections(world, today)
    before = evidence.waste(world.alpha, today)
    assert before.status == "met"
    assert "垃圾分类设施台账：尚未登记投放点、垃圾桶和清运车辆" in _labels(before)

    point = create_object(
        model=m.WasteFacility,
        data={"park": world.alpha, "kind": "drop_point", "name": "A栋投放点", "cleaning_every_days": 7},
        by=world.admin,
    )
    create_object(
        model=m.WasteFacility,
        data={"park": world.alpha, "kind": "bin", "name": "厨余桶", "category": "kitchen", "quantity": 6},
        by=world.admin,
    )
    create_object(
        model=m.WasteFacility, data={"park": world.alpha, "kind": "vehicle", "name": "清运车"}, by=world.admin
    )
    create_object(
        model=m.WasteFacilityCleaning,
        data={
            "facility": point,
            "done_on": today - dt.timedelta(days=20),
            "work": "both",
            "disinfectant": "含氯消毒液",
            "done_by": "保洁班",
        },
        by=world.admin,
    )
    after = evidence.waste(world.alpha, today)
    labels = _labels(after)
    assert "垃圾分类投放点 1 处、垃圾桶 6 个、清运车辆 1 辆" in labels
    assert "近 12 个月设施清洁 1 次、消毒 1 次" in labels
    # The park's own 7-day interval is missed (20 days): shown, and the score does not move.
    assert "按园区自定清洁消毒周期：1 项设施中 1 项逾期（标准未规定周期，不计分）" in labels
    assert after.status == "met" and after.fraction == before.fraction == 1
    assert after.missing == []


def test_missing_collections_still_score_and_name_the_page(world):
    today = clock.localdate()
    create_object(
        model=m.WasteFacility, data={"park": world.alpha, "kind": "drop_point", "name": "A"}, by=world.admin
    )
    finding = evidence.waste(world.alpha, today)
    assert finding.status == "unmet" and finding.fraction == 0
    assert finding.action.url == reverse("environment:wastecollection_add")
    assert "垃圾分类投放点 1 处、垃圾桶 0 个、清运车辆 0 辆" in _labels(finding)


def test_disinfection_needs_its_agent_and_no_future_date(world):
    today = clock.localdate()
    point = create_object(
        model=m.WasteFacility, data={"park": world.alpha, "kind": "drop_point", "name": "A"}, by=world.admin
    )
    with pytest.raises(ValidationError) as err:
        create_object(
            model=m.WasteFacilityCleaning,
            data={"facility": point, "done_on": today, "work": "disinfection", "done_by": "保洁班"},
            by=world.admin,
        )
    assert "disinfectant" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        create_object(
            model=m.WasteFacilityCleaning,
            data={
                "facility": point,
                "done_on": today + dt.timedelta(days=1),
                "work": "cleaning",
                "done_by": "保洁班",
            },
            by=world.admin,
        )
    assert "done_on" in err.value.error_dict
    assert not m.WasteFacilityCleaning.objects.exists()


def test_register_pages_for_staff_and_not_tenants(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("environment:wastefacility_add"),
        {"park": world.alpha.pk, "kind": "vehicle", "name": "清运车 1 号", "quantity": 1, "active": "on"},
    )
    assert response.status_code == 302
    facility = m.WasteFacility.objects.get(name="清运车 1 号")
    assert client.get(facility.get_absolute_url()).status_code == 200
    client.force_login(world.tenant_a)
    assert client.get(reverse("environment:wastefacility_add")).status_code == 403
