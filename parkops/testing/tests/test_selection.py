"""The tests the PostgreSQL run leaves to the SQLite run are named exactly: every entry names a
test that exists, and a parametrised test's cases are left out with it."""

from __future__ import annotations

import ast
from pathlib import Path

from parkops.testing.selection import SQLITE_RUN_ONLY, sqlite_run_only

ROOT = Path(__file__).resolve().parents[3]


def test_every_entry_names_a_test_that_exists():
    for prefix in SQLITE_RUN_ONLY:
        path, _, rest = prefix.partition("::")
        source = ROOT / path
        assert source.is_file(), f"{prefix}: no such file"
        if rest:
            names = {
                node.name
                for node in ast.walk(ast.parse(source.read_text()))
                if isinstance(node, ast.FunctionDef | ast.ClassDef)
            }
            assert rest.split("::")[0] in names, f"{prefix}: no such test in {path}"


def test_a_parametrised_test_is_left_out_with_its_cases_and_nothing_else_is():
    name = "parkops/core/tests/test_isolation.py::test_list_routes_and_exports_leak_nothing"
    assert sqlite_run_only(name + "[tenant_a]")
    assert not sqlite_run_only(name + "_too[tenant_a]")
    assert not sqlite_run_only(
        "parkops/core/tests/test_isolation.py::test_object_routes_refuse_what_is_not_yours[tenant_a]"
    )
    assert sqlite_run_only(
        "parkops/core/tests/test_i18n.py::test_every_list_page_speaks_the_language_of_its_request"
    )
