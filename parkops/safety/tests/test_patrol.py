"""Patrols: scanning a checkpoint's QR code, answering items, missed checkpoints; a failed
item opens a hazard (6.3.1.6)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parkops.notifications.models import Notification
from parkops.safety import models as m
from parkops.safety import services
from parkops.safety.tests.factories import route


def test_failed_check_item_opens_a_hazard(world):
    r = route(world)
    run = services.start_run(route=r, guard=world.staff_safety)
    power_room = r.checkpoints.get(name="配电房")
    visit = services.visit_checkpoint(run=run, checkpoint=power_room, by=world.staff_safety)
    smell, wires = power_room.items.order_by("order")
    results = services.record_results(
        visit=visit,
        by=world.staff_safety,
        answers=[
            {"item": smell, "passed": True},
            {"item": wires, "passed": False, "note": "配电柜旁私拉电线"},
        ],
    )
    assert [r.passed for r in results] == [True, False]
    hazard = m.Hazard.objects.get(check_result=results[1])
    assert hazard.source == "patrol"
    assert hazard.status == "open"
    assert hazard.category == "electrical"
    assert "无私拉电线" in hazard.description and "配电柜旁私拉电线" in hazard.description
    assert hazard.found_by == world.staff_safety
    assert Notification.objects.filter(kind="safety.hazard.found", recipient=world.staff_safety).exists()
    # Only the failed item opened one.
    assert m.Hazard.objects.count() == 1


def test_failed_item_needs_a_note_and_nothing_is_half_written(world):
    r = route(world)
    run = services.start_run(route=r, guard=world.staff_safety)
    cp = r.checkpoints.get(name="配电房")
    visit = services.visit_checkpoint(run=run, checkpoint=cp, by=world.staff_safety)
    first, second = cp.items.order_by("order")
    with pytest.raises(ValidationError) as exc:
        services.record_results(
            visit=visit,
            by=world.staff_safety,
            answers=[{"item": first, "passed": True}, {"item": second, "passed": False, "note": ""}],
        )
    assert "请说明情况" in str(exc.value)
    assert not m.CheckResult.objects.exists()
    assert not m.Hazard.objects.exists()


def test_scan_url_records_who_where_when_and_finish_lists_missed(world, client):
    r = route(world)
    gate, power, garage = r.checkpoints.order_by("order")
    client.force_login(world.staff_safety)
    response = client.get(gate.scan_path())
    visit = m.CheckpointVisit.objects.get(checkpoint=gate)
    assert response.status_code == 302 and response["Location"] == f"/safety/patrol/visits/{visit.pk}/"
    assert visit.by == world.staff_safety and visit.method == "qr"
    run = visit.run
    assert run.guard == world.staff_safety and run.status == "running"
    # Scanning again is the same visit; the next scan continues the same run.
    client.get(gate.scan_path())
    client.get(garage.scan_path())
    assert run.visits.count() == 2
    # The visit page takes the answers.
    page = client.get(f"/safety/patrol/visits/{visit.pk}/")
    assert "门岗值守到位" in page.content.decode()
    item = gate.items.get()
    client.post(f"/safety/patrol/visits/{visit.pk}/", {f"item-{item.pk}": "pass"})
    assert m.CheckResult.objects.get(visit=visit).passed
    client.post(f"/safety/patrol/runs/{run.pk}/finish/")
    run.refresh_from_db()
    assert run.status == "finished"
    assert run.missed_count == 1 and run.missed_names == "配电房"
    page = client.get(f"/safety/patrol/runs/{run.pk}/").content.decode()
    assert "漏检 1 个：配电房" in page
    ledger = client.get("/safety/patrol/runs/?with_missed=true").content.decode()
    assert "配电房" in ledger
    # A finished run takes no more visits.
    with pytest.raises(ValidationError):
        services.visit_checkpoint(run=run, checkpoint=power, by=world.staff_safety)


def test_manual_visit_from_run_page_and_wrong_route(world, client):
    r = route(world)
    other = route(world, name="厂房巡查", points=(("仓库", ("无违规动火",)),))
    run = services.start_run(route=r, guard=world.staff_safety)
    client.force_login(world.staff_safety)
    power = r.checkpoints.get(name="配电房")
    client.post(f"/safety/patrol/runs/{run.pk}/visit/", {"checkpoint": power.pk})
    assert m.CheckpointVisit.objects.get(run=run).method == "manual"
    with pytest.raises(ValidationError) as exc:
        services.visit_checkpoint(run=run, checkpoint=other.checkpoints.get(), by=world.staff_safety)
    assert "不在路线" in str(exc.value)


def test_tenants_and_assessors_cannot_patrol(world, client):
    r = route(world)
    token_path = r.checkpoints.first().scan_path()
    client.force_login(world.tenant_a)
    assert client.get(token_path).status_code == 404  # the checkpoint is not theirs to see
    with pytest.raises(PermissionDenied):
        services.start_run(route=r, guard=world.assessor)
    assert not m.PatrolRun.objects.exists()


def test_qr_codes_and_print_sheet(world, client):
    r = route(world)
    client.force_login(world.staff_safety)
    cp = r.checkpoints.first()
    png = client.get(f"/safety/checkpoints/{cp.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    sheet = client.get(f"/safety/routes/{r.pk}/qr/").content.decode()
    assert sheet.count('class="tag"') == 3 and "size: A4" in sheet
    # Each checkpoint's token is random and unique.
    assert len(set(r.checkpoints.values_list("token", flat=True))) == 3
