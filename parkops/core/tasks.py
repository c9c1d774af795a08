"""Background job: a backup every night into PARKOPS_BACKUP_DIR, keeping the newest
PARKOPS_BACKUP_KEEP archives (parkops.core.backup.scheduled_backup)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="2", minute="15"))
def nightly_backup() -> str:
    from parkops.core.backup import scheduled_backup

    return str(scheduled_backup())
