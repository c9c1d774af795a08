"""Tests the PostgreSQL run of `make test` leaves to the SQLite run (see the root conftest).

Each entry is a node id prefix and why the engine cannot change its outcome. Tests that use
no database are left out without being named here. Never list a test of a trigger, a
constraint, a row lock, raw SQL, an upsert or a transaction's behaviour.
"""

from __future__ import annotations

SQLITE_RUN_ONLY: dict[str, str] = {
    # Builds the whole demo park (about 100 s of CPU) to check its sizes, texts and audit
    # chains; `make proof` builds the same demo park on PostgreSQL through every service.
    "parkops/core/tests/test_demo.py::DemoParkTests": "demo park contents, built again by make proof",
    # Which language each page speaks and how a list folds into cards on a phone: the rows come
    # from the same ORM queries on either engine; what is checked is the rendering.
    "parkops/core/tests/test_i18n.py": "the language of pages, exports and PDFs",
    "parkops/core/tests/test_list_cards.py": "the phone layout of every generic list",
    # Every list page, export and API list as each outsider (about 1,300 requests a role, half
    # of the PostgreSQL run's time): which rows a reader gets is decided by the restriction
    # point's ORM filters, the same SQL on either engine; suite 1 of `make proof` reads list
    # routes as each kind of login on PostgreSQL behind the production server (all of them at
    # full size, a fixed sample of 20 in CI).
    "parkops/core/tests/test_isolation.py::test_list_routes_and_exports_leak_nothing": (
        "the list routes' isolation, read again on PostgreSQL by make proof's suite 1"
    ),
}


def sqlite_run_only(nodeid: str) -> bool:
    return any(
        nodeid == prefix or nodeid.startswith((prefix + "::", prefix + "[")) for prefix in SQLITE_RUN_ONLY
    )
