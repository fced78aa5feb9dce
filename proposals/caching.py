"""A version number of the proposals data, for reads cached in Django's cache (the yearly
statistics). Every proposals service leaves a ``ProposalEvent`` through
``services._common.event``, which bumps the version once its transaction commits; the daily
job's bulk close bumps it too. A cached read keyed by the version is therefore never older
than the last write through the services; a time limit covers writes made around them (a
unit renamed, a shell)."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "proposals:data-version"


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_data_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_data_version_on_commit() -> None:
    transaction.on_commit(bump_data_version, robust=True)
