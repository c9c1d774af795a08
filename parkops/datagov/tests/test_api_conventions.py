"""The API's conventions and the defects an integrator met (issue #11): read-only keys change
nothing on any route, ids are digits, unknown paths and filters answer JSON errors, errors are
documented, pagination, versions, ETags and 409."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.utils import timezone
from rest_framework.test import APIClient

from parkops.accounts.services import issue_api_key
from parkops.audit.models import AuditEntry
from parkops.core import models as core
from parkops.datagov.tests.api_routes import UNSAFE, routes

pytestmark = pytest.mark.django_db


def key_client(world, *, can_write=False) -> APIClient:
    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="集成测试",
        park_ids=[world.alpha.pk],
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def admin_client(world) -> APIClient:
    client = APIClient()
    client.force_login(world.admin)
    return client


def test_every_state_changing_route_refuses_a_read_only_key(world):
    client = key_client(world)
    unsafe = [(path, method) for path, method, _cls, _action in routes() if method in UNSAFE]
    assert len(unsafe) > 50  # the enumeration really found the routes
    assert ("/api/notifications/read-all/", "post") in unsafe
    before = AuditEntry.objects.count()
    for path, method in unsafe:
        response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 403, (method, path, response.status_code)
        assert response.json()["detail"], path
    assert AuditEntry.objects.count() == before


def test_read_all_is_refused_to_a_read_only_key_but_not_to_its_owner(world):
    from parkops.notifications.models import Notification

    Notification.objects.create(recipient=world.api_user, subject="s", body="b", kind="info")
    assert key_client(world).post("/api/notifications/read-all/").status_code == 403
    assert Notification.objects.filter(recipient=world.api_user, read_at__isnull=True).count() == 1
    response = key_client(world, can_write=True).post("/api/notifications/read-all/")
    assert response.status_code == 200 and response.json() == {"marked": 1}


def test_an_id_that_is_not_plain_digits_is_404_and_deletes_nothing(world):
    client = APIClient()
    client.force_login(world.platform)
    building = core.Building.objects.get(park=world.alpha)
    for suffix in (f"{building.pk}%20", f"%20{building.pk}", f"+{building.pk}", "%D9%A2"):
        response = client.delete(f"/api/buildings/{suffix}/")
        assert response.status_code == 404, suffix
        assert response["Content-Type"].startswith("application/json")
    assert core.Building.objects.filter(pk=building.pk).exists()
    client = key_client(world, can_write=True)
    detail = sorted({path for path, _m, _c, _a in routes() if "/1/" in path})
    assert len(detail) > 50
    for path in detail:
        for bad in ("1%20", "%201", "+1", "1_0", "%D9%A1"):
            response = client.get(path.replace("/1/", f"/{bad}/", 1))
            assert response.status_code == 404, (path, bad)


def test_unknown_api_path_answers_json_404_in_the_request_language(world):
    client = admin_client(world)
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到。"
    english = APIClient().get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404 and english.json()["detail"] == "Not found."
    missing = key_client(world).get("/api/buildings/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.json() == {"detail": "No Building matches the given query."} or missing.json() == {
        "detail": "Not found."
    }
    assert missing["API-Version"] == "1"


def test_unknown_filters_and_bad_values_answer_400_with_the_reason(world):
    client = admin_client(world)
    response = client.get("/api/buildings/", {"parc": world.alpha.pk})
    assert response.status_code == 400 and "parc" in response.json()
    assert client.get("/api/buildings/", {"park": "abc"}).status_code == 400
    assert client.get("/api/buildings/", {"limit": "-1"}).status_code == 400
    assert client.get("/api/buildings/", {"limit": "x"}).status_code == 400
    ok = client.get("/api/buildings/", {"park": world.alpha.pk, "limit": 1, "offset": 0})
    assert ok.status_code == 200 and set(ok.json()) == {"count", "next", "previous", "results"}


def test_limit_is_capped(world, settings):
    settings.PARKOPS_API_MAX_PAGE_SIZE = 1
    client = APIClient()
    client.force_login(world.platform)
    data = client.get("/api/buildings/", {"limit": 500}).json()
    assert data["count"] >= 2 and len(data["results"]) == 1


def test_stale_if_match_answers_412_and_changes_nothing(world):
    client = admin_client(world)
    building = core.Building.objects.get(park=world.alpha)
    first = client.get(f"/api/buildings/{building.pk}/")
    etag = first["ETag"]
    changed = client.patch(
        f"/api/buildings/{building.pk}/", {"name": "甲栋"}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = client.patch(
        f"/api/buildings/{building.pk}/", {"name": "乙栋"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    building.refresh_from_db()
    assert building.name == "甲栋"
    assert client.delete(f"/api/buildings/{building.pk}/", HTTP_IF_MATCH=etag).status_code == 412


def test_protected_delete_answers_409(world):
    client = APIClient()
    client.force_login(world.platform)
    response = client.delete(f"/api/parks/{world.beta.pk}/")
    assert response.status_code == 409, response.content
    assert core.Park.objects.filter(pk=world.beta.pk).exists()


def test_enterprises_and_industries_are_in_the_api_tenants_see_their_own(world):
    tenant = APIClient()
    tenant.force_login(world.tenant_a)
    rows = tenant.get("/api/enterprises/").json()["results"]
    assert [r["id"] for r in rows] == [world.ent_a.pk]
    assert rows[0]["display"] == world.ent_a.name
    assert tenant.get(f"/api/enterprises/{world.ent_b.pk}/").status_code == 404
    assert tenant.get("/api/industries/").status_code == 200
    staff = admin_client(world)
    assert {r["id"] for r in staff.get("/api/enterprises/").json()["results"]} >= {
        world.ent_a.pk,
        world.ent_b.pk,
    }


def test_bill_line_without_a_standard_has_a_null_standard_name(world):
    from parkops.fees.models import Bill, BillLine

    bill = Bill.objects.create(
        park=world.alpha, enterprise=world.ent_a, number="ZD-T1", period=dt.date(2026, 11, 1)
    )
    BillLine.objects.create(
        bill=bill, kind="rent", description="租金", quantity=1, unit_price=Decimal("10"), amount=Decimal("10")
    )
    client = admin_client(world)
    line = client.get(f"/api/fees/bills/{bill.pk}/").json()["lines"][0]
    assert line["standard_name"] is None


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from parkops.accounts.api_docs import schema_document

    with django_db_blocker.unblock():
        return schema_document()  # the served document, built once per code version


def test_schema_documents_errors_minimums_and_strict_decimals(schema):
    import re

    operation = schema["paths"]["/api/buildings/{id}/"]["delete"]
    assert {"401", "403", "404", "409", "412"} <= set(operation["responses"])
    assert "400" in schema["paths"]["/api/buildings/"]["get"]["responses"]
    limit = next(p for p in schema["paths"]["/api/buildings/"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1
    area = schema["components"]["schemas"]["Building"]["properties"]["gross_area"]
    pattern = re.compile(area["pattern"])
    assert pattern.match("12.5") and not pattern.match("") and not pattern.match("-")
    grade = schema["components"]["schemas"]["Customer"]["properties"]["grade"]
    assert "BlankEnum" in yaml.safe_dump(grade) or "" in yaml.safe_dump(grade)
    read_all = schema["paths"]["/api/notifications/read-all/"]["post"]["responses"]["200"]
    assert "MarkedRead" in yaml.safe_dump(read_all)


def test_times_of_day_and_blank_links_answer_within_their_schema(schema):
    """Found by schemathesis against the demo park (make proof, suite 7): a time of day is
    answered "08:00:00", which broke ``format: time`` (RFC 3339's full-time needs an offset),
    and an opinion without a link answered ``url: ""`` against ``format: uri``."""
    from urllib.parse import urlparse

    from jsonschema import Draft7Validator, FormatChecker
    from rest_framework import serializers

    checker = FormatChecker()
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(urlparse(v).scheme and urlparse(v).netloc))
    checker.checks("time")(lambda v: Draft7Validator.FORMAT_CHECKER.conforms(v, "time"))
    components = schema["components"]["schemas"]
    answered = serializers.TimeField().to_representation(dt.time(8))
    for component, name in (("BookingRule", "opens_at"), ("TariffPeriod", "start"), ("TariffPeriod", "end")):
        Draft7Validator(components[component]["properties"][name], format_checker=checker).validate(answered)
    link = Draft7Validator(components["Opinion"]["properties"]["url"], format_checker=checker)
    link.validate("")
    link.validate("https://news.example.cn/park/1")
    assert not link.is_valid("新闻稿")
