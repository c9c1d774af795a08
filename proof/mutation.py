"""Mutation testing of the rule modules with cosmic-ray (suite 12 of `make proof`).

Each rule module is mutated alone, and each mutant runs only the tests that cover that module
(`MODULES`), on SQLite, in a scratch copy of the sources: cosmic-ray writes every mutant into
the file it mutates, so it never works on the checkout. Every run reuses one test database
per worker, built once and copied back before each mutant (a mutant may write anything), so
a mutant costs the tests' own time and not the migrations'.

cosmic-ray counts a mutant as killed when the test command exits non-zero, whatever the
reason; so the unmutated tests of every module run first (the baseline) and a module whose
baseline fails is a tool error, never a wall of killed mutants.

`python -m proof.mutation [--size ci|full] [--module PATH ...] [--workers N]` runs it alone
and writes var/proof/mutation.json; `python -m proof.mutation pytest ...` is the test command
cosmic-ray runs for each mutant (it restores the worker's database, then runs pytest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "proof" / "mutation.json"
SEED = 15  # the number: the ci sample is the same on every run of the same code
CI_SAMPLE = 1  # mutants per module at size "ci"
MARKERS = "not postgres and not browser and not single_db and not mqtt and not reliability"

# Module -> the test files that cover it. A module's mutants run these and nothing else.
MODULES: dict[str, list[str]] = {
    # The restriction point: every read and write right of every model.
    # (test_isolation.py, every route for every outsider, is the proof of suite 1, not a test
    # to run per mutant: minutes each.)
    "parkops/core/scope.py": ["parkops/core/tests/test_scope.py", "parkops/core/tests/test_scope_rules.py"],
    "parkops/core/models.py": [
        "parkops/core/tests/test_scope.py",
        "parkops/core/tests/test_scope_rules.py",
        "parkops/core/tests/test_experience_and_planned_use.py",  # the models' clean() rules
    ],
    # The panel scorer and the engine.
    "parkops/assessment/panel.py": ["parkops/assessment/tests/test_panel.py"],
    "parkops/assessment/engine.py": ["parkops/assessment/tests/test_engine.py"],
    # How each domain answers the standard's rows.
    "parkops/assessment/evidence.py": [
        "parkops/assessment/tests/test_engine.py",
        "parkops/assessment/tests/test_service_system_rows.py",
    ],
    "parkops/brand/evidence.py": ["parkops/brand/tests/test_brand.py"],
    "parkops/core/evidence.py": ["parkops/core/tests/test_experience_and_planned_use.py"],
    "parkops/datagov/evidence.py": ["parkops/datagov/tests/test_open_data.py"],
    "parkops/energy/evidence.py": ["parkops/energy/tests/test_evidence_and_pages.py"],
    "parkops/engineering/evidence.py": [
        "parkops/engineering/tests/test_evidence_and_pages.py",
        "parkops/engineering/tests/test_row_26_fidelity.py",
    ],
    "parkops/enterprise/evidence.py": ["parkops/enterprise/tests/test_evidence.py"],
    "parkops/environment/evidence.py": [
        "parkops/environment/tests/test_records.py",
        "parkops/environment/tests/test_waste_facilities.py",
    ],
    "parkops/fees/evidence.py": ["parkops/fees/tests/test_bills.py"],
    "parkops/improvement/evidence.py": [
        "parkops/improvement/tests/test_fidelity.py",
        "parkops/improvement/tests/test_improvement.py",
    ],
    "parkops/incubation/evidence.py": ["parkops/incubation/tests/test_incubation.py"],
    "parkops/insight/evidence.py": ["parkops/insight/tests/test_evidence.py"],
    "parkops/investment/evidence.py": [
        "parkops/investment/tests/test_evidence.py",
        "parkops/investment/tests/test_archive_proportion.py",
    ],
    "parkops/publicservice/evidence.py": ["parkops/publicservice/tests/test_publicservice.py"],
    "parkops/safety/evidence.py": [
        "parkops/safety/tests/test_evidence.py",
        "parkops/safety/tests/test_row_fidelity.py",
    ],
    "parkops/service/evidence.py": ["parkops/service/tests/test_surveys.py"],
    "parkops/spaces/evidence.py": [
        "parkops/spaces/tests/test_evidence_and_pages.py",
        "parkops/spaces/tests/test_planned_use.py",
    ],
    # Guards in services and models.
    "parkops/core/services.py": [
        "parkops/core/tests/test_scope.py",
        "parkops/core/tests/test_scope_rules.py",
    ],
    "parkops/core/workflow.py": ["parkops/core/tests/test_workflow.py"],
    "parkops/audit/chain.py": ["parkops/audit/tests/test_chain.py", "parkops/audit/tests/test_keyed.py"],
    "parkops/safety/models.py": [
        "parkops/safety/tests/test_hazards.py",
        "parkops/safety/tests/test_registers.py",
    ],
    "parkops/service/selectors.py": ["parkops/service/tests/test_surveys.py"],
    "parkops/investment/services.py": ["parkops/investment/tests/test_leases.py"],
    "parkops/spaces/services.py": ["parkops/spaces/tests/test_bookings.py"],
}

# Operators left out: the exotic arithmetic swaps (a `+` becoming `<<` or `**` tells nothing a
# `+` becoming `-` does not), identity swaps of ordering comparisons (`<` to `is`), and the
# variable replacer/inserter (random names: not reproducible across runs).
EXCLUDED_OPERATORS = re.compile(
    r"ReplaceBinaryOperator_\w+_(Pow|RShift|LShift|BitOr|BitAnd|BitXor|FloorDiv|Mod)$"
    r"|ReplaceBinaryOperator_(Pow|RShift|LShift|BitOr|BitAnd|BitXor|FloorDiv|Mod)_"
    r"|ReplaceComparisonOperator_(Lt|LtE|Gt|GtE)_(Is|IsNot)$"
    r"|ReplaceComparisonOperator_(Is|IsNot)_(Lt|LtE|Gt|GtE)$"
    r"|VariableReplacer|VariableInserter"
)


@dataclass
class ModuleResult:
    module: str
    tests: list[str]
    generated: int = 0  # mutants cosmic-ray can make of the module (kept operators)
    run: int = 0
    killed: int = 0
    survived: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the tool's, not the mutants'
    baseline_seconds: float = 0.0
    seconds: float = 0.0

    def as_json(self) -> dict:
        return {
            "module": self.module,
            "tests": self.tests,
            "mutants_generated": self.generated,
            "mutants_run": self.run,
            "killed": self.killed,
            "survived": len(self.survived),
            "survivors": self.survived,
            "tool_errors": self.errors,
            "baseline_seconds": round(self.baseline_seconds, 1),
            "seconds": round(self.seconds, 1),
        }


def digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def scratch_copy(dest: Path) -> Path:
    """The sources, test set-up and proof package in ``dest`` (no .git, var or node_modules)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", "static/parkops/dist")
    shutil.copytree(ROOT / "parkops", dest / "parkops", ignore=ignore)
    shutil.copytree(ROOT / "proof", dest / "proof", ignore=ignore)
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "mutation_settings.py").write_text(
        "import os\n\nfrom parkops.settings import *  # noqa: F403\n\n"
        'DATABASES["default"]["TEST"] = {"NAME": os.environ["PARKOPS_MUTATION_TEST_DB"]}  # noqa: F405\n'
    )
    return dest


