"""Rows 46–48 from public-service data and the calendar."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkops.core.services import create_object, update_object
from parkops.events.models import Event, EventKind
from parkops.publicservice import evidence
from parkops.publicservice.models import PlatformCase, ServicePlatform

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 7)


def _add(world, model, **data):
    return create_object(model=model, data=data, by=world.admin)


def _platform(world, kind, services="检验检测\n知识产权"):
    return _add(
        world,
        ServicePlatform,
        park=world.alpha,
        kind=kind,
        name=f"{kind}平台",
        operator="促进会",
        services=services,
        since=dt.date(2025, 1, 1),
    )


def test_row46_needs_platforms_with_services_and_two_completed_cases(world, clock_at):
    clock_at(NOW)
    assert evidence.industry_platforms(world.alpha, TODAY).status == "unmet"
    with pytest.raises(ValidationError):
        _platform(world, ServicePlatform.Kind.INDUSTRY, services=" ")
    platform = _platform(world, ServicePlatform.Kind.INDUSTRY)
    case = {"platform": platform, "enterprise": world.ent_a, "service": "流片", "result": "良率提升"}
    _add(world, PlatformCase, completed_on=dt.date(2026, 10, 1), **case)
    _add(world, PlatformCase, completed_on=dt.date(2026, 12, 20), **case)  # not completed by as_of
    finding = evidence.industry_platforms(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.75")
    assert finding.missing == ["已完成的平台服务案例 1 个，还需 1 个"]
    assert finding.action.url == "/publicservice/cases/add/"
    # A government platform's case does not count for row 46.
    gov = _platform(world, ServicePlatform.Kind.GOVERNMENT)
    _add(world, PlatformCase, completed_on=dt.date(2026, 11, 1), **{**case, "platform": gov})
    assert evidence.industry_platforms(world.alpha, TODAY).status == "partial"
    _add(world, PlatformCase, completed_on=dt.date(2026, 11, 2), **case)
    assert evidence.industry_platforms(world.alpha, TODAY).status == "met"


def test_row47_government_platform_list(world, clock_at):
    clock_at(NOW)
    finding = evidence.government_platforms(world.alpha, TODAY)
    assert finding.status == "unmet" and "kind=government" in finding.action.url
    _platform(world, ServicePlatform.Kind.INDUSTRY)
    assert evidence.government_platforms(world.alpha, TODAY).status == "unmet"
    _platform(world, ServicePlatform.Kind.GOVERNMENT)
    assert evidence.government_platforms(world.alpha, TODAY).status == "met"


def test_row48_counts_held_party_and_group_activities_with_their_record(world, clock_at):
    clock_at(NOW)

    def activity(kind, days_ago, summary=""):
        start = NOW - dt.timedelta(days=days_ago)
        return _add(
            world,
            Event,
            park=world.alpha,
            kind=kind,
            title="主题党日",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="党群服务中心",
            summary=summary,
        )

    assert evidence.party_and_group(world.alpha, TODAY).status == "unmet"
    first = activity(EventKind.PARTY, 30)
    activity(EventKind.TRAINING, 20, summary="培训不是党建群团活动")
    finding = evidence.party_and_group(world.alpha, TODAY)
    assert finding.fraction == Decimal("0.5") and "还需 2 项" in finding.missing[0]
    update_object(obj=first, data={"summary": "重温入党誓词"}, by=world.admin)
    activity(EventKind.GROUP, 10, summary="青年联谊会")
    assert evidence.party_and_group(world.alpha, TODAY).status == "met"


def test_tenant_sees_platforms_and_only_its_own_cases(world, clock_at):
    clock_at(NOW)
    platform = _platform(world, ServicePlatform.Kind.INDUSTRY)
    mine = _add(
        world,
        PlatformCase,
        platform=platform,
        enterprise=world.ent_a,
        service="a",
        result="b",
        completed_on=dt.date(2026, 1, 1),
    )
    _add(
        world,
        PlatformCase,
        platform=platform,
        enterprise=world.ent_b,
        service="a",
        result="b",
        completed_on=dt.date(2026, 1, 1),
    )
    assert ServicePlatform.objects.restrict(world.tenant_a, "view").count() == 1
    assert list(PlatformCase.objects.restrict(world.tenant_a, "view")) == [mine]
