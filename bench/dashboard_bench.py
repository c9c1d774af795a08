"""The monitoring dashboard (clause 7.1; issue: p95 under 300 ms on the demo park): render time
of the dashboard page for the demo park's administrator, warm (the provisional score cached
under the audit-chain head), against the plain unit list of the same park measured in the same
run; then the same on a park ten times the demo park's size (its buildings, units, enterprises,
customers, bills, payments, work orders, hazards and environment readings copied nine more
times, and with each building copy its devices, points, rollups and energy meters)."""

from __future__ import annotations

import os
import statistics
import time

from bench.demo_park import on_demo_park, p95

RUNS = int(os.environ.get("PARKOPS_BENCH_RUNS", "40"))


def measure(client, url: str, runs: int = RUNS) -> list[float]:
    client.get(url)  # warm: templates, the score cache
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def report(label: str, client, park) -> None:
    from django.urls import reverse

    dashboard = measure(client, reverse("insight:dashboard") + f"?park={park.pk}")
    tiles = measure(client, reverse("insight:tiles") + f"?park={park.pk}")
    baseline = measure(client, reverse("core:unit_list") + f"?park={park.pk}")
    base = p95(baseline)
    print(f"{label}:")
    print(
        f"  dashboard page  p95 {p95(dashboard):7.1f} ms  median {statistics.median(dashboard):7.1f} ms  "
        f"({p95(dashboard) / base:.2f}× the unit list)"
    )
    print(f"  tiles refresh   p95 {p95(tiles):7.1f} ms  median {statistics.median(tiles):7.1f} ms")
    print(f"  unit list       p95 {base:7.1f} ms  (baseline)")


