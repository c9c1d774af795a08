"""The hazard loop: notice → rectification → follow-up → closed; no closing without a
follow-up inspection; overdue hazards escalate (6.3.1; 隐患排查治理)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkops.core import clock
from parkops.core.services import update_object
from parkops.notifications.models import Notification
from parkops.safety import models as m
from parkops.safety import services


def hazard(world, **data):
    return services.report_hazard(
        park=world.alpha,
        by=world.staff_safety,
        data={"grade": "general", "category": "fire", "place": "A栋 3F", "description": "灭火器过期", **data},
    )


def test_hazard_cannot_close_without_follow_up_inspection(world):
    h = hazard(world)
    with pytest.raises(ValidationError) as exc:
        update_object(obj=h, data={"status": "closed"}, by=world.admin)
    assert exc.value.message_dict["status"] == ["隐患须经复查合格后才能关闭"]
    h.refresh_from_db()
    assert h.status == "open"
    # Nor can the follow-up be skipped in the loop.
    services.issue_notice(
        hazard=h,
        by=world.staff_safety,
        owner=world.staff_safety,
        deadline=timezone.localdate() + dt.timedelta(days=3),
        measures="更换灭火器",
    )
    with pytest.raises(ValidationError):
        services.follow_up(hazard=h, by=world.staff_safety, passed=True, note="直接关闭")
    h.refresh_from_db()
    assert h.status == "rectifying"


def test_full_loop_with_a_failed_follow_up(world):
    h = hazard(world)
    deadline = timezone.localdate() + dt.timedelta(days=5)
    services.issue_notice(
        hazard=h, by=world.staff_safety, owner=world.staff_admin, deadline=deadline, measures="更换灭火器"
    )
    assert Notification.objects.filter(recipient=world.staff_admin, kind="safety.hazard.notice").exists()
    h.refresh_from_db()
    assert (h.status, h.deadline) == ("rectifying", deadline)
    services.report_rectification(hazard=h, by=world.staff_safety, done="已更换")
    services.follow_up(hazard=h, by=world.staff_safety, passed=False, note="仍有 1 具未更换")
    h.refresh_from_db()
    assert h.status == "rectifying"
    services.report_rectification(hazard=h, by=world.staff_safety, done="全部更换")
    services.follow_up(hazard=h, by=world.staff_safety, passed=True, note="合格")
    h.refresh_from_db()
    assert h.status == "closed" and h.closed_at is not None
    assert h.follow_ups.count() == 2


def test_a_failed_follow_up_does_not_allow_closing(world):
    # Only a passed follow-up inspection lets a hazard close: a failed one is on record, and
    # closing by hand after it is refused just as without any follow-up.
    h = hazard(world)
    services.issue_notice(
        hazard=h,
        by=world.staff_safety,
        owner=world.staff_safety,
        deadline=clock.localdate() + dt.timedelta(days=3),
        measures="更换灭火器",
    )
    services.report_rectification(hazard=h, by=world.staff_safety, done="已更换")
    services.follow_up(hazard=h, by=world.staff_safety, passed=False, note="仍有 1 具未更换")
    h.refresh_from_db()
    assert h.follow_ups.filter(passed=False).count() == 1
    with pytest.raises(ValidationError) as exc:
        update_object(obj=h, data={"status": "closed"}, by=world.admin)
    assert exc.value.message_dict["status"] == ["隐患须经复查合格后才能关闭"]
    h.refresh_from_db()
    assert h.status == "rectifying" and h.closed_at is None


def test_major_hazard_needs_funds_and_contingency_plan(world):
    h = hazard(world, grade="major")
    with pytest.raises(ValidationError) as exc:
        services.issue_notice(
            hazard=h,
            by=world.staff_safety,
            owner=world.staff_safety,
            deadline=timezone.localdate() + dt.timedelta(days=5),
            measures="停用",
        )
    assert set(exc.value.message_dict) == {"funds", "contingency_plan"}
    assert not m.RectificationNotice.objects.exists()
    h.refresh_from_db()
    assert h.status == "open"
    services.issue_notice(
        hazard=h,
        by=world.staff_safety,
        owner=world.staff_safety,
        deadline=timezone.localdate() + dt.timedelta(days=5),
        measures="停用",
        funds=Decimal("20000"),
        contingency_plan="隔离警示",
    )


def test_overdue_hazard_escalates_once_and_notifies(world):
    h = hazard(world)
    services.issue_notice(
        hazard=h,
        by=world.staff_safety,
        owner=world.staff_safety,
        deadline=timezone.localdate() + dt.timedelta(days=1),
        measures="更换",
    )
    on_time = hazard(world, place="B栋")
    services.issue_notice(
        hazard=on_time,
        by=world.staff_safety,
        owner=world.staff_safety,
        deadline=timezone.localdate() + dt.timedelta(days=10),
        measures="更换",
    )
    later = timezone.now() + dt.timedelta(days=3)
    escalated = services.escalate_overdue_hazards(later)
    assert [e.pk for e in escalated] == [h.pk]
    h.refresh_from_db()
    assert h.escalated_at is not None
    told = set(
        Notification.objects.filter(kind="safety.hazard.escalated").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"staff_safety", "admin_alpha"}
    assert services.escalate_overdue_hazards(later) == []


def test_hazard_page_shows_its_escalation(world, client):
    h = hazard(world)
    deadline = timezone.localdate() + dt.timedelta(days=1)
    services.issue_notice(
        hazard=h, by=world.staff_safety, owner=world.staff_safety, deadline=deadline, measures="更换"
    )
    services.escalate_overdue_hazards(timezone.now() + dt.timedelta(days=3))
    client.force_login(world.staff_safety)
    timeline = client.get(h.get_absolute_url()).content.decode()
    timeline = timeline[timeline.index('data-testid="timeline"') :]
    assert "逾期升级" in timeline
    assert f"超过整改期限 {deadline:%Y-%m-%d} 已" in timeline


def test_ledger_filters_and_exports(world, client):
    hazard(world, place="A栋 3F")
    hazard(world, place="C栋 仓库", grade="serious")
    client.force_login(world.assessor)  # read-only, but sees the ledger
    page = client.get("/safety/hazards/?grade=serious").content.decode()
    assert "C栋 仓库" in page and "A栋 3F" not in page
    export = client.get("/safety/hazards/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.tenant_a)
    assert "C栋 仓库" not in client.get("/safety/hazards/").content.decode()


def test_hazard_page_walks_the_loop(world, client):
    h = hazard(world)
    client.force_login(world.staff_safety)
    url = f"/safety/hazards/{h.pk}/"
    response = client.post(
        url,
        {
            "step": "notice",
            "owner": world.staff_safety.pk,
            "deadline": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "measures": "x",
        },
    )
    assert "整改期限不能早于今天" in response.content.decode()
    client.post(
        url,
        {
            "step": "notice",
            "owner": world.staff_safety.pk,
            "deadline": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
            "measures": "更换",
        },
    )
    client.post(url, {"step": "report", "done": "已更换"})
    client.post(url, {"step": "follow_up", "passed": "1", "note": "合格"})
    h.refresh_from_db()
    assert h.status == "closed"
    assert "复查合格，隐患关闭" in client.get(url).content.decode()


def test_api_lists_hazards_read_only(world, client):
    hazard(world, place="D栋")
    client.force_login(world.staff_safety)
    data = client.get("/api/safety/hazards/").json()
    assert [h["place"] for h in data["results"]] == ["D栋"]
    assert client.post("/api/safety/hazards/", {"place": "x"}).status_code == 405
    client.force_login(world.tenant_a)
    assert client.get("/api/safety/hazards/").json()["count"] == 0
