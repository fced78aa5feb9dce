"""On PostgreSQL, the audit log and the login records refuse change at the database itself:
UPDATE or DELETE of an audit row and DELETE of a login record (axes' AccessLog keeps its logout
time up to date, so it may be updated) raise — except a DELETE inside the retention purge's own
transaction (``congress.audit.audit_purge`` sets the transaction-local setting
``congress.audit_purge``). TRUNCATE, like dropping the table or its triggers, needs the table's
owner (the test runner's flush uses it). SQLite (``make run``) relies on the admin and the code."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION congress_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('congress.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'congress: % on % refused: the audit log and login records are append-only',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = {
    "congress_auditentry": "UPDATE OR DELETE",
    "axes_accesslog": "DELETE",
    "axes_accessfailurelog": "DELETE",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, events in TRIGGERS.items():
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE {events} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION congress_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS congress_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0008_audit_log"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
