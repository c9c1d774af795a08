"""Test set-up shared by every app: the named world, built once per test database."""

from __future__ import annotations

import pytest

from parkops.testing.world import build_world
from parkops.testing.world import world as load_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from parkops.accounts.models import User

        if not User.objects.filter(username="platform").exists():
            build_world()


@pytest.fixture
def world(db):
    return load_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


pytest_plugins = ["parkops.testing.browser"]
