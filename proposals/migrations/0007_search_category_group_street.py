"""The public search also finds a proposal by its category's name (养老服务), its lead
deputy's group (代表组) and that group's street or town (街道/镇): the n-gram vectors of the
closed proposals (``proposals.search``, PostgreSQL only) are computed again with those fields.
SQLite has no vectors and searches them with ``icontains`` (``selectors._term_matches``).

Not atomic, as ``0003``: the vectors are rewritten in one transaction, then ``VACUUM ANALYZE``
(which cannot run inside one) clears the old row versions and refreshes the statistics. At a
million proposals this takes minutes; at a district's real size, seconds.

The SQL is written out here rather than imported, so that this migration keeps doing what it
did when ``proposals.search`` changes later. Backwards, the vectors get the document of
``0003`` again.
"""

from django.db import migrations, transaction

REFRESH_SQL = """
UPDATE proposals_proposal AS p
SET search_vector = array_to_tsvector(proposals_search_lexemes(concat_ws(' ', p.title, p.content, p.serial,
    (SELECT c.name FROM proposals_category c WHERE c.id = p.category_id),
    d.name, g.name, s.name, (
    SELECT string_agg(o.name, ' ') FROM proposals_assignment a
    JOIN congress_organization o ON o.id = a.unit_id
    WHERE a.proposal_id = p.id AND a.state <> 'withdrawn'))))
FROM deputies_deputy AS d
LEFT JOIN deputies_deputygroup AS g ON g.id = d.group_id
LEFT JOIN congress_organization AS s ON s.id = g.organization_id
WHERE d.id = p.lead_deputy_id AND p.state = 'closed'
"""

PREVIOUS_SQL = """
UPDATE proposals_proposal AS p
SET search_vector = array_to_tsvector(proposals_search_lexemes(concat_ws(' ', p.title, p.content, p.serial, d.name, (
    SELECT string_agg(o.name, ' ') FROM proposals_assignment a
    JOIN congress_organization o ON o.id = a.unit_id
    WHERE a.proposal_id = p.id AND a.state <> 'withdrawn'))))
FROM deputies_deputy AS d
WHERE d.id = p.lead_deputy_id AND p.state = 'closed'
"""


def _refill(schema_editor, sql):
    if schema_editor.connection.vendor != "postgresql":
        return
    with transaction.atomic(using=schema_editor.connection.alias):
        schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        schema_editor.execute(sql)
    schema_editor.execute("VACUUM ANALYZE proposals_proposal")


def forwards(apps, schema_editor):
    _refill(schema_editor, REFRESH_SQL)


def backwards(apps, schema_editor):
    _refill(schema_editor, PREVIOUS_SQL)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("deputies", "0001_initial"),
        ("proposals", "0006_assignment_closed_opinion_missing"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
