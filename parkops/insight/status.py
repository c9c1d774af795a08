"""The platform's own status (row 52 "各项监测功能运行正常"): the database answers, the cache and
the task queue's broker are reachable, how many tasks wait, when data last came in and when the
audit trail was last checkpointed outside the database."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

CHECKPOINT_MAX_AGE = dt.timedelta(hours=48)  # the queue writes one a day; two missed days is a fault


@dataclass
class Check:
    key: str
    label: str
    ok: bool | None  # None: not applicable on this installation
    detail: str


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return Check("database", gettext("数据库"), True, connection.vendor)
    except Exception as exc:  # noqa: BLE001 — the page reports any failure
        return Check("database", gettext("数据库"), False, type(exc).__name__)


def _cache() -> Check:
    from django.core.cache import cache

    key = "insight:status:ping"
    try:
        cache.set(key, "1", 30)
        ok = cache.get(key) == "1"
    except Exception as exc:  # noqa: BLE001
        return Check("cache", gettext("缓存（Redis）"), False, type(exc).__name__)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return Check("cache", gettext("缓存（Redis）"), ok, backend)


def _queue() -> tuple[Check, int | None]:
    from huey.contrib.djhuey import HUEY

    try:
        pending = HUEY.pending_count()
    except Exception as exc:  # noqa: BLE001
        return Check("queue", gettext("任务队列"), False, type(exc).__name__), None
    return (
        Check("queue", gettext("任务队列"), True, gettext("待执行任务 %(count)s 个") % {"count": pending}),
        pending,
    )


def _last_import() -> Check:
    from parkops.imports.models import ImportJob

    job = ImportJob.objects.order_by("-created_at", "-pk").first()
    if job is None:
        return Check("ingest", gettext("最近数据导入"), None, gettext("尚无导入记录"))
    return Check("ingest", gettext("最近数据导入"), True, _local(job.created_at))


def _local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _checkpoint() -> Check:
    """The checkpoint file's age in real time, as the audit trail keeps real time."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    label = gettext("最近审计检查点（备份）")
    if not path.exists():
        return Check("checkpoint", label, False, gettext("尚未写出审计检查点"))
    modified = path.stat().st_mtime
    fresh = time.time() - modified <= CHECKPOINT_MAX_AGE.total_seconds()
    return Check("checkpoint", label, fresh, _local(dt.datetime.fromtimestamp(modified, tz=dt.UTC)))


def platform_status() -> list[Check]:
    queue, _pending = _queue()
    return [_database(), _cache(), queue, _last_import(), _checkpoint()]


def healthy(checks: list[Check]) -> bool:
    return all(c.ok is not False for c in checks)
