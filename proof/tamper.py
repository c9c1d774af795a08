"""Suite 5 (audit tampering), run inside a Django process whose database is a *copy* of the
platform's (the restored backup): each tampering is injected into one chain in a transaction
that is rolled back, and `verify_chain` must name the exact entry; the clean chains must pass.
Prints one JSON object of figures."""

from __future__ import annotations

import json
import os
import sys


class Rollback(Exception):
    pass


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from parkops.audit.models import AuditEntry
    from parkops.audit.verify import all_chains, verify_chain

    false_alarms = sum(1 for chain in all_chains() if verify_chain(chain)[1] is not None)
    chain = (
        AuditEntry.objects.filter(chain__startswith="park:")
        .values_list("chain", flat=True)
        .order_by("-seq")
        .first()
    )
    last = AuditEntry.objects.filter(chain=chain).order_by("-seq").first().seq
    middle = last // 2

    def entry(seq):
        return AuditEntry.objects.get(chain=chain, seq=seq)

    def shift(start: int, by: int) -> None:
        """Move entries from ``start`` on by ``by`` positions (descending to keep seq unique)."""
        order = "-seq" if by > 0 else "seq"
        for row in AuditEntry.objects.filter(chain=chain, seq__gte=start).order_by(order):
            AuditEntry.objects.filter(pk=row.pk).update(seq=row.seq + by)

    def edit():
        target = entry(middle)
        AuditEntry.objects.filter(pk=target.pk).update(object_repr=target.object_repr + "（改）")
        return middle

    def delete():
        AuditEntry.objects.filter(pk=entry(middle).pk).delete()
        return middle + 1  # the gap shows at the entry after the removed one

    def reorder():
        a, b = entry(middle), entry(middle + 1)
        AuditEntry.objects.filter(pk=a.pk).update(seq=10**12)
        AuditEntry.objects.filter(pk=b.pk).update(seq=middle)
        AuditEntry.objects.filter(pk=a.pk).update(seq=middle + 1)
        return middle

    def insert():
        model = entry(middle)
        shift(middle, 1)
        forged = AuditEntry(
            **{
                f.attname: getattr(model, f.attname)
                for f in AuditEntry._meta.concrete_fields
                if f.attname not in ("id", "seq")
            }
        )
        forged.seq = middle
        forged.object_repr = "伪造记录"
        AuditEntry.objects.bulk_create([forged])
        return middle

    def cut_tail():
        AuditEntry.objects.filter(pk=entry(last).pk).delete()
        return last - 1  # the head names a later entry than the last one left

    cases = {"edit": edit, "delete": delete, "reorder": reorder, "insert": insert, "tail cut": cut_tail}
    detected_exact, missed, details = 0, 0, {}
    for name, inject in cases.items():
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":  # the copy's triggers refuse edits: a superuser's way
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL session_replication_role = replica")
                expected = inject()
                broken = verify_chain(chain)[1]
                details[name] = {"expected_seq": expected, "reported": str(broken) if broken else None}
                if broken is None:
                    missed += 1
                elif broken.seq == expected:
                    detected_exact += 1
                raise Rollback
        except Rollback:
            pass
    print(
        json.dumps(
            {
                "injected": len(cases),
                "detected_exact": detected_exact,
                "missed": missed,
                "false_alarms": false_alarms,
                "chain": chain,
                "entries": last,
                "details": details,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
