"""What the security suites share: signing in to the served park as a person does (the login
form, its CSRF token), API keys made with `parkops apikey`, the Django-side answers of
proof/inside.py, and reading an answer's text (pages, JSON and Excel alike)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEMO_PASSWORD = "ParkOps-Demo-2026"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
THREADS = 4  # two server workers, and the other side of each request waiting


def inside(ctx, command: str, *args: str) -> dict:
    """Run proof/inside.py COMMAND on the proof database; its JSON answer."""
    out = ctx.scratch / f"inside-{command}-{threading.get_ident()}.json"
    result = subprocess.run(
        [sys.executable, "-m", "proof.inside", command, str(out), *args],
        env=ctx.env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=1800,
    )
    if result.returncode != 0:
        raise RuntimeError(f"proof.inside {command} failed:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


_north: dict = {}


def second_park(ctx) -> dict:
    """The second operator's park and its logins (made once per run)."""
    if not _north:
        _north.update(inside(ctx, "second-park"))
    return _north


_plans: dict = {}


def plan(ctx) -> dict:
    """The routes × logins × scopes plan (proof/inside.py ``plan``), made once per run: the
    suites that come later may change names (XSS probes), never which rows exist."""
    if not _plans:
        _plans.update(inside(ctx, "plan", "200" if ctx.full else "40"))
    return _plans


def password_of(ctx, username: str) -> str:
    return second_park(ctx)["password"] if username.startswith("north_") else DEMO_PASSWORD


def csrf_of(html: str) -> str:
    match = CSRF_INPUT.search(html)
    return match[1] if match else ""


def login(base: str, username: str, password: str, headers: dict | None = None) -> requests.Session:
    """A session signed in through /login/ (raises if the sign-in is refused)."""
    session = requests.Session()
    if headers:
        session.headers.update(headers)
    answer = try_login(session, base, username, password)
    if answer.status_code != 302 or "/login/" in answer.headers.get("Location", "/login/"):
        raise RuntimeError(f"{username} could not sign in: {answer.status_code}")
    return session


def try_login(session: requests.Session, base: str, username: str, password: str) -> requests.Response:
    page = session.get(base + "/login/", timeout=60)
    return session.post(
        base + "/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_of(page.text)},
        headers={"Referer": base + "/login/"},
        allow_redirects=False,
        timeout=60,
    )


def csrf_token(session: requests.Session) -> str:
    return session.cookies.get("csrftoken", "")


def apikey(ctx, *args: str) -> tuple[str, str]:
    """(prefix, key) of a key made with `parkops apikey create ARGS`."""
    from proof.__main__ import must, parkops

    result = must(parkops("apikey", "create", *args, env=ctx.env), "parkops apikey create")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    prefix = re.search(r"key (\S+) for", result.stdout)[1]
    return prefix, lines[-1].strip()


def text_of(response: requests.Response) -> str:
    """The text a reader receives: a workbook's cells, or the body."""
    if response.headers.get("Content-Type", "").startswith(XLSX):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(response.content), read_only=True)
        except Exception:  # noqa: BLE001 (not a workbook after all: its bytes)
            return response.content.decode("utf-8", errors="replace")
        return "\n".join(
            str(c)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c is not None
        )
    return response.content.decode("utf-8", errors="replace")


def visible_text(body: str) -> str:
    """The text of markup without its tags (ASCII markers collide with attribute values)."""
    return re.sub(r"<[^>]+>", " ", body)


def leaks(body: str, markers) -> list[str]:
    """The markers in ``body``: Chinese ones anywhere, ASCII ones (codes, usernames) as whole
    words of the text outside tags (``admin`` is not in ``north_admin``)."""
    text = visible_text(body)
    found = []
    for m in markers:
        if m.isascii():
            if m in text and re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text):
                found.append(m)
        elif m in body:
            found.append(m)
    return found


class Pool:
    """Sessions cloned per thread, so several requests of one user run at once."""

    def __init__(self, threads: int = THREADS) -> None:
        self.executor = ThreadPoolExecutor(max_workers=threads)
        self.local = threading.local()

    def _clone(self, session: requests.Session) -> requests.Session:
        cache = getattr(self.local, "sessions", None)
        if cache is None:
            cache = self.local.sessions = {}
        clone = cache.get(id(session))
        if clone is None:
            clone = requests.Session()
            clone.headers.update(session.headers)
            clone.cookies.update(session.cookies)
            cache[id(session)] = clone
        return clone

    def map(self, fn, tasks):
        """fn(session_clone, *task[1:]) for each task (session, ...)."""

        def run(task):
            return fn(self._clone(task[0]) if task[0] is not None else requests.Session(), *task[1:])

        return list(self.executor.map(run, tasks))

    def close(self) -> None:
        self.executor.shutdown(wait=True)


def get(session: requests.Session, url: str, **kwargs) -> requests.Response | None:
    try:
        return session.get(url, allow_redirects=False, timeout=120, **kwargs)
    except requests.RequestException:
        return None


def refused(response: requests.Response | None) -> bool:
    """403/404/401/405, or sent to the login page: the answer of a route that is not yours."""
    if response is None:
        return False
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code in (301, 302) and "/login/" in response.headers.get("Location", "")
