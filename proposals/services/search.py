"""Keeping the public search's n-gram vectors (``proposals.search``) up to date."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from proposals import caching, search

# What a renamed row reaches: the closed proposals whose vectors hold its name (SQL over the
# refresh's ``p``, ``d`` the lead deputy and ``g`` the deputy's group).
RENAMED_WHERE = {
    "proposals.category": "p.category_id = %(pk)s",
    "deputies.deputy": "p.lead_deputy_id = %(pk)s",
    "deputies.deputygroup": "d.group_id = %(pk)s",
    "congress.organization": (
        "(g.organization_id = %(pk)s OR EXISTS (SELECT 1 FROM proposals_assignment a"
        " WHERE a.proposal_id = p.id AND a.unit_id = %(pk)s))"
    ),
}


def proposal_search_refresh_renamed(*, model_label: str, pk: int) -> int:
    """Refresh the vectors of the closed proposals that carry the name of the renamed
    category, deputy, deputy group or unit ``model_label``/``pk`` (``proposals.search_sync``
    calls it through a task after the commit). Returns the rows written (0 off PostgreSQL)."""
    if connection.vendor != "postgresql":
        return 0
    where = f"p.state = 'closed' AND {RENAMED_WHERE[model_label]}"
    caching.bump_on_commit(public=True)  # raw SQL sends no signal: the public search changes
    with connection.cursor() as cursor:
        cursor.execute(search.REFRESH_SQL.format(where=where), {"pk": int(pk)})
        return cursor.rowcount


def proposal_search_refresh(*, proposal_ids: Iterable[int] | None = None) -> int:
    """Recompute the search vector of the given proposals (all proposals when None) from their
    title, content, serial, lead deputy's name and handling units, in one ``UPDATE`` on
    PostgreSQL; closed proposals get one, others none. Returns the rows written (0 elsewhere:
    SQLite searches without it). Called when a proposal closes and when its disclosure
    changes; a rename reaches the vectors through ``proposal_search_refresh_renamed``."""
    if connection.vendor != "postgresql":
        return 0
    if proposal_ids is None:
        where, params = "TRUE", []
    else:
        ids = [int(pk) for pk in proposal_ids]
        if not ids:
            return 0
        where, params = "p.id = ANY(%s)", [ids]
    caching.bump_on_commit(public=True)  # raw SQL sends no signal: the public search changes
    with connection.cursor() as cursor:
        cursor.execute(search.REFRESH_SQL.format(where=where), params)
        return cursor.rowcount
