"""`make test` runs with ``--dist loadgroup`` so that the tests sharing one loaded demo park run
on one worker while the other goes on with the rest; a pytest or pytest-xdist upgrade that
stops grouping (pytest 9.2 did) would double that cost without failing anything else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GROUPED = """
import os
from pathlib import Path

import pytest


@pytest.mark.xdist_group("shared")
class TestOneGroup:
    def test_{n}_a(self):
        Path("{out}", "{n}_a").write_text(os.environ["PYTEST_XDIST_WORKER"])

    def test_{n}_b(self):
        Path("{out}", "{n}_b").write_text(os.environ["PYTEST_XDIST_WORKER"])
"""


def test_tests_of_one_xdist_group_run_on_one_worker(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    for n in range(4):  # more tests than workers: ungrouped, both workers would take some
        (tmp_path / f"test_group_{n}.py").write_text(GROUPED.format(n=n, out=out))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:cacheprovider", "-q"]
        + ["-n", "2", "--dist", "loadgroup", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {path.name: path.read_text() for path in sorted(Path(out).iterdir())}
    assert len(workers) == 8, workers
    assert len(set(workers.values())) == 1, workers
