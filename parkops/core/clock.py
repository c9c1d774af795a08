"""The services' clock: now, or a moment in the past while loading history.

The demo's past year and imports of old records run services "as if at" a time, so the
timestamps those services set (reported, assigned, replied …) read as they happened. Audit
entries always keep the real time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_clock: ContextVar[dt.datetime | None] = ContextVar("parkops_backdate", default=None)


def now() -> dt.datetime:
    """The current time, or the time set by ``backdated``."""
    return _clock.get() or timezone.now()


@contextmanager
def backdated(at: dt.datetime) -> Iterator[None]:
    """Run services as if at ``at``."""
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


def stamp(obj) -> None:
    """Give a just-created record the (possibly backdated) current time as ``created_at``."""
    at = _clock.get()
    if at is not None:
        type(obj)._default_manager.filter(pk=obj.pk).update(created_at=at)
        obj.created_at = at
