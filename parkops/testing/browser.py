"""Browser tests: a real ParkOps server with the demo park, driven by Playwright in Debian's
Chromium (never a downloaded browser).

Fixtures (available everywhere through the root conftest):
- ``demo_server``: base URL of a `parkops runserver` started on a fresh SQLite file with
  `parkops demo` loaded; one per test worker.
- ``browser``: a headless Chromium; ``page`` a fresh page (1280×900); ``phone_page`` 390×844.
- ``login(page, username)``: signs a demo account in (password from DEMO_PASSWORD).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

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
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_server():
    require_chromium()
    var = Path(tempfile.mkdtemp(prefix="parkops-e2e-"))
    env = {
        **os.environ,
        "PARKOPS_VAR_DIR": str(var),
        "PARKOPS_DATABASE_URL": f"sqlite:///{var / 'parkops.sqlite3'}",
        "PARKOPS_TESTING": "1",
        "PARKOPS_DEBUG": "0",
        "PARKOPS_TASKS_IMMEDIATE": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for step in (("migrate", "--noinput", "-v0"), ("demo", "--quiet")):
        result = _parkops(*step, env=env)
        if result.returncode != 0:
            pytest.fail(f"parkops {' '.join(step)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
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


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
