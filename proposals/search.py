"""Chinese full-text search of the disclosed proposals on PostgreSQL: character n-grams.

Chinese has no spaces between words and a search term is often two characters (电梯, 养老),
which neither ``pg_trgm`` (three characters) nor a word parser can index. So every closed
proposal carries, in the column ``proposals_proposal.search_vector`` (a ``tsvector``), the set
of its **single characters and character pairs** (lower case, never across white space) of the
title, the content, the serial, the category's name, the lead deputy's name, the lead deputy's
group (代表组) and its street or town (街道/镇), and the names of its handling units (withdrawn
ones left out). A term of one character must be one of them; a term of two must be
one of them; a longer term must have all its pairs, and the selector then checks the real
substring on those few candidates, so the results are exactly those of the plain
``icontains`` search, only indexed (a partial GIN index over the public rows).

The column is **not a model field**: Django never selects it, so the proposal rows every page
and job reads stay as small as before (the vector of a long proposal is tens of kilobytes). It
exists on PostgreSQL only (migration ``0003``); SQLite searches with ``icontains``. It is filled
in SQL by one function (``proposals_search_lexemes``, created by the migration) from:

- ``services.search.proposal_search_refresh`` — when a proposal closes and when its
  disclosure changes (the services call it);
- ``services.search.proposal_search_refresh_renamed`` — after a deputy, a unit, a category or
  a deputy group is renamed, or a deputy moved to another group (``proposals.search_sync``
  queues the task ``refresh_search_after_rename`` on commit);
- the migrations, for the rows that existed before them (``0003`` the first document,
  ``…_search_category_group_street`` with the category, group and street);
- ``bench/generate.py``, for the generated rows.
"""

from __future__ import annotations

# The n-grams of one document, in SQL (duplicates are removed by ``array_to_tsvector``); the
# same rule as ``lexemes`` below: lower case, every character and every pair of neighbours, none
# with white space. Arrays rather than ``substr`` in a loop: 0.3 ms for a 150-character proposal
# (``substr`` on UTF-8 text is linear in the position, a loop over it quadratic).
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

# The document of a proposal ``p`` (with its lead deputy ``d``, the deputy's group ``g`` and
# the group's street or town ``s``, both possibly NULL), fields joined by a space so that no
# pair spans two fields. The same fields as ``selectors._term_matches``.
DOCUMENT_SQL = """concat_ws(' ', p.title, p.content, p.serial,
    (SELECT c.name FROM proposals_category c WHERE c.id = p.category_id),
    d.name, g.name, s.name, (
    SELECT string_agg(o.name, ' ') FROM proposals_assignment a
    JOIN congress_organization o ON o.id = a.unit_id
    WHERE a.proposal_id = p.id AND a.state <> 'withdrawn'))"""

# Fill the vector of the closed proposals matching ``{where}`` (SQL over ``p``); other rows get
# NULL (they are never searched publicly). The category is a subquery: an ``UPDATE``'s joins
# cannot refer to the row updated.
REFRESH_SQL = f"""
UPDATE proposals_proposal AS p
SET search_vector = CASE WHEN p.state = 'closed'
    THEN array_to_tsvector(proposals_search_lexemes({DOCUMENT_SQL})) END
FROM deputies_deputy AS d
LEFT JOIN deputies_deputygroup AS g ON g.id = d.group_id
LEFT JOIN congress_organization AS s ON s.id = g.organization_id
WHERE d.id = p.lead_deputy_id AND ({{where}})
"""


def terms(query: str) -> list[str]:
    """The words of a search (split at white space), lower case, duplicates left out."""
    return list(dict.fromkeys(word.lower() for word in (query or "").split()))


def lexemes(text: str) -> set[str]:
    """The n-grams ``proposals_search_lexemes`` stores for a document (tests compare them)."""
    grams: set[str] = set()
    for word in (text or "").lower().split():  # white space never inside an n-gram
        grams.update(word)
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


def term_lexemes(term: str) -> list[str]:
    """What a document must contain for ``term`` to be a substring of it: the character
    itself, or every pair of neighbouring characters."""
    if len(term) == 1:
        return [term]
    return list(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))


def tsquery(words: list[str]) -> str:
    """A ``tsquery`` (text form) that every n-gram of every word must match: ``'电梯' & '加装'``.
    Each lexeme is quoted (``'`` doubled, ``\\`` escaped), so any character is safe."""
    quoted = []
    for word in words:
        for gram in term_lexemes(word):
            quoted.append("'" + gram.replace("\\", "\\\\").replace("'", "''") + "'")
    return " & ".join(dict.fromkeys(quoted))
