"""Set-based inserts for readings and rollups: one ``executemany`` of plain tuples, values
adapted once per column kind, instead of the ORM's per-field compiler path (which is where the
time went when profiled). ``ignore`` makes it ``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL
and ``INSERT OR IGNORE`` on SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK = 5000


def insert(
    table: str, columns: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence], *, ignore=False
) -> None:
    """``kinds`` per column: "dt" (aware datetime), "dec" (Decimal or None), "raw" (as is)."""
    ops = connection.ops
    adapt = {
        "dt": ops.adapt_datetimefield_value,
        "dec": lambda v: None if v is None else ops.adapt_decimalfield_value(v, 20, 6),
        "raw": None,
    }
    adapters = [adapt[k] for k in kinds]
    table = connection.ops.quote_name(table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    if ignore and connection.vendor == "sqlite":
        sql = f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 (names from code)
    elif ignore:
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    else:
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(v if a is None else a(v) for a, v in zip(adapters, row, strict=True)))
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
