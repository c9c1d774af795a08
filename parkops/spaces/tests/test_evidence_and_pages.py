"""Evidence for rows 9–11, floor plans with marks, and the pages every role opens."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from parkops.assessment.registry import Status, sources_for
from parkops.core import models as core
from parkops.core.services import create_object
from parkops.spaces import evidence
from parkops.spaces.models import Equipment, FloorPlan, FloorPlanMark, FunctionSpace
from parkops.spaces.tests.helpers import at, make_room


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


def today():
    return timezone.localdate()


def test_sources_are_registered_for_rows_9_10_11():
    assert [s.key for s in sources_for(9)] == ["spaces.list_and_plans"]
    assert [s.key for s in sources_for(10)] == ["spaces.equipment_lists"]
    row11 = {s.key: (s.kind, s.share, s.document_kind) for s in sources_for(11)}
    assert row11 == {
        "spaces.management_policy": ("document", Decimal("0.5"), "space_management_policy"),
        "spaces.facilities_introduction": ("auto", Decimal("0.5"), None),
    }


def test_no_spaces_means_unmet(world):
    for check in (evidence.spaces_and_plans, evidence.equipment_lists, evidence.facilities_introduction):
        assert check(world.alpha, today()).status == Status.UNMET


def test_row_9_list_and_plan_coverage(world):
    room = make_room(world)
    finding = evidence.spaces_and_plans(world.alpha, today())
    assert finding.status == Status.PARTIAL and finding.fraction == Decimal("0.5")
    assert "A栋 1F 有功能空间，但没有带标注的平面分布图" in finding.missing
    plan = create_object(model=FloorPlan, data={"floor": room.floor, "image": png()}, by=world.admin)
    assert evidence.spaces_and_plans(world.alpha, today()).fraction == Decimal("0.5")  # no marks yet
    create_object(
        model=FloorPlanMark,
        data={"plan": plan, "space": room, "x": Decimal("20"), "y": Decimal("30")},
        by=world.admin,
    )
    assert evidence.spaces_and_plans(world.alpha, today()).status == Status.MET
    floor2 = create_object(
        model=core.Floor, data={"building": room.floor.building, "number": 2, "area": 900}, by=world.admin
    )
    create_object(
        model=FunctionSpace,
        data={"park": world.alpha, "floor": floor2, "kind": "gym", "name": "健身房"},
        by=world.admin,
    )
    assert evidence.spaces_and_plans(world.alpha, today()).fraction == Decimal("0.75")
    # BETA is untouched by ALPHA's spaces
    assert evidence.spaces_and_plans(world.beta, today()).status == Status.UNMET


def test_row_10_fraction_of_spaces_with_equipment(world):
    room = make_room(world)
    make_room(world, name="二号会议室")
    create_object(
        model=Equipment,
        data={"space": room, "name": "投影仪", "category": "av", "quantity": 1},
        by=world.admin,
    )
    finding = evidence.equipment_lists(world.alpha, today())
    assert finding.status == Status.PARTIAL and finding.fraction == Decimal("0.5")
    assert finding.missing == ["二号会议室 没有设备设施清单"]
    # as of before the equipment existed the list did not count
    assert evidence.equipment_lists(world.alpha, today() - dt.timedelta(days=1)).status == Status.UNMET


def test_row_11_introduction_and_booking_rules(world):
    make_room(world)
    assert evidence.facilities_introduction(world.alpha, today()).status == Status.MET
    create_object(
        model=FunctionSpace, data={"park": world.alpha, "kind": "canteen", "name": "员工食堂"}, by=world.admin
    )  # bookable, no rule, no description
    finding = evidence.facilities_introduction(world.alpha, today())
    assert finding.status == Status.PARTIAL and finding.fraction == Decimal("0.5")
    assert "员工食堂 可预约但未设置预约规则" in finding.missing


def test_plan_mark_must_be_on_its_floor(world):
    room = make_room(world)
    plan = create_object(model=FloorPlan, data={"floor": room.floor, "image": png()}, by=world.admin)
    beta_unit = core.Unit.objects.get(code="B-101")
    with pytest.raises(ValidationError):
        create_object(
            model=FloorPlanMark, data={"plan": plan, "unit": beta_unit, "x": 1, "y": 1}, by=world.platform
        )
    with pytest.raises(ValidationError):
        create_object(model=FloorPlanMark, data={"plan": plan, "x": 1, "y": 1}, by=world.admin)
    with pytest.raises(ValidationError):
        create_object(
            model=FloorPlanMark, data={"plan": plan, "space": room, "x": 120, "y": 1}, by=world.admin
        )


def test_pages_open_for_staff_tenant_and_assessor(client, world):
    room = make_room(world)
    plan = create_object(model=FloorPlan, data={"floor": room.floor, "image": png()}, by=world.admin)
    create_object(
        model=FloorPlanMark,
        data={"plan": plan, "unit": core.Unit.objects.get(code="A-101"), "x": 10, "y": 10},
        by=world.admin,
    )
    create_object(
        model=Equipment, data={"space": room, "name": "视频会议终端", "category": "av"}, by=world.admin
    )
    from parkops.spaces import services

    booking = services.book(
        space=room, by=world.tenant_a, starts_at=at(2, 10), ends_at=at(2, 11), purpose="例会"
    )
    pages = [
        "/spaces/",
        f"/spaces/rooms/{room.pk}/",
        f"/spaces/rooms/{room.pk}/calendar/",
        f"/spaces/plans/{plan.pk}/",
        "/spaces/bookings/",
        f"/spaces/bookings/{booking.pk}/",
    ]
    for user in (world.admin, world.tenant_a, world.assessor):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
    client.force_login(world.admin)
    for url in (
        "/spaces/usage/",
        "/spaces/rooms/",
        "/spaces/equipment/",
        "/spaces/rules/",
        "/spaces/plans/",
        "/spaces/marks/",
        "/spaces/rooms/add/",
    ):
        assert client.get(url).status_code == 200, url
    assert "视频会议终端" in client.get(f"/spaces/rooms/{room.pk}/").content.decode()
    client.force_login(world.tenant_a)
    assert client.get("/spaces/usage/").status_code == 403
    assert client.get("/spaces/rooms/add/").status_code == 403
    client.force_login(world.tenant_c)  # another park's tenant
    assert client.get(f"/spaces/rooms/{room.pk}/").status_code == 404
    assert client.get(f"/spaces/bookings/{booking.pk}/").status_code == 404


def test_cancel_and_decide_pages(client, world):
    room = make_room(world, needs_approval=True)
    from parkops.spaces import services
    from parkops.spaces.models import Booking

    booking = services.book(
        space=room, by=world.tenant_a, starts_at=at(2, 10), ends_at=at(2, 11), purpose="例会"
    )
    client.force_login(world.admin)
    page = client.get(f"/spaces/bookings/{booking.pk}/").content.decode()
    assert "批准" in page and "甲企业" in page
    client.post(f"/spaces/bookings/{booking.pk}/decide/", {"decision": "approve", "note": "好"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    client.force_login(world.tenant_a)
    client.post(f"/spaces/bookings/{booking.pk}/cancel/", {"reason": "改期"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_api_scopes_spaces_and_bookings(client, world):
    room = make_room(world)
    create_object(
        model=Equipment, data={"space": room, "name": "白板", "category": "furniture"}, by=world.admin
    )
    client.force_login(world.tenant_a)
    assert [s["name"] for s in client.get("/api/spaces/function-spaces/").json()["results"]] == ["一号会议室"]
    assert client.get("/api/spaces/equipment/").json()["count"] == 1
    created = client.post(
        "/api/spaces/function-spaces/",
        {"park": world.alpha.pk, "kind": "gym", "name": "X"},
        content_type="application/json",
    )
    assert created.status_code == 403
    client.force_login(world.tenant_c)  # BETA sees none of ALPHA's spaces
    assert client.get("/api/spaces/function-spaces/").json()["count"] == 0
    client.force_login(world.assessor)
    refused = client.post(
        "/api/spaces/bookings/",
        {
            "space": room.pk,
            "starts_at": at(3, 10).isoformat(),
            "ends_at": at(3, 11).isoformat(),
            "purpose": "x",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_staff_books_on_behalf_of_an_enterprise(world):
    from parkops.spaces import services

    room = make_room(world, who="tenants")
    booking = services.book(
        space=room,
        by=world.admin,
        starts_at=at(3, 10),
        ends_at=at(3, 11),
        purpose="电话预约",
        for_enterprise=world.ent_b,
    )
    assert booking.enterprise == world.ent_b and booking.booked_by == world.admin
    from parkops.spaces.models import Booking

    assert list(Booking.objects.restrict(world.tenant_b)) == [booking]
    with pytest.raises(Exception) as exc:
        services.book(
            space=room,
            by=world.staff_invest,
            starts_at=at(3, 12),
            ends_at=at(3, 13),
            purpose="x",
            for_enterprise=world.ent_b,
        )
    assert "代企业预约" in str(exc.value)
    with pytest.raises(ValidationError):
        services.book(
            space=room,
            by=world.admin,
            starts_at=at(3, 12),
            ends_at=at(3, 13),
            purpose="x",
            for_enterprise=world.ent_c,
        )
