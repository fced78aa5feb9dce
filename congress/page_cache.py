"""Whole-page cache of the public website's HTML for anonymous visitors (issue 16).

A public page carries nothing per visitor (no CSRF token: ``base.html`` gives one to signed-in
users only), so the HTML one anonymous visitor gets is the HTML every anonymous visitor gets for
the same address, language and htmx request — until the data it shows changes.

**A page depends on what it read.** The key holds only the address, host, language and htmx
headers. While a page renders (a miss), every SQL statement on the request's connections is
looked at (``connection.execute_wrapper``): the project tables it names give the app labels
(``congress.caching`` namespaces) the page depends on; reads served from Django's cache say
their namespace themselves (``note``: the district profile, the rules, the public search's
counts, the open-data answers); the core ``congress`` is always a dependency. The page is stored
with the data versions of exactly those namespaces, as read *before* the view ran (a write
during the render misses next time). A lookup is one ``get_many``: the stored entry and the
current version of every namespace; the entry is served only if every version it depends on is
unchanged, else the page renders again and replaces it. When in doubt a page depends on more:
any table named in a statement counts, reads or not.

**What the public sees of an app** (``caching.PUBLIC_PARTS``: ``proposals``). A view wrapped in
``public_reads("proposals")`` (the replies search, a disclosed proposal, the replies feed, the
site search's proposals: they read only closed, not withheld proposals and their confirmed
replies) counts its reads of that
app's tables under ``proposals.public``, which only writes that may change a public row bump
(``register_public_writes``: for proposals, a write of a closed proposal or of a row of one, a
proposal leaving or entering ``closed``, any delete of a proposal, a category; the kernel's
batches always). A draft, a submission, a co-signature, registration and assignment bump
``proposals`` only: the replies pages stay cached while the pages that count a deputy's
proposals (the deputy's public page) miss.

Who bumps:
- every transition through the case-work kernel (its workflow's namespace, = the app label);
- every ORM save, delete and many-to-many change of a project model (``connect_signals``),
  except the models no public page shows (accounts, notices, the audit log, the outbox,
  history rows, reminder marks), so a login or a notice read does not empty the cache;
- writes that send no signal (``QuerySet.update``, ``bulk_create``) in the services call
  ``congress.caching.bump_on_commit(<app label>)`` themselves (``public=True`` for what the public sees);
- and a page is kept at most ``CONGRESS_PAGE_CACHE_SECONDS`` (a shell's raw write).

Never cached: a request with a session or messages cookie (maybe signed in, maybe a message to
show), with an ``Authorization`` header, other than GET; a response that is not a 200 HTML page
(or feed or calendar, ``STORED_TYPES``)
of the ``public`` URL namespace, that sets a cookie (a CSRF token was used, a message shown, the
session written), that says ``Cache-Control: private/no-store/no-cache``, or whose view called
``skip(request)`` (a form with errors).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.utils import translation

from congress import caching

HEADER = "X-Page-Cache"
# Paths never looked up (their answers are never stored either): saves a cache round trip.
NOT_PUBLIC = ("/portal/", "/admin/", "/api/", "/accounts/", "/i18n/", "/healthz", "/static/", "/files/")
# Models whose rows no public page shows: their writes do not empty the cache.
QUIET_MODELS = frozenset(
    {
        "congress.user",
        "congress.apitoken",
        "congress.enrolmentcode",
        "congress.notification",
        "congress.outboxmessage",
        "congress.auditentry",
        "congress.auditchainhead",
    }
)
# What is stored: pages, and the public feeds and calendars (issue 15), which read the same data.
STORED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "text/calendar")
# The URL namespaces whose answers are stored: the public site, and the open-data page (issue 15).
STORED_NAMESPACES = frozenset({"public", "opendata"})
_SKIP = "_congress_page_cache_skip"
_namespaces: tuple[str, ...] | None = None
_tables: dict[str, str] | None = None
# While a page renders: the namespaces it read (None: not recording), and the apps whose reads
# count as their public part.
_reads: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("page_cache_reads", default=None)
_public: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "page_cache_public", default=frozenset()
)
# app label -> (instance, deleted) -> whether the write may change what the public sees of it
_public_writes: dict[str, Callable[..., bool]] = {}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def skip(request) -> None:
    """This response must not be cached (a form with errors, something about the visitor)."""
    setattr(request, _SKIP, True)


def namespaces() -> tuple[str, ...]:
    """The project's app labels (apps whose code lives in this repository)."""
    global _namespaces
    if _namespaces is None:
        base = Path(settings.BASE_DIR).resolve()
        found = []
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            if path.is_relative_to(base) and ".venv" not in path.parts and "site-packages" not in path.parts:
                found.append(config.label)
        _namespaces = tuple(sorted(found))
    return _namespaces


