"""Test classes that run on the whole demo park without building it again.

Building the demo park costs about 100 s of CPU. The browser journeys already keep one built
demo per code and day (``parkops.testing.browser.demo_template()``); a ``DemoParkTestCase``
loads that database into the test database for the length of the class, with SQLite's backup
API, and puts the test database (the named world) back afterwards. The class's tests still
run in transactions that are rolled back, as in any ``TestCase``.

On PostgreSQL (these classes are left to the SQLite run, see ``selection.py``, but may be run
there by hand) the demo is built inside the class's transaction instead.
"""

from __future__ import annotations

import sqlite3
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase


def _build_in_transaction() -> str:
    from parkops.core.tests.test_demo import free_demo_usernames

    free_demo_usernames()
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


class DemoParkTestCase(TestCase):
    """``cls.demo_output`` is what `parkops demo` printed when the demo was built."""

    demo_output = ""
    _saved: sqlite3.Connection | None = None

    @classmethod
    def setUpClass(cls):
        if connection.vendor == "sqlite":
            from parkops.testing.browser import demo_template

            template = demo_template()
            connection.ensure_connection()
            cls._saved = sqlite3.connect(":memory:")
            connection.connection.backup(cls._saved)  # the world, put back after the class
            source = sqlite3.connect(template / "parkops.sqlite3")
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            cls.demo_output = (template / "demo.out").read_text()
        try:
            super().setUpClass()
        except Exception:
            cls._restore()
            raise

    @classmethod
    def setUpTestData(cls):
        if connection.vendor != "sqlite":
            cls.demo_output = _build_in_transaction()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls._restore()

    @classmethod
    def _restore(cls):
        if cls._saved is not None:
            cls._saved.backup(connection.connection)
            cls._saved.close()
            cls._saved = None
