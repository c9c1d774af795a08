"""On PostgreSQL the database refuses to change or delete recent audit entries; an edit made
by switching the protection off is still caught by verify."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from parkops.audit.models import AuditEntry
from parkops.testing.services import require_postgres_settings

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres():
    require_postgres_settings()


def test_update_of_audit_row_is_refused(world):
    entry = AuditEntry.objects.filter(chain=f"park:{world.alpha.pk}").first()
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'mallory' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.actor_name != "mallory"


def test_delete_of_recent_audit_row_is_refused(world):
    entry = AuditEntry.objects.filter(chain=f"park:{world.alpha.pk}").first()
    with pytest.raises(DatabaseError, match="younger than 180 days"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_truncate_is_refused(world):
    with (
        pytest.raises(DatabaseError, match="cannot be truncated"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry CASCADE")


def test_edit_with_protection_switched_off_is_named_by_verify(world):
    entry = AuditEntry.objects.filter(chain=f"park:{world.alpha.pk}").order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER parkops_audit_no_update")
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'mallory' WHERE id = %s", [entry.pk])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER parkops_audit_no_update")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as excinfo:
        call_command("audit", "verify", "--park", "ALPHA", stdout=out, stderr=err)
    assert excinfo.value.code == 1
    assert f"entry {entry.pk} " in err.getvalue()
