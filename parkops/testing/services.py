"""Real services for tests: PostgreSQL, MQTT and Chromium are used where present; where
absent the test is skipped with what to install, or fails when PARKOPS_REQUIRE_SERVICES=1."""

from __future__ import annotations

import os
import shutil
import socket

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("PARKOPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what: str, hint: str) -> None:
    message = f"{what} is not available: {hint}"
    if settings.REQUIRE_SERVICES or os.environ.get("PARKOPS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"PARKOPS_REQUIRE_SERVICES=1 and {message}", pytrace=False)
    pytest.skip(message)


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing("Chromium", "install Debian's package: apt-get install chromium (never a downloaded browser)")
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


def require_postgres_settings() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing("PostgreSQL", "run with PARKOPS_DATABASE_URL=postgresql://… (make test does: see Makefile)")


def mqtt_address() -> tuple[str, int]:
    from urllib.parse import urlparse

    url = urlparse(os.environ.get("PARKOPS_TEST_MQTT_URL", "mqtt://127.0.0.1:1883"))
    return url.hostname or "127.0.0.1", url.port or 1883


def require_mqtt() -> tuple[str, int]:
    host, port = mqtt_address()
    if not port_open(host, port):
        missing("MQTT broker", f"start Mosquitto on {host}:{port} (apt-get install mosquitto)")
    return host, port
