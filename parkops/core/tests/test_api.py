"""The API: a valid OpenAPI document, API keys scoped to parks, CRUD with filters, clear
errors and nothing written on a failed request."""

import datetime as dt

import pytest
import yaml
from django.utils import timezone
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from parkops.accounts.models import ApiKey
from parkops.accounts.services import issue_api_key, revoke_api_key
from parkops.audit.models import AuditEntry
from parkops.core import models as core


def key_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def make_key(world, *, can_write=False, days=30):
    return issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="楼宇系统",
        park_ids=[world.alpha.pk],
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def test_schema_is_valid_openapi_3(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    validate(document)
    assert "/api/buildings/" in document["paths"]
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["in"] == "header"


def test_swagger_ui_is_served_without_external_urls(world):
    client = APIClient()
    client.force_login(world.admin)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_park_scoped_key_lists_only_its_parks_buildings(world):
    key, raw = make_key(world)
    assert ApiKey.objects.get(pk=key.pk).hashed_key != raw  # stored hashed
    response = key_client(raw).get("/api/buildings/")
    assert response.status_code == 200
    codes = [b["code"] for b in response.json()["results"]]
    assert codes == ["A"]
    beta_building = core.Building.objects.get(park=world.beta)
    assert key_client(raw).get(f"/api/buildings/{beta_building.pk}/").status_code == 404
    assert key_client(raw).get(f"/api/buildings/?park={world.beta.pk}").status_code == 400


def test_read_only_key_cannot_write(world):
    _, raw = make_key(world)
    response = key_client(raw).post(
        "/api/buildings/",
        {"park": world.alpha.pk, "code": "Z", "name": "Z栋", "gross_area": "100"},
        format="json",
    )
    assert response.status_code == 403
    assert not core.Building.objects.filter(code="Z").exists()


def test_read_write_key_writes_in_its_park_only(world):
    _, raw = make_key(world, can_write=True)
    client = key_client(raw)
    response = client.post(
        "/api/buildings/",
        {"park": world.alpha.pk, "code": "Z", "name": "Z栋", "gross_area": "100"},
        format="json",
    )
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.filter(object_type="core.building", object_id=str(response.json()["id"])).get()
    assert entry.actor_name == "api_alpha"
    response = client.post(
        "/api/buildings/",
        {"park": world.beta.pk, "code": "Y", "name": "Y栋", "gross_area": "100"},
        format="json",
    )
    assert response.status_code == 400
    assert "park" in response.json()


def test_expired_and_revoked_keys_are_refused(world):
    key, raw = make_key(world)
    ApiKey.objects.filter(pk=key.pk).update(expiry_date=timezone.now() - dt.timedelta(minutes=1))
    assert key_client(raw).get("/api/buildings/").status_code in (401, 403)
    key2, raw2 = make_key(world)
    revoke_api_key(by=world.admin, key=key2)
    assert key_client(raw2).get("/api/buildings/").status_code in (401, 403)
    assert key_client("not-a-key.at-all").get("/api/buildings/").status_code in (401, 403)


def test_key_cannot_be_issued_for_another_operators_park(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        issue_api_key(
            by=world.admin,
            owner=world.api_user,
            name="x",
            park_ids=[world.beta.pk],
            can_write=False,
            expires_at=None,
        )


@pytest.mark.parametrize(
    "endpoint,label,payload",
    [
        ("/api/parks/", "core.park", None),
        ("/api/buildings/", "core.building", {"code": "N", "name": "N栋", "gross_area": "300.5"}),
        ("/api/floors/", "core.floor", None),
        ("/api/units/", "core.unit", None),
        ("/api/departments/", "core.department", {"kind": "safety", "name": "安全部"}),
        ("/api/positions/", "core.position", None),
        ("/api/staff/", "core.staff", None),
    ],
)
def test_crud_endpoints_list_and_filter(world, endpoint, label, payload):
    client = APIClient()
    client.force_authenticate(world.admin)
    response = client.get(endpoint)
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    if payload is not None:
        payload = {**payload, "park": world.alpha.pk}
        created = client.post(endpoint, payload, format="json")
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        patched = client.patch(f"{endpoint}{pk}/", {"name": payload["name"] + "（改）"}, format="json")
        assert patched.status_code == 200
        assert patched.json()["name"].endswith("（改）")
        assert client.delete(f"{endpoint}{pk}/").status_code == 204
        actions = list(
            AuditEntry.objects.filter(object_id=str(pk), object_type=label)
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["create", "update", "delete"]


def test_unit_filters(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    vacant = client.get("/api/units/?state=vacant").json()["results"]
    assert [u["code"] for u in vacant] == ["A-103"]
    by_enterprise = client.get(f"/api/units/?enterprise={world.ent_a.pk}").json()["results"]
    assert [u["code"] for u in by_enterprise] == ["A-101"]


def test_bad_input_names_the_field_and_writes_nothing(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    floor = core.Floor.objects.get(building__code="A")
    before = AuditEntry.objects.count()
    response = client.post(
        "/api/units/", {"floor": floor.pk, "code": "A-900", "area": "-5", "state": "leased"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "area" in body
    assert not core.Unit.objects.filter(code="A-900").exists()
    response = client.post(
        "/api/units/", {"floor": floor.pk, "code": "A-900", "area": "50", "state": "leased"}, format="json"
    )
    assert response.status_code == 400
    assert "enterprise" in response.json()
    assert "必须" in response.json()["enterprise"][0]
    assert AuditEntry.objects.count() == before


def test_staff_phone_is_masked_in_the_api(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    staff = client.get("/api/staff/").json()["results"][0]
    assert staff["phone"] == "139****5678"
