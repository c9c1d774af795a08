"""Backups of the whole platform: the database and the uploaded files in one checksummed archive.

`parkops backup --out FILE` works while the platform runs:
- SQLite: SQLite's online backup API copies the database page by page into a consistent
  snapshot, whatever the web and task processes write meanwhile;
- PostgreSQL: the row counts and `pg_dump` read the same exported snapshot (a REPEATABLE READ
  transaction), so the manifest describes exactly the dump.
The uploads (MEDIA_ROOT) follow; a file uploaded during the backup may be included without a
row naming it, never the other way round for files that existed when the snapshot was taken.

The archive (tar) holds `manifest.json` (format, engine, time, row count per table, SHA-256 and
size of every other member), `database.sqlite3` or `database.pgdump`, and `media/...`.

`parkops restore FILE` checks every checksum before touching anything, refuses a database that
already has tables (and an uploads folder that already has files), loads the dump, unpacks the
files and checks the row counts against the manifest; the command then runs `audit verify`.
The audit key is never in a backup (docs/architecture.md): the restored platform needs the same
PARKOPS_AUDIT_KEY / PARKOPS_AUDIT_KEY_FILE for its chains to verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
BUSY_SECONDS = 600
CHUNK = 1 << 20


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables(cursor) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _pg_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from the Django settings (the password
    through the environment, never the command line)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _snapshot_sqlite(folder: Path) -> tuple[Path, dict[str, int]]:
    target = folder / "database.sqlite3"
    if connection.in_atomic_block:  # SQLite locks the backup out of a connection that writes
        raise BackupError("a backup cannot run inside a transaction")
    connection.ensure_connection()
    source = connection.connection
    deadline = time.monotonic() + BUSY_SECONDS

    def give_up_when_busy_too_long(status, remaining, total):
        if time.monotonic() > deadline:
            raise BackupError(f"the database stayed busy for {BUSY_SECONDS} s")

    with sqlite3.connect(target) as copy:
        # Page by page: writers of other processes go on; a page they change restarts the copy.
        source.backup(copy, pages=4096, progress=give_up_when_busy_too_long, sleep=0.05)
    with sqlite3.connect(target) as copy:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    copy.close()
    return target, counts


def _snapshot_postgres(folder: Path) -> tuple[Path, dict[str, int]]:
    import psycopg

    target = folder / "database.pgdump"
    db = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    ) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        names = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        ]
        counts = {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
        args, env = _pg_env()
        done = subprocess.run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        conn.execute("COMMIT")
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return target, counts


@dataclass
class Result:
    path: Path
    manifest: dict


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    entry = {"sha256": sha256_file(path), "size": path.stat().st_size}
    tar.add(path, arcname=name, recursive=False)
    return entry


def backup(out: Path) -> Result:
    """Write the archive to ``out`` (atomically: a temporary file renamed at the end)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    engine = connection.vendor
    if engine not in ("sqlite", "postgresql"):
        raise BackupError(f"no backup for the {engine} engine")
    from parkops.core import clock

    with tempfile.TemporaryDirectory(prefix="parkops-backup-") as work:
        folder = Path(work)
        dump, counts = (_snapshot_sqlite if engine == "sqlite" else _snapshot_postgres)(folder)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": clock.now().isoformat(),
            "tables": counts,
            "members": {},
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            manifest["members"][dump.name] = _add(tar, dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                for path in sorted(p for p in media.rglob("*") if p.is_file()):
                    name = "media/" + path.relative_to(media).as_posix()
                    manifest["members"][name] = _add(tar, path, name)
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(clock.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    return Result(out, manifest)


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError("the archive has no manifest.json")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def unpack_checked(archive: Path, folder: Path) -> dict:
    """Extract every member into ``folder`` and check it against the manifest: the
    manifest's members and the archive's are the same set, and every checksum matches."""
    manifest = read_manifest(archive)
    expected = manifest["members"]
    seen = set()
    with tarfile.open(archive, "r") as tar:
        for member in tar:
            if member.name == "manifest.json":
                continue
            if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                raise BackupError(f"unexpected member in the archive: {member.name}")
            target = folder / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            with open(target, "wb") as handle:
                shutil.copyfileobj(source, handle)
            if sha256_file(target) != expected[member.name]["sha256"]:
                raise BackupError(f"checksum mismatch: {member.name}")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"members missing from the archive: {', '.join(missing[:5])}")
    return manifest


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = _tables(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # noqa: S608 (introspected names)
            counts[name] = cursor.fetchone()[0]
    return counts


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not _tables(cursor)


def media_is_empty() -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not media.is_dir() or not any(p.is_file() for p in media.rglob("*"))


def restore(archive: Path) -> dict:
    """Restore ``archive`` into the empty database and uploads folder of these settings; the
    manifest. Raises BackupError (nothing is written) if a check fails before loading."""
    archive = Path(archive)
    engine = connection.vendor
    manifest = read_manifest(archive)
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of a {manifest['engine']} database, the target is {engine}")
    if not database_is_empty():
        raise BackupError("the target database is not empty: restore only into a new, empty database")
    if not media_is_empty():
        raise BackupError(f"the uploads folder {settings.MEDIA_ROOT} is not empty")
    with tempfile.TemporaryDirectory(prefix="parkops-restore-") as work:
        folder = Path(work)
        unpack_checked(archive, folder)
        if engine == "sqlite":
            _restore_sqlite(folder / "database.sqlite3")
        else:
            _restore_postgres(folder / "database.pgdump")
        media_source = folder / "media"
        if media_source.is_dir():
            shutil.copytree(media_source, settings.MEDIA_ROOT, dirs_exist_ok=True)
    counts = table_counts()
    if counts != manifest["tables"]:
        differing = sorted(
            name
            for name in set(counts) | set(manifest["tables"])
            if counts.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"row counts differ after the restore: {', '.join(differing[:10])}")
    for name, entry in manifest["members"].items():
        if name.startswith("media/"):
            path = Path(settings.MEDIA_ROOT) / name.removeprefix("media/")
            if sha256_file(path) != entry["sha256"]:
                raise BackupError(f"checksum mismatch after the restore: {name}")
    return manifest


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(dump) as source:
        source.backup(connection.connection)
    source.close()


def _restore_postgres(dump: Path) -> None:
    connection.close()
    args, env = _pg_env()
    done = subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


# --- Scheduled backups -------------------------------------------------------------------
def backup_folder() -> Path:
    return Path(getattr(settings, "PARKOPS_BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))


def scheduled_backup(*, keep: int | None = None, folder: Path | None = None) -> Path:
    """Take a backup into the backup folder and delete the oldest beyond ``keep``."""
    from parkops.core import clock

    folder = Path(folder or backup_folder())
    keep = keep if keep is not None else getattr(settings, "PARKOPS_BACKUP_KEEP", 14)
    stamp = clock.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = backup(folder / f"parkops-{stamp}.tar")
    backups = sorted(folder.glob("parkops-*.tar"))
    for old in backups[: max(0, len(backups) - max(1, keep))]:
        old.unlink()
    return result.path
