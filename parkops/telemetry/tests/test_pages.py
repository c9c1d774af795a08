"""Pages: the device register and detail with points and latest values, the live status page,
quarantine review and release, and who sees them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from parkops.telemetry.ingest import ingest
from parkops.telemetry.models import Quarantine, Reading

from .factories import at, meter

pytestmark = pytest.mark.django_db


def signed_in(world, username):
    client = Client()
    client.force_login(world.users[username])
    return client


def test_device_pages_and_status(world, clock_at):
    clock_at(at(7, 12))
    point = meter(world)
    ingest(
        park=world.alpha,
        readings=[{"device": "M1", "point": "kwh", "ts": at(7, 11, 45).isoformat(), "value": 120.5}],
        source="http",
    )
    admin = signed_in(world, "admin_alpha")
    listing = admin.get("/telemetry/devices/")
    assert listing.status_code == 200 and "M1" in listing.content.decode()
    detail = admin.get(f"/telemetry/devices/{point.device_id}/").content.decode()
    assert "120.5" in detail and 'data-online="1"' in detail
    status = admin.get("/telemetry/status/").content.decode()
    assert 'id="online-count">1/1<' in status
    clock_at(at(7, 13))
    assert 'id="online-count">0/1<' in admin.get("/telemetry/status/").content.decode()
    # Tenants see no devices; another park's admin none of ALPHA's.
    assert signed_in(world, "tenant_a").get(f"/telemetry/devices/{point.device_id}/").status_code == 404
    assert signed_in(world, "admin_beta").get(f"/telemetry/devices/{point.device_id}/").status_code == 404


def test_quarantine_release_and_dismiss(world, clock_at):
    clock_at(at(7, 12))
    point = meter(world)
    ingest(
        park=world.alpha,
        readings=[
            {"device": "M1", "point": "kwh", "ts": at(7, 10).isoformat(), "value": 100},
            {"device": "M1", "point": "kwh", "ts": at(7, 10).isoformat(), "value": 105},
            {"device": "M1", "point": "kwh", "ts": at(7, 10, 15).isoformat(), "value": "x"},
        ],
        source="http",
    )
    conflict = Quarantine.objects.get(reason=Quarantine.Reason.CONFLICT)
    bad = Quarantine.objects.get(reason=Quarantine.Reason.NOT_NUMBER)
    assert signed_in(world, "staff_invest").post(
        f"/telemetry/quarantine/{conflict.pk}/release/"
    ).status_code in (302, 403)
    conflict.refresh_from_db()
    assert conflict.status == Quarantine.Status.PENDING  # investment staff may not review
    admin = signed_in(world, "admin_alpha")
    page = admin.get(f"/telemetry/quarantine/{conflict.pk}/").content.decode()
    assert "放行入库" in page
    assert "放行入库" not in admin.get(f"/telemetry/quarantine/{bad.pk}/").content.decode()
    admin.post(f"/telemetry/quarantine/{conflict.pk}/release/", {"note": "现场核对表计读数为 105"})
    conflict.refresh_from_db()
    assert conflict.status == Quarantine.Status.RELEASED and conflict.reviewed_by == world.admin
    assert Reading.objects.get(point=point, ts=at(7, 10)).value == Decimal(105)
    admin.post(f"/telemetry/quarantine/{bad.pk}/dismiss/")
    bad.refresh_from_db()
    assert bad.status == Quarantine.Status.DISMISSED
    assert admin.get("/telemetry/quarantine/").status_code == 200
    assert admin.get("/telemetry/alarms/").status_code == 200
    assert admin.get("/telemetry/alarm-rules/add/").status_code == 200
