"""Test set-up shared by every app: the named world, built once per test database."""

from __future__ import annotations

import pytest

from parkops.testing import dbtemplate
from parkops.testing.world import build_world
from parkops.testing.world import world as load_world

pytest_plugins = ["parkops.testing.browser"]
dbtemplate.install()  # the migrated test database with its world: built once, then cloned


def pytest_configure(config):
    # xdist registers its marker only when loaded; `-p no:xdist` runs keep --strict-markers happy.
    config.addinivalue_line("markers", "xdist_group(name): tests of one group run on one xdist worker")


def _world_exists() -> bool:
    from parkops.accounts.models import User

    return User.objects.filter(username="platform").exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    dbtemplate.use_serialized_contents(connection)
    with django_db_blocker.unblock():
        if not _world_exists():
            build_world()


@pytest.fixture
def world(db):
    """The named world, inside the test's transaction (rolled back after the test)."""
    if not _world_exists():  # a committing test emptied the database without tworld
        build_world()
    return load_world()


@pytest.fixture
def _world_restorer(django_db_blocker):
    """Set up before, and torn down after, the transactional test database: lets the test's
    closing flush empty the audit table (PostgreSQL refuses TRUNCATE of it otherwise), then
    puts back what the migrations loaded (rubric, industry list) and the world."""
    from django.db import connection

    def audit_truncate_trigger(enabled: bool) -> None:
        if connection.vendor != "postgresql":
            return
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            state = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE audit_auditentry {state} TRIGGER parkops_audit_no_truncate")

    audit_truncate_trigger(False)
    yield
    with django_db_blocker.unblock():
        if not _world_exists():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
            build_world()
    audit_truncate_trigger(True)


@pytest.fixture
def tworld(_world_restorer, django_db_serialized_rollback, transactional_db):
    """The named world for tests that need real commits (concurrent writers, on-commit
    hooks): the test runs outside any transaction, so other threads see its writes. Don't
    add a django_db(transaction=True) marker: it would flush after the world is restored."""
    if not _world_exists():
        build_world()
    return load_world()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the platform's language, whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def clock_at():
    """Run the services' clock from a given moment for the rest of the test:
    ``clock_at(datetime)``; the real time again afterwards."""
    from parkops.core import clock

    yield clock.set_to
    clock.set_to(None)


# --- Which tests the PostgreSQL run repeats -------------------------------------------------
# `make test` runs the suite on SQLite and again on PostgreSQL. The second run exists for what
# the engine decides (triggers, constraints, row locks, raw SQL, upserts, transactions), so
# under PARKOPS_TEST_RUN=postgres it leaves out what cannot differ between engines: tests that
# use no database at all, and those named in parkops.testing.selection.SQLITE_RUN_ONLY.
def _uses_database(item) -> bool:
    from django.test import TransactionTestCase

    if item.get_closest_marker("django_db"):
        return True
    if {"db", "transactional_db", "django_db_serialized_rollback", "live_server"} & set(
        getattr(item, "fixturenames", ())
    ):
        return True
    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, TransactionTestCase)


def pytest_collection_modifyitems(config, items):
    import os

    if os.environ.get("PARKOPS_TEST_RUN") != "postgres":
        return
    from parkops.testing.selection import sqlite_run_only

    kept, left = [], []
    for item in items:
        (kept if _uses_database(item) and not sqlite_run_only(item.nodeid) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
