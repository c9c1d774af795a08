"""The park's calendar: sign-up rules, tenant restriction, attendance, the calendar pages and the
one place activities are counted from."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parkops.core.services import create_object
from parkops.events import selectors, services
from parkops.events.models import Event, EventKind, EventSignup

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)  # Monday 10:00 in Shenzhen


def _event(world, *, days=3, park=None, **extra):
    start = NOW + dt.timedelta(days=days)
    data = {
        "park": park or world.alpha,
        "kind": EventKind.TRAINING,
        "title": "高新技术企业认定政策宣讲",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "place": "园区 D 栋多功能厅",
        "open_for_signup": True,
        "capacity": 10,
        **extra,
    }
    if data["park"] != world.alpha:
        return Event.objects.create(**data)
    return create_object(model=Event, data=data, by=world.admin)


@pytest.fixture
def now(clock_at):
    clock_at(NOW)
    return NOW


def test_tenant_signs_up_its_own_enterprise_within_capacity(world, now):
    event = _event(world)
    signup = services.sign_up(event=event, by=world.tenant_a, people=6, contact="张三、李四")
    assert signup.enterprise == world.ent_a and signup.status == EventSignup.Status.SIGNED_UP
    with pytest.raises(ValidationError, match="已报名"):
        services.sign_up(event=event, by=world.tenant_a, people=1)
    with pytest.raises(ValidationError, match="剩余 4 个名额"):
        services.sign_up(event=event, by=world.tenant_b, people=5)
    assert services.sign_up(event=event, by=world.tenant_b, people=4).people == 4
    assert selectors.signed_up_people(event) == 10
    # A tenant cannot sign another enterprise up.
    with pytest.raises(PermissionDenied):
        services.sign_up(event=event, by=world.tenant_a, enterprise=world.ent_b)


def test_cancelled_places_free_up_and_sign_up_again_reuses_the_row(world, now):
    event = _event(world, capacity=5)
    first = services.sign_up(event=event, by=world.tenant_a, people=5)
    services.cancel_signup(signup=first, by=world.tenant_a)
    assert selectors.signed_up_people(event) == 0
    assert services.sign_up(event=event, by=world.tenant_b, people=3).people == 3
    again = services.sign_up(event=event, by=world.tenant_a, people=2)
    assert again.pk == first.pk and again.status == EventSignup.Status.SIGNED_UP
    # The other enterprise's sign-up is not the tenant's to cancel.
    other = EventSignup.objects.get(event=event, enterprise=world.ent_b)
    with pytest.raises(EventSignup.DoesNotExist):
        EventSignup.objects.restrict(world.tenant_a, "view").get(pk=other.pk)
    with pytest.raises(PermissionDenied):
        services.cancel_signup(signup=other, by=world.tenant_a)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"open_for_signup": False}, "不接受企业报名"),
        ({"cancelled": True}, "活动已取消"),
        ({"signup_deadline": NOW - dt.timedelta(hours=1)}, "报名截止"),
    ],
)
def test_sign_up_refused_when_not_open(world, now, extra, message):
    event = _event(world, **extra)
    with pytest.raises(ValidationError, match=message):
        services.sign_up(event=event, by=world.tenant_a)


def test_no_sign_up_once_started_and_check_in_only_after(world, clock_at):
    clock_at(NOW)
    event = _event(world, days=1)
    signup = services.sign_up(event=event, by=world.tenant_a, people=3)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.check_in(signup=signup, attended=2, by=world.admin)
    clock_at(NOW + dt.timedelta(days=1, minutes=5))
    with pytest.raises(ValidationError, match="已开始"):
        services.sign_up(event=event, by=world.tenant_b)
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_signup(signup=signup, by=world.tenant_a)
    with pytest.raises(PermissionDenied):
        services.check_in(signup=signup, attended=2, by=world.tenant_a)
    services.check_in(signup=signup, attended=2, by=world.admin)
    assert selectors.attendance(event) == 2


def test_tenants_of_another_park_see_nothing(world, now):
    event = _event(world)
    assert not Event.objects.restrict(world.tenant_c, "view").filter(pk=event.pk).exists()
    with pytest.raises(PermissionDenied):
        services.sign_up(event=event, by=world.tenant_c)


def test_events_of_counts_held_events_of_a_kind_in_a_period(world, now):
    held = _event(world, days=-10, kind=EventKind.PARTY, open_for_signup=False)
    _event(world, days=-10, kind=EventKind.GROUP, open_for_signup=False)
    _event(world, days=-5, kind=EventKind.PARTY, cancelled=True, open_for_signup=False)
    _event(world, days=2, kind=EventKind.PARTY)  # not yet held
    _event(world, days=-10, kind=EventKind.PARTY, park=world.beta, open_for_signup=False)
    assert list(selectors.events_of(world.alpha, EventKind.PARTY)) == [held]
    assert selectors.events_of(world.alpha, (EventKind.PARTY, EventKind.GROUP)).count() == 2
    day = (NOW - dt.timedelta(days=10)).date()
    assert selectors.events_of(world.alpha, EventKind.PARTY, since=day).count() == 0
    assert selectors.events_of(world.alpha, EventKind.PARTY, until=day).count() == 1
    assert selectors.recorded(selectors.events_of(world.alpha, EventKind.PARTY)).count() == 0


def test_event_validation(world, now):
    with pytest.raises(ValidationError) as exc:
        _event(world, place="", ends_at=NOW)
    assert {"place", "ends_at"} <= set(exc.value.error_dict)


def test_calendar_pages_and_sign_up_form(world, client, now):
    event = _event(world, days=1, title="园区开放日")
    client.force_login(world.tenant_a)
    month = client.get(reverse("events:calendar"))
    assert month.status_code == 200 and "园区开放日" in month.content.decode()
    week = client.get(reverse("events:calendar") + "?view=week")
    assert "园区开放日" in week.content.decode()
    detail = client.get(event.get_absolute_url())
    assert "报名参加" in detail.content.decode()
    response = client.post(reverse("events:sign_up", args=[event.pk]), {"people": 2, "contact": "王五"})
    assert response.status_code == 302
    assert EventSignup.objects.get(event=event).enterprise == world.ent_a
    assert "本企业已报名 2 人" in client.get(event.get_absolute_url()).content.decode()
    # Too many people: the page says why.
    client.force_login(world.tenant_b)
    response = client.post(reverse("events:sign_up", args=[event.pk]), {"people": 9})
    assert response.status_code == 400 and "剩余 8 个名额" in response.content.decode()
    # Tenants may read the calendar but not add events.
    assert client.get(reverse("events:event_add")).status_code == 403


def test_api_sign_up_goes_through_the_rules(world, client, now):
    event = _event(world, capacity=1)
    client.force_login(world.tenant_a)
    url = f"/api/events/events/{event.pk}/sign-up/"
    assert client.post(url, {"people": 1}, content_type="application/json").status_code == 201
    client.force_login(world.tenant_b)
    assert client.post(url, {"people": 1}, content_type="application/json").status_code == 400
    assert client.post("/api/events/events/", {}, content_type="application/json").status_code == 403
    rows = client.get("/api/events/signups/").json()
    assert (rows["results"] if isinstance(rows, dict) else rows) == []
