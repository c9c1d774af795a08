"""The exact HTTP formats: ingest with a read-write key, reads of devices, readings, rollups;
and keys from the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from parkops.accounts.models import ApiKey
from parkops.accounts.services import issue_api_key
from parkops.audit.models import AuditEntry
from parkops.telemetry.models import Quarantine, Reading

from .factories import at, meter

pytestmark = pytest.mark.django_db


def key_client(world, *, can_write=True, park=None) -> APIClient:
    _key, raw = issue_api_key(
        by=world.admin,
        owner=world.api_user,
        name="能耗网关",
        park_ids=[(park or world.alpha).pk],
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def body(*items):
    return {
        "readings": [{"device": d, "point": p, "ts": ts.isoformat(), "value": v} for d, p, ts, v in items]
    }


def test_ingest_answers_counts_after_commit(world, clock_at):
    clock_at(at(7, 12))
    meter(world)
    meter(world, world.beta, code="B1")
    client = key_client(world)
    first = client.post(
        "/api/telemetry/",
        body(("M1", "kwh", at(7, 10), 100), ("M1", "kwh", at(7, 10, 15), 101.25)),
        format="json",
    )
    assert first.status_code == 200, first.content
    assert first.json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    second = client.post(
        "/api/telemetry/",
        body(
            ("M1", "kwh", at(7, 10), 100),  # same again
            ("M1", "kwh", at(7, 10, 15), 102),  # conflict
            ("M1", "kwh", at(7, 12, 10), 103),  # future
            ("B1", "kwh", at(7, 10, 30), 103),  # another park's device
            ("M1", "kwh", at(7, 10, 30), 104),
        ),
        format="json",
    )
    assert second.json() == {
        "accepted": 1,
        "duplicates": 1,
        "rejected": [
            {"index": 1, "reason": "a different value is stored for this point and time"},
            {"index": 2, "reason": "ts more than 5 minutes in the future"},
            {"index": 3, "reason": "unknown device"},
        ],
    }
    assert Reading.objects.count() == 3
    assert sorted(Quarantine.objects.values_list("reason", flat=True)) == [
        "conflict",
        "future",
        "unknown_device",
    ]
    # One audit entry per device and batch, not per reading.
    entries = AuditEntry.objects.filter(event="telemetry.ingest")
    assert [e.after["readings"] for e in entries.order_by("seq")] == [2, 1]


def test_read_only_key_and_bad_bodies_refused(world, clock_at):
    clock_at(at(7, 12))
    meter(world)
    read_only = key_client(world, can_write=False)
    assert (
        read_only.post("/api/telemetry/", body(("M1", "kwh", at(7, 10), 1)), format="json").status_code == 403
    )
    assert not Reading.objects.exists()
    client = key_client(world)
    assert client.post("/api/telemetry/", {"readings": "x"}, format="json").status_code == 400
    too_many = {
        "readings": [{"device": "M1", "point": "kwh", "ts": at(7, 10).isoformat(), "value": 1}] * 10_001
    }
    assert client.post("/api/telemetry/", too_many, format="json").status_code in (400, 413)
    assert not Reading.objects.exists()


def test_devices_readings_and_rollups(world, clock_at):
    clock_at(at(7, 12))
    meter(world)
    meter(world, world.beta, code="B1")
    client = key_client(world)
    client.post(
        "/api/telemetry/",
        body(*[("M1", "kwh", at(7, 10) + dt.timedelta(minutes=15 * i), 100 + i) for i in range(8)]),
        format="json",
    )
    devices = client.get("/api/devices/").json()
    results = devices["results"] if isinstance(devices, dict) else devices
    assert [d["code"] for d in results] == ["M1"]
    assert results[0]["points"][0]["code"] == "kwh" and results[0]["points"][0]["unit"] == "kWh"
    assert results[0]["points"][0]["max_value"] is not None
    readings = client.get(
        "/api/readings/",
        {"device": "M1", "point": "kwh", "from": at(7, 10, 30).isoformat(), "to": at(7, 11).isoformat()},
    ).json()
    assert [r["value"] for r in readings["results"]] == ["102.000000", "103.000000"]
    hours = client.get("/api/rollups/", {"device": "M1", "point": "kwh", "interval": "1h"}).json()
    assert [(r["start"], r["consumption"]) for r in hours["results"]] == [
        (at(7, 10).astimezone(dt.UTC).isoformat(), "4.000000"),
        (at(7, 11).astimezone(dt.UTC).isoformat(), "3.000000"),
    ]
    assert client.get("/api/rollups/", {"device": "B1", "point": "kwh"}).status_code == 404
    assert client.get("/api/rollups/", {"device": "M1", "point": "kwh", "interval": "2h"}).status_code == 400


def test_readings_and_rollups_page_by_cursor(world, clock_at):
    clock_at(at(8, 12))
    meter(world)
    client = key_client(world)
    start = at(7, 0)
    client.post(
        "/api/telemetry/",
        body(*[("M1", "kwh", start + dt.timedelta(minutes=15 * i), 100 + i) for i in range(10)]),
        format="json",
    )
    query = {"device": "M1", "point": "kwh", "limit": 4}
    first = client.get("/api/readings/", query).json()
    assert first["previous"] is None and "cursor=" in first["next"]
    seen = [r["ts"] for r in first["results"]]
    # A reading written meanwhile, earlier than the page's end, neither shifts nor repeats rows.
    client.post("/api/telemetry/", body(("M1", "kwh", start - dt.timedelta(minutes=15), 99)), format="json")
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [r["ts"] for r in page["results"]]
    assert seen == [(start + dt.timedelta(minutes=15 * i)).astimezone(dt.UTC).isoformat() for i in range(10)]
    back = client.get(page["previous"]).json()
    assert [r["value"] for r in back["results"]] == ["104.000000", "105.000000", "106.000000", "107.000000"]
    assert back["device"] == "M1" and back["unit"] == "kWh"
    hours = client.get("/api/rollups/", {**query, "interval": "1h", "limit": 1}).json()
    assert len(hours["results"]) == 1 and hours["next"] and hours["interval"] == "1h"
    second = client.get(hours["next"]).json()
    assert second["results"][0]["start"] > hours["results"][0]["start"]
    bad = client.get("/api/readings/", {**query, "cursor": "not-a-cursor"})
    assert bad.status_code == 400 and "cursor" in bad.json()
    assert client.get("/api/readings/", {**query, "limit": 0}).status_code == 400


def test_apikey_command_creates_and_revokes(world):
    out = io.StringIO()
    call_command(
        "apikey", "create", "--park", "ALPHA", "--name", "网关", "--write", "--days", "30", stdout=out
    )
    raw = out.getvalue().strip().splitlines()[-1]
    key = ApiKey.objects.get_from_key(raw)
    assert key.can_write and list(key.parks.values_list("code", flat=True)) == ["ALPHA"]
    assert key.expiry_date is not None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get("/api/devices/").status_code == 200
    call_command("apikey", "revoke", key.prefix, stdout=io.StringIO())
    assert client.get("/api/devices/").status_code in (401, 403)


def test_the_schema_documents_the_answer_an_ingest_gets(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    document = client.get("/api/schema/?format=json").json()
    responses = document["paths"]["/api/telemetry/"]["post"]["responses"]
    assert "200" in responses and "201" not in responses
    body = responses["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][body]["properties"]) == {
        "accepted",
        "duplicates",
        "rejected",
    }
    answered = key_client(world).post("/api/telemetry/", {"readings": []}, format="json")
    assert answered.status_code == 200 and answered.json() == {"accepted": 0, "duplicates": 0, "rejected": []}
