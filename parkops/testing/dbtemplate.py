"""The test database is built once per machine, code and day, then cloned.

Migrating the ~400 models (Django renders the migration state again and again: about 45 s of
CPU), serialising the result for the tests that roll back by reloading it, and building the
named world cost a test worker about a minute before its first test; every worker of every run
paid it. ``install()`` (called by the root conftest) replaces ``create_test_db`` so that:

- the first worker to need a database with the current code builds it as before, adds the
  world, and keeps it as a template: a SQLite file (from the in-memory test database, by
  SQLite's backup API) or a PostgreSQL database ``parkops_testtmpl_<key>``;
- every other worker, stage and later run with the same key clones the template instead: a
  backup into its in-memory database, or ``CREATE DATABASE … TEMPLATE …`` — a second or two.

What the tests that roll back by reloading (``tworld``) reload is the database as migrated,
without the world, as before: the template keeps that serialisation beside it, and the root
conftest puts it back with ``use_serialized_contents()`` after Django's ``setup_databases``
(which serialises again after ``create_test_db``, and would otherwise capture the world: on
PostgreSQL, reloading the world's audit entries over themselves is an update the audit
triggers refuse).

The key is a digest of the package's code and data (migrations, the world and every service
it calls), the Django version, the engine, the day (the world's dates count back from today)
and the audit key (the world's audit chains are signed with it; each checkout has its own). Workers wait on a file lock while one builds. ``PARKOPS_TEST_DB_TEMPLATE=0`` turns it
off; ``--reuse-db`` (keepdb) runs keep Django's own behaviour.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

STORE = Path(os.environ.get("PARKOPS_TEST_DB_STORE", Path(tempfile.gettempdir()) / "parkops-test-db"))
STALE_AFTER = 2 * 24 * 3600  # templates of other code or days are dropped after two days
PREFIX = "parkops_testtmpl_"


def enabled() -> bool:
    return os.environ.get("PARKOPS_TEST_DB_TEMPLATE", "1") != "0"


def template_key(vendor: str) -> str:
    import django
    from django.conf import settings

    from parkops.core import clock

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".json", ".txt") and "tests" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    digest.update(f"{django.__version__}|{vendor}|{clock.localdate()}".encode())
    digest.update(hashlib.sha256(settings.AUDIT_KEY).digest())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(key: str):
    STORE.mkdir(parents=True, exist_ok=True)
    with open(STORE / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _marker(key: str, vendor: str) -> Path:
    return STORE / f"{key}.{vendor}.ready"


def _serialized(key: str, vendor: str) -> Path:
    return STORE / f"{key}.{vendor}.json"


def _sqlite_file(key: str) -> Path:
    return STORE / f"{key}.sqlite3"


def _pg_name(key: str) -> str:
    return PREFIX + key


def _pg_exists(creation, name: str) -> bool:
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _quote(creation, name: str) -> str:
    return creation.connection.ops.quote_name(name)


def _drop_stale(creation, vendor: str, keep: str) -> None:
    """Templates of earlier code or days, untouched for two days (another checkout on the
    machine may still use a recent one)."""
    now = time.time()
    for marker in STORE.glob(f"*.{vendor}.ready"):
        key = marker.name.split(".")[0]
        if key == keep or now - marker.stat().st_mtime < STALE_AFTER:
            continue
        marker.unlink(missing_ok=True)
        _serialized(key, vendor).unlink(missing_ok=True)
        if vendor == "sqlite":
            _sqlite_file(key).unlink(missing_ok=True)
        else:
            with contextlib.suppress(Exception), creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(creation, _pg_name(key))}")


def _build(original, creation, key: str, vendor: str, verbosity: int, autoclobber: bool) -> str:
    """Django's own creation (migrate, serialise), then the world; kept as the template."""
    from parkops.testing.world import build_world

    name = original(creation, verbosity=verbosity, autoclobber=autoclobber, serialize=True, keepdb=False)
    connection = creation.connection
    _serialized(key, vendor).write_text(connection._test_serialized_contents)
    build_world()
    if vendor == "sqlite":
        target = _sqlite_file(key)
        target.unlink(missing_ok=True)
        destination = sqlite3.connect(target)
        try:
            connection.ensure_connection()
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        connection.close()  # a template must have no other sessions while it is copied
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(creation, _pg_name(key))}")
            cursor.execute(
                f"CREATE DATABASE {_quote(creation, _pg_name(key))} TEMPLATE {_quote(creation, name)}"
            )
    _marker(key, vendor).touch()
    return name


def _clone(creation, key: str, vendor: str) -> str:
    from django.conf import settings

    connection = creation.connection
    name = creation._get_test_db_name()
    if vendor == "sqlite":
        if not creation.is_in_memory_db(name):
            Path(name).unlink(missing_ok=True)
    else:
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(creation, name)}")
            cursor.execute(
                f"CREATE DATABASE {_quote(creation, name)} TEMPLATE {_quote(creation, _pg_name(key))}"
            )
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(_sqlite_file(key))
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.ensure_connection()
    return name


def use_serialized_contents(connection) -> None:
    """After ``setup_databases``: the serialisation the reloading tests get back is the
    migrated database without the world (see the module's docstring)."""
    key = getattr(connection, "_parkops_template_key", None)
    if key and hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _serialized(key, connection.vendor).read_text()


def install() -> None:
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db
    if getattr(original, "parkops_template", False):
        return

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        vendor = self.connection.vendor
        if (
            keepdb
            or not enabled()
            or self.connection.alias != "default"
            or vendor not in ("sqlite", "postgresql")
        ):
            return original(
                self, verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb
            )
        key = template_key(vendor)
        with _locked(key):
            ready = _marker(key, vendor).exists() and _serialized(key, vendor).exists()
            if ready and vendor == "sqlite":
                ready = _sqlite_file(key).exists()
            if ready and vendor == "postgresql":
                ready = _pg_exists(self, _pg_name(key))
            if ready:
                name = _clone(self, key, vendor)
                _marker(key, vendor).touch()
            else:
                name = _build(original, self, key, vendor, verbosity, autoclobber)
                _drop_stale(self, vendor, keep=key)
        self.connection._parkops_template_key = key
        return name

    create_test_db.parkops_template = True
    BaseDatabaseCreation.create_test_db = create_test_db
