"""What several suites share: API keys from the command line, the demo park's logins, and
Django code run in a process of its own on the proof database (the harness itself never sets
Django up: it only starts processes and reads their figures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PARK = "DEMO"  # parkops.core.demo.context.PARK_CODE
PASSWORD = "ParkOps-Demo-2026"  # parkops.core.demo.context.DEFAULT_PASSWORD (make proof builds with it)


class SuiteFailed(Exception):
    """A step a suite depends on failed; its output says why."""


def api_key(ctx, *, name: str, write: bool, days: int = 1, env: dict | None = None) -> str:
    """A new key of the demo park's integration account (``parkops apikey create``), on the
    proof database or the one ``env`` names."""
    args = [sys.executable, "-m", "parkops", "apikey", "create", "--park", PARK, "--name", name]
    args += ["--days", str(days), *(["--write"] if write else [])]
    done = subprocess.run(args, env=env or ctx.env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise SuiteFailed(f"apikey create: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def django_figures(ctx, module: str, *args: str, env: dict | None = None, timeout: int = 1800) -> dict:
    """Run ``python -m module args`` (Django code) on the proof database; the JSON object it
    prints on its last line. Its stderr is passed through, so a failure names its cause."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env or ctx.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.stderr:
        sys.stderr.write(done.stderr[-6000:])
    if done.returncode != 0 or not done.stdout.strip():
        raise SuiteFailed(f"{module} exited {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])
