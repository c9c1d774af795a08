"""Rows 52, 53, 55 and 56: what each check asks for, exactly."""

import datetime as dt
import os
import time
from decimal import Decimal

from django.core.files.base import ContentFile

from parkops.assessment.registry import sources_for
from parkops.core.services import create_object, update_object
from parkops.insight import evidence, status
from parkops.insight import models as m

TODAY = dt.date(2026, 11, 18)
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)


def pdf(name="doc.pdf"):
    return ContentFile(b"%PDF-1.4\n% test\n", name=name)


def test_rows_have_their_sources():
    assert {s.key for s in sources_for(52)} == {"insight.panel", "insight.status", "insight.construction_52"}
    assert sum(s.share for s in sources_for(52)) == Decimal(1)
    assert sum(s.share for s in sources_for(53)) == Decimal(1)
    assert [s.key for s in sources_for(55)] == ["insight.scenarios"]
    assert [s.key for s in sources_for(56)] == ["insight.computing"]


def test_row_55_needs_a_representative_scenario_in_use_with_its_document(world, clock_at):
    clock_at(NOW)
    finding = evidence.scenarios(world.alpha, TODAY)
    assert finding.status == "unmet" and finding.action.url.endswith("/insight/scenarios/add/")
    scenario = create_object(
        model=m.InnovationScenario,
        data={
            "park": world.alpha,
            "name": "数字孪生运营中心",
            "field": "twin",
            "description": "三维模型上派单",
            "launched_on": dt.date(2026, 1, 5),
        },
        by=world.admin,
    )
    finding = evidence.scenarios(world.alpha, TODAY)
    assert finding.status == "unmet"
    assert finding.missing[1] == "数字孪生运营中心：未认定具有代表性和示范性、缺少证明文件"
    scenario = update_object(obj=scenario, data={"representative": True}, by=world.admin)
    assert evidence.scenarios(world.alpha, TODAY).status == "unmet"  # still no document
    scenario = update_object(obj=scenario, data={"document": pdf()}, by=world.admin)
    assert evidence.scenarios(world.alpha, TODAY).status == "met"
    # Not yet launched on an earlier date; stopped: no longer counts.
    assert evidence.scenarios(world.alpha, dt.date(2025, 12, 31)).status == "unmet"
    update_object(obj=scenario, data={"in_use": False}, by=world.admin)
    assert evidence.scenarios(world.alpha, TODAY).status == "unmet"
    assert evidence.scenarios(world.beta, TODAY).status == "unmet"


def test_row_56_needs_a_centre_in_service_with_its_document(world, clock_at):
    clock_at(NOW)
    assert evidence.computing(world.alpha, TODAY).status == "unmet"
    centre = create_object(
        model=m.ComputingCentre,
        data={
            "park": world.alpha,
            "name": "智算服务点",
            "kind": "computing",
            "origin": "introduced",
            "provider": "算力公司",
            "capacity": "100 PFLOPS",
            "in_service_on": dt.date(2026, 6, 1),
        },
        by=world.admin,
    )
    finding = evidence.computing(world.alpha, TODAY)
    assert finding.status == "unmet" and "缺少证明文件" in finding.missing[1]
    assert finding.action.url == centre.get_absolute_url()
    update_object(obj=centre, data={"document": pdf()}, by=world.admin)
    assert evidence.computing(world.alpha, TODAY).status == "met"
    assert evidence.computing(world.alpha, dt.date(2026, 5, 31)).status == "unmet"


def test_row_52_panel_counts_functions_with_data(world, clock_at):
    from parkops.investment.models import Customer

    clock_at(NOW)
    finding = evidence.panel(world.alpha, TODAY)
    # World ALPHA has units only: one of seven monitoring functions is fed.
    assert finding.status == "partial" and finding.fraction == Decimal("0.1429")
    assert len(finding.missing) == 6
    create_object(
        model=Customer, data={"park": world.alpha, "name": "客户", "stage": "target"}, by=world.admin
    )
    assert evidence.panel(world.alpha, TODAY).fraction == Decimal("0.2857")


def test_row_52_status_follows_the_checkpoint(world, clock_at, settings, tmp_path):
    clock_at(NOW)
    path = tmp_path / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = path
    checks = {c.key: c for c in status.platform_status()}
    assert checks["database"].ok and checks["cache"].ok and checks["queue"].ok
    assert checks["checkpoint"].ok is False
    assert evidence.platform_running(world.alpha, TODAY).status == "partial"
    path.write_text("{}\n")
    assert evidence.platform_running(world.alpha, TODAY).status == "met"
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(path, (three_days_ago, three_days_ago))
    assert evidence.platform_running(world.alpha, TODAY).status == "partial"


def test_row_53_analysis_needs_residents_and_data(world, clock_at):
    from parkops.investment.models import Lease

    clock_at(NOW)
    finding = evidence.analysis(world.alpha, TODAY)
    assert finding.status == "unmet"
    create_object(
        model=Lease,
        data={
            "park": world.alpha,
            "number": "L-1",
            "enterprise": world.ent_a,
            "area": Decimal("200"),
            "start": dt.date(2026, 1, 1),
            "end": dt.date(2027, 12, 31),
            "rent_per_m2": Decimal("80"),
            "signed_on": dt.date(2025, 12, 1),
        },
        by=world.admin,
    )
    # The lease is both a resident for tenant health and a row of the leases dataset.
    assert evidence.analysis(world.alpha, TODAY).status == "met"
    assert evidence.analysis(world.alpha, dt.date(2025, 12, 31)).status == "partial"
