"""`parkops backup` / `parkops restore`: the archive is checksummed, restores only into an empty
database, and the restored platform has the same rows, the same files and verifying audit
chains — on SQLite and on PostgreSQL (the engine the test run uses)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from parkops.core import backup as backups


def restore_env(var: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PARKOPS_TESTING")}
    env.update(
        PARKOPS_VAR_DIR=str(var),
        PARKOPS_DATABASE_URL=database_url,
        PARKOPS_AUDIT_KEY=settings.AUDIT_KEY.decode(),  # the key travels apart from the backup
    )
    return env


def run_restore(archive: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parkops", "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the engine under test; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    name = f"parkops_restore_{uuid.uuid4().hex[:8]}"
    user = db.get("USER") or "postgres"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    admin = {
        "dbname": "postgres",
        "host": host,
        "port": port,
        "user": user,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# The backups run as in production, outside any transaction (tworld): SQLite's online backup
# cannot read a database its own connection is writing to.


@pytest.fixture
def uploads(tmp_path, settings):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "消防验收.pdf").write_bytes(b"%PDF-1.4 evidence\n" * 50)
    (media / "photos").mkdir()
    (media / "photos" / "hazard.jpg").write_bytes(bytes(range(256)) * 8)
    settings.MEDIA_ROOT = media
    return media


def test_backup_restores_into_an_empty_database_with_the_same_rows_files_and_audit_chains(
    tworld, tmp_path, uploads, empty_database
):
    result = backups.backup(tmp_path / "backup.tar")
    manifest = result.manifest
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["audit_auditentry"] > 0 and manifest["tables"]["accounts_user"] >= 10
    with tarfile.open(result.path) as tar:
        names = set(tar.getnames())
    assert names == {"manifest.json", *manifest["members"]}
    photo = manifest["members"]["media/photos/hazard.jpg"]
    assert photo["sha256"] == hashlib.sha256((uploads / "photos" / "hazard.jpg").read_bytes()).hexdigest()

    restored = tmp_path / "restored"
    env = restore_env(restored, empty_database)
    done = run_restore(result.path, env)
    assert done.returncode == 0, done.stderr
    assert "match the manifest" in done.stdout
    entries = manifest["tables"]["audit_auditentry"]
    assert f"ok: {entries} entries" in done.stdout  # audit verify over every restored entry
    for name in ("documents/消防验收.pdf", "photos/hazard.jpg"):
        assert (restored / "media" / name).read_bytes() == (uploads / name).read_bytes()

    # The database now holds the platform: a second restore into it is refused.
    again = run_restore(result.path, env)
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_tampered_or_truncated_archive_is_refused_before_anything_is_written(
    tworld, tmp_path, uploads, empty_database
):
    archive = backups.backup(tmp_path / "backup.tar").path
    data = bytearray(archive.read_bytes())
    marker = data.find(b"%PDF-1.4 evidence")
    data[marker + 5] ^= 0x01  # one bit of an uploaded file
    tampered = tmp_path / "tampered.tar"
    tampered.write_bytes(bytes(data))
    env = restore_env(tmp_path / "restored", empty_database)
    done = run_restore(tampered, env)
    assert done.returncode != 0 and "checksum mismatch: media/documents/消防验收.pdf" in done.stderr
    assert not (tmp_path / "restored" / "media").exists()

    # The refused restore left the database empty: the intact archive still restores.
    assert run_restore(archive, env).returncode == 0


def test_scheduled_backups_keep_the_newest(tworld, tmp_path, uploads, clock_at):
    import datetime as dt

    folder = tmp_path / "backups"
    start = dt.datetime(2026, 12, 1, 2, 15, tzinfo=dt.UTC)
    for day in range(4):
        clock_at(start + dt.timedelta(days=day))
        backups.scheduled_backup(keep=2, folder=folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "parkops-20261203T021500Z.tar",
        "parkops-20261204T021500Z.tar",
    ]
    assert backups.read_manifest(folder / "parkops-20261204T021500Z.tar")["engine"] == connection.vendor


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused_not_left_waiting(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads its own snapshot beside any transaction")
    with pytest.raises(backups.BackupError, match="inside a transaction"):
        backups.backup(tmp_path / "backup.tar")
