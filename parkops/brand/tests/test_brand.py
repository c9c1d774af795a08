"""Rows 49–51, the opinion-event workflow and its suggested sentiment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from parkops.assessment.registry import sources_for
from parkops.brand import evidence, sentiment, services
from parkops.brand.models import BrandDocument, Campaign, MediaCoverage, OpinionEvent, Sentiment
from parkops.core.services import create_object
from parkops.events.models import Event, EventKind

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 7)


def _pdf():
    return ContentFile(b"%PDF-1.4\n% test\n%%EOF\n", name="doc.pdf")


def _add(world, model, **data):
    return create_object(model=model, data=data, by=world.admin)


def test_row49_needs_positioning_and_a_plan_in_force(world):
    doc = {"park": world.alpha, "title": "t", "essentials": "e", "file": _pdf()}
    assert evidence.positioning_and_plan(world.alpha, TODAY).status == "unmet"
    _add(world, BrandDocument, kind=BrandDocument.Kind.POSITIONING, valid_from=dt.date(2024, 1, 1), **doc)
    _add(
        world,
        BrandDocument,
        kind=BrandDocument.Kind.PLAN,
        valid_from=dt.date(2023, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        **{**doc, "file": _pdf()},
    )
    finding = evidence.positioning_and_plan(world.alpha, TODAY)
    assert finding.status == "partial" and finding.missing == ["没有覆盖当前的品牌建设规划"]
    assert finding.action.url == "/brand/documents/add/?kind=plan"
    assert evidence.positioning_and_plan(world.alpha, dt.date(2025, 6, 1)).status == "met"


def test_row50_plan_activities_and_coverage(world, clock_at):
    clock_at(NOW)
    assert evidence.campaigns(world.alpha, TODAY).status == "unmet"
    campaign = _add(
        world,
        Campaign,
        park=world.alpha,
        title="品牌季",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 9, 1),
        goal="g",
        channels="公众号",
        plan=_pdf(),
    )
    start = NOW - dt.timedelta(days=30)
    _add(
        world,
        Event,
        park=world.alpha,
        kind=EventKind.BRAND,
        title="开放日",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="展厅",
    )
    finding = evidence.campaigns(world.alpha, TODAY)
    assert finding.status == "partial" and finding.missing == ["没有媒体报道案例，还需 1 个"]
    with pytest.raises(ValidationError):  # a report needs its link or a copy
        _add(
            world,
            MediaCoverage,
            park=world.alpha,
            campaign=campaign,
            published_on=dt.date(2026, 7, 1),
            outlet="特区报",
            medium="newspaper",
            headline="h",
        )
    _add(
        world,
        MediaCoverage,
        park=world.alpha,
        campaign=campaign,
        published_on=dt.date(2026, 7, 1),
        outlet="特区报",
        medium="newspaper",
        headline="h",
        url="https://example.com/a",
    )
    assert evidence.campaigns(world.alpha, TODAY).status == "met"


def test_row50_without_a_brand_event_held_offers_to_schedule_one(world, clock_at):
    clock_at(NOW)
    campaign = _add(
        world,
        Campaign,
        park=world.alpha,
        title="品牌季",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 9, 1),
        goal="g",
        channels="公众号",
        plan=_pdf(),
    )
    _add(
        world,
        MediaCoverage,
        park=world.alpha,
        campaign=campaign,
        published_on=dt.date(2026, 7, 1),
        outlet="特区报",
        medium="newspaper",
        headline="h",
        url="https://example.com/a",
    )
    finding = evidence.campaigns(world.alpha, TODAY)
    assert finding.status == "partial" and finding.fraction == Decimal("0.6667")
    assert finding.missing == ["日历上没有已开展的品牌推广活动"]
    assert (finding.action.url, finding.action.model) == ("/events/events/add/?kind=brand", "events.Event")


def test_row51_is_the_mechanism_document():
    [source] = sources_for(51)
    assert source.kind == "document" and source.document_kind == "opinion_mechanism"


def test_opinion_workflow_steps_in_order_by_brand_staff_only(world, clock_at, monkeypatch):
    clock_at(NOW)
    monkeypatch.setattr(
        sentiment, "suggest", lambda text: sentiment.Suggestion(Sentiment.NEGATIVE, Decimal("-3.5"))
    )
    opinion = services.register_opinion(park=world.alpha, by=world.admin, content="停车难", source="social")
    assert (opinion.sentiment, opinion.suggested_sentiment, opinion.state) == ("negative", "negative", "new")
    with pytest.raises(ValidationError, match="先研判"):
        services.respond(opinion=opinion, by=world.admin, response="致歉")
    with pytest.raises(PermissionDenied):
        services.assess(opinion=opinion, by=world.staff_invest, sentiment="neutral", level="low")
    # The handler's judgement wins over the suggestion; both are kept.
    opinion = services.assess(
        opinion=opinion, by=world.admin, sentiment="neutral", level="medium", note="核实"
    )
    assert (opinion.sentiment, opinion.suggested_sentiment, opinion.level) == (
        "neutral",
        "negative",
        "medium",
    )
    with pytest.raises(ValidationError):
        services.respond(opinion=opinion, by=world.admin, response=" ")
    opinion = services.respond(opinion=opinion, by=world.admin, response="公布错峰停车安排")
    opinion = services.follow_up(opinion=opinion, by=world.admin, note="无新增")
    opinion = services.close(opinion=opinion, by=world.admin, conclusion="平息")
    assert opinion.state == OpinionEvent.State.CLOSED
    assert NOW <= opinion.closed_at < NOW + dt.timedelta(minutes=5)
    assert [s.action for s in opinion.steps.order_by("pk")] == ["登记", "研判", "回应处置", "跟踪", "关闭"]
    assert not OpinionEvent.objects.restrict(world.tenant_a, "view").exists()


def test_sentiment_label_thresholds():
    assert sentiment.label_for(Decimal("-3")) == Sentiment.NEGATIVE
    assert sentiment.label_for(Decimal("0.2")) == Sentiment.NEUTRAL
    assert sentiment.label_for(Decimal("4")) == Sentiment.POSITIVE
    assert sentiment.suggest("  ") is None


def test_suggestion_from_the_library_offline():
    pytest.importorskip("pysenti")
    assert sentiment.suggest("园区停车难，物业态度恶劣，投诉多次没人管").sentiment == Sentiment.NEGATIVE
    assert sentiment.suggest("园区服务很好，物业响应及时，环境优美").sentiment == Sentiment.POSITIVE


def test_opinion_pages(world, client, clock_at, monkeypatch):
    clock_at(NOW)
    monkeypatch.setattr(sentiment, "suggest", lambda text: None)
    client.force_login(world.admin)
    response = client.post(
        "/brand/opinions/add/",
        {
            "park": world.alpha.pk,
            "found_at": "2026-12-07T09:00",
            "source": "news",
            "content": "报道",
            "level": "low",
            "sentiment": "positive",
        },
    )
    opinion = OpinionEvent.objects.get()
    assert response.status_code == 302 and opinion.sentiment == "positive"
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert "研判" in page and 'name="action" value="assess"' in page
    client.post(opinion.get_absolute_url(), {"action": "assess", "sentiment": "positive", "level": "low"})
    opinion.refresh_from_db()
    assert opinion.state == "assessed"
    assert client.get(f"/brand/opinions/{opinion.pk}/edit/").status_code == 403