def _suffix(model, obj, k: int) -> None:
    """Make the copy's unique text fields and unique timestamps distinct from the original's."""
    import datetime as dt

    from django.db import models

    unique = {f.name for f in model._meta.fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        unique |= set(getattr(constraint, "fields", ()) or ())
    for name in unique:
        field = model._meta.get_field(name)
        value = getattr(obj, field.attname)
        if isinstance(field, models.OneToOneField):
            setattr(obj, field.attname, None)  # a copy does not take over the original's partner
        elif isinstance(field, models.CharField) and value:
            tail = f"~{k}"
            setattr(obj, field.attname, value[: field.max_length - len(tail)] + tail)
        elif isinstance(field, models.DateTimeField) and value:
            setattr(obj, field.attname, value + dt.timedelta(microseconds=k))


def scale_up(park, times: int = 10) -> dict[str, int]:
    """Copy the park's records ``times - 1`` more times (bulk, unaudited: a bench fixture)."""
    from django.db import transaction

    from parkops.core.models import Building, Enterprise, Floor, Unit
    from parkops.energy.models import Meter
    from parkops.engineering.models import WorkOrder
    from parkops.environment.models import Reading
    from parkops.fees.models import Bill, Payment
    from parkops.investment.models import Customer
    from parkops.safety.models import Hazard
    from parkops.telemetry.models import Device, Rollup

    counts: dict[str, int] = {}
    with transaction.atomic():
        buildings = list(Building.objects.filter(park=park))
        floors = list(Floor.objects.filter(building__park=park))
        units = list(Unit.objects.filter(floor__building__park=park))
        enterprises = list(Enterprise.objects.filter(park=park))
        bills = list(Bill.objects.filter(park=park))
        payments = list(Payment.objects.filter(bill__park=park))
        maps: list[tuple[dict, dict]] = []
        for k in range(1, times):
            building_map, floor_map, bill_map, enterprise_map = {}, {}, {}, {}
            maps.append((building_map, enterprise_map))
            for e in enterprises:
                old, e.pk, e.id = e.pk, None, None
                e.name = f"{e.name}·{k}"
                e.credit_code = f"B{k}{e.credit_code[2:]}"
                e.save()
                enterprise_map[old] = e.pk
            for b in buildings:
                old = b.pk
                b.pk = b.id = None
                b.code = f"{b.code}{k}"
                b.name = f"{b.name}·{k}"
                b.save()
                building_map[old] = b.pk
            for f in floors:
                old, f.pk, f.id = f.pk, None, None
                f.building_id = building_map[f.building_id]
                f.save()
                floor_map[old] = f.pk
            copies = []
            for u in units:
                u.pk = u.id = None
                u.floor_id = floor_map[u.floor_id]
                copies.append(u)
            Unit.objects.bulk_create(copies, batch_size=1000)
            for b in bills:
                old, b.pk, b.id = b.pk, None, None
                b.enterprise_id = enterprise_map.get(b.enterprise_id, b.enterprise_id)
                _suffix(Bill, b, k)
                b.save()
                bill_map[old] = b.pk
            copies = []
            for p in payments:
                p.pk = p.id = None
                p.bill_id = bill_map[p.bill_id]
                _suffix(Payment, p, k)
                copies.append(p)
            Payment.objects.bulk_create(copies, batch_size=1000)
            # Restore the lists' originals for the next round: re-read (cheap next to the copies).
            enterprises = list(Enterprise.objects.filter(pk__in=list(enterprise_map)))
            buildings = list(Building.objects.filter(pk__in=list(building_map)))
            floors = list(Floor.objects.filter(pk__in=list(floor_map)))
            units = list(Unit.objects.filter(floor_id__in=list(floor_map)))
            bills = list(Bill.objects.filter(pk__in=list(bill_map)))
            payments = list(Payment.objects.filter(bill_id__in=list(bill_map)))
        for model, lookup in (
            (Customer, "park"),
            (WorkOrder, "park"),
            (Hazard, "park"),
            (Reading, "point__park"),
        ):
            originals = list(model.objects.filter(**{lookup: park}).values_list("pk", flat=True))
            for k in range(1, times):
                copies = []
                for obj in model.objects.filter(pk__in=originals):
                    obj.pk = None
                    if hasattr(obj, "id"):
                        obj.id = None
                    _suffix(model, obj, k)
                    copies.append(obj)
                model.objects.bulk_create(copies, batch_size=1000)
        _scale_meters(park, maps)
    for label, qs in (
        ("units", Unit.objects.filter(floor__building__park=park)),
        ("bills", Bill.objects.filter(park=park)),
        ("work orders", WorkOrder.objects.filter(park=park)),
        ("hazards", Hazard.objects.filter(park=park)),
        ("readings", Reading.objects.filter(point__park=park)),
        ("devices", Device.objects.filter(park=park)),
        ("energy meters", Meter.objects.filter(park=park)),
        ("rollups", Rollup.objects.filter(point__device__park=park)),
    ):
        counts[label] = qs.count()
    return counts


def _scale_meters(park, maps: list[tuple[dict, dict]]) -> None:
    """Each copy of the buildings gets copies of their devices, points and rollups (so the
    devices tile and every energy reading see ten times the meters) and of their building,
    tenant, public and system meters; the park's own level-1 meters stay single, as in a real
    park with one grid connection."""
    from parkops.energy.models import Meter
    from parkops.telemetry.models import Device, Point, Rollup

    device_ids = list(Device.objects.filter(park=park, building__isnull=False).values_list("pk", flat=True))
    meter_ids = list(
        Meter.objects.filter(park=park, building__isnull=False, virtual=False).values_list("pk", flat=True)
    )
    # The scale-up's maps go from each original to its k-th copy, so every round copies the originals.
    for k, (building_map, enterprise_map) in enumerate(maps, start=1):
        device_map, point_map = {}, {}
        for d in Device.objects.filter(pk__in=device_ids):
            old, d.pk, d.id = d.pk, None, None
            d.code, d.building_id = f"{d.code}~{k}"[:40], building_map[d.building_id]
            d.floor_id = d.unit_id = d.space_id = d.monitoring_device_id = d.pollution_point_id = None
            d.save()
            device_map[old] = d.pk
        for p in Point.objects.filter(device_id__in=device_ids):
            old, p.pk, p.id = p.pk, None, None
            p.device_id = device_map[p.device_id]
            p.save()
            point_map[old] = p.pk
        copies = []
        for r in Rollup.objects.filter(point_id__in=list(point_map)).iterator(chunk_size=5000):
            r.pk = r.id = None
            r.point_id = point_map[r.point_id]
            copies.append(r)
        Rollup.objects.bulk_create(copies, batch_size=2000)
        copies = []
        for m in Meter.objects.filter(pk__in=meter_ids):
            m.pk = m.id = None
            m.code = f"{m.code}~{k}"[:40]
            m.building_id = building_map[m.building_id]
            m.enterprise_id = enterprise_map.get(m.enterprise_id, m.enterprise_id)
            m.point_id = point_map.get(m.point_id)
            m.parent_id = None
            copies.append(m)
        Meter.objects.bulk_create(copies, batch_size=1000)


def main() -> dict:
    return on_demo_park(_run)


def _run(client, park) -> dict:
    report("demo park", client, park)
    start = time.perf_counter()
    counts = scale_up(park)
    print(
        f"scaled ten times in {time.perf_counter() - start:.1f} s: "
        + ", ".join(f"{n:,} {label}" for label, n in counts.items())
    )
    report("ten times the demo park", client, park)
    return counts
