"""The version of the proposals data, for reads cached in Django's cache (the yearly
statistics, public search counts). Every proposals transition goes through the case-work
kernel, which bumps the ``proposals`` namespace once its transaction commits (the daily job's
bulk close too): a cached read keyed by the version is never older than the last write through
the services; a time limit covers writes made around them (a unit renamed, a shell)."""

from __future__ import annotations

from congress import caching

NAMESPACE = "proposals"


def data_version() -> str:
    return caching.data_version(NAMESPACE)


def bump_data_version() -> None:
    caching.bump_data_version(NAMESPACE)


def bump_data_version_on_commit() -> None:
    caching.bump_on_commit(NAMESPACE)
