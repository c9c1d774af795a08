"""`python -m proof` (`make proof`): build the demo park on a scratch database (PostgreSQL when
PARKOPS_PROOF_DATABASE_URL names one, else SQLite), run it under `parkops serve`, run the suites,
print one line per figure and write them to var/proof/report.json as a list of
{"suite", "figure", "value", "must_be_zero"}. Exits 1 when a must-be-zero figure is not zero.

Every figure is measured in this run. Each suite beyond the built-in ones (the deploy check, the
backup drill, audit tampering) is a module `proof/suites/s<NN>_<name>.py` holding
`SUITE = "<NN> <title>"` and `run(proof, ctx)`; they run in the order of their names against the
served demo park (`ctx`: a `Context`). Suites of issue 15 not built yet are listed in the report
with the value null (and never counted as passing).

`PARKOPS_PROOF_SIZE=ci` (what `.ci/run` uses) shrinks the sampled suites to fit CI; `full` (the
default) runs them at the sizes of issue 15. `PARKOPS_PROOF_SUITES=7,9` runs only the suites
of those numbers (5, 6 and 10 name the built-in ones), for working on one suite; such a run
says so in its last line and never counts as the proof.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "var" / "proof" / "report.json"
NOT_YET = {
    "1 authorisation matrix": "every page and API route × role × scope",
    "2 cross-tenant writes": "forms, API and imports into another park or enterprise",
    "3 personal data": "unmasked personal fields to roles not entitled",
    "4 API keys": "read-only, expired and revoked keys",
    "7 schemathesis": "generated cases against /api/schema/",
    "8 faults": "broker killed, database restarted during ingest and forms",
    "9 load": "locust, 50 users, p50/p95/p99",
    "11 fuzzing": "importers and the telemetry parser",
    "12 mutation testing": "rule modules",
}


@dataclass
class Context:
    """What a suite gets: the served park and the environment of its processes."""

    env: dict  # for `parkops(...)` and for Django processes on the proof database
    base: str  # the URL of `parkops serve`, e.g. http://127.0.0.1:40123
    scratch: Path  # a scratch folder removed at the end of the run
    database_url: str
    size: str  # "ci" or "full"

    @property
    def full(self) -> bool:
        return self.size != "ci"


def chosen() -> set[str] | None:
    """The suite numbers PARKOPS_PROOF_SUITES names, or None for all."""
    named = os.environ.get("PARKOPS_PROOF_SUITES", "").replace(" ", "")
    return set(named.split(",")) if named else None


def wanted(suite: str) -> bool:
    numbers = chosen()
    return numbers is None or suite.split(" ", 1)[0] in numbers


def suite_modules() -> list:
    """proof/suites/s<NN>_*.py, in the order of their names (those chosen)."""
    from proof import suites

    names = sorted(m.name for m in pkgutil.iter_modules(suites.__path__) if m.name.startswith("s"))
    modules = [importlib.import_module(f"proof.suites.{name}") for name in names]
    return [module for module in modules if wanted(module.SUITE)]


class Proof:
    def __init__(self) -> None:
        self.figures: list[dict] = []

    def figure(self, suite: str, figure: str, value, must_be_zero: bool = False) -> None:
        self.figures.append({"suite": suite, "figure": figure, "value": value, "must_be_zero": must_be_zero})
        flag = "  (must be 0)" if must_be_zero else ""
        print(f"{suite:<28} {figure:<52} {value}{flag}", flush=True)

    def failed(self) -> list[dict]:
        return [f for f in self.figures if f["must_be_zero"] and f["value"] != 0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parkops(*args: str, env: dict, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parkops", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def must(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if result.returncode != 0:
        sys.stderr.write(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}\n")
        raise SystemExit(2)
    return result


def postgres_database(url: str, suffix: str) -> str:
    """Create a fresh database next to ``url``'s; its URL."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'parkops_proof'}_{suffix}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parsed._replace(path=f"/{name}").geturl()


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parsed.path.lstrip("/")))
        )


