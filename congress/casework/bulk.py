"""Many rows updated at once, each with its own values.

Django's ``bulk_update`` builds one ``CASE WHEN pk = … THEN …`` per field and row: fine for a
few hundred rows, but compiling those expressions took more than half of a 9,235-row batch's
time (the national batch of issue 16). On PostgreSQL one ``UPDATE … FROM (VALUES …)`` per
batch does the same with plain parameters; other databases (SQLite in development) keep
Django's."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

BATCH = 1000


def bulk_set(model, objs: Sequence, fields: Sequence[str], *, batch_size: int = BATCH) -> None:
    """Write ``fields`` of each of ``objs`` (saved rows of ``model``) to the database, no
    signals, no history (the caller writes that: ``transition_many``)."""
    if not objs or not fields:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        return
    qn = connection.ops.quote_name
    pk = model._meta.pk
    columns = [pk, *(model._meta.get_field(name) for name in fields)]
    # VALUES rows are untyped literals: cast each to its column's type.
    row = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in columns) + ")"
    assignments = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in columns[1:])
    names = ", ".join(qn(f.column) for f in columns)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in columns
            ]
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) AS v({names}) "
                f"WHERE t.{qn(pk.column)} = v.{qn(pk.column)}",
                params,
            )
