"""The chain head row, and on PostgreSQL triggers that make the audit table append-only.

The triggers refuse UPDATE, DELETE and TRUNCATE on audit entries for every
database role, including the owner; only an explicit
``ALTER TABLE ... DISABLE TRIGGER`` (or dropping them) gets past. Test databases
may set the session option ``rathaus.audit_truncate_allowed = on`` so that the
test runner can empty tables between tests (rathaus/test_settings.py).
"""

from django.db import migrations

CREATE_TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND coalesce(current_setting('rathaus.audit_truncate_allowed', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    -- A town leaving the provider takes its whole trail with it (delete_town sets this
    -- for its own transaction only); no other deletion is possible.
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('rathaus.audit_purge_town', true), '') = OLD.town_id::text THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


class PostgresOnlyRunSQL(migrations.RunSQL):
    """RunSQL that does nothing on databases other than PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
    ]

    operations = [
        PostgresOnlyRunSQL(CREATE_TRIGGERS, DROP_TRIGGERS),
    ]
