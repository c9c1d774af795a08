"""Test set-up shared by every app: the named world, built once per test database."""

from __future__ import annotations

import pytest

from parkops.testing.world import build_world
from parkops.testing.world import world as load_world

pytest_plugins = ["parkops.testing.browser"]


def _world_exists() -> bool:
    from parkops.accounts.models import User

    return User.objects.filter(username="platform").exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not _world_exists():
            build_world()


@pytest.fixture
def world(db):
    """The named world, inside the test's transaction (rolled back after the test)."""
    return load_world()


@pytest.fixture
def tworld(request, django_db_blocker):
    """The named world for tests that need real commits (concurrency, on_commit hooks).

    Such a test empties the database when it ends; this puts back what the migrations
    loaded (rubric, industry list) and the world, so the tests after it find them."""

    def restore() -> None:
        from django.db import connection

        with django_db_blocker.unblock():
            if _world_exists():
                return
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
            build_world()

    request.addfinalizer(restore)
    request.getfixturevalue("django_db_serialized_rollback")
    request.getfixturevalue("transactional_db")
    return load_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
