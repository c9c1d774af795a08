"""Related objects nested as ``{id, url, display}`` and still written by id; bulk create,
update and delete on list endpoints, all-or-nothing, each object audited and restricted like a
single write (issue #11, NetBox's API as the model)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIClient

from parkops.accounts.services import issue_api_key
from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.core.api import NestedRelatedField, ProtectedFieldsMixin
from parkops.datagov.tests.api_routes import routes

pytestmark = pytest.mark.django_db


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def audit_count(action: str, object_type: str) -> int:
    return AuditEntry.objects.filter(action=action, object_type=object_type).count()


# --- Nested related objects ------------------------------------------------------------


def test_a_related_object_reads_as_id_url_and_display_and_its_url_answers(world):
    client = signed_in(world.admin)
    floor = core.Floor.objects.get(building__park=world.alpha)
    row = client.get(f"/api/floors/{floor.pk}/").json()
    building = floor.building
    assert row["building"] == {
        "id": building.pk,
        "url": f"http://testserver/api/buildings/{building.pk}/",
        "display": str(building),
    }
    assert client.get(row["building"]["url"]).json()["id"] == building.pk
    unit = client.get("/api/units/", {"floor": floor.pk}).json()["results"][0]
    assert unit["floor"]["display"] == str(floor)
    assert unit["enterprise"] is None or set(unit["enterprise"]) == {"id", "url", "display"}


def test_every_relation_of_every_platform_serializer_is_nested(world):
    """Each ForeignKey, OneToOne and many-to-many a model serializer of the platform shows is
    a ``NestedRelatedField`` (a new serializer inherits it; a plain id would fail here)."""
    request = APIClient()
    request.force_login(world.admin)
    checked = set()
    for _path, method, cls, _action in routes():
        serializer_class = getattr(cls, "serializer_class", None)
        if method != "get" or serializer_class is None or serializer_class in checked:
            continue
        if not issubclass(serializer_class, ProtectedFieldsMixin):
            continue
        checked.add(serializer_class)
        model = serializer_class.Meta.model
        for name, field in serializer_class().fields.items():
            try:
                model_field = model._meta.get_field(field.source)
            except Exception:  # noqa: BLE001 - a method or property, not a relation
                continue
            if not (model_field.is_relation and model_field.concrete):
                continue
            target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            assert isinstance(target, NestedRelatedField), (serializer_class.__name__, name, type(target))
    assert len(checked) > 60


def test_related_objects_are_written_by_id_or_by_the_nested_object(world):
    client = signed_in(world.admin)
    building = core.Building.objects.get(park=world.alpha)
    created = client.post(
        "/api/floors/", {"building": building.pk, "number": 7, "area": "900.00"}, format="json"
    )
    assert created.status_code == 201, created.content
    floor = created.json()
    assert floor["building"]["id"] == building.pk
    # What was read can be sent back: the nested object is accepted by its id.
    floor["area"] = "950.00"
    replaced = client.put(f"/api/floors/{floor['id']}/", floor, format="json")
    assert replaced.status_code == 200, replaced.content
    assert core.Floor.objects.get(pk=floor["id"]).area == Decimal("950.00")
    for bad in ("abc", True, 1.5, {"name": "A栋"}):
        response = client.patch(f"/api/floors/{floor['id']}/", {"building": bad}, format="json")
        assert response.status_code == 400 and "building" in response.json(), bad
    other = core.Building.objects.get(park=world.beta)
    response = client.patch(f"/api/floors/{floor['id']}/", {"building": other.pk}, format="json")
    assert response.status_code == 400 and "building" in response.json()
    assert core.Floor.objects.get(pk=floor["id"]).building_id == building.pk


def test_the_schema_documents_nested_reads_and_id_writes(world):
    from parkops.accounts.api_docs import schema_document

    schema = schema_document()  # the served document, built once per code version
    schemas = schema["components"]["schemas"]
    read = schemas["Floor"]["properties"]["building"]
    assert read["allOf"] == [{"$ref": "#/components/schemas/BriefBuilding"}]
    assert set(schemas["BriefBuilding"]["required"]) == {"id", "url", "display"}
    assert schemas["FloorRequest"]["properties"]["building"]["type"] == "integer"
    units = schemas["Lease"]["properties"]["units"]
    assert units["type"] == "array" and "BriefUnit" in str(units["items"])
    bulk = schema["paths"]["/api/floors/"]
    assert bulk["put"]["operationId"] == "floors_bulk_update"
    assert bulk["put"]["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
    assert bulk["delete"]["operationId"] == "floors_bulk_destroy"
    assert "oneOf" in bulk["post"]["requestBody"]["content"]["application/json"]["schema"]


# --- Bulk writes -------------------------------------------------------------------------


def test_bulk_create_writes_each_object_through_the_service_and_audits_it(world):
    client = signed_in(world.admin)
    building = core.Building.objects.get(park=world.alpha)
    before = audit_count("create", "core.floor")
    response = client.post(
        "/api/floors/",
        [
            {"building": building.pk, "number": 2, "area": "100.00"},
            {"building": building.pk, "number": 3, "area": "110.00"},
        ],
        format="json",
    )
    assert response.status_code == 201, response.content
    rows = response.json()
    assert [r["number"] for r in rows] == [2, 3] and rows[0]["building"]["id"] == building.pk
    assert audit_count("create", "core.floor") == before + 2


def test_bulk_create_is_all_or_nothing_and_names_the_index_and_field(world):
    client = signed_in(world.admin)
    building = core.Building.objects.get(park=world.alpha)
    floors, entries = core.Floor.objects.count(), AuditEntry.objects.count()
    response = client.post(
        "/api/floors/",
        [
            {"building": building.pk, "number": 4, "area": "100.00"},
            {"building": building.pk, "number": 5, "area": "100.00"},
            {"building": building.pk, "number": 4, "area": "120.00"},  # the same floor again
            {"building": building.pk, "number": 6},
        ],
        format="json",
    )
    assert response.status_code == 400, response.content
    errors = response.json()
    assert set(errors) == {"2", "3"}
    assert "area" in errors["3"]
    assert core.Floor.objects.count() == floors
    assert AuditEntry.objects.count() == entries


def test_bulk_create_cannot_write_into_another_park_or_without_the_right(world):
    client = signed_in(world.admin)
    alpha = core.Building.objects.get(park=world.alpha)
    beta = core.Building.objects.get(park=world.beta)
    floors = core.Floor.objects.count()
    response = client.post(
        "/api/floors/",
        [
            {"building": alpha.pk, "number": 8, "area": "100.00"},
            {"building": beta.pk, "number": 8, "area": "100.00"},
        ],
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["1"]
    assert "building" in response.json()["1"]
    tenant = signed_in(world.tenant_a)
    response = tenant.post("/api/floors/", [{"building": alpha.pk, "number": 9, "area": "1"}], format="json")
    assert response.status_code == 403
    assert core.Floor.objects.count() == floors


def test_bulk_update_changes_every_object_or_none(world):
    client = signed_in(world.admin)
    building = core.Building.objects.get(park=world.alpha)
    first = core.Floor.objects.get(building=building)
    second = core.Floor.objects.create(building=building, number=2, area=Decimal("100"))
    before = audit_count("update", "core.floor")
    response = client.patch(
        "/api/floors/",
        [{"id": first.pk, "area": "111.00"}, {"id": second.pk, "area": "222.00"}],
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [r["area"] for r in response.json()] == ["111.00", "222.00"]
    assert audit_count("update", "core.floor") == before + 2
    # An id the user cannot see fails like a missing one, naming its index; nothing changes.
    hidden = core.Floor.objects.get(building__park=world.beta)
    response = client.patch(
        "/api/floors/",
        [{"id": first.pk, "area": "333.00"}, {"id": hidden.pk, "area": "1.00"}, {"area": "1.00"}],
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"1", "2"} and "id" in response.json()["1"]
    # A field error in the second object undoes the first one's change.
    response = client.put(
        "/api/floors/",
        [
            {"id": first.pk, "building": building.pk, "number": 1, "area": "444.00"},
            {"id": second.pk, "building": building.pk, "number": 1, "area": "1.00"},  # floor 1 taken
        ],
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["1"], response.content
    first.refresh_from_db()
    hidden.refresh_from_db()
    assert first.area == Decimal("111.00") and hidden.area != Decimal("1.00")
    assert audit_count("update", "core.floor") == before + 2


def test_bulk_update_is_restricted_like_single_writes(world):
    # Staff of the investment department write enterprises of their park only: another
    # park's enterprise is reported like a missing one, and the park's own is left unchanged.
    staff = signed_in(world.staff_invest)
    response = staff.patch(
        "/api/enterprises/",
        [{"id": world.ent_a.pk, "headcount": 99}, {"id": world.ent_c.pk, "headcount": 99}],
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["1"]
    assert "id" in response.json()["1"]
    assert core.Enterprise.objects.filter(headcount=99).count() == 0
    ok = staff.patch("/api/enterprises/", [{"id": world.ent_a.pk, "headcount": 99}], format="json")
    assert ok.status_code == 200, ok.content
    # A tenant may not change units at all, in bulk or not.
    tenant = signed_in(world.tenant_a)
    unit = core.Unit.objects.filter(enterprise=world.ent_a).first()
    response = tenant.patch("/api/units/", [{"id": unit.pk, "area": "1.00"}], format="json")
    assert response.status_code == 403
    assert core.Unit.objects.get(pk=unit.pk).area != Decimal("1.00")


def test_bulk_delete_is_all_or_nothing_and_a_protected_object_answers_409_naming_it(world):
    client = signed_in(world.admin)
    created = client.post(
        "/api/departments/",
        [
            {"park": world.alpha.pk, "kind": "administration", "name": "批量一"},
            {"park": world.alpha.pk, "kind": "administration", "name": "批量二"},
            {"park": world.alpha.pk, "kind": "administration", "name": "批量三"},
        ],
        format="json",
    )
    assert created.status_code == 201, created.content
    ids = [row["id"] for row in created.json()]
    core.Staff.objects.create(
        park=world.alpha, department_id=ids[1], employee_no="B-1", name="周九", hired_on=dt.date(2025, 1, 1)
    )
    deletes = audit_count("delete", "core.department")
    response = client.delete("/api/departments/", [{"id": ids[0]}, {"id": ids[1]}], format="json")
    assert response.status_code == 409, response.content
    assert "1" in response.json()["detail"]
    assert core.Department.objects.filter(pk__in=ids).count() == 3
    assert audit_count("delete", "core.department") == deletes
    hidden = core.Department.objects.filter(park=world.beta).first()
    if hidden is not None:
        response = client.delete("/api/departments/", [ids[0], hidden.pk], format="json")
        assert response.status_code == 400 and list(response.json()) == ["1"]
    response = client.delete("/api/departments/", [ids[0], {"id": ids[2]}], format="json")
    assert response.status_code == 204, response.content
    assert list(core.Department.objects.filter(pk__in=ids).values_list("pk", flat=True)) == [ids[1]]
    assert audit_count("delete", "core.department") == deletes + 2


def test_bulk_routes_refuse_a_read_only_key_and_bad_bodies(world):
    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="只读",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    key = APIClient()
    key.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    floor = core.Floor.objects.get(building__park=world.alpha)
    for method, body in (
        ("post", [{"building": floor.building_id, "number": 9, "area": "1"}]),
        ("patch", [{"id": floor.pk, "area": "1.00"}]),
        ("put", [{"id": floor.pk, "area": "1.00"}]),
        ("delete", [floor.pk]),
    ):
        response = getattr(key, method)("/api/floors/", body, format="json")
        assert response.status_code == 403, method
        assert response.json()["detail"] == "只读接口密钥不能修改数据", method
    assert core.Floor.objects.filter(pk=floor.pk, area=floor.area).exists()
    client = signed_in(world.admin)
    for body in ([], {"id": floor.pk}, "x"):
        assert client.patch("/api/floors/", body, format="json").status_code == 400, body
    assert client.delete("/api/floors/", [floor.pk, floor.pk], format="json").status_code == 400
    # An id beyond a database integer names no object (it never reaches the database).
    huge = 2**70
    assert client.patch("/api/floors/", [{"id": huge, "area": "1.00"}], format="json").status_code == 400
    assert client.patch(f"/api/floors/{floor.pk}/", {"building": huge}, format="json").status_code == 400
    assert core.Floor.objects.filter(pk=floor.pk).exists()


def test_names_carry_no_value_above_the_readers_level_nor_personal_data(world):
    """``display`` and nested displays follow the classification: a record whose name is 重要
    数据 (a monitored area's) is named by kind and id for a general key; a phone in a name is
    masked."""
    from parkops.safety.models import MonitoredArea, MonitoringArea

    area = MonitoredArea.objects.create(park=world.alpha, area=MonitoringArea.values[0], name="东门机要区")
    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="一般",
        park_ids=[world.alpha.pk],
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    key = APIClient()
    key.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    text = key.get("/api/safety/monitored-areas/").content.decode()
    assert "东门机要区" not in text and f"#{area.pk}" in text
    staff = signed_in(world.admin)
    assert staff.get(f"/api/safety/monitored-areas/{area.pk}/").json()["display"] == str(area)
    assert "东门机要区" in str(area)

    from parkops.datagov.protection import safe_display
    from parkops.datagov.registry import Level
    from parkops.investment.models import Customer

    customer = Customer(park=world.alpha, name="13812345678 王先生", contact_phone="13812345678")
    assert safe_display(customer, Level.CORE) == "138****5678 王先生"
