"""One account lock for every way in: the sign-in form, the change-password form, sessions
already open and the account's API keys; and a per-address brake on invalid API keys.

An account is locked while django-axes counts AXES_FAILURE_LIMIT failures for its username
within the cool-off time; an administrator unlocks it with ``parkops axes_reset_username``
(or it unlocks itself when the cool-off ends).
"""

from __future__ import annotations

import math
import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache

from parkops.core.middleware import client_ip


def _django_request(request):
    # DRF wraps the HttpRequest; axes marks attributes on the real one.
    return getattr(request, "_request", request)


def is_locked(request, username: str) -> bool:
    """Whether the account ``username`` is locked out now."""
    return AxesProxyHandler.is_locked(_django_request(request), {"username": username})


def record_failure(request, username: str) -> bool:
    """Count a failed proof of identity (a wrong password anywhere) against ``username``, as
    a failed sign-in is counted; returns whether the account is now locked."""
    django_request = _django_request(request)
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=django_request)
    return bool(getattr(django_request, "axes_locked_out", False)) or is_locked(django_request, username)


# --- Invalid API keys, per client address --------------------------------------------------


def _key_failure_bucket(request) -> tuple[str, int]:
    """The cache key of this address's current window and the seconds left in it."""
    window = settings.API_KEY_FAILURE_WINDOW_SECONDS
    now = time.time()
    started = int(now // window)
    address = client_ip(_django_request(request)) or "unknown"
    left = max(1, math.ceil((started + 1) * window - now))
    return f"parkops:api-key-failures:{address}:{started}", left


def invalid_key_retry_after(request) -> int | None:
    """Seconds until this address may try keys again, or None if it is not held back."""
    bucket, left = _key_failure_bucket(request)
    if (cache.get(bucket) or 0) >= settings.API_KEY_FAILURE_LIMIT:
        return left
    return None


def record_invalid_key(request) -> None:
    bucket, left = _key_failure_bucket(request)
    # add() starts the count atomically; incr() is atomic on Redis and per process locally.
    cache.add(bucket, 0, timeout=left + 1)
    try:
        cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.add(bucket, 1, timeout=left + 1)
