"""Trigram GIN indexes for the public reply search on PostgreSQL (Chinese substrings).

Django's ``icontains`` on PostgreSQL compiles to ``UPPER(col::text) LIKE UPPER(%s)``, so the
indexes are on ``UPPER(col)`` with ``gin_trgm_ops``. Other databases (SQLite in development
and tests) skip this migration's SQL: the search is the same query, just without the index."""

from django.db import migrations

INDEXES = [
    ("proposal_title_trgm", "title"),
    ("proposal_content_trgm", "content"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
