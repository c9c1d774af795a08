"""6.1.2: every closed service rated by the enterprise served, summarised per service; 6.1.6:
the property services' standard and the park's self-inspection checklist."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parkops.audit.models import AuditEntry
from parkops.core import clock
from parkops.core import models as core
from parkops.core.services import create_object
from parkops.service import property_services, ratings, services
from parkops.service.models import PropertyInspection, ServiceRating
from parkops.spaces.models import Booking, FunctionSpace


def _closed_ticket(world, kind="complaint"):
    ticket = services.submit_ticket(
        by=world.tenant_a,
        park=None,
        enterprise=None,
        kind=kind,
        subject="空调不制冷",
        content="A 栋 12 层下午温度过高",
    )
    services.accept_ticket(ticket=ticket, by=world.kefu)
    services.reply_ticket(ticket=ticket, by=world.kefu, reply="已调整冷机")
    services.confirm_ticket(ticket=ticket, by=world.tenant_a)
    ticket.refresh_from_db()
    return ticket


def _past_booking(world, *, hours_ago=3, name="一号会议室"):
    floor = core.Floor.objects.get(building__park=world.alpha, number=1)
    space = create_object(
        model=FunctionSpace,
        data={
            "park": world.alpha,
            "floor": floor,
            "kind": "meeting_room",
            "name": name,
            "capacity": 10,
        },
        by=world.admin,
    )
    end = clock.now() - dt.timedelta(hours=hours_ago)
    return create_object(
        model=Booking,
        data={
            "space": space,
            "booked_by": world.tenant_a,
            "enterprise": world.ent_a,
            "starts_at": end - dt.timedelta(hours=2),
            "ends_at": end,
            "purpose": "客户洽谈",
        },
        by=world.admin,
    )


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setattr("parkops.service.services.notify", lambda **kw: None)


def test_a_closed_ticket_is_rated_once_by_its_enterprise(svc):
    ticket = services.submit_ticket(
        by=svc.tenant_a, park=None, enterprise=None, kind="complaint", subject="噪声", content="夜间施工"
    )
    with pytest.raises(ValidationError) as err:
        services.rate_service(by=svc.tenant_a, ticket=ticket, rating=5)
    assert "ticket" in err.value.error_dict  # not closed yet
    ticket = _closed_ticket(svc)
    with pytest.raises(PermissionDenied):
        services.rate_service(by=svc.tenant_b, ticket=ticket, rating=1)
    rating = services.rate_service(by=svc.tenant_a, ticket=ticket, rating=2, comment="处理太慢")
    assert (rating.enterprise, rating.park, rating.rating) == (svc.ent_a, svc.alpha, 2)
    assert AuditEntry.objects.filter(object_type="service.servicerating", object_id=str(rating.pk)).exists()
    with pytest.raises(ValidationError):
        services.rate_service(by=svc.tenant_a, ticket=ticket, rating=5)
    assert ServiceRating.objects.count() == 1


def test_a_booking_is_rated_only_after_it_took_place(svc):
    future = _past_booking(svc, hours_ago=-5)  # ends five hours from now
    with pytest.raises(ValidationError) as err:
        services.rate_service(by=svc.tenant_a, booking=future, rating=4)
    assert "booking" in err.value.error_dict
    past = _past_booking(svc, name="二号会议室")
    assert services.rate_service(by=svc.tenant_a, booking=past, rating=4).booking == past


def test_summary_per_service_with_low_ratings_to_follow_up(svc):
    low_ticket = _closed_ticket(svc)
    services.rate_service(by=svc.tenant_a, ticket=low_ticket, rating=1, comment="没解决根本问题")
    good_ticket = _closed_ticket(svc)
    services.rate_service(by=svc.tenant_a, ticket=good_ticket, rating=4)
    _closed_ticket(svc, kind="enquiry")  # closed, not rated
    booking = _past_booking(svc)
    services.rate_service(by=svc.tenant_a, booking=booking, rating=5)

    result = ratings.summary(svc.admin, svc.alpha)
    lines = {(line.group, line.service): line for line in result.lines}
    complaints = lines[("咨询投诉", "投诉")]
    assert (complaints.closed, complaints.rated, complaints.average, complaints.low) == (
        2,
        2,
        Decimal("2.5"),
        1,
    )
    enquiries = lines[("咨询投诉", "咨询")]
    assert (enquiries.closed, enquiries.rated, enquiries.average, enquiries.rate) == (
        1,
        0,
        None,
        Decimal("0.0"),
    )
    rooms = lines[("空间预约", "会议室")]
    assert (rooms.closed, rooms.rated, rooms.average) == (1, 1, Decimal("5.0"))
    assert [(low.rating, low.comment, low.url) for low in result.low] == [
        (1, "没解决根本问题", low_ticket.get_absolute_url())
    ]
    # BETA's staff see none of ALPHA's services.
    assert ratings.summary(svc.tenant_c, None).lines == []


def test_rating_pages(svc, client):
    ticket = _closed_ticket(svc)
    client.force_login(svc.tenant_a)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert reverse("service:servicerating_add") + f"?ticket={ticket.pk}" in page
    response = client.post(
        reverse("service:servicerating_add"), {"target": f"ticket:{ticket.pk}", "rating": "3", "comment": ""}
    )
    assert response.status_code == 302
    assert ServiceRating.objects.get().rating == 3
    assert client.get(reverse("service:servicerating_list")).status_code == 200
    assert client.get(reverse("service:rating_summary")).status_code == 403
    client.force_login(svc.kefu)
    page = client.get(reverse("service:rating_summary"))
    row = page.content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert page.status_code == 200 and "咨询投诉" in row and "投诉" in row and "3.0" in row


def _results(**failing):
    return {
        item.code: (item.code not in failing, failing.get(item.code, "")) for item in property_services.ITEMS
    }


def test_property_self_inspection_checklist(svc):
    today = clock.localdate()
    with pytest.raises(ValidationError) as err:
        services.record_property_inspection(
            by=svc.kefu,
            park=svc.alpha,
            inspected_on=today,
            provider="contracted",
            provider_name="深圳某物业公司",
            inspector="陈客服",
            results=_results(S3=" "),
        )
    assert "note_S3" in err.value.error_dict  # a failing item says why
    assert not PropertyInspection.objects.exists()  # and nothing is half-written
    run = services.record_property_inspection(
        by=svc.kefu,
        park=svc.alpha,
        inspected_on=today,
        provider="contracted",
        provider_name="深圳某物业公司",
        inspector="陈客服",
        results=_results(S3="本季度消杀漏做一次"),
    )
    assert run.items.count() == len(property_services.ITEMS)
    assert list(run.items.filter(conforming=False).values_list("code", "note")) == [
        ("S3", "本季度消杀漏做一次")
    ]
    with pytest.raises(ValidationError) as err:
        services.record_property_inspection(
            by=svc.kefu,
            park=svc.alpha,
            inspected_on=today,
            provider="contracted",
            inspector="陈客服",
            results=_results(),
        )
    assert "provider_name" in err.value.error_dict


def test_property_pages(svc, client):
    client.force_login(svc.kefu)
    page = client.get(reverse("service:property_services")).content.decode()
    assert "DB4403/T 303" in page and "物业服务人" in page
    data = {
        "park": svc.alpha.pk,
        "inspected_on": clock.localdate().isoformat(),
        "provider": "self",
        "inspector": "陈客服",
    }
    for item in property_services.ITEMS:
        data[f"item_{item.code}"] = "on"
    data.pop("item_G1")
    response = client.post(reverse("service:propertyinspection_add"), data)
    assert response.status_code == 200 and "不符合时须说明情况" in response.content.decode()
    data["note_G1"] = "草坪虫害未及时处理"
    response = client.post(reverse("service:propertyinspection_add"), data)
    run = PropertyInspection.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    detail = client.get(run.get_absolute_url()).content.decode()
    assert "草坪虫害未及时处理" in detail and "1 项不符合" in detail
    client.force_login(svc.tenant_a)
    assert client.get(reverse("service:property_services")).status_code == 403
    assert client.get(reverse("service:propertyinspection_add")).status_code == 403
