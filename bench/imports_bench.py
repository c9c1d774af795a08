"""The Excel import: 10,000 units from a spreadsheet, every row validated, written in one
transaction with one audit entry per unit, against a plain ``bulk_create`` of the same units
(no Excel, no validation, no audit) measured in the same run."""

from __future__ import annotations

import time

ROWS = 10_000


def main(rows_wanted: int = ROWS) -> dict:

    from decimal import Decimal

    from django.db import transaction

    from parkops.core import models as core
    from parkops.core.services import create_object
    from parkops.imports import framework
    from parkops.imports.tests.helpers import xlsx
    from parkops.testing.world import build_world, world

    build_world()
    w = world()
    building = core.Building.objects.get(park=w.alpha, code="A")
    floors_needed = 10
    for number in range(2, floors_needed + 1):
        create_object(
            model=core.Floor, data={"building": building, "number": number, "area": Decimal(3000)}, by=w.admin
        )
    floors = {f.number: f for f in core.Floor.objects.filter(building=building)}
    per_floor = -(-rows_wanted // floors_needed)
    uses = ["办公", "研发", "厂房", "商业"]
    rows = []
    for i in range(rows_wanted):
        number = i // per_floor + 1
        rows.append(
            [
                "A",
                number,
                f"BM-{number}-{i:05d}",
                f"{50 + i % 400}.50",
                uses[i % 4],
                "空置",
                "",
                f"{60 + i % 80}",
            ]
        )
    upload = xlsx([c.header for c in framework.get_importer("units").columns], rows)

    # Baseline: the same units (other codes, kept) straight into the table.
    use_values = {"办公": "office", "研发": "rnd", "厂房": "plant", "商业": "commercial"}
    objs = [
        core.Unit(
            floor=floors[r[1]],
            code="BL" + r[2][2:],
            area=Decimal(r[3]),
            use=use_values[r[4]],
            state="vacant",
            listed_rent=Decimal(r[7]),
        )
        for r in rows
    ]
    started = time.perf_counter()
    with transaction.atomic():
        core.Unit.objects.bulk_create(objs, batch_size=500)
    baseline = time.perf_counter() - started

    phases: dict[str, float] = {}

    def progress(phase, done, total):
        phases.setdefault(phase, time.perf_counter())

    started = time.perf_counter()
    result = framework.import_file(
        framework.get_importer("units"), upload, by=w.admin, park=w.alpha, progress=progress
    )
    elapsed = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    assert result.created == rows_wanted
    validate_s = phases.get("writing", started) - started
    figures = {
        "rows": rows_wanted,
        "import_s": round(elapsed, 2),
        "validate_s": round(validate_s, 2),
        "write_s": round(elapsed - validate_s, 2),
        "import_rows_per_s": round(rows_wanted / elapsed),
        "baseline_rows_per_s": round(rows_wanted / baseline),
        "ratio_to_baseline": round((rows_wanted / elapsed) / (rows_wanted / baseline), 4),
    }
    print(
        f"units import: {rows_wanted} rows in {elapsed:.2f}s (validate {validate_s:.2f}s, write+audit "
        f"{elapsed - validate_s:.2f}s) = {figures['import_rows_per_s']} rows/s; "
        f"baseline bulk_create {figures['baseline_rows_per_s']} rows/s; ratio {figures['ratio_to_baseline']}"
    )
    return figures
