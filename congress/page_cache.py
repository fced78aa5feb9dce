"""Whole-page cache of the public website's HTML for anonymous visitors (issue 16).

A public page carries nothing per visitor (no CSRF token: ``base.html`` gives one to signed-in
users only), so the HTML one anonymous visitor gets is the HTML every anonymous visitor gets for
the same address, language and htmx request — until the data it shows changes. The key holds the
data version of every app of the project (``congress.caching``): a write bumps its app's version
when its transaction commits, so the next request after a write misses and renders again.

Who bumps:
- every transition through the case-work kernel (its workflow's namespace, = the app label);
- every ORM save, delete and many-to-many change of a project model (``connect_signals``),
  except the models no public page shows (accounts, notices, the audit log, the outbox,
  history rows, reminder marks), so a login or a notice read does not empty the cache;
- writes that send no signal (``QuerySet.update``, ``bulk_create``) in the services call
  ``congress.caching.bump_on_commit(<app label>)`` themselves;
- and a page is kept at most ``CONGRESS_PAGE_CACHE_SECONDS`` (a shell's raw write).

Never cached: a request with a session or messages cookie (maybe signed in, maybe a message to
show), with an ``Authorization`` header, other than GET; a response that is not a 200 HTML page
(or feed or calendar, ``STORED_TYPES``)
of the ``public`` URL namespace, that sets a cookie (a CSRF token was used, a message shown, the
session written), that says ``Cache-Control: private/no-store/no-cache``, or whose view called
``skip(request)`` (a form with errors).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
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


def is_quiet(model) -> bool:
    meta = model._meta
    return (
        meta.label_lower in QUIET_MODELS
        or meta.model_name.startswith("historical")
        or meta.model_name == "remindermark"
    )


def _bump_for(model) -> None:
    label = model._meta.app_label
    if label in namespaces() and not is_quiet(model):
        caching.bump_on_commit(label)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def saved(sender, **kwargs):
        if not kwargs.get("raw"):
            _bump_for(sender)

    def deleted(sender, **kwargs):
        _bump_for(sender)

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
    versions = caching.data_versions(namespaces())
    raw = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            _language(request),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            *(f"{name}={versions[name]}" for name in sorted(versions)),
        ]
    )
    return "page:v1:" + hashlib.sha256(raw.encode()).hexdigest()


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
    """Early in the chain (before sessions): a hit costs two cache reads and no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "CONGRESS_PAGE_CACHE", True) or not _may_serve(request):
            return self.get_response(request)
        key = _key(request)  # the versions read before the view: a write during it misses next time
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                timeout=getattr(settings, "CONGRESS_PAGE_CACHE_SECONDS", 600),
            )
            response.headers[HEADER] = "miss"
        return response
