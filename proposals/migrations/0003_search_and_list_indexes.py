"""Indexes for the pages that were slow at a million proposals (bench/README.md), and the
Chinese n-gram search of the disclosed proposals on PostgreSQL (``proposals.search``).

- ``assignment_inbox_order``: one unit's inbox, open first then by deadline.
- ``proposal_public_recent``: the public listing, newest closed first (partial: public rows).
- ``proposal_newest``: every proposal newest first (staff); ``proposal_year``: the years.
- PostgreSQL only: the function ``proposals_search_lexemes``, the column
  ``proposals_proposal.search_vector`` (tsvector of the single characters and character pairs,
  not a model field), filled here for the closed proposals, its partial GIN index
  ``proposal_search_ngrams``; the trigram index on ``content`` (0002) goes, as nothing
  searches content with ``icontains`` alone any more (the one on ``title`` stays for the
  staff's title search).

Not atomic: the column is filled in its own transaction, then ``VACUUM ANALYZE`` (which cannot
run inside one) lets index-only scans and the planner see the new data. At a million proposals
the fill takes minutes; at a district's real size, seconds.

The SQL is written out here rather than imported, so that this migration keeps doing what it
did when ``proposals.search`` changes later.
"""

from django.conf import settings
from django.db import migrations, models, transaction

LEXEMES_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION proposals_search_lexemes(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT g
        FROM (SELECT string_to_array(regexp_replace(lower(coalesce(doc, '')), '\s+', ' ', 'g'), NULL) AS c)
            AS chars,
        LATERAL (
            SELECT unnest(c)
            UNION ALL
            SELECT a || b FROM unnest(c[1:cardinality(c) - 1], c[2:]) AS pairs(a, b)
        ) AS grams(g)
        WHERE strpos(g, ' ') = 0
    )
$$
"""

FILL_SQL = """
UPDATE proposals_proposal AS p
SET search_vector = array_to_tsvector(proposals_search_lexemes(concat_ws(' ', p.title, p.content, p.serial, d.name, (
    SELECT string_agg(o.name, ' ') FROM proposals_assignment a
    JOIN congress_organization o ON o.id = a.unit_id
    WHERE a.proposal_id = p.id AND a.state <> 'withdrawn'))))
FROM deputies_deputy AS d
WHERE d.id = p.lead_deputy_id AND p.state = 'closed'
"""


def search_forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with transaction.atomic(using=schema_editor.connection.alias):
        schema_editor.execute(LEXEMES_FUNCTION_SQL)
        schema_editor.execute("ALTER TABLE proposals_proposal ADD COLUMN IF NOT EXISTS search_vector tsvector")
        schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        schema_editor.execute(FILL_SQL)
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS proposal_search_ngrams ON proposals_proposal USING gin (search_vector) "
            "WHERE state = 'closed' AND NOT is_withheld"
        )
        schema_editor.execute("DROP INDEX IF EXISTS proposal_content_trgm")
    schema_editor.execute("VACUUM ANALYZE proposals_proposal")


def search_backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS proposal_search_ngrams")
    schema_editor.execute("ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP FUNCTION IF EXISTS proposals_search_lexemes(text)")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS proposal_content_trgm ON proposals_proposal "
        'USING gin ((UPPER("content"::text)) gin_trgm_ops)'
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('congress', '0001_initial'),
        ('deputies', '0001_initial'),
        ('proposals', '0002_public_search_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(models.F('unit'), models.Case(models.When(state__in=['assigned', 'handling'], then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField()), models.F('deadline'), models.F('id'), condition=models.Q(('state', 'withdrawn'), _negated=True), name='assignment_inbox_order'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('is_withheld', False), ('state', 'closed')), fields=['-closed_at', '-id'], name='proposal_public_recent'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['-created_at', '-id'], name='proposal_newest'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['year'], name='proposal_year'),
        ),
        migrations.RunPython(search_forwards, search_backwards, elidable=False),
    ]