def all_namespaces() -> tuple[str, ...]:
    """Every namespace a page may depend on: the apps and their public parts."""
    return namespaces() + tuple(
        caching.public_namespace(label) for label in caching.PUBLIC_PARTS if label in namespaces()
    )


def note(*names: str) -> None:
    """The page being rendered depends on these namespaces (a read served from Django's cache
    reads no table: its helper says what it read)."""
    reads = _reads.get()
    if reads is not None:
        public = _public.get()
        reads.update(caching.public_namespace(name) if name in public else name for name in names)


@contextlib.contextmanager
def public_reads(*labels: str):
    """Reads of the tables of ``labels`` made inside count as ``<label>.public`` (a context
    manager or a view decorator). Only for code that reads nothing but what the public may see
    of those apps: a write that changes no public row does not bump that version."""
    token = _public.set(_public.get() | frozenset(labels))
    try:
        yield
    finally:
        _public.reset(token)


def register_public_writes(label: str, decide: Callable[..., bool]) -> None:
    """``decide(instance, deleted=…, created=…, update_fields=…)`` tells whether an ORM write of a
    ``label`` model changes what the public sees (then ``<label>.public`` is bumped too; it may
    also arrange a bump of its own once the transaction commits). Without one, every write does."""
    _public_writes[label] = decide


def _table_labels() -> dict[str, str]:
    """Database table -> app label, for the project's models (many-to-many tables included)."""
    global _tables
    if _tables is None:
        labels = set(namespaces())
        _tables = {
            model._meta.db_table: model._meta.app_label
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in labels
        }
    return _tables


@functools.lru_cache(maxsize=1024)
def _labels_in(sql: str) -> frozenset[str]:
    tables = _table_labels()
    return frozenset(tables[word] for word in set(_WORD.findall(sql)) if word in tables)


def _record(execute, sql, params, many, context):
    reads = _reads.get()
    if reads is not None and isinstance(sql, str):
        labels = _labels_in(sql)
        if labels:
            public = _public.get()
            reads.update(caching.public_namespace(label) if label in public else label for label in labels)
    return execute(sql, params, many, context)


def is_quiet(model) -> bool:
    meta = model._meta
    return (
        meta.label_lower in QUIET_MODELS
        or meta.model_name.startswith("historical")
        or meta.model_name == "remindermark"
    )


