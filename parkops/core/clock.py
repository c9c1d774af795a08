"""The services' clock: now, or a moment in the past while loading history.

Every rule that depends on the date or the hour (bookings, SLAs, expiry, "due this week")
reads this clock, never ``timezone.now()`` or ``date.today()`` directly, so that:

- the demo's past year and imports of old records run services "as if at" a time
  (``backdated``), and the timestamps those services set read as they happened;
- a test or a browser journey can run the whole platform at a chosen moment
  (``PARKOPS_CLOCK``, honoured only with ``PARKOPS_TESTING=1``), e.g. a Wednesday 03:00 in
  Shanghai or the last evening of a month. The set clock ticks from that moment on.

Audit entries always keep the real time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_clock: ContextVar[dt.datetime | None] = ContextVar("parkops_backdate", default=None)
# Added to the real time: set once per process from settings.PARKOPS_CLOCK, or by ``set_to``.
_offset = dt.timedelta(0)


def _configured_offset() -> dt.timedelta:
    from django.conf import settings

    at = getattr(settings, "PARKOPS_CLOCK", None)
    return at - timezone.now() if at else dt.timedelta(0)


def set_to(at: dt.datetime | None) -> None:
    """Run the process's clock from ``at`` on (None: the real time again). For tests."""
    global _offset
    _offset = at - timezone.now() if at else dt.timedelta(0)


def now() -> dt.datetime:
    """The current time, or the time set by ``backdated``."""
    return _clock.get() or timezone.now() + _offset


def localdate() -> dt.date:
    """Today in the park's time zone (Asia/Shanghai), by this clock."""
    return timezone.localtime(now()).date()


def localtime() -> dt.datetime:
    return timezone.localtime(now())


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
