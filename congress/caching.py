"""Versions of each app's data, for reads cached in Django's cache.

Every transition through the case-work kernel bumps its workflow's namespace once its
transaction commits, so a cached read keyed by ``data_version(namespace)`` is never older than
the last write through the services; a time limit on the cached value covers writes made
around them (a unit renamed in a shell). A cache that is down degrades to no caching."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


def _key(namespace: str) -> str:
    return f"{namespace}:data-version"


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


def bump_on_commit(namespace: str) -> None:
    if namespace:
        transaction.on_commit(lambda: bump_data_version(namespace), robust=True)