def environment(scratch: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PARKOPS_TESTING")}
    env.update(
        PARKOPS_VAR_DIR=str(scratch / "var"),
        PARKOPS_DATABASE_URL=database_url,
        PARKOPS_AUDIT_KEY=env.get("PARKOPS_PROOF_AUDIT_KEY", secrets.token_urlsafe(48)),
        PARKOPS_FONT_DIR=str(ROOT / "var" / "fonts"),
        PARKOPS_TASKS_IMMEDIATE="1",
        # Suite 4's bad keys hold the harness's address back for the rest of the window: one
        # minute here (15 in production), which suite 4 waits out before the suites after it.
        PARKOPS_API_KEY_FAILURE_WINDOW_MINUTES="1",
    )
    return env


def suite_deploy_check(proof: Proof, env: dict) -> None:
    production = {
        **env,
        "PARKOPS_DEBUG": "0",
        "PARKOPS_HTTPS": "1",
        "PARKOPS_SECRET_KEY": secrets.token_urlsafe(50),
        "PARKOPS_ALLOWED_HOSTS": "park.example.cn",
    }
    result = parkops("check", "--deploy", env=production)
    output = result.stdout + result.stderr
    match = re.search(r"identified (\d+) issues?", output)
    warnings = int(match[1]) if match else (0 if "no issues" in output else -1)
    proof.figure("6 check --deploy", "warnings with production settings", warnings, must_be_zero=True)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
            response.read()
            return response.status
    except Exception:  # noqa: BLE001 (a failed request is counted, whatever it was)
        return 0


def suite_backup_drill(proof: Proof, env: dict, base: str, scratch: Path, database_url: str) -> str:
    """Backup under load, restore into an empty database, verify; the restored URL."""
    stop = threading.Event()
    answers: list[int] = []

    def load() -> None:
        while not stop.is_set():
            answers.append(get(base + "/login/"))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    archive = scratch / "backup.tar"
    started = time.monotonic()
    result = parkops("backup", "--out", str(archive), env=env)
    backup_seconds = time.monotonic() - started
    stop.set()
    for thread in threads:
        thread.join()
    proof.figure("10 backup/restore", "backup failures (taken under load)", int(result.returncode != 0), True)
    proof.figure("10 backup/restore", "requests answered during the backup", sum(a == 200 for a in answers))
    proof.figure(
        "10 backup/restore", "requests failed during the backup", sum(a != 200 for a in answers), True
    )
    proof.figure("10 backup/restore", "backup seconds", round(backup_seconds, 1))
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        return ""
    restored_url = (
        postgres_database(database_url, "restored")
        if database_url.startswith("postgres")
        else f"sqlite:///{scratch / 'restored' / 'parkops.sqlite3'}"
    )
    (scratch / "restored").mkdir(exist_ok=True)
    restored_env = {**env, "PARKOPS_VAR_DIR": str(scratch / "restored"), "PARKOPS_DATABASE_URL": restored_url}
    started = time.monotonic()
    restore = parkops("restore", str(archive), env=restored_env)
    seconds = time.monotonic() - started
    proof.figure("10 backup/restore", "restore or verification failures", int(restore.returncode != 0), True)
    proof.figure("10 backup/restore", "seconds to restore and verify", round(seconds, 1))
    rows = re.search(r"restored: (\d+) tables, (\d+) rows and (\d+) files", restore.stdout)
    audit = re.search(r"ok: (\d+) entries", restore.stdout)
    proof.figure("10 backup/restore", "rows restored and matching the manifest", int(rows[2]) if rows else 0)
    proof.figure("10 backup/restore", "audit entries verified after restore", int(audit[1]) if audit else 0)
    if restore.returncode != 0:
        sys.stderr.write(restore.stderr)
    again = parkops("restore", str(archive), env=restored_env)
    proof.figure(
        "10 backup/restore", "restores accepted into a non-empty database", int(again.returncode == 0), True
    )
    return restored_url if restore.returncode == 0 else ""


def suite_tamper(proof: Proof, env: dict, restored_url: str, scratch: Path) -> None:
    if not restored_url:
        proof.figure("5 audit tampering", "suite not run (no restored copy)", 1, True)
        return
    copy_env = {**env, "PARKOPS_VAR_DIR": str(scratch / "restored"), "PARKOPS_DATABASE_URL": restored_url}
    result = subprocess.run(
        [sys.executable, "-m", "proof.tamper"],
        env=copy_env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        proof.figure("5 audit tampering", "suite errors", 1, True)
        return
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    proof.figure("5 audit tampering", "tamperings injected into a copy of a chain", figures["injected"])
    proof.figure("5 audit tampering", "detected at the exact entry", figures["detected_exact"])
    proof.figure(
        "5 audit tampering",
        "missed or reported at another entry",
        figures["injected"] - figures["detected_exact"],
        True,
    )
    proof.figure("5 audit tampering", "false alarms on the clean chains", figures["false_alarms"], True)


def main() -> int:
    proof = Proof()
    modules = suite_modules()
    scratch = Path(tempfile.mkdtemp(prefix="parkops-proof-"))
    named = os.environ.get("PARKOPS_PROOF_DATABASE_URL", "")
    database_url = (
        postgres_database(named, uuid.uuid4().hex[:6])
        if named.startswith("postgres")
        else f"sqlite:///{scratch / 'var' / 'parkops.sqlite3'}"
    )
    (scratch / "var").mkdir()
    env = environment(scratch, database_url)
    server = None
    restored_url = ""
    try:
        started = time.monotonic()
        must(parkops("migrate", "--noinput", "-v0", env=env), "migrate")
        must(parkops("demo", "--quiet", env=env), "the demo park")
        proof.figure(
            "0 set-up",
            f"demo park built on {urlparse(database_url).scheme} (s)",
            round(time.monotonic() - started, 1),
        )
        port = free_port()
        log = open(scratch / "serve.log", "w")  # noqa: SIM115 (kept open for the server's lifetime)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "parkops",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-mqtt",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while get(base + "/login/") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.stderr.write((scratch / "serve.log").read_text()[-3000:])
                raise SystemExit(2)
            time.sleep(0.5)
        if wanted("6 check --deploy"):
            suite_deploy_check(proof, env)
        context = Context(env, base, scratch, database_url, os.environ.get("PARKOPS_PROOF_SIZE", "full"))
        for module in modules:
            started = time.monotonic()
            try:
                module.run(proof, context)
            except Exception as exc:  # noqa: BLE001 (a suite that breaks is a failed figure, not a crash)
                import traceback

                traceback.print_exc()
                proof.figure(module.SUITE, f"suite errors ({type(exc).__name__})", 1, True)
            proof.figure(module.SUITE, "suite seconds", round(time.monotonic() - started, 1))
        if wanted("10 backup/restore") or wanted("5 audit tampering"):
            restored_url = suite_backup_drill(proof, env, base, scratch, database_url)
        if wanted("5 audit tampering"):
            suite_tamper(proof, env, restored_url, scratch)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        for url in (database_url, restored_url):
            if url.startswith("postgres"):
                drop_postgres(url)
        shutil.rmtree(scratch, ignore_errors=True)
    built = {module.SUITE for module in modules}
    for suite, what in NOT_YET.items():
        if suite not in built and chosen() is None:
            proof.figure(suite, f"not built yet ({what})", None)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(proof.figures, ensure_ascii=False, indent=1))
    failed = proof.failed()
    partial = f" (only suites {os.environ['PARKOPS_PROOF_SUITES']}: not the proof)" if chosen() else ""
    print(f"proof: {len(proof.figures)} figures, {len(failed)} must-be-zero not zero -> {REPORT}{partial}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
