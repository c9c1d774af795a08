"""Rows 5, 18, 19, 20, 21 and the archive half of 29, judged from live data."""

import datetime as dt
from decimal import Decimal

from parkops.accounts.services import create_user
from parkops.core import models as core
from parkops.core.scope import DepartmentKind, Role
from parkops.investment import evidence, services
from parkops.investment.models import (
    Customer,
    EnterpriseContact,
    EntryCondition,
    HeadcountRecord,
    InvestmentTarget,
    PolicyLink,
    PromotionEvent,
    Stage,
)
from parkops.testing.world import PASSWORD

TODAY = dt.date(2026, 11, 26)


def test_row5_entry_compliance_names_residents_that_do_not_comply(world):
    assert evidence.entry_compliance(world.alpha, TODAY).status == "unmet"  # no conditions yet
    EntryCondition.objects.create(park=world.alpha, kind="industry", title="产业方向", industry_scope="park")
    EntryCondition.objects.create(
        park=world.alpha, kind="environment", title="非重污染", max_pollution="general"
    )
    EntryCondition.objects.create(
        park=world.alpha, kind="qualification", title="高新优先", qualification="high_tech", mandatory=False
    )
    # Both residents are in the park's leading industry; 乙企业 has a heavy-pollution record.
    Customer.objects.create(park=world.alpha, name="甲企业", enterprise=world.ent_a, stage=Stage.RESIDENT)
    Customer.objects.create(
        park=world.alpha, name="乙企业", enterprise=world.ent_b, stage=Stage.RESIDENT, pollution="heavy"
    )
    finding = evidence.entry_compliance(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert finding.missing == ["乙企业：非重污染：环保类别为“重污染”"]
    Customer.objects.filter(name="乙企业").update(pollution="light")
    assert evidence.entry_compliance(world.alpha, TODAY).status == "met"


def test_row18_needs_three_people_with_duties_and_targets(world):
    members = [world.staff_invest] + [
        create_user(
            by=world.admin,
            username=f"invest{i}",
            password=PASSWORD,
            role=Role.STAFF,
            department=DepartmentKind.INVESTMENT,
            operator=world.alpha.operator,
            parks=[world.alpha],
        )
        for i in range(2)
    ]
    for member in members[:2]:
        InvestmentTarget.objects.create(
            park=world.alpha, member=member, year=2026, duties="招商", target_area=1000, target_leases=3
        )
    finding = evidence.team_targets(world.alpha, TODAY)
    assert finding.status == "partial" and "仅 2 人" in finding.missing[0]
    InvestmentTarget.objects.create(
        park=world.alpha, member=members[2], year=2026, duties="招商", target_area=1000, target_leases=3
    )
    assert evidence.team_targets(world.alpha, TODAY).status == "met"
    assert (
        evidence.team_targets(world.alpha, dt.date(2027, 1, 5)).status == "unmet"
    )  # a new year needs new targets


def test_row19_events_on_leading_industries(world):
    leading = world.alpha.leading_industries.first()
    other = core.Industry.objects.exclude(pk=leading.pk).filter(catalogue__is_current=True).first()
    event = PromotionEvent.objects.create(
        park=world.alpha, held_on=dt.date(2026, 5, 1), theme="综合推介", place="园区"
    )
    event.industries.set([other])
    assert evidence.promotion_events(world.alpha, TODAY).fraction == Decimal("0.25")
    focused = PromotionEvent.objects.create(
        park=world.alpha, held_on=dt.date(2026, 9, 1), theme="主导产业推介", place="园区"
    )
    focused.industries.set([leading])
    assert evidence.promotion_events(world.alpha, TODAY).status == "met"
    assert (
        evidence.promotion_events(world.alpha, dt.date(2027, 8, 1)).status == "partial"
    )  # only one left in window
    assert evidence.promotion_events(world.beta, TODAY).status == "unmet"


def test_row20_grading_applied_to_residents(world):
    assert evidence.grading_applied(world.alpha, TODAY).status == "unmet"
    grades = services.grade_residents(park=world.alpha, on=TODAY, by=world.staff_invest)
    assert {g.enterprise.name: g.grade for g in grades} == {"甲企业": "C", "乙企业": "C"}
    # 200 ㎡ → 1, 20/21 people → 1, leading industry → 3, no qualifications → 0: 5 points, C.
    assert grades[0].score == 5 and "主导产业 → 3 分" in grades[0].basis["产业契合度"]
    assert evidence.grading_applied(world.alpha, TODAY).status == "met"
    assert evidence.grading_applied(world.alpha, dt.date(2027, 12, 1)).status == "unmet"


def test_row21_public_platform_needs_published_policies(world):
    finding = evidence.public_platform(world.alpha, TODAY)
    assert finding.status == "partial" and finding.missing == ["招商平台尚未公开政策与资源清单"]
    PolicyLink.objects.create(park=world.alpha, kind="policy", title="租金补贴", published=True)
    assert evidence.public_platform(world.alpha, TODAY).status == "met"


def test_row29_archive_share_of_complete_residents(world):
    finding = evidence.tenant_archive(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0")
    customer = services.create_customer(
        data={"park": world.alpha, "name": "甲企业", "stage": Stage.INTENT, "enterprise": world.ent_a},
        by=world.staff_invest,
    )
    unit = core.Unit.objects.get(code="A-101")
    services.sign_lease(
        customer=customer,
        units=[unit],
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
        rent_per_m2=Decimal("90"),
        by=world.staff_invest,
    )
    core.Enterprise.objects.filter(pk=world.ent_a.pk).update(
        legal_representative="张三", established_on=dt.date(2010, 1, 1), registered_capital=500
    )
    EnterpriseContact.objects.create(enterprise=world.ent_a, name="张三", role="总经理", phone="13711112222")
    HeadcountRecord.objects.create(enterprise=world.ent_a, recorded_on=dt.date(2026, 6, 30), headcount=22)
    finding = evidence.tenant_archive(world.alpha, TODAY)
    assert finding.fraction == Decimal("0.5") and finding.missing[0].startswith("乙企业：工商登记信息不全")
