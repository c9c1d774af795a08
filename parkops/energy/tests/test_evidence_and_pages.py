"""Rows 57–61: each check short, then met, on the exact items its row names; and the energy
pages open for the right people (coverage and edit pages refused to tenants)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from parkops.core.models import Building
from parkops.energy import evidence
from parkops.energy.models import (
    DistributedEnergy,
    EnergyManager,
    EnergySavingMeasure,
    GreenActivity,
    GreenFacility,
    MajorEquipment,
    Meter,
)
from parkops.energy.tests.factories import at, meter, point, send, term

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def now(clock_at):
    clock_at(at(2026, 12, 7, 12))


def test_row57_saving_list_and_gb17167(world, now):
    park = world.alpha
    assert evidence.saving_measures(park, TODAY).status == "unmet"
    EnergySavingMeasure.objects.create(
        park=park, name="LED", kind="equipment", area="lighting", commissioned_on=dt.date(2026, 3, 1)
    )
    assert evidence.saving_measures(park, TODAY).status == "met"

    finding = evidence.metering(park, TODAY)
    assert finding.status == "unmet" and finding.action is not None
    building = Building.objects.get(park=park)
    valid = {"calibrated_until": dt.date(2027, 12, 31)}
    meter(park, "IN", scope=Meter.Scope.PARK, level=1, **valid)
    meter(park, "A", scope=Meter.Scope.BUILDING, building=building, **valid)
    meter(park, "T1", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_a, **valid)
    finding = evidence.metering(park, TODAY)
    assert finding.status == "partial"
    assert any("还需配备 1 块（乙企业）" in line for line in finding.missing)
    t2 = meter(park, "T2", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_b)
    finding = evidence.metering(park, TODAY)
    assert finding.missing == ["1 块实体表未登记检定/校准或已过有效期"]
    t2.calibrated_until = dt.date(2027, 1, 1)
    t2.save()
    MajorEquipment.objects.create(park=park, name="冷机", rated_kw=300)
    assert evidence.metering(park, TODAY).status == "partial"
    MajorEquipment.objects.update(meter=t2)
    assert evidence.metering(park, TODAY).status == "met"


def test_row58_platform_and_distributed_energy(world, now):
    park = world.alpha
    assert evidence.platform(park, TODAY).status == "unmet"
    assert evidence.distributed(park, TODAY).status == "unmet"
    p = point(park, "IN")
    meter(park, "IN", scope=Meter.Scope.PARK, level=1, pt=p)
    send(park, p, [(at(2026, 12, 1), 0), (at(2026, 12, 2), 50)])
    assert evidence.platform(park, TODAY).status == "met"
    pv_point = point(park, "PV-01")
    pv = meter(park, "PV", scope=Meter.Scope.EQUIPMENT, level=3, pt=pv_point, direction="generation")
    facility = DistributedEnergy.objects.create(
        park=park, kind="pv", name="屋顶光伏", capacity_kw=Decimal(200), commissioned_on=dt.date(2025, 1, 1)
    )
    finding = evidence.distributed(park, TODAY)
    assert finding.status == "partial"  # shown, but no measured result
    facility.meter = pv
    facility.save()
    send(park, pv_point, [(at(2026, 11, 1), 100), (at(2026, 11, 2), 900)])
    assert evidence.distributed(park, TODAY).status == "met"


def test_row59_green_facilities_and_gb8978(world, now):
    from parkops.environment.models import MonitoringPoint, PollutantLimit
    from parkops.environment.services import record_reading

    park = world.alpha
    assert evidence.green_facilities(park, TODAY).status == "unmet"
    GreenFacility.objects.create(
        park=park,
        kind="water_saving",
        name="节水龙头",
        location="卫生间",
        quantity=20,
        installed_on=dt.date(2025, 1, 1),
    )
    finding = evidence.green_facilities(park, TODAY)
    assert finding.status == "partial" and len(finding.missing) == 1
    GreenFacility.objects.create(
        park=park, kind="rainwater", name="雨水回用", location="地下", installed_on=dt.date(2025, 1, 1)
    )
    assert evidence.green_facilities(park, TODAY).status == "met"

    assert evidence.wastewater(park, TODAY).status == "unmet"
    outlet = MonitoringPoint.objects.create(park=park, kind="wastewater", name="总排口", location="东门")
    limit = PollutantLimit.objects.create(
        point=outlet, pollutant="COD", unit="mg/L", limit=Decimal(500), standard="GB 8978-1996 表 4 三级"
    )
    finding = evidence.wastewater(park, TODAY)
    assert finding.status == "unmet" and "至少需 1 次" in finding.missing[0]
    record_reading(
        point=outlet, limit=limit, value=Decimal(620), by=world.admin, measured_at=at(2026, 11, 3, 10)
    )
    assert evidence.wastewater(park, TODAY).status == "unmet"  # an exceedance still open
    record_reading(
        point=outlet, limit=limit, value=Decimal(300), by=world.admin, measured_at=at(2026, 11, 20, 10)
    )
    assert evidence.wastewater(park, TODAY).status == "met"


def test_row60_waste_practice_and_recycling(world, now):
    from parkops.environment.models import WasteCollection

    park = world.alpha
    assert evidence.waste_practice(park, TODAY).status == "unmet"
    assert evidence.recycling(park, TODAY).status == "unmet"
    common = {"park": park, "carrier_name": "回收公司", "carrier_licence": "X1"}
    WasteCollection.objects.create(
        collected_on=dt.date(2026, 10, 1), category="other", weight_kg=Decimal(300), **common
    )
    assert evidence.waste_practice(park, TODAY).status == "met"
    assert evidence.recycling(park, TODAY).status == "unmet"
    WasteCollection.objects.create(
        collected_on=dt.date(2026, 10, 2), category="recyclable", weight_kg=Decimal(100), **common
    )
    finding = evidence.recycling(park, TODAY)
    assert finding.status == "met"
    assert "100 kg" in finding.evidence[0].label and "25.0%" in finding.evidence[0].label


def test_row61_training_activity_and_manager(world, now):
    park = world.alpha
    assert evidence.green_training(park, TODAY).status == "unmet"
    assert evidence.manager(park, TODAY).status == "unmet"
    common = {"park": park, "audience": "tenants", "participants": 30}
    GreenActivity.objects.create(kind="training", title="节能培训", held_on=dt.date(2026, 9, 1), **common)
    GreenActivity.objects.create(kind="activity", title="旧活动", held_on=dt.date(2025, 9, 1), **common)
    finding = evidence.green_training(park, TODAY)
    assert finding.status == "partial"  # last year's activity does not count
    GreenActivity.objects.create(kind="activity", title="地球一小时", held_on=dt.date(2026, 3, 28), **common)
    assert evidence.green_training(park, TODAY).status == "met"
    EnergyManager.objects.create(
        park=park, name="陈", duties="节能", appointed_on=dt.date(2024, 1, 1), until=dt.date(2026, 6, 30)
    )
    assert evidence.manager(park, TODAY).status == "unmet"  # stepped down
    EnergyManager.objects.create(park=park, name="李", duties="节能", appointed_on=dt.date(2026, 7, 1))
    assert evidence.manager(park, TODAY).status == "met"


LISTS = [
    "meter",
    "virtualmeterterm",
    "emissionfactor",
    "tariffperiod",
    "energysavingmeasure",
    "distributedenergy",
    "majorequipment",
    "energymanager",
    "greenfacility",
    "greenactivity",
]


def test_pages_for_admin_and_tenant(world, client, now):
    park = world.alpha
    building = Building.objects.get(park=park)
    p = point(park, "A")
    main = meter(park, "A", scope=Meter.Scope.BUILDING, building=building, pt=p)
    mine = meter(park, "T1", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_a)
    other = meter(park, "T2", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_b)
    pub = meter(park, "PUB", scope=Meter.Scope.PUBLIC, building=building, virtual=True)
    term(pub, main)
    term(pub, mine, -1)
    send(park, p, [(at(2026, 11, 1), 0), (at(2026, 12, 1), 1234)])
    measure = EnergySavingMeasure.objects.create(
        park=park, name="LED", kind="equipment", area="lighting", commissioned_on=dt.date(2026, 3, 1)
    )
    client.force_login(world.admin)
    for name in LISTS:
        assert client.get(reverse(f"energy:{name}_list")).status_code == 200, name
        assert client.get(reverse(f"energy:{name}_add")).status_code == 200, name
    page = client.get(reverse("energy:overview")).content.decode()
    assert "1,234" in page and "人均碳排放" in page
    assert client.get(reverse("energy:coverage")).status_code == 200
    export = client.get(reverse("energy:overview") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    assert [c.value for c in sheet[2]][-3:] == [1234, 0, 1234]  # November, December, total
    assert "1,234" in client.get(pub.get_absolute_url()).content.decode()
    assert client.get(measure.get_absolute_url()).status_code == 200
    client.force_login(world.tenant_a)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("energy:coverage")).status_code == 403
    assert client.get(reverse("energy:meter_add")).status_code == 403
    overview = client.get(reverse("energy:overview")).content.decode()
    assert "甲企业" in overview and "乙企业" not in overview


def test_api_lists_only_what_the_user_may_see(world, now):
    from rest_framework.test import APIClient

    park = world.alpha
    building = Building.objects.get(park=park)
    meter(park, "A", scope=Meter.Scope.BUILDING, building=building)
    meter(park, "T1", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_a)
    meter(park, "T2", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_b)
    client = APIClient()
    client.force_login(world.admin)
    assert sorted(m["code"] for m in client.get("/api/energy/meters/").json()["results"]) == ["A", "T1", "T2"]
    client.force_login(world.tenant_a)
    assert [m["code"] for m in client.get("/api/energy/meters/").json()["results"]] == ["T1"]


def test_calibration_queue_and_meter_rules(world, now):
    from django.core.exceptions import ValidationError

    from parkops.energy.queues import calibrations_due, missing_factors

    park = world.alpha
    building = Building.objects.get(park=park)
    meter(park, "OLD", scope=Meter.Scope.BUILDING, building=building, calibrated_until=dt.date(2026, 11, 30))
    meter(park, "SOON", scope=Meter.Scope.BUILDING, building=building, calibrated_until=dt.date(2026, 12, 20))
    meter(park, "FINE", scope=Meter.Scope.BUILDING, building=building, calibrated_until=dt.date(2027, 6, 1))
    items = list(calibrations_due(world.admin, TODAY))
    assert [(i.title.split()[0], i.overdue) for i in items] == [("OLD", True), ("SOON", False)]
    assert [i.title for i in missing_factors(world.admin, TODAY)] == [
        f"{park.name}：缺少 2026 年电网排放因子"
    ]
    with pytest.raises(ValidationError) as err:
        Meter(park=park, code="X", name="X", category="01000", scope=Meter.Scope.TENANT, level=2).full_clean()
    assert {"enterprise", "building"} <= set(err.value.message_dict)


def test_meter_page_shows_time_of_use_cost_and_imbalance(world, client, now):
    from parkops.energy.models import TariffPeriod

    park = world.alpha
    building = Building.objects.get(park=park)
    p_main, p_ten = point(park, "A"), point(park, "T1")
    main = meter(park, "A", scope=Meter.Scope.BUILDING, building=building, pt=p_main)
    tenant = meter(park, "T1", scope=Meter.Scope.TENANT, building=building, enterprise=world.ent_a, pt=p_ten)
    pub = meter(park, "PUB", scope=Meter.Scope.PUBLIC, building=building, virtual=True)
    term(pub, main)
    term(pub, tenant, -1)
    send(park, p_main, [(at(2026, 11, 2, 9), 0), (at(2026, 11, 2, 10), 100)])
    send(park, p_ten, [(at(2026, 11, 2, 9), 0), (at(2026, 11, 2, 10), 130)])  # more than the main meter
    TariffPeriod.objects.create(
        park=park,
        band="flat",
        start=dt.time(0),
        end=dt.time(0),
        price=Decimal("0.5"),
        valid_from=dt.date(2026, 1, 1),
    )
    client.force_login(world.admin)
    page = client.get(main.get_absolute_url()).content.decode()
    assert "用量 100.0 kWh，电费 50.00 元" in page
    assert 'data-testid="meter-imbalance"' not in page
    page = client.get(pub.get_absolute_url()).content.decode()
    assert 'data-testid="meter-imbalance"' in page and "2026-11" in page
