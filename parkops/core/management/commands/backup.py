"""`parkops backup --out FILE`: a consistent, checksummed archive of the database and the
uploaded files, taken while the platform runs (see parkops.core.backup)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from parkops.core.backup import BackupError, backup, scheduled_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个带校验和的归档（平台运行中亦可）"

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", metavar="FILE", help="归档文件路径（.tar）")
        target.add_argument(
            "--scheduled",
            action="store_true",
            help="写入备份目录（PARKOPS_BACKUP_DIR），并按保留份数删除旧备份",
        )

    def handle(self, *args, out: str | None, scheduled: bool, **options):
        started = time.monotonic()
        try:
            if scheduled:
                path = scheduled_backup()
                from parkops.core.backup import read_manifest

                manifest = read_manifest(path)
            else:
                result = backup(out)
                path, manifest = result.path, result.manifest
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            f"ok: {path} — {manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{files} files, {time.monotonic() - started:.1f} s"
        )
