"""Background jobs: a signed checkpoint of every audit chain once a day, to the log and to the
append-only checkpoint file (PARKOPS_AUDIT_CHECKPOINT_FILE)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


def publish_daily_checkpoint() -> dict:
    from parkops.audit.checkpoint import publish

    return publish()


@db_periodic_task(crontab(hour="1", minute="30"))
def daily_checkpoint() -> dict:
    return publish_daily_checkpoint()
