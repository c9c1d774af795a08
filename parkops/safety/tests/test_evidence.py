"""Rows 22–25 scored from the park's records."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from parkops.assessment.registry import sources_for
from parkops.core.services import create_object
from parkops.safety import evidence, services
from parkops.safety import models as m
from parkops.safety.tests.factories import equipment, route

TODAY = timezone.localdate


def test_every_row_has_sources_whose_shares_sum_to_one():
    for row in (22, 23, 24, 25):
        assert sum(s.share for s in sources_for(row)) == Decimal(1)


def test_empty_park_meets_nothing(world):
    for row in (22, 23, 24, 25):
        for src in sources_for(row):
            if src.check is not None:
                finding = src.check(world.alpha, TODAY())
                assert finding.status == "unmet", src.key
                assert finding.missing, src.key


def test_row_23_staff_and_training(world):
    for name in ("甲", "乙"):
        create_object(
            model=m.SecurityStaff, data={"park": world.alpha, "name": name, "post": "officer"}, by=world.admin
        )
    finding = evidence.security_staff(world.alpha, TODAY())
    assert finding.status == "partial" and "少于 3 人" in finding.missing[0]
    create_object(
        model=m.SecurityStaff, data={"park": world.alpha, "name": "丙", "post": "guard"}, by=world.admin
    )
    assert evidence.security_staff(world.alpha, TODAY()).status == "met"
    for days in (400, 100):
        create_object(
            model=m.SafetyTraining,
            data={
                "park": world.alpha,
                "held_on": TODAY() - dt.timedelta(days=days),
                "topic": "消防",
                "form": "lecture",
                "trainer": "消防大队",
                "attendees_count": 30,
            },
            by=world.admin,
        )
    finding = evidence.safety_training(world.alpha, TODAY())
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    create_object(
        model=m.SafetyTraining,
        data={
            "park": world.alpha,
            "held_on": TODAY() - dt.timedelta(days=10),
            "topic": "用电",
            "form": "online",
            "trainer": "安全部",
            "attendees_count": 30,
        },
        by=world.admin,
    )
    assert evidence.safety_training(world.alpha, TODAY()).status == "met"
    # BETA's records count for BETA only.
    assert evidence.security_staff(world.beta, TODAY()).status == "unmet"


def test_row_22_plans_drills_and_patrols(world):
    for category, topic in [("rule", "production"), *[("plan", t) for t in evidence.REQUIRED_PLAN_TOPICS]]:
        create_object(
            model=m.SafetyPlan,
            data={
                "park": world.alpha,
                "category": category,
                "topic": topic,
                "title": f"{category}-{topic}",
                "owner": "安全部",
                "effective_on": TODAY() - dt.timedelta(days=100),
            },
            by=world.admin,
        )
    assert evidence.plans(world.alpha, TODAY()).status == "met"
    r = route(world, points=(("东门", ()),))
    for days in range(1, 27):
        run = services.start_run(
            route=r, guard=world.staff_safety, started_at=timezone.now() - dt.timedelta(days=days)
        )
        services.visit_checkpoint(run=run, checkpoint=r.checkpoints.get(), by=world.staff_safety)
        services.finish_run(run=run, by=world.staff_safety)
    finding = evidence.patrol_and_maintenance(world.alpha, TODAY())
    assert finding.status == "partial"  # patrols every day, but no maintenance records yet
    assert finding.fraction == Decimal("0.5")
    lift = equipment(world)
    services.record_equipment_inspection(
        equipment=lift,
        by=world.admin,
        data={
            "kind": "self",
            "inspected_on": TODAY() - dt.timedelta(days=3),
            "inspector": "工程部",
            "result": "pass",
        },
    )
    area = create_object(
        model=m.FireEquipment,
        data={"park": world.alpha, "kind": "extinguisher", "location": "A栋", "quantity": 10},
        by=world.admin,
    )
    services.record_register_inspection(
        by=world.admin,
        data={
            "fire_equipment": area,
            "inspected_on": TODAY(),
            "inspector": "安全员",
            "result": "pass",
            "next_due": TODAY() + dt.timedelta(days=90),
        },
    )
    create_object(
        model=m.PeriodicCheck,
        data={
            "park": world.alpha,
            "kind": "gas",
            "subject": "餐厅燃气",
            "checked_on": TODAY(),
            "checked_by": "燃气公司",
            "result": "pass",
            "next_due": TODAY() + dt.timedelta(days=90),
        },
        by=world.admin,
    )
    assert evidence.patrol_and_maintenance(world.alpha, TODAY()).status == "met"


def test_row_24_counts_a_health_certificate_expired_before_the_day(world):
    # Valid through its last day; from the day after, it is named as expired.
    day = dt.date(2026, 6, 30)
    merchant = create_object(
        model=m.FoodMerchant,
        data={
            "park": world.alpha,
            "name": "员工餐厅",
            "location": "D栋",
            "licence_no": "JY14403050012345",
            "licence_valid_until": day + dt.timedelta(days=365),
        },
        by=world.staff_safety,
    )
    for name, valid_until in (("陈丽", day), ("王强", day - dt.timedelta(days=1))):
        create_object(
            model=m.StaffHealthCertificate,
            data={"merchant": merchant, "name": name, "valid_until": valid_until},
            by=world.staff_safety,
        )
    finding = evidence.food_safety(world.alpha, day)
    assert finding.status == "partial"
    assert [text for text in finding.missing if "健康证明已过期" in text] == [
        "“员工餐厅”从业人员王强的健康证明已过期（2026-06-29）"
    ]
    assert evidence.food_safety(world.alpha, day - dt.timedelta(days=1)).status == "met"
