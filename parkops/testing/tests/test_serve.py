"""`parkops serve`: gunicorn workers, the task queue and the MQTT ingest answer and stop together."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from parkops.accounts import api_docs
from parkops.core.pdf import font_dir
from parkops.testing.browser import _free_port


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
        return response.status, response.read()


def _documents_built_by_this_run(var_dir: Path) -> None:
    """The API documents of this code, built once for the run (``serve`` would spend some
    30 s of CPU building them again; that it builds what is missing is tested in
    ``test_api_docs``)."""
    for language, _name in settings.LANGUAGES:
        api_docs.schema_document(language)
        built = api_docs.schema_file(language, "json")
        shutil.copy(built, var_dir / "cache" / built.name)


def test_serve_answers_with_two_workers_and_stops_every_process_on_sigterm(tmp_path):
    port = _free_port()
    (tmp_path / "cache").mkdir()
    _documents_built_by_this_run(tmp_path)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "PARKOPS_VAR_DIR": str(tmp_path),
        "PARKOPS_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PARKOPS_TASKS_IMMEDIATE": "0",
        "PARKOPS_FONT_DIR": str(font_dir()),  # the PDF font converted once, shared with the tests
    }
    env.pop("PARKOPS_TESTING", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "parkops", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # collectstatic first, on a busy machine
        while True:
            try:
                status, body = get(base + "/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "parkops serve did not answer"
                time.sleep(0.5)
        assert status == 200 and b'name="password"' in body
        assert get(base + "/static/parkops/actions.js")[0] == 200  # static files are served
        processes = descendants(server.pid)
        commands = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ") for pid in processes}
        gunicorn = [pid for pid, command in commands.items() if b"gunicorn" in command]
        assert len(gunicorn) == 3, commands  # the master and two workers
        assert any(b"run_huey" in command for command in commands.values()), commands
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "API schema built" not in output  # the run's documents were served, not built again
    assert [pid for pid in processes if alive(pid)] == []