def _bump_for(
    model, instance=None, *, deleted: bool = False, created: bool = False, update_fields=None
) -> None:
    label = model._meta.app_label
    if label in namespaces() and not is_quiet(model):
        caching.bump_on_commit(label)
        if label in caching.PUBLIC_PARTS:
            decide = _public_writes.get(label)
            if (
                decide is None
                or instance is None
                or decide(instance, deleted=deleted, created=created, update_fields=update_fields)
            ):
                caching.bump_on_commit(label, public=True)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def saved(sender, instance, **kwargs):
        if not kwargs.get("raw"):
            _bump_for(
                sender,
                instance,
                created=kwargs.get("created", False),
                update_fields=kwargs.get("update_fields"),
            )

    def deleted(sender, instance, **kwargs):
        _bump_for(sender, instance, deleted=True)

    def m2m(sender, action, **kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            _bump_for(kwargs["model"])
            _bump_for(kwargs["instance"].__class__)

    post_save.connect(saved, dispatch_uid="congress.page_cache.saved")
    post_delete.connect(deleted, dispatch_uid="congress.page_cache.deleted")
    m2m_changed.connect(m2m, dispatch_uid="congress.page_cache.m2m")


def _language(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    try:
        return translation.get_supported_language_variant(language) if language else settings.LANGUAGE_CODE
    except LookupError:
        return settings.LANGUAGE_CODE


def _may_serve(request) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
    ):
        return False
    return not request.path.startswith(NOT_PUBLIC)


def _key(request) -> str:
    raw = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            _language(request),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        ]
    )
    return "page:v3:" + hashlib.sha256(raw.encode()).hexdigest()


def _lookup(key: str) -> tuple[tuple | None, dict[str, str | None]]:
    """One round trip: the stored entry (if any) and the current version of every namespace."""
    version_keys = {caching.version_key(name): name for name in all_namespaces()}
    found = cache.get_many([key, *version_keys])
    return found.get(key), {name: found.get(k) for k, name in version_keys.items()}


def _fresh(depends: dict[str, str], versions: dict[str, str | None]) -> bool:
    return all(versions.get(name) == version for name, version in depends.items())


def lookup(key: str) -> tuple[object | None, dict[str, str] | None, dict[str, str]]:
    """What is stored under ``key`` if every version it depends on is unchanged (else None), the
    versions it depends on, and the current versions to store a new answer with — all in one
    cache round trip (versions never set yet are made here, before anything is read)."""
    stored, versions = _lookup(key)
    if stored is not None:
        depends, payload = stored
        if _fresh(depends, versions):
            return payload, depends, versions
    missing = [name for name, version in versions.items() if version is None]
    if missing:
        versions.update(caching.data_versions(missing))
    return None, None, versions


def etag(key: str, depends: dict[str, str]) -> str:
    """An ``ETag`` for an answer stored under ``key`` with these versions: it moves on exactly
    when the answer may have changed."""
    raw = "\n".join([key, *(f"{name}={version}" for name, version in sorted(depends.items()))])
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


@contextlib.contextmanager
def recording():
    """Record what the code inside reads: yields the set of namespaces it depends on (the tables
    named in its SQL on every connection, and what ``note`` adds; always the core)."""
    reads = {"congress"}
    token = _reads.set(reads)
    try:
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(_record))
            yield reads
    finally:
        _reads.reset(token)


def store(key: str, reads: set[str], versions: dict[str, str], payload) -> dict[str, str] | None:
    """Keep ``payload`` under ``key`` with the versions (as read before it was built) of what it
    read; returns those versions, or None when it depends on something with no version."""
    if not reads <= versions.keys():
        return None
    depends = {name: versions[name] for name in sorted(reads)}
    cache.set(key, (depends, payload), timeout=getattr(settings, "CONGRESS_PAGE_CACHE_SECONDS", 600))
    return depends


def _may_store(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if response.status_code != 200 or response.streaming or getattr(request, _SKIP, False):
        return False
    if match is None or not STORED_NAMESPACES.intersection(match.namespaces):
        return False
    if not response.get("Content-Type", "").startswith(STORED_TYPES) or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


class PublicPageCacheMiddleware:
    """Early in the chain (before sessions): a hit costs one cache round trip and no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "CONGRESS_PAGE_CACHE", True) or not _may_serve(request):
            return self.get_response(request)
        key = _key(request)
        stored, _depends, versions = lookup(key)  # before the view: a write during it misses next time
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[HEADER] = "hit"
            return response
        with recording() as reads:
            response = self.get_response(request)
        if _may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()]
            if store(key, reads, versions, (response.status_code, headers, response.content)):
                response.headers[HEADER] = "miss"
        return response
