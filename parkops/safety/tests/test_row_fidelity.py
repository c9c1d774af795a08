"""Rows 22 and 25 score what their text says: no drill count, patrol frequency or plan topic the
standard does not name; monitoring coverage, resolution and reports from the devices."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parkops.core.services import create_object
from parkops.safety import evidence, services
from parkops.safety import models as m
from parkops.safety.tests.factories import route

TODAY = timezone.localdate


def _plan(world, category, topic, days=100):
    return create_object(
        model=m.SafetyPlan,
        data={
            "park": world.alpha,
            "category": category,
            "topic": topic,
            "title": f"{category}-{topic}",
            "owner": "安全部",
            "effective_on": TODAY() - dt.timedelta(days=days),
        },
        by=world.admin,
    )


def test_row_22_plans_need_the_six_topics_of_6_3_1_1_not_a_fire_plan(world):
    _plan(world, "rule", "production")
    for topic in ("production", "typhoon", "flood", "public_order", "network", "anti_terror"):
        _plan(world, "plan", topic)
    finding = evidence.plans(world.alpha, TODAY())
    assert finding.status == "met", finding.missing
    assert "6/6" in finding.evidence[1].label
    _plan(world, "plan", "fire")
    finding = evidence.plans(world.alpha, TODAY())
    assert finding.status == "met" and "消防" in finding.evidence[-1].label


def test_row_22_one_drill_in_the_year_shows_regular_drills(world):
    plan = _plan(world, "plan", "fire")
    assert evidence.drills(world.alpha, TODAY()).status == "unmet"
    create_object(
        model=m.Drill,
        data={
            "plan": plan,
            "held_on": TODAY() - dt.timedelta(days=40),
            "scenario": "A栋火灾疏散",
            "participants_count": 40,
            "review": "疏散用时 4 分钟",
        },
        by=world.admin,
    )
    finding = evidence.drills(world.alpha, TODAY())
    assert finding.status == "met" and finding.fraction == 1
    assert "1 次" in finding.evidence[0].label


def test_row_22_patrols_on_a_few_days_count_and_the_park_schedule_is_shown(world):
    r = route(world, points=(("东门", ()),))
    create_object(
        model=m.PatrolSchedule,
        data={"route": r, "shift": "夜班", "starts_at": dt.time(20), "ends_at": dt.time(8), "rounds": 2},
        by=world.admin,
    )
    assert evidence.patrol_and_maintenance(world.alpha, TODAY()).fraction == 0
    for days in (2, 9, 16):
        run = services.start_run(
            route=r, guard=world.staff_safety, started_at=timezone.now() - dt.timedelta(days=days)
        )
        services.visit_checkpoint(run=run, checkpoint=r.checkpoints.get(), by=world.staff_safety)
        services.finish_run(run=run, by=world.staff_safety)
    finding = evidence.patrol_and_maintenance(world.alpha, TODAY())
    # Patrols are on record: their half is earned; the maintenance half is still empty.
    assert finding.fraction == Decimal("0.5")
    assert not any("巡查" in text for text in finding.missing)
    assert any("每天巡查 2 次" in e.label and "应巡 60 次、实巡 3 次" in e.label for e in finding.evidence)


def _device(world, name, area, *, covers=None, resolution=1080, kind="camera"):
    return create_object(
        model=m.MonitoringDevice,
        data={
            "park": world.alpha,
            "kind": kind,
            "name": name,
            "location": "x",
            "area": area,
            "covers": covers,
            "resolution": resolution,
        },
        by=world.admin,
    )


def test_row_25_coverage_per_key_area_resolution_and_reports(world):
    areas = {
        key: create_object(
            model=m.MonitoredArea, data={"park": world.alpha, "area": key, "name": f"{key}-1"}, by=world.admin
        )
        for key in evidence.KEY_AREAS
    }
    north = create_object(
        model=m.MonitoredArea, data={"park": world.alpha, "area": "entrance", "name": "北门"}, by=world.admin
    )
    devices = [_device(world, f"CAM-{i}", key, covers=area) for i, (key, area) in enumerate(areas.items())]
    # The north gate has only a standard-definition camera: not 高精度.
    devices.append(_device(world, "CAM-N", "entrance", covers=north, resolution=576))
    finding = evidence.monitoring(world.alpha, TODAY())
    # Coverage 4 of 5 areas (half of 0.8); no device has reported yet, whatever was typed.
    assert finding.fraction == Decimal("0.4")
    assert "“出入口·北门”没有高清摄像机覆盖" in finding.missing
    assert any("尚无运行上报" in text for text in finding.missing)
    assert finding.action is not None
    for device in devices:
        services.record_device_report(device=device)
    finding = evidence.monitoring(world.alpha, TODAY())
    assert finding.fraction == Decimal("0.9")
    m.MonitoringDevice.objects.filter(name="CAM-N").update(resolution=1440)
    finding = evidence.monitoring(world.alpha, TODAY())
    assert finding.status == "met", finding.missing
    # A report older than the day before does not show the system running today.
    m.MonitoringDevice.objects.filter(name="CAM-0").update(last_seen_at=timezone.now() - dt.timedelta(days=3))
    finding = evidence.monitoring(world.alpha, TODAY())
    assert finding.status == "partial" and "1 台设备近一天没有上报" in finding.missing


def test_row_25_a_key_area_kind_with_no_registered_place_is_uncovered(world):
    for key in evidence.KEY_AREAS[:3]:
        area = create_object(
            model=m.MonitoredArea, data={"park": world.alpha, "area": key, "name": key}, by=world.admin
        )
        services.record_device_report(device=_device(world, f"CAM-{key}", key, covers=area))
    finding = evidence.monitoring(world.alpha, TODAY())
    assert finding.missing == ["未登记重要设施设备类重点监控区域"]
    assert finding.fraction == Decimal("0.875")


def test_device_report_moves_forward_only_and_the_status_page_says_no_report_yet(world, client):
    device = _device(world, "CAM-1", "entrance")
    assert device.report_state == "尚无上报" and not device.online
    client.force_login(world.admin)
    page = client.get("/safety/monitoring/").content.decode()
    assert "尚无上报的设备" in page and "CAM-1" in page
    now = timezone.now()
    services.record_device_report(device=device, at=now)
    services.record_device_report(device=device, at=now - dt.timedelta(hours=1))
    device.refresh_from_db()
    assert device.last_seen_at == now and device.online


def test_fire_safety_signs_and_their_inspections_count_in_row_24(world):
    create_object(
        model=m.FireEquipment,
        data={
            "park": world.alpha,
            "kind": "extinguisher",
            "location": "A栋",
            "quantity": 10,
            "next_due": TODAY() + dt.timedelta(days=30),
        },
        by=world.admin,
    )
    finding = evidence.fire_equipment(world.alpha, TODAY())
    assert finding.fraction == Decimal("0.5") and "未登记消防安全标志" in finding.missing
    sign = create_object(
        model=m.FireSafetySign,
        data={"park": world.alpha, "kind": "escape", "location": "A栋 疏散走道", "quantity": 40},
        by=world.admin,
    )
    assert evidence.fire_equipment(world.alpha, TODAY()).fraction == Decimal("0.5")
    services.record_register_inspection(
        by=world.admin,
        data={
            "fire_sign": sign,
            "inspected_on": TODAY(),
            "inspector": "安全员",
            "result": "pass",
            "next_due": TODAY() + dt.timedelta(days=180),
        },
    )
    sign.refresh_from_db()
    assert sign.next_due == TODAY() + dt.timedelta(days=180)
    assert evidence.fire_equipment(world.alpha, TODAY()).status == "met"
