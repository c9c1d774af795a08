"""The test database template is reused only where it would be built the same: same code,
engine, day and audit key (``parkops.testing.dbtemplate``)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import override_settings

from parkops.testing import dbtemplate

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_key_changes_with_what_the_template_holds(clock_at):
    clock_at(dt.datetime(2026, 12, 7, 23, 50, tzinfo=SHANGHAI))
    key = dbtemplate.template_key("sqlite")
    assert key == dbtemplate.template_key("sqlite")  # stable for the same inputs
    assert key != dbtemplate.template_key("postgresql")
    with override_settings(AUDIT_KEY=b"another-checkout-audit-key-0123456789abcdef"):
        assert key != dbtemplate.template_key("sqlite")
    clock_at(dt.datetime(2026, 12, 8, 0, 10, tzinfo=SHANGHAI))  # the world's dates move with the day
    assert key != dbtemplate.template_key("sqlite")


def test_this_run_cloned_or_built_a_template_with_its_world(db):
    """The database these tests run on holds the named world before any test builds it."""
    from parkops.accounts.models import User

    assert User.objects.filter(username__in=["platform", "admin_alpha"]).count() == 2
    if dbtemplate.enabled():
        vendor = connection.vendor
        key = dbtemplate.template_key(vendor)
        assert (dbtemplate.STORE / f"{key}.{vendor}.ready").exists()


def test_what_reloading_tests_get_back_is_the_migrated_database_without_the_world(db):
    """``tworld`` tests reload this after their flush and then build the world; reloading a
    world over itself would update audit entries, which PostgreSQL's triggers refuse."""
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        return  # no test of this run reloads (Django serialises only for those that do)
    assert '"accounts.user"' not in contents or '"admin_alpha"' not in contents
    assert '"assessment.' in contents  # the rubric the migrations load is there
