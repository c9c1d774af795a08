"""A tenant reads the floor plans of its park without learning which other enterprise sits
where: the marks list, its Excel export, the API and the plan page show only the tenant's own
units and the function spaces; other units appear on the plan as 已租/空置 without a code."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from PIL import Image
from rest_framework.test import APIClient

from parkops.core import models as core
from parkops.core.services import create_object
from parkops.spaces.models import FloorPlan, FloorPlanMark
from parkops.spaces.tests.helpers import make_room


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def plan(world):
    room = make_room(world, name="共享会议室")
    plan = create_object(model=FloorPlan, data={"floor": room.floor, "image": png()}, by=world.admin)
    create_object(model=FloorPlanMark, data={"plan": plan, "space": room, "x": 50, "y": 50}, by=world.admin)
    for i, code in enumerate(("A-101", "A-102", "A-103")):
        unit = core.Unit.objects.get(code=code)
        create_object(
            model=FloorPlanMark,
            data={"plan": plan, "unit": unit, "x": Decimal(10 + 20 * i), "y": Decimal("20")},
            by=world.admin,
        )
    return plan


def client_for(world, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def test_tenant_marks_list_and_export_show_only_own_units(world, plan):
    client = client_for(world, "tenant_a")  # 甲企业 holds A-101; 乙企业 A-102; A-103 is vacant
    page = client.get("/spaces/marks/").content.decode()
    assert "A-101" in page and "共享会议室" in page
    assert "A-102" not in page and "A-103" not in page
    export = client.get("/spaces/marks/?export=xlsx")
    assert export.status_code == 200
    cells = {
        str(value)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for value in row
    }
    assert any("A-101" in c for c in cells)
    assert not any("A-102" in c or "A-103" in c for c in cells)
    other = FloorPlanMark.objects.get(unit__code="A-102")
    assert client.get(f"/spaces/marks/{other.pk}/").status_code == 404


def test_staff_still_see_every_mark(world, plan):
    page = client_for(world, "staff_admin").get("/spaces/marks/").content.decode()
    assert all(code in page for code in ("A-101", "A-102", "A-103"))


def test_tenant_api_lists_no_other_enterprises_unit(world, plan):
    client = APIClient()
    client.force_authenticate(world.tenant_a)
    rows = client.get("/api/spaces/floor-plan-marks/").json()["results"]
    own = core.Unit.objects.get(code="A-101").pk
    assert {r["unit"]["id"] for r in rows if r["unit"]} == {own}
    assert len(rows) == 2  # its unit and the shared room


def test_tenant_floor_plan_shows_others_as_let_or_vacant_without_codes(world, plan):
    page = client_for(world, "tenant_b").get(f"/spaces/plans/{plan.pk}/").content.decode()
    assert "A-102" in page and "共享会议室" in page
    assert "A-101" not in page and "A-103" not in page
    assert "已租" in page and "空置" in page  # A-101 let to 甲企业, A-103 vacant
    staff = client_for(world, "staff_admin").get(f"/spaces/plans/{plan.pk}/").content.decode()
    assert all(code in staff for code in ("A-101", "A-102", "A-103"))
