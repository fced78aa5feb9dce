"""The portal home is made of panels that each app contributes: what waits for this user.

An app registers a panel function in its ``AppConfig.ready``; the function takes the user and
returns a ``Panel`` or None (nothing for this user). Each panel costs a constant number of
queries, so the home's query count does not grow with data.

The panels of a user are kept in Django's cache for ``CONGRESS_PANEL_CACHE_SECONDS`` (issue 16:
they were 80 % of the home's time), keyed on the data version of every app of the project
(``congress.caching``: every write through the ORM or the services bumps its app's version when
it commits), the user's roles and units (cached until they change), the language and the day —
so a write is seen on the next request. The time limit covers what moves with the clock alone
(a meeting that has started, an activity whose sign-up closed)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation


@dataclass
class PanelItem:
    title: str
    url: str = ""
    meta: str = ""  # a short second line: deadline, state, unit
    tone: str = ""  # "", "due", "overdue", "ok": colours the item


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    more_url: str = ""
    empty_text: str = ""
    count: int | None = None
    order: int = 100


_PANELS: list[Callable] = []


def register_panel(func: Callable) -> Callable:
    if func not in _PANELS:
        _PANELS.append(func)
    return func


def _compute(user) -> tuple[list[Panel], dict]:
    from congress.hooks import profiles_for

    panels = [panel for func in _PANELS if (panel := func(user)) is not None]
    return sorted(panels, key=lambda p: p.order), profiles_for(user)


def _cache_key(user) -> str:
    """The key of the user's panels: the data versions, and the user's roles and units when
    this request has not read them yet, come from the cache in one round trip."""
    from congress import caching, page_cache, roles, units, yearly

    wanted = {}
    if not roles.is_read(user):
        wanted[yearly.roles_key(user.pk)] = roles.remember
    if not units.is_read(user):
        wanted[units.units_key(user.pk)] = units.remember
    versions, found = caching.data_versions_with(page_cache.namespaces(), wanted)
    for key, value in found.items():
        wanted[key](user, value)
    parts = [
        *(f"{name}={versions[name]}" for name in sorted(versions)),
        ",".join(sorted(roles.role_names(user))),
        ",".join(str(pk) for pk in sorted(units.acting_unit_ids(user))),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
    return f"congress:portal-home:v1:{user.pk}:{digest}"


def home_for(user) -> tuple[list[Panel], dict]:
    """The panels for ``user`` in their order, and the apps' profiles of the user
    (``congress.hooks``); from the cache when no data, role or unit of the user changed since
    they were built (none of their queries on a hit)."""
    seconds = getattr(settings, "CONGRESS_PANEL_CACHE_SECONDS", 60)
    if not seconds or not getattr(user, "is_authenticated", False):
        return _compute(user)
    key = _cache_key(user)
    home = cache.get(key)
    if home is None:
        home = _compute(user)
        cache.set(key, home, timeout=seconds)
    return home


def panels_for(user) -> list[Panel]:
    return home_for(user)[0]
