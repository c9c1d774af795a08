"""For the faults suite, in a Django process on the database PARKOPS_DATABASE_URL names:
``python -m proof.fault_point CODE…`` adds one electricity meter per CODE (point ``kwh``,
cumulative) to the demo park, through the services as its administrator, and prints
``{"CODE": point id, …}`` as one JSON object. The meters are new, so every reading the suite
sends is one that was not stored before."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal


def meters(codes: list[str]) -> dict[str, int]:
    """{code: point id}, the meters made (Django set up)."""
    from parkops.accounts.models import User
    from parkops.core.models import Park
    from parkops.core.services import create_object
    from parkops.telemetry.models import Device, Point, Quantity

    park = Park.objects.get(code="DEMO")
    admin = User.objects.get(username="admin")
    points = {}
    for code in codes:
        known = Point.objects.filter(device__park=park, device__code=code, code="kwh").first()
        if known is not None:  # a second run on the same database
            points[code] = known.pk
            continue
        device = create_object(
            model=Device,
            data={
                "park": park,
                "code": code,
                "name": f"故障演练电表{code}",
                "kind": Device.Kind.ELECTRICITY,
                "expected_interval_minutes": 15,
            },
            by=admin,
        )
        point = create_object(
            model=Point,
            data={
                "device": device,
                "code": "kwh",
                "name": "正向有功电能",
                "quantity": Quantity.ENERGY,
                "unit": "kWh",
                "min_value": Decimal(0),
                "max_value": Decimal(99999999),
                "cumulative": True,
            },
            by=admin,
        )
        points[code] = point.pk
    return points


def main(codes: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    print(json.dumps(meters(codes)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
