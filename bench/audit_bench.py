"""What the audit trail costs: audited writes through the services (keyed: HMAC-SHA256) against
bare INSERTs of the same rows, the keyed hash against the plain SHA-256 it replaced, and
`audit verify` against a plain read of the same entries."""

from __future__ import annotations

import time
from decimal import Decimal

N = 2000


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from django.db import connection, transaction

    from parkops.accounts.services import create_user
    from parkops.audit.models import AuditEntry
    from parkops.audit.verify import verify
    from parkops.core import models as core
    from parkops.core.scope import Role
    from parkops.core.services import create_object
    from parkops.testing.world import credit_code

    platform = create_user(
        by=None, username="bench", password="Bench-Password-2026", role=Role.OPERATOR_ADMIN, is_superuser=True
    )
    operator = create_object(
        model=core.Operator, data={"name": "基准运营", "credit_code": credit_code(777)}, by=platform
    )

    def park(code):
        return create_object(
            model=core.Park,
            data={
                "operator": operator,
                "code": code,
                "name": code,
                "district": "nanshan",
                "address": "深圳",
                "land_area": 1,
                "floor_area": 1,
            },
            by=platform,
        )

    audited_park, plain_park = park("BENCH-A"), park("BENCH-P")

    def audited():
        with transaction.atomic():
            for i in range(N):
                create_object(
                    model=core.Building,
                    data={
                        "park": audited_park,
                        "code": f"B{i}",
                        "name": f"{i}栋",
                        "gross_area": Decimal("1000"),
                    },
                    by=platform,
                )

    def plain():
        with transaction.atomic():
            for i in range(N):
                core.Building.objects.create(
                    park=plain_park, code=f"B{i}", name=f"{i}栋", gross_area=Decimal("1000")
                )

    t_plain = _timed(plain)
    t_audited = _timed(audited)
    vendor = connection.vendor
    print(f"database: {vendor}")
    print(f"plain INSERT        {N / t_plain:10.0f} rows/s")
    print(
        f"audited service     {N / t_audited:10.0f} rows/s   ratio {t_plain / t_audited:.2f} of plain (keyed)"
    )

    import hashlib

    from parkops.audit.chain import KEYED, PLAIN, canonical, entry_hash, entry_values

    sample = [entry_values(e) for e in AuditEntry.objects.order_by("-id")[:N]]
    t_sha = _timed(
        lambda: [hashlib.sha256(canonical({**v, "hash_version": PLAIN})).hexdigest() for v in sample]
    )
    t_hmac = _timed(lambda: [entry_hash({**v, "hash_version": KEYED}) for v in sample])
    print(f"plain SHA-256 hash  {len(sample) / t_sha:10.0f} entries/s")
    print(
        f"keyed HMAC hash     {len(sample) / t_hmac:10.0f} entries/s   ratio {t_sha / t_hmac:.2f} of plain SHA-256"
    )

    entries = AuditEntry.objects.count()
    t_read = _timed(lambda: list(AuditEntry.objects.order_by("chain", "seq").iterator(chunk_size=2000)))
    t_verify = _timed(lambda: verify())
    print(f"read all entries    {entries / t_read:10.0f} entries/s")
    print(
        f"audit verify        {entries / t_verify:10.0f} entries/s   ratio {t_read / t_verify:.2f} of plain read"
    )
