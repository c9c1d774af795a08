"""Rows 5, 18, 19, 20, 21 and the archive half of 29, judged from live data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.accounts.services import create_user
from parkops.assessment.engine import assess
from parkops.core import models as core
from parkops.core.scope import DepartmentKind, Role
from parkops.core.services import create_object, update_object
from parkops.events.models import Event, EventKind
from parkops.events.selectors import day_start
from parkops.investment import evidence, services
from parkops.investment.models import (
    ArchiveRecord,
    EnterpriseContact,
    InvestmentTarget,
    PolicyLink,
    PositioningException,
    Stage,
)
from parkops.testing.world import PASSWORD

TODAY = dt.date(2026, 11, 26)


def test_row5_residents_outside_the_parks_positioning_do_not_fit_until_accepted(world):
    # 乙企业's industry is on the city's current catalogue but is neither the park's leading
    # nor its characteristic industry: the catalogue alone does not make it fit.
    leading = set(world.alpha.leading_industries.values_list("pk", flat=True))
    other = core.Industry.objects.filter(catalogue__is_current=True).exclude(pk__in=leading).first()
    update_object(
        obj=core.Enterprise.objects.get(pk=world.ent_b.pk), data={"industry": other}, by=world.admin
    )
    finding = evidence.positioning_fit(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert finding.missing == [f"乙企业（{other.name}）不在园区主导产业、特色产业或配套服务范围内"]
    assert finding.action.url == "/investment/positioning/"
    with pytest.raises(ValidationError):  # an exception needs a real reason
        create_object(
            model=PositioningException,
            data={"enterprise": world.ent_b, "reason": "同意", "accepted_on": TODAY, "accepted_by": "王总"},
            by=world.staff_invest,
        )
    create_object(
        model=PositioningException,
        data={"enterprise": world.ent_b, "reason": "为园区企业提供检测认证服务，经招商委员会同意",
              "accepted_on": TODAY, "accepted_by": "王总"},
        by=world.staff_invest,
    )  # fmt: skip
    finding = evidence.positioning_fit(world.alpha, TODAY)
    assert finding.status == "met"
    assert any("乙企业 为认可的定位例外：为园区企业提供检测认证服务" in e.label for e in finding.evidence)
    # Before the exception was accepted, it did not count.
    assert evidence.positioning_fit(world.alpha, TODAY - dt.timedelta(days=1)).fraction == Decimal("0.5")


def test_row5_a_declared_supporting_service_fits_the_positioning(world):
    update_object(obj=core.Enterprise.objects.get(pk=world.ent_b.pk), data={"industry": None}, by=world.admin)
    assert evidence.positioning_fit(world.alpha, TODAY).fraction == Decimal("0.5")
    canteen = create_object(
        model=core.SupportingService, data={"park": world.alpha, "name": "餐饮"}, by=world.admin
    )
    update_object(
        obj=core.Enterprise.objects.get(pk=world.ent_b.pk),
        data={"supporting_service": canteen},
        by=world.admin,
    )
    assert evidence.positioning_fit(world.alpha, TODAY).status == "met"
    beta_service = core.SupportingService.objects.create(park=world.beta, name="银行")
    with pytest.raises(ValidationError):  # another park's declaration does not apply
        update_object(
            obj=core.Enterprise.objects.get(pk=world.ent_b.pk),
            data={"supporting_service": beta_service},
            by=world.admin,
        )


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
    # The engine scores row 18 through this check: its full points once three people have them.
    row18 = assess(world.alpha, TODAY).row(18)
    assert [part.key for part in row18.parts] == ["investment.team_targets"]
    assert row18.status == "met" and row18.score == row18.points
    assert (
        evidence.team_targets(world.alpha, dt.date(2027, 1, 5)).status == "unmet"
    )  # a new year needs new targets


def _promotion(park, day, title, **extra):
    return Event.objects.create(
        park=park,
        kind=EventKind.PROMOTION,
        starts_at=day_start(day) + dt.timedelta(hours=14),
        ends_at=day_start(day) + dt.timedelta(hours=16),
        title=title,
        place="园区",
        **extra,
    )


def test_row19_events_on_leading_industries(world, clock_at):
    # Promotion events are counted from the park's calendar (parkops.events).
    clock_at(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
    leading = world.alpha.leading_industries.first()
    other = core.Industry.objects.exclude(pk=leading.pk).filter(catalogue__is_current=True).first()
    event = _promotion(world.alpha, dt.date(2026, 5, 1), "综合推介")
    event.industries.set([other])
    assert evidence.promotion_events(world.alpha, TODAY).fraction == Decimal("0.25")
    # Another kind of activity, a cancelled one or one not yet held is no promotion event.
    training = _promotion(world.alpha, dt.date(2026, 9, 1), "培训")
    Event.objects.filter(pk=training.pk).update(kind=EventKind.TRAINING)
    training.industries.set([leading])
    _promotion(world.alpha, dt.date(2026, 9, 2), "取消的推介", cancelled=True).industries.set([leading])
    _promotion(world.alpha, dt.date(2026, 11, 30), "下周推介").industries.set([leading])
    assert evidence.promotion_events(world.alpha, dt.date(2026, 12, 31)).fraction == Decimal("0.25")
    focused = _promotion(world.alpha, dt.date(2026, 9, 1), "主导产业推介")
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


def _complete_archive_but_cooperation(world, enterprise, unit_code):
    customer = services.create_customer(
        data={"park": world.alpha, "name": enterprise.name, "stage": Stage.INTENT, "enterprise": enterprise},
        by=world.staff_invest,
    )
    services.sign_lease(
        customer=customer,
        units=[core.Unit.objects.get(code=unit_code)],
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
        rent_per_m2=Decimal("90"),
        by=world.staff_invest,
    )
    core.Enterprise.objects.filter(pk=enterprise.pk).update(
        legal_representative="张三",
        established_on=dt.date(2010, 1, 1),
        registered_capital=500,
        moved_in_on=dt.date(2025, 1, 1),
    )
    EnterpriseContact.objects.create(enterprise=enterprise, name="张三", role="总经理", phone="13711112222")
    for kind in ("needs", "feedback"):
        ArchiveRecord.objects.create(
            enterprise=enterprise, kind=kind, recorded_on=dt.date(2026, 3, 1), content="记录内容"
        )


def test_row29_archive_follows_6_3_3_2_and_scores_in_proportion(world):
    finding = evidence.tenant_archive(world.alpha, TODAY)
    assert finding.status == "unmet" or finding.fraction < Decimal("0.2")
    _complete_archive_but_cooperation(world, world.ent_a, "A-101")
    _complete_archive_but_cooperation(world, world.ent_b, "A-102")
    ArchiveRecord.objects.create(
        enterprise=world.ent_a, kind="cooperation", recorded_on=dt.date(2026, 4, 1), content="撮合供应链合作"
    )
    # 9 of 10 items (乙企业 lacks 业务合作情况): 90 %, not full points.
    finding = evidence.tenant_archive(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.9")
    assert finding.missing == ["乙企业：无业务合作情况记录"]
    assert "业务合作情况齐全的在园企业 1/2 家" in [e.label for e in finding.evidence]
    ArchiveRecord.objects.create(
        enterprise=world.ent_b, kind="cooperation", recorded_on=dt.date(2026, 4, 1), content="对接银行融资"
    )
    assert evidence.tenant_archive(world.alpha, TODAY).status == "met"
    # A record written after the assessment date does not count for it.
    assert evidence.tenant_archive(world.alpha, dt.date(2026, 3, 31)).fraction == Decimal("0.8")
