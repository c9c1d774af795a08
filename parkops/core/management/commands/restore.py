"""`parkops restore FILE`: bring a backup back into the empty database PARKOPS_DATABASE_URL
names (a non-empty one is refused), check every checksum and row count, then verify the
audit chains (the same audit key must be configured)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from parkops.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "把备份恢复到空数据库（非空则拒绝），核对校验和、行数并校验审计链"

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE")

    def handle(self, *args, archive: str, **options):
        started = time.monotonic()
        try:
            manifest = restore(archive)
        except (BackupError, OSError) as exc:
            raise CommandError(f"restore refused or failed: {exc}") from None
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            f"restored: {len(manifest['tables'])} tables, {rows} rows and {files} files match the manifest "
            f"({time.monotonic() - started:.1f} s)"
        )
        call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
