"""Open data: clients see only their datasets, a burst is limited per client (429 with
Retry-After) without slowing another, every access is logged, and row 54 counts the
catalogue, the protection document and the access cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from parkops.core.services import create_object
from parkops.datagov import models as m
from parkops.datagov import services

AT = dt.datetime(2026, 12, 2, 10, 0, 15, tzinfo=dt.UTC)


@pytest.fixture
def open_world(world, clock_at):
    clock_at(AT)
    cache.clear()
    profile = create_object(
        model=m.OpenDataset, data={"park": world.alpha, "code": "park_profile"}, by=world.admin
    )
    units = create_object(
        model=m.OpenDataset, data={"park": world.alpha, "code": "vacant_units"}, by=world.admin
    )
    clients = {}
    for name, rate, datasets in (("甲平台", 3, [profile]), ("乙平台", 3, [profile, units])):
        client = create_object(
            model=m.ExternalClient,
            data={
                "park": world.alpha,
                "organisation": name,
                "system": name + "系统",
                "purpose": "展示园区概况",
                "contact_name": "联系人",
                "registered_on": AT.date() - dt.timedelta(days=3),
                "rate_per_minute": rate,
            },
            by=world.admin,
        )
        client.datasets.set(datasets)
        _key, raw = services.issue_open_key(client=client, by=world.admin, name="k")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Open-Key {raw}")
        clients[name] = (client, api)
    return world, clients


def test_clients_read_only_their_datasets(open_world):
    world, clients = open_world
    client, a = clients["甲平台"]
    m.ExternalClient.objects.filter(pk=client.pk).update(rate_per_minute=100)
    catalogue = a.get("/api/open/").json()
    assert [d["code"] for d in catalogue] == ["park_profile"]
    assert catalogue[0]["level"] == "general" and "Open-Key" in catalogue[0]["example"]
    rows = a.get("/api/open/park_profile/").json()
    assert rows["count"] == 1 and rows["results"][0]["code"] == "ALPHA"
    assert a.get("/api/open/vacant_units/").status_code == 404
    assert a.get("/api/open/park_profile/", {"x": 1}).status_code == 400
    assert a.post("/api/open/park_profile/").status_code in (403, 405)
    # An open-data key opens nothing else of the API.
    assert a.get("/api/buildings/").status_code in (401, 403)
    assert APIClient().get("/api/open/").status_code in (401, 403)


def test_a_burst_is_limited_per_client_without_slowing_another(open_world):
    world, clients = open_world
    client_a, a = clients["甲平台"]
    _client_b, b = clients["乙平台"]
    statuses = [a.get("/api/open/park_profile/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    limited = a.get("/api/open/park_profile/")
    # The window ends at the next full minute (the clock started at 10:00:15).
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 45
    assert [b.get("/api/open/park_profile/").status_code for _ in range(3)] == [200, 200, 200]
    assert m.AccessLog.objects.filter(client=client_a, status=429).count() == 3
    assert m.AccessLog.objects.filter(client=client_a, status=200).count() == 3


def test_row_54_counts_catalogue_document_and_access_cases(open_world):
    from parkops.datagov import evidence

    world, clients = open_world
    as_of = AT.date()
    assert evidence.api_docs(world.alpha, as_of).status == "met"
    assert evidence.access_cases(world.alpha, as_of).status == "unmet"
    assert evidence.api_docs(world.beta, as_of).status == "unmet"
    _client, a = clients["甲平台"]
    a.get("/api/open/park_profile/")
    finding = evidence.access_cases(world.alpha, as_of)
    assert finding.status == "met" and [e.label.split("（")[0] for e in finding.evidence] == ["甲平台"]


def test_protection_document_and_inventory_are_generated(open_world, client):
    world, _clients = open_world
    client.force_login(world.admin)
    doc = client.get("/datagov/protection.docx")
    assert doc.status_code == 200 and doc.content.startswith(b"PK")
    inventory = client.get("/datagov/inventory/")
    assert inventory.status_code == 200 and "core.Staff" in inventory.content.decode()
    xlsx = client.get("/datagov/inventory/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    client.force_login(world.tenant_a)
    assert client.get("/datagov/inventory/").status_code == 403


def test_demo_part_scores_row_54_short_of_the_document(world, clock_at):
    import random

    from parkops.assessment.engine import assess
    from parkops.core.demo.context import DemoContext
    from parkops.datagov import demo

    clock_at(AT)
    ctx = DemoContext(
        password="x", today=AT.date(), rng=random.Random(1), park=world.alpha, admin=world.admin
    )
    assert not demo.exists(ctx)
    demo.build(ctx)
    assert demo.exists(ctx)
    from decimal import Decimal

    from parkops.datagov import evidence

    assert evidence.api_docs(world.alpha, AT.date()).status == "met"
    assert evidence.access_cases(world.alpha, AT.date()).status == "met"
    result = assess(world.alpha, AT.date()).as_json()
    row = next(r for r in result["indicators"] if r["row"] == 54)
    # Two thirds of 2 points: the catalogue and the access case; the document is missing.
    assert Decimal("1.3") < Decimal(row["score"]) < Decimal("1.4"), row
