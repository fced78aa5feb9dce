"""The demo district for tests, loaded once per test process and then copied back.

``load_demo()`` runs every app's demo through the services (history, events, notices): tens of
seconds on a busy machine, and it grows with every feature. The browser tests and the crawls
each need the whole district, on a database emptied after every test. So the first test of a
process loads it and takes a snapshot of every table (``COPY`` on PostgreSQL, plain rows on
SQLite) and of the uploaded files it wrote; every later test empties the tables and copies the
snapshot back in one transaction, which takes a second or two.

The copy is exact: the same ids, so the caches are cleared (Django's and the content types')
and PostgreSQL's sequences are set past the copied rows. Foreign keys are checked when the
transaction commits (Django declares them deferrable), so the tables load in any order.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class _Snapshot:
    tables: list[str]
    rows: dict[str, object] = field(default_factory=dict)  # table -> COPY text or (columns, rows)
    files: Path | None = None


_snapshot: _Snapshot | None = None


def load_demo_cached() -> None:
    """The demo district in the test database, as ``congress.demo.load_demo`` leaves it after
    the role groups and rule rows are made (``make run`` does the same through ``bootstrap``)."""
    global _snapshot
    if _snapshot is None:
        from congress.demo import load_demo
        from congress.rules import rules_ensure_rows
        from congress.services import ensure_role_groups

        ensure_role_groups()
        rules_ensure_rows()
        load_demo()
        _snapshot = _take()
    else:
        _restore(_snapshot)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _media_roots() -> list[tuple[str, Path]]:
    return [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_MEDIA_ROOT))]


def _take() -> _Snapshot:
    snapshot = _Snapshot(tables=_tables())
    with connection.cursor() as cursor:
        for table in snapshot.tables:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                cursor.cursor.copy_expert(f"COPY {quoted} TO STDOUT", buffer)
                if buffer.tell():
                    snapshot.rows[table] = buffer.getvalue()
            else:
                cursor.execute(f"SELECT * FROM {quoted}")
                rows = cursor.fetchall()
                if rows:
                    snapshot.rows[table] = ([c[0] for c in cursor.description], rows)
    snapshot.files = Path(tempfile.mkdtemp(prefix="demo-files-"))
    for name, root in _media_roots():
        if root.is_dir():
            shutil.copytree(root, snapshot.files / name)
    return snapshot


def _restore(snapshot: _Snapshot) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        quoted = {table: connection.ops.quote_name(table) for table in snapshot.tables}
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('is_superuser')")
            if cursor.fetchone()[0] == "on":
                # No foreign-key triggers for this transaction: the snapshot is consistent, and
                # checking its 6,000 rows at commit took longer than copying them.
                cursor.execute("SET LOCAL session_replication_role = replica")
            # DELETE, not TRUNCATE: truncating 300 small tables costs a file operation each.
            for table in snapshot.tables:
                cursor.execute(f"DELETE FROM {quoted[table]}")
            for table, text in snapshot.rows.items():
                cursor.cursor.copy_expert(f"COPY {quoted[table]} FROM STDIN", io.StringIO(text))
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        else:
            for table in snapshot.tables:
                cursor.execute(f"DELETE FROM {quoted[table]}")
            for table, (columns, rows) in snapshot.rows.items():
                names = ", ".join(connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quoted[table]} ({names}) VALUES ({marks})", rows)
    for name, root in _media_roots():
        source = snapshot.files / name
        if source.is_dir():
            shutil.copytree(source, root, dirs_exist_ok=True)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    cache.clear()
