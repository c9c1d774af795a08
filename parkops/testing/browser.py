"""Browser tests: a real ParkOps server with the demo park, driven by Playwright in Debian's
Chromium (never a downloaded browser).

Fixtures (available everywhere through the root conftest):
- ``demo_server``: base URL of a `parkops runserver` started on a fresh SQLite file with
  `parkops demo` loaded; one per test worker, each on its own copy of a demo park built once
  (``demo_template()``).
- ``browser``: a headless Chromium; ``page`` a fresh page (1280×900); ``phone_page`` 390×844.
- ``login(page, username)``: signs a demo account in (password from DEMO_PASSWORD).
- ``submit(page, button, url_glob)``: clicks a form's submit button and waits for the page it
  leads to; when the form comes back instead, the test fails with the form's errors.

``PARKOPS_TEST_CLOCK`` (an ISO date-time with offset) runs the demo server — its demo data and
every rule — at that moment: `make test-clocks` runs the journeys at a Monday morning, a
Wednesday 03:00, a Sunday 23:30 and the last evening of a month.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from parkops.core.pdf import font_dir
from parkops.testing.services import CHROMIUM_ARGS, require_chromium

DEMO_PASSWORD = os.environ.get("PARKOPS_DEMO_PASSWORD", "ParkOps-Demo-2026")
ARTIFACTS = Path(os.environ.get("PARKOPS_TEST_ARTIFACTS", "test-artifacts"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _parkops(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parkops", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,  # a loaded machine migrates and builds the demo slowly
        check=False,
    )


def _server_env(var: Path) -> dict:
    env = {
        **os.environ,
        "PARKOPS_VAR_DIR": str(var),
        "PARKOPS_DATABASE_URL": f"sqlite:///{var / 'parkops.sqlite3'}",
        "PARKOPS_TESTING": "1",
        "PARKOPS_DEBUG": "0",
        "PARKOPS_TASKS_IMMEDIATE": "1",
        "PARKOPS_FONT_DIR": str(font_dir()),  # the PDF font converted once, shared with the tests
        # The test process's audit key: the demo tests read the template's chains in-process.
        "PARKOPS_AUDIT_KEY": _audit_key(),
    }
    if os.environ.get("PARKOPS_TEST_CLOCK"):
        env["PARKOPS_CLOCK"] = os.environ["PARKOPS_TEST_CLOCK"]
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _audit_key() -> str:
    from django.conf import settings

    return settings.AUDIT_KEY.decode()


def _demo_key() -> str:
    """What the built demo park depends on: the code and data of the package (not its
    templates, which write no data), the day (demo dates count back from today) and the test
    clock."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".json", ".po", ".txt"):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    from parkops.core import clock

    digest.update(str(clock.localdate()).encode())
    digest.update(os.environ.get("PARKOPS_TEST_CLOCK", "").encode())
    digest.update(hashlib.sha256(_audit_key().encode()).digest())
    return digest.hexdigest()[:16]


def demo_template() -> Path:
    """A folder (database, uploads, keys) holding the migrated demo park, built once for all
    test workers, stages and runs with the same code on the same day: building it costs minutes
    of CPU, copying it a fraction of a second. Workers wait on a lock while one builds. The
    browser journeys serve copies of it; the demo's own tests and the crawl load its database
    into theirs (``parkops.testing.demo_db``). ``demo.out`` keeps what `parkops demo` printed."""
    root = Path(tempfile.gettempdir()) / "parkops-demo"
    root.mkdir(exist_ok=True)
    template = root / _demo_key()
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "built").exists():
            for old in root.iterdir():  # earlier code or days
                if old.is_dir() and old != template:
                    shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(template, ignore_errors=True)
            template.mkdir()
            env = _server_env(template)
            for step in (("migrate", "--noinput", "-v0"), ("demo",)):
                result = _parkops(*step, env=env)
                if result.returncode != 0:
                    pytest.fail(
                        f"parkops {' '.join(step)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False
                    )
            (template / "demo.out").write_text(result.stdout)
            (template / "built").touch()
    return template


@pytest.fixture(scope="session")
def demo_server():
    require_chromium()
    var = Path(tempfile.mkdtemp(prefix="parkops-e2e-"))
    shutil.copytree(demo_template(), var, dirs_exist_ok=True)  # each worker writes its own copy
    env = _server_env(var)
    port = _free_port()
    log = open(var / "server.log", "w")  # noqa: SIM115 (kept open for the server's lifetime)
    server = subprocess.Popen(
        [sys.executable, "-m", "parkops", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/login/", timeout=2)  # noqa: S310 (our own server)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(
                    f"the ParkOps server did not start:\n{(var / 'server.log').read_text()}", pytrace=False
                )
            time.sleep(0.3)
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _page(browser, width: int, height: int, *, mobile: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=mobile,
        has_touch=mobile,
    )
    context.set_default_timeout(30000)  # generous: CI machines are often busy
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _page(browser, 1280, 900)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, 390, 844, mobile=True)
    yield page
    context.close()


def login(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


FORM_ERRORS = ".invalid-feedback, .alert-danger, .errorlist"


def form_errors(page, button=None) -> str:
    """The error texts a page shows for its forms, and the fields of ``button``'s form that
    the browser itself refuses to submit (required, pattern …); "" if none."""
    texts = [t.strip() for t in page.locator(FORM_ERRORS).all_inner_texts()]
    if button is not None:
        from playwright.sync_api import Error

        with contextlib.suppress(Error):  # the button has gone: the page moved on
            texts += button.evaluate(
                "(b) => b.form ? [...b.form.querySelectorAll(':invalid')].filter((e) => e.name)"
                ".map((e) => `${e.name}: ${e.validationMessage}`) : []",
                timeout=1000,
            )
    return "; ".join(t for t in texts if t)


def submit(page, button, url, *, timeout: float = 30000) -> None:
    """Click ``button`` and wait for ``url`` (a glob or a compiled pattern); if the form comes
    back with errors, or the browser refuses to send it, fail with them (a journey never
    times out silently on a refused submit)."""
    from playwright.sync_api import Error

    button.click()
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        try:
            page.wait_for_url(url, timeout=500)
            return
        except Error:  # Playwright's timeout: look for errors, then wait on
            try:
                errors = form_errors(page, button)
            except Error:  # the page navigated while we read it: the submit went through
                continue
            if errors:
                pytest.fail(f"the form was refused at {page.url}: {errors}", pytrace=False)
    pytest.fail(
        f"no page {url} after submitting at {page.url}; form errors: {form_errors(page) or 'none shown'}",
        pytrace=False,
    )


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


if __name__ == "__main__":
    # `make test` builds the demo park in the background while the suites start, so that the
    # first test needing it (the crawl, the demo's tests, the journeys) finds it built or
    # nearly so instead of building it on its own worker. A failure here is reported again by
    # the test that then builds it.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    django.setup()
    print(demo_template())  # noqa: T201
