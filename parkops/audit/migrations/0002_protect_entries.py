"""On PostgreSQL the database itself refuses to change audit entries, or to delete entries
younger than the retention minimum (180 days)."""

from django.db import migrations

PROTECT_SQL = """
CREATE OR REPLACE FUNCTION parkops_audit_protect() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entries cannot be changed (entry %%)', OLD.id USING ERRCODE = 'insufficient_privilege';
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.at > now() - interval '180 days' THEN
            RAISE EXCEPTION 'audit entries younger than 180 days cannot be deleted (entry %%)', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    ELSIF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'the audit log cannot be truncated' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER parkops_audit_no_update BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION parkops_audit_protect();
CREATE TRIGGER parkops_audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION parkops_audit_protect();
"""

UNPROTECT_SQL = """
DROP TRIGGER IF EXISTS parkops_audit_no_update ON audit_auditentry;
DROP TRIGGER IF EXISTS parkops_audit_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS parkops_audit_protect();
"""


def protect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PROTECT_SQL)


def unprotect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNPROTECT_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(protect, unprotect)]
