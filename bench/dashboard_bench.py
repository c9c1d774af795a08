"""The monitoring dashboard (clause 7.1; issue: p95 under 300 ms on the demo park): render time
of the dashboard page for the demo park's administrator, warm (the provisional score cached
under the audit-chain head), against the plain unit list of the same park measured in the same
run; then the same on a park ten times the demo park's size (its buildings, units, customers,
bills, payments, work orders, hazards and readings copied nine more times)."""

from __future__ import annotations

import os
import statistics
import time

RUNS = int(os.environ.get("PARKOPS_BENCH_RUNS", "40"))


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


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
    from parkops.engineering.models import WorkOrder
    from parkops.environment.models import Reading
    from parkops.fees.models import Bill, Payment
    from parkops.investment.models import Customer
    from parkops.safety.models import Hazard

    counts: dict[str, int] = {}
    with transaction.atomic():
        buildings = list(Building.objects.filter(park=park))
        floors = list(Floor.objects.filter(building__park=park))
        units = list(Unit.objects.filter(floor__building__park=park))
        enterprises = list(Enterprise.objects.filter(park=park))
        bills = list(Bill.objects.filter(park=park))
        payments = list(Payment.objects.filter(bill__park=park))
        for k in range(1, times):
            building_map, floor_map, bill_map, enterprise_map = {}, {}, {}, {}
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
    for label, qs in (
        ("units", Unit.objects.filter(floor__building__park=park)),
        ("bills", Bill.objects.filter(park=park)),
        ("work orders", WorkOrder.objects.filter(park=park)),
        ("hazards", Hazard.objects.filter(park=park)),
        ("readings", Reading.objects.filter(point__park=park)),
    ):
        counts[label] = qs.count()
    return counts


def main() -> dict:

    from django.conf import settings
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's allowed host
    # Templates name static files; a scratch run has no collected manifest to look them up in.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        return _run()


def _run() -> dict:
    import io

    from django.core.management import call_command
    from django.test import Client

    from parkops.accounts.models import User
    from parkops.core.demo.context import ADMIN_USERNAME, PARK_CODE
    from parkops.core.models import Park

    start = time.perf_counter()
    call_command("demo", stdout=io.StringIO())
    print(f"demo park built in {time.perf_counter() - start:.1f} s")
    park = Park.objects.get(code=PARK_CODE)
    client = Client()
    client.force_login(User.objects.get(username=ADMIN_USERNAME))
    report("demo park", client, park)
    start = time.perf_counter()
    counts = scale_up(park)
    print(
        f"scaled ten times in {time.perf_counter() - start:.1f} s: "
        + ", ".join(f"{n:,} {label}" for label, n in counts.items())
    )
    report("ten times the demo park", client, park)
    return counts
