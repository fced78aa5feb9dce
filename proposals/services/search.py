"""Keeping the public search's n-gram vectors (``proposals.search``) up to date."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from proposals import search


def proposal_search_refresh(*, proposal_ids: Iterable[int] | None = None) -> int:
    """Recompute the search vector of the given proposals (all proposals when None) from their
    title, content, serial, lead deputy's name and handling units, in one ``UPDATE`` on
    PostgreSQL; closed proposals get one, others none. Returns the rows written (0 elsewhere:
    SQLite searches without it). Called when a proposal closes and when its disclosure
    changes; call it with the ids concerned after renaming a deputy or a unit."""
    if connection.vendor != "postgresql":
        return 0
    if proposal_ids is None:
        where, params = "TRUE", []
    else:
        ids = [int(pk) for pk in proposal_ids]
        if not ids:
            return 0
        where, params = "p.id = ANY(%s)", [ids]
    with connection.cursor() as cursor:
        cursor.execute(search.REFRESH_SQL.format(where=where), params)
        return cursor.rowcount
