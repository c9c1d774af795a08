"""Rows 43–45 from incubation data, its rules, and what a tenant sees."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from parkops.core.services import create_object
from parkops.events.models import Event, EventKind
from parkops.incubation import evidence
from parkops.incubation.models import (
    Fund,
    FundInvestment,
    IncubationCentre,
    IncubatorService,
    Mentor,
    MentoringCase,
    Startup,
    Topic,
)
from parkops.spaces.models import FunctionSpace

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 7)


def _pdf(name="proof.pdf"):
    return ContentFile(b"%PDF-1.4\n% test\n%%EOF\n", name=name)


def _add(world, model, **data):
    return create_object(model=model, data=data, by=world.admin)


@pytest.fixture
def centre(world, clock_at):
    clock_at(NOW)
    return _add(world, IncubationCentre, park=world.alpha, name="孵化中心", opened_on=dt.date(2025, 1, 1))


def _startup(world, centre, enterprise):
    return _add(
        world,
        Startup,
        park=world.alpha,
        centre=centre,
        enterprise=enterprise,
        project="传感芯片",
        entered_on=dt.date(2025, 3, 1),
    )


def _session(world, days_ago):
    start = NOW - dt.timedelta(days=days_ago)
    return _add(
        world,
        Event,
        park=world.alpha,
        kind=EventKind.MENTORING,
        title="融资辅导",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="路演厅",
    )


def test_row43_needs_office_space_and_service_list(world, centre):
    finding = evidence.incubation_centre(world.alpha, TODAY)
    assert finding.status == "unmet" and finding.action.url == "/incubation/centres/add/"
    space = _add(
        world,
        FunctionSpace,
        park=world.alpha,
        kind=FunctionSpace.Kind.INCUBATOR,
        name="孵化工位区",
        capacity=40,
    )
    centre.spaces.add(space)
    finding = evidence.incubation_centre(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.5")
    assert finding.missing == ["孵化中心尚无服务清单"]
    _add(
        world,
        IncubatorService,
        park=world.alpha,
        centre=centre,
        category=IncubatorService.Category.LEGAL,
        name="法律咨询",
        description="每月两次律师驻场",
    )
    assert evidence.incubation_centre(world.alpha, TODAY).status == "met"
    assert evidence.incubation_centre(world.beta, TODAY).status == "unmet"


def test_row44_counts_cases_of_held_mentoring_sessions(world, centre):
    startup = _startup(world, centre, world.ent_a)
    mentor = _add(
        world, Mentor, park=world.alpha, name="王老师", organisation="投资机构", speciality=Topic.FINANCING
    )
    assert evidence.mentoring(world.alpha, TODAY).status == "unmet"
    session = _session(world, 10)
    case = {
        "mentor": mentor,
        "startup": startup,
        "topic": Topic.FINANCING,
        "problem": "估值",
        "advice": "倒推",
        "outcome": "进入尽调",
    }
    _add(world, MentoringCase, event=session, **case)
    finding = evidence.mentoring(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.75")
    assert finding.missing == ["创业辅导案例 1 个，还需 1 个"]
    assert finding.action.url == "/incubation/mentoring-cases/add/"
    # A session not yet held, or of another kind, takes no case.
    upcoming = _session(world, -3)
    with pytest.raises(ValidationError, match="已开展"):
        _add(world, MentoringCase, event=upcoming, **case)
    _add(world, MentoringCase, event=_session(world, 5), **case)
    assert evidence.mentoring(world.alpha, TODAY).status == "met"


def test_row45_needs_a_fund_and_an_investment_with_proof(world, centre):
    startup = _startup(world, centre, world.ent_a)
    assert evidence.funds(world.alpha, TODAY).status == "unmet"
    fund = _add(
        world,
        Fund,
        park=world.alpha,
        name="天使基金",
        kind=Fund.Kind.PARTNER,
        purpose=Fund.Purpose.SEED,
        manager="创投",
        size=Decimal("20000"),
        established_on=dt.date(2025, 1, 1),
    )
    invest = {
        "fund": fund,
        "startup": startup,
        "invested_on": dt.date(2026, 11, 1),
        "stage": "angel",
        "amount": Decimal("500"),
    }
    _add(world, FundInvestment, **invest)  # no proof yet
    finding = evidence.funds(world.alpha, TODAY)
    assert finding.status == "partial" and finding.missing == ["没有附证明文件的基金投资案例，还需 1 个"]
    _add(world, FundInvestment, proof=_pdf(), **invest)
    assert evidence.funds(world.alpha, TODAY).status == "met"
    assert evidence.funds(world.alpha, dt.date(2026, 10, 1)).status == "partial"


def test_startup_rules_and_tenant_sees_only_its_own(world, centre):
    mine = _startup(world, centre, world.ent_a)
    _startup(world, centre, world.ent_b)
    with pytest.raises(ValidationError):  # one open incubation per enterprise
        _startup(world, centre, world.ent_a)
    with pytest.raises(ValidationError, match="毕业/退出日期"):
        _add(
            world,
            Startup,
            park=world.alpha,
            centre=centre,
            enterprise=world.ent_a,
            project="x",
            entered_on=dt.date(2025, 1, 1),
            status=Startup.Status.GRADUATED,
        )
    assert list(Startup.objects.restrict(world.tenant_a, "view")) == [mine]
    assert Startup.objects.restrict(world.tenant_c, "view").count() == 0


def test_pages_open_for_staff_and_read_only_for_tenants(world, client, centre):
    client.force_login(world.admin)
    for name in (
        "incubationcentre",
        "incubatorservice",
        "startup",
        "milestone",
        "mentor",
        "mentoringcase",
        "fund",
        "fundinvestment",
    ):
        assert client.get(reverse(f"incubation:{name}_list")).status_code == 200, name
    client.force_login(world.tenant_a)
    assert client.get("/incubation/services/").status_code == 200
    assert client.get("/incubation/services/add/").status_code == 403