def base_env() -> dict:
    """The environment of every test process: SQLite, the scratch settings, one audit key."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "PARKOPS_DATABASE_URL", "PARKOPS_TEST_RUN", "PYTEST_ADDOPTS")
    }
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="mutation_settings",
        PARKOPS_AUDIT_KEY=secrets.token_urlsafe(48),
        PARKOPS_MUTATION_TEST_DB="unused",
    )
    return env


def template_key() -> str:
    """What the migrated database depends on: the migrations, the data they load, the settings."""
    paths = [
        *ROOT.glob("parkops/*/migrations/*.py"),
        *(p for p in ROOT.glob("parkops/*/data/**/*") if p.is_file()),
        ROOT / "parkops" / "settings.py",
    ]
    return digest(paths)[:16]


def build_template(base: Path, env: dict) -> tuple[Path | None, str]:
    """A test database after the migrations (the named world is built by each test run, as in
    `make test`), kept in var/proof/ under the digest of what it depends on; (path, error)."""
    cached = OUT.parent / f"mutation-template-{template_key()}.sqlite3"
    if cached.exists():
        return cached, ""
    source = scratch_copy(base / "template")
    building = base / "template.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"],
        cwd=source,
        env={
            **env,
            "PYTHONPATH": str(source),
            "PARKOPS_TESTING": "1",
            "PARKOPS_DATABASE_URL": f"sqlite:///{building}",
            "PARKOPS_VAR_DIR": str(base / "template-var"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not building.exists():
        return None, f"migrations failed: {result.stdout[-1500:]}{result.stderr[-1500:]}"
    with sqlite3.connect(building) as db:  # one self-contained file: no write-ahead log beside it
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    for old in OUT.parent.glob("mutation-template-*.sqlite3"):
        old.unlink()
    shutil.copy2(building, cached)
    return cached, ""


class Worker:
    """One scratch copy with its own test database; runs modules one after another."""

    def __init__(self, base: Path, index: int, env: dict) -> None:
        self.dir = scratch_copy(base / f"worker{index}")
        self.db = self.dir / "test.sqlite3"
        self.template = self.dir / "template.sqlite3"
        self.env = {
            **env,
            "PYTHONPATH": str(self.dir),
            "PARKOPS_VAR_DIR": str(self.dir / "var"),
            "PARKOPS_MUTATION_TEST_DB": str(self.db),
            "PARKOPS_MUTATION_TEMPLATE": str(self.template),
        }

    def test_command(self, tests: list[str]) -> list[str]:
        return [sys.executable, "-m", "proof.mutation", "pytest", *tests]

    def run(self, args: list[str], timeout: float | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )

    def prepare(self, template: Path) -> None:
        """The worker's pristine test database: a copy of the migrated template."""
        shutil.copy2(template, self.template)

    def mutate(
        self, module: str, tests: list[str], size: str, sample: int, baselines: dict, lock: threading.Lock
    ) -> ModuleResult:
        from cosmic_ray.work_db import WorkDB, use_db
        from cosmic_ray.work_item import WorkerOutcome, WorkResult

        result = ModuleResult(module, tests)
        started = time.monotonic()
        key = tuple(tests)
        with lock:
            key_lock = baselines.setdefault(("lock", key), threading.Lock())
        with key_lock:  # modules sharing their tests share one baseline, run once
            known = baselines.get(key)
            if known is None:
                # The unmutated tests first: they must pass, or every mutant would count as killed.
                baseline = self.run(self.test_command(tests), timeout=1800)
                known = time.monotonic() - started
                if baseline.returncode != 0:
                    failed = f"baseline failed: {baseline.stdout[-2000:]}{baseline.stderr[-1000:]}"
                    baselines[key] = failed
                else:
                    baselines[key] = known
                known = baselines[key]
        if isinstance(known, str):
            result.errors.append(known)
            result.seconds = time.monotonic() - started
            return result
        result.baseline_seconds = known
        timeout = max(120, int(result.baseline_seconds * 4))
        name = module.replace("/", "_").removesuffix(".py")
        config = self.dir / f"{name}.toml"
        session = self.dir / f"{name}.sqlite"
        command = " ".join(self.test_command(tests))
        config.write_text(
            "[cosmic-ray]\n"
            f'module-path = "{module}"\n'
            f"timeout = {timeout}\n"
            "excluded-modules = []\n"
            f'test-command = "{command}"\n'
            "[cosmic-ray.distributor]\n"
            'name = "local"\n'
        )
        init = self.run([sys.executable, "-m", "cosmic_ray.cli", "init", str(config), str(session)])
        if init.returncode != 0:
            result.errors.append(f"cosmic-ray init failed: {init.stderr[-2000:]}")
            return result
        with use_db(str(session), WorkDB.Mode.open) as db:
            items = sorted(
                db.work_items,
                key=lambda w: (
                    w.mutations[0].start_pos,
                    w.mutations[0].operator_name,
                    w.mutations[0].occurrence,
                ),
            )
            kept = [w for w in items if not EXCLUDED_OPERATORS.search(w.mutations[0].operator_name)]
            result.generated = len(kept)
            chosen = (
                kept
                if size == "full"
                else random.Random(f"{SEED}:{module}").sample(kept, min(sample, len(kept)))  # noqa: S311 (a reproducible sample, not a secret)
            )
            chosen_ids = {w.job_id for w in chosen}
            skipped = [w.job_id for w in items if w.job_id not in chosen_ids]
            if skipped:
                db.set_multiple_results(skipped, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
        execute = self.run(
            [sys.executable, "-m", "cosmic_ray.cli", "exec", str(config), str(session)],
            timeout=timeout * (len(chosen) + 1) + 60,
        )
        if execute.returncode != 0:
            result.errors.append(f"cosmic-ray exec failed: {execute.stderr[-2000:]}")
        with use_db(str(session), WorkDB.Mode.open) as db:
            for item, outcome in db.completed_work_items:
                if item.job_id not in chosen_ids:
                    continue
                mutation = item.mutations[0]
                if outcome.worker_outcome != WorkerOutcome.NORMAL:
                    result.errors.append(
                        f"{module}:{mutation.start_pos[0]} {mutation.operator_name}: {outcome.worker_outcome} "
                        f"{(outcome.output or '')[-500:]}"
                    )
                    continue
                result.run += 1
                if outcome.is_killed:
                    result.killed += 1
                else:
                    result.survived.append(survivor(module, mutation, outcome.diff or ""))
            missing = (
                len(chosen_ids) - result.run - len([e for e in result.errors if e.startswith(module + ":")])
            )
            if missing > 0:
                result.errors.append(f"{missing} chosen mutants never ran")
        result.survived.sort(key=lambda s: (s["line"], s["operator"]))
        result.seconds = time.monotonic() - started
        return result


def survivor(module: str, mutation, diff: str) -> dict:
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return {
        "at": f"{module}:{mutation.start_pos[0]}",
        "line": mutation.start_pos[0],
        "operator": mutation.operator_name.removeprefix("core/"),
        "in": mutation.definition_name,
        "mutation": " | ".join(line.strip() for line in changed)[:300],
    }


def run(
    size: str = "ci",
    modules: list[str] | None = None,
    workers: int = 2,
    sample: int = CI_SAMPLE,
    out: Path = OUT,
) -> dict:
    """Mutate the modules; the report (also written to var/proof/mutation.json)."""
    names = modules or list(MODULES)
    sources = [ROOT / name for name in names]
    before = digest(sources)
    base = Path(tempfile.mkdtemp(prefix="parkops-mutation-"))
    started = time.monotonic()
    results: list[ModuleResult] = []
    prepare_errors: list[str] = []
    baselines: dict = {}  # test files -> seconds (or why the unmutated tests failed)
    try:
        env = base_env()
        template, error = build_template(base, env)
        if template is None:
            prepare_errors.append(error)
        pool = [Worker(base, i, env) for i in range(workers)] if template else []
        queue = list(names)
        lock = threading.Lock()

        def work(worker: Worker) -> None:
            worker.prepare(template)
            while True:
                with lock:
                    if not queue:
                        return
                    module = queue.pop(0)
                try:
                    outcome = worker.mutate(module, MODULES[module], size, sample, baselines, lock)
                except Exception as exc:  # noqa: BLE001 (a module that breaks the tool is counted, not fatal)
                    outcome = ModuleResult(module, MODULES[module], errors=[f"{type(exc).__name__}: {exc}"])
                with lock:
                    results.append(outcome)
                    print(
                        f"  {module}: {outcome.killed}/{outcome.run} killed, {len(outcome.survived)} survived"
                        f"{', tool errors ' + str(len(outcome.errors)) if outcome.errors else ''}"
                        f" ({outcome.seconds:.0f} s)",
                        file=sys.stderr,
                        flush=True,
                    )

        threads = [threading.Thread(target=work, args=(w,)) for w in pool]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    results.sort(key=lambda r: names.index(r.module))
    done = {r.module for r in results}
    report = {
        "size": size,
        "seed": SEED,
        "sample_per_module": None if size == "full" else sample,
        "excluded_operators": EXCLUDED_OPERATORS.pattern,
        "seconds": round(time.monotonic() - started, 1),
        "sources_left_mutated": int(digest(sources) != before),
        "prepare_errors": prepare_errors,
        "modules_not_run": [m for m in names if m not in done],
        "modules": [r.as_json() for r in results],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return report


def pytest_command(tests: list[str]) -> int:
    """What cosmic-ray runs per mutant: the worker's pristine test database back, then pytest
    on the module's tests, stopping at the first failure."""
    shutil.copy2(os.environ["PARKOPS_MUTATION_TEMPLATE"], os.environ["PARKOPS_MUTATION_TEST_DB"])
    for suffix in ("-wal", "-shm"):
        Path(os.environ["PARKOPS_MUTATION_TEST_DB"] + suffix).unlink(missing_ok=True)
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
        "-q",
        "-x",
        "--reuse-db",
        "-m",
        MARKERS,
        *tests,
    ]
    return subprocess.run(args, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["pytest"]:
        return pytest_command(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m proof.mutation")
    parser.add_argument("--size", choices=("ci", "full"), default=os.environ.get("PARKOPS_PROOF_SIZE", "ci"))
    parser.add_argument("--module", action="append", help="a module of MODULES (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=CI_SAMPLE, help="mutants per module at size ci")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the report (default {OUT.relative_to(ROOT)})")
    options = parser.parse_args(argv)
    unknown = [m for m in options.module or [] if m not in MODULES]
    if unknown:
        parser.error(f"not in MODULES: {', '.join(unknown)}")
    report = run(options.size, options.module, options.workers, options.sample, options.out)
    for module in report["modules"]:
        print(
            f"{module['module']}: {module['killed']}/{module['mutants_run']} killed, {module['survived']} survived"
        )
        for s in module["survivors"]:
            print(f"    {s['at']} {s['operator']}: {s['mutation']}")
    print(f"-> {options.out} ({report['seconds']} s)")
    errors = (
        report["prepare_errors"]
        or report["modules_not_run"]
        or any(m["tool_errors"] for m in report["modules"])
    )
    return 1 if errors or report["sources_left_mutated"] else 0


if __name__ == "__main__":
    sys.exit(main())
