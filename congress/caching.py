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


def pending_on_commit(key: str, run, *, using: str = "default") -> dict:
    """A dict to gather what the current transaction wrote, handed to ``run`` once it commits
    (one commit hook per ``key`` and transaction, robust: a failure is logged). Call it inside an
    atomic block. The dicts belong to the current list of commit hooks: Django replaces that list
    on commit, rollback and savepoint rollback, so a new list starts new dicts; a hook that ran
    early (a test running the captured hooks) leaves the next call to start another."""
    connection = transaction.get_connection(using)
    hooks, batches = getattr(connection, "_congress_pending", (None, None))
    if hooks is not connection.run_on_commit:
        batches = {}
        connection._congress_pending = (connection.run_on_commit, batches)
    batch = batches.get(key)
    if batch is None:
        batch = batches[key] = {}

        def hook():
            if batches.get(key) is batch:
                del batches[key]
            run(batch)

        transaction.on_commit(hook, using=using, robust=True)
    return batch


def _bump_all(namespaces) -> None:
    for namespace in namespaces:
        bump_data_version(namespace)


def bump_on_commit(namespace: str, *, public: bool = False, using: str = "default") -> None:
    """Bump ``namespace`` once the current transaction commits (at once outside one); with
    ``public``, what the public sees of it too (``<namespace>.public``, for the apps that keep
    one: ``PUBLIC_PARTS``) — a write the signals cannot judge (raw SQL, a batch). Several writes
    in one transaction bump each namespace once: a batch of 10,000 rows bumps once."""
    if not namespace:
        return
    namespaces = [namespace]
    if public and namespace in PUBLIC_PARTS:
        namespaces.append(public_namespace(namespace))
    if not transaction.get_connection(using).in_atomic_block:
        _bump_all(namespaces)
        return
    # One hook per namespace, as before: a hook registered earlier in the transaction (a test's
    # fixtures, before its ``django_capture_on_commit_callbacks``) would carry a later write of
    # another namespace with it, and a test running only the captured hooks would miss the bump.
    for name in namespaces:
        pending_on_commit(f"congress.caching.bump:{name}", _bump_all, using=using)[name] = None
