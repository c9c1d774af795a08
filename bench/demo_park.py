"""What the page benchmarks share: the demo park built in the scratch database and a test client
signed in as its administrator."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def on_demo_park(run: Callable[[Any, Any], dict]) -> dict:
    """Build the demo park, sign its administrator in, and return ``run(client, park)``."""
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment, teardown_test_environment

    from parkops.accounts.models import User
    from parkops.core.demo.context import ADMIN_USERNAME, PARK_CODE
    from parkops.core.models import Park

    setup_test_environment()  # the test client's allowed host
    # Templates name static files; a scratch run has no collected manifest to look them up in.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=storages):
            start = time.perf_counter()
            call_command("demo", stdout=io.StringIO())  # a second bench finds it built
            print(f"demo park built in {time.perf_counter() - start:.1f} s")
            client = Client()
            client.force_login(User.objects.get(username=ADMIN_USERNAME))
            return run(client, Park.objects.get(code=PARK_CODE))
    finally:
        teardown_test_environment()  # the next page bench sets it up again
