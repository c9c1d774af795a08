"""Set-based statements for readings and rollups, one statement per batch whatever its size.

On PostgreSQL a batch travels by binary ``COPY`` (plain inserts, and the staging table of new
readings) or as a few arrays in binary (``… JOIN unnest(…)``) through a server-side-binding
cursor: no per-row statement, no text rendering of the values, and results come back in
binary, so a timestamp or a numeric is not parsed from text. On SQLite the same operations are one ``executemany`` of plain tuples (or
the ORM for reads, see the callers). ``ignore`` makes an insert skip rows whose key is stored
(``ON CONFLICT DO NOTHING`` / ``INSERT OR IGNORE``); ``insert`` returns how many rows it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK = 5000
# The PostgreSQL array type of each column kind.
PG_TYPES = {"int": "bigint", "int4": "integer", "text": "text", "dt": "timestamptz", "dec": "numeric"}
# The binary COPY type of each column kind.
COPY_TYPES = {"int": "int8", "int4": "int4", "text": "text", "dt": "timestamptz", "dec": "numeric"}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pg_cursor():
    """A server-side-binding psycopg cursor on Django's connection (inside its transaction)."""
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def pg_rows(query: str, params: Sequence = ()) -> list[tuple]:
    """Run one query on PostgreSQL and return its rows, loaded from binary."""
    with pg_cursor() as cursor:
        cursor.execute(query, params, binary=True)
        return cursor.fetchall() if cursor.description else []


def pg_execute(query: str, params: Sequence = ()) -> int:
    with pg_cursor() as cursor:
        cursor.execute(query, params)
        return cursor.rowcount


def pg_copy(table: str, cols: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``COPY table (cols) FROM STDIN`` in binary: the cheapest way to bring rows in."""
    qn = connection.ops.quote_name
    with pg_cursor() as cursor:
        query = f"COPY {qn(table)} ({', '.join(qn(c) for c in cols)}) FROM STDIN (FORMAT BINARY)"
        with cursor.copy(query) as copy:
            copy.set_types([COPY_TYPES[k] for k in kinds])
            for row in rows:
                copy.write_row(row)


def unnest(kinds: Sequence[str], alias: str, names: Sequence[str]) -> str:
    """``unnest(%b::bigint[], …) AS alias(names)`` for columns of these kinds."""
    arrays = ", ".join(f"%b::{PG_TYPES[k]}[]" for k in kinds)
    return f"unnest({arrays}) AS {alias}({', '.join(names)})"


def columns(rows: Sequence[Sequence], width: int) -> list[list]:
    """Rows to one list per column (the arrays ``unnest`` takes)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(c) for c in zip(*rows, strict=True)]


def insert(
    table: str, cols: Sequence[str], kinds: Sequence[str], rows: Iterable[Sequence], *, ignore=False
) -> int:
    """Insert ``rows`` (tuples in ``cols`` order) with one statement; returns the rows written.
    ``kinds`` per column: "int", "text", "dt" (aware datetime), "dec" (Decimal or None)."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in cols)
    if is_postgres() and not ignore:
        pg_copy(table, cols, kinds, rows)
        return len(rows)
    if is_postgres():
        query = f"INSERT INTO {qn(table)} ({names}) SELECT * FROM {unnest(kinds, 'n', cols)}"  # noqa: S608
        if ignore:
            query += " ON CONFLICT DO NOTHING"
        written = 0
        for start in range(0, len(rows), 100_000):
            written += pg_execute(query, columns(rows[start : start + 100_000], len(cols)))
        return written
    ops = connection.ops
    adapt = {
        "dt": ops.adapt_datetimefield_value,
        "dec": lambda v: None if v is None else ops.adapt_decimalfield_value(v, 20, 6),
        "int": None,
        "int4": None,
        "text": None,
    }
    adapters = [adapt[k] for k in kinds]
    marks = ", ".join(["%s"] * len(cols))
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    query = f"{verb} INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608 (names from code)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            batch = [
                tuple(v if a is None else a(v) for a, v in zip(adapters, row, strict=True))
                for row in rows[start : start + CHUNK]
            ]
            cursor.executemany(query, batch)
            written += max(cursor.rowcount, 0)
    return written
