"""Versions of each app's data, for reads cached in Django's cache.

Every transition through the case-work kernel bumps its workflow's namespace once its
transaction commits, so a cached read keyed by ``data_version(namespace)`` is never older than
the last write through the services; a time limit on the cached value covers writes made
around them (a unit renamed in a shell). A cache that is down degrades to no caching."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

# Apps that keep, besides their own version, a version of what the public sees of them
# (``<label>.public``): bumped only by the writes that change a publicly visible row, so the
# public pages that read only those rows (``page_cache.public_reads``) outlive the other writes.
PUBLIC_PARTS = ("proposals",)


def public_namespace(namespace: str) -> str:
    return f"{namespace}.public"


def version_key(namespace: str) -> str:
    return f"{namespace}:data-version"


_key = version_key


def data_version(namespace: str) -> str:
    key = _key(namespace)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return version


def bump_data_version(namespace: str) -> None:
    cache.set(_key(namespace), uuid.uuid4().hex, timeout=None)


def data_versions(namespaces) -> dict[str, str]:
    """The versions of several namespaces in one round trip (missing ones are created)."""
    return data_versions_with(namespaces, ())[0]


def data_versions_with(namespaces, other_keys) -> tuple[dict[str, str], dict]:
    """The versions of several namespaces and the values of ``other_keys`` that are in the
    cache, in the same round trip."""
    keys = {_key(namespace): namespace for namespace in namespaces}
    other_keys = [key for key in other_keys if key not in keys]
    found = cache.get_many([*keys, *other_keys])
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        found.update(cache.get_many(missing))
    return {keys[key]: found.get(key, "") for key in keys}, {
        key: found[key] for key in other_keys if key in found
    }


class _Bump:
    """A bump waiting for the commit; ``done`` once it ran (a test may run hooks early)."""

    __slots__ = ("namespace", "done")

    def __init__(self, namespace: str):
        self.namespace = namespace
        self.done = False

    def __call__(self):
        self.done = True
        bump_data_version(self.namespace)


def bump_on_commit(namespace: str, *, using: str = "default") -> None:
    """Bump once the current transaction commits (at once outside one). Several writes in one
    transaction register one bump per namespace: a batch of 10,000 rows bumps once."""
    if not namespace:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_data_version(namespace)
        return
    # Pending bumps belong to the current list of commit hooks: Django replaces that list on
    # commit, rollback and savepoint rollback, so a new list means nothing of ours is pending.
    hooks, pending = getattr(connection, "_congress_pending_bumps", (None, None))
    if hooks is not connection.run_on_commit:
        pending = {}
        connection._congress_pending_bumps = (connection.run_on_commit, pending)
    waiting = pending.get(namespace)
    if waiting is not None and not waiting.done:
        return
    pending[namespace] = bump = _Bump(namespace)
    transaction.on_commit(bump, using=using, robust=True)


def bump_public_on_commit(namespace: str, *, using: str = "default") -> None:
    """Bump what the public sees of ``namespace`` (``<namespace>.public``) once the current
    transaction commits, when the app keeps such a version (``PUBLIC_PARTS``)."""
    if namespace in PUBLIC_PARTS:
        bump_on_commit(public_namespace(namespace), using=using)
