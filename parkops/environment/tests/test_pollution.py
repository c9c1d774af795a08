"""Pollution monitoring (6.3.4.4): a reading above the limit opens an exceedance with a notice
to the enterprise; the tenant sees and answers its own notice; only a passing re-test closes it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parkops.core.services import create_object, update_object
from parkops.environment import models as m
from parkops.environment import services
from parkops.notifications.models import Notification


@pytest.fixture
def point(world):
    point = create_object(
        model=m.MonitoringPoint,
        data={
            "park": world.alpha,
            "kind": "wastewater",
            "name": "甲企业排口",
            "location": "A栋",
            "enterprise": world.ent_a,
        },
        by=world.admin,
    )
    limit = create_object(
        model=m.PollutantLimit,
        data={
            "point": point,
            "pollutant": "COD",
            "unit": "mg/L",
            "limit": Decimal("500"),
            "standard": "GB 8978-1996 表4 三级标准",
        },
        by=world.admin,
    )
    return point, limit


def reading(world, point, limit, value, hours_ago):
    return services.record_reading(
        point=point,
        limit=limit,
        value=Decimal(value),
        by=world.admin,
        measured_at=timezone.now() - dt.timedelta(hours=hours_ago),
    )


def test_exceedance_notice_retest_loop(world, point):
    point, limit = point
    assert not reading(world, point, limit, "320", 72).exceeds
    assert not m.Exceedance.objects.exists()
    high = reading(world, point, limit, "612", 48)
    exceedance = m.Exceedance.objects.get()
    assert (exceedance.reading, exceedance.enterprise, exceedance.status) == (high, world.ent_a, "open")
    notice = exceedance.notice
    assert notice.enterprise == world.ent_a
    assert "612" in notice.content and "GB 8978-1996" in notice.content
    assert Notification.objects.filter(recipient=world.tenant_a, kind="environment.exceedance").exists()
    assert not Notification.objects.filter(recipient=world.tenant_b).exists()
    # A re-test still above the limit keeps it open; a passing one closes it.
    still = reading(world, point, limit, "540", 24)
    exceedance.refresh_from_db()
    assert still.retest_of == exceedance and exceedance.status == "open"
    assert m.Exceedance.objects.count() == 1  # no second exceedance for the same open case
    good = reading(world, point, limit, "410", 1)
    exceedance.refresh_from_db()
    assert exceedance.status == "closed" and exceedance.closing_reading == good


def test_exceedance_cannot_be_closed_by_hand_or_by_an_earlier_reading(world, point):
    point, limit = point
    reading(world, point, limit, "700", 10)
    exceedance = m.Exceedance.objects.get()
    with pytest.raises(ValidationError):
        update_object(obj=exceedance, data={"status": "closed"}, by=world.admin)
    with pytest.raises(ValidationError) as exc:
        reading(world, point, limit, "100", 20)  # measured before the exceedance
    assert "复测时间须晚于超标读数" in str(exc.value)
    exceedance.refresh_from_db()
    assert exceedance.status == "open"
    assert m.Reading.objects.count() == 1


def test_tenant_sees_and_answers_only_its_own_notice(world, point, client):
    point, limit = point
    reading(world, point, limit, "700", 10)
    exceedance = m.Exceedance.objects.get()
    notice = exceedance.notice
    assert list(m.PollutionNotice.objects.restrict(world.tenant_a)) == [notice]
    assert not m.PollutionNotice.objects.restrict(world.tenant_b).exists()
    assert not m.Exceedance.objects.restrict(world.tenant_b).exists()
    assert not m.Reading.objects.restrict(world.tenant_c).exists()
    with pytest.raises(PermissionDenied):
        services.respond_to_notice(notice=notice, by=world.tenant_b, response="不是我们")
    client.force_login(world.tenant_b)
    assert client.get(f"/environment/exceedances/{exceedance.pk}/").status_code == 404
    client.force_login(world.tenant_a)
    page = client.get("/environment/notices/").content.decode()
    assert "甲企业" in page
    response = client.post(f"/environment/exceedances/{exceedance.pk}/", {"response": ""})
    assert "该字段是必填项" in response.content.decode()
    client.post(f"/environment/exceedances/{exceedance.pk}/", {"response": "已更换预处理药剂"})
    notice.refresh_from_db()
    assert notice.response == "已更换预处理药剂" and notice.responded_by == world.tenant_a
    # The tenant cannot change anything else about the notice, nor record readings.
    assert client.get("/environment/readings/add/").status_code == 403
    assert (
        client.patch(
            f"/api/environment/notices/{notice.pk}/", {"content": "x"}, content_type="application/json"
        ).status_code
        == 405
    )


def test_reading_page_opens_exceedance_and_rejects_wrong_pollutant(world, point, client):
    point, limit = point
    other = create_object(
        model=m.MonitoringPoint,
        data={"park": world.alpha, "kind": "noise", "name": "东厂界", "location": "东门"},
        by=world.admin,
    )
    noise = create_object(
        model=m.PollutantLimit,
        data={
            "point": other,
            "pollutant": "昼间等效声级",
            "unit": "dB(A)",
            "limit": Decimal("65"),
            "standard": "GB 12348-2008 3 类",
        },
        by=world.admin,
    )
    client.force_login(world.admin)
    stamp = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/environment/readings/add/",
        {"point": point.pk, "limit": noise.pk, "measured_at": stamp, "value": "70", "source": "manual"},
    )
    assert "所选污染物不属于该监测点" in response.content.decode()
    assert not m.Reading.objects.exists()
    client.post(
        "/environment/readings/add/",
        {"point": other.pk, "limit": noise.pk, "measured_at": stamp, "value": "70", "source": "manual"},
    )
    exceedance = m.Exceedance.objects.get()
    # A park boundary point has no enterprise: no notice, the environment staff handle it.
    assert exceedance.enterprise is None and not m.PollutionNotice.objects.exists()
