"""Anonymous GETs of the public API answered from the cache (issue 16), the way the public pages
are (``congress.page_cache``, whose machinery this uses).

A public endpoint's JSON is the same for every anonymous caller asking for the same address in the
same language, until the data it shows changes. While an answer is built, what it reads is
recorded (``page_cache.recording``: the tables named in its SQL, the namespaces cached reads
note, ``public_reads`` for endpoints that read only what the public sees of an app), and the
answer is stored with the data versions of exactly those namespaces, as read before it was built:
the next request after a write that may change it builds it again, and other writes leave it
alone. The answer carries an ``ETag`` made from its address and those versions; a client sending
it back (``If-None-Match``) gets 304 without a body while they hold. Authentication, permissions
and the throttle run first, as on every request.

Never served nor stored: a signed-in caller (session or token), anything but GET, a renderer other
than JSON (the browsable API), an answer other than 200, and everything when
``CONGRESS_PAGE_CACHE`` is off (the tests, unless they turn it on).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from congress import page_cache

HEADER = "X-Api-Cache"


def _key(request) -> str:
    raw = "\n".join(
        [
            request.get_host(),
            request.scheme,  # absolute URLs in some answers (photos)
            request.get_full_path(),
            get_language() or "",
            request.accepted_media_type or "",
        ]
    )
    return "api:v2:" + hashlib.sha256(raw.encode()).hexdigest()


def _may_serve(request) -> bool:
    return (
        getattr(settings, "CONGRESS_PAGE_CACHE", True)
        and request.method == "GET"
        and request.auth is None
        and not request.user.is_authenticated
        and getattr(request.accepted_renderer, "format", "") == "json"
    )


# Put first in the bases of an anonymous, read-only public API view. (A comment, not a docstring:
# the OpenAPI schema would repeat a docstring on every endpoint without one of its own.)
class PublicCacheMixin:
    _public_cache: tuple[str, dict[str, str]] | None = None
    _public_reads: set[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        # What the answer reads is recorded around the whole of DRF's dispatch (rendering the
        # JSON happens in finalize_response, inside it).
        with page_cache.recording() as reads:
            self._public_reads = reads
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles, renderer
        if not _may_serve(request):
            return
        key = _key(request)
        # The versions are read before the answer is built: a write during it misses next time.
        stored, depends, versions = page_cache.lookup(key)
        self._public_cache = (key, versions)
        if stored is None:
            return
        etag = page_cache.etag(key, depends)
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            hit = HttpResponseNotModified()
        else:
            hit = HttpResponse(stored, content_type=request.accepted_media_type)
            hit.headers[HEADER] = "hit"
        hit.headers["ETag"] = etag
        # DRF looks the handler up after ``initial``: the stored answer stands in for it.
        self.get = lambda *args, **kwargs: hit

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._public_cache is None or response.status_code != 200 or HEADER in response.headers:
            return response
        key, versions = self._public_cache
        response.render()
        depends = page_cache.store(key, self._public_reads, versions, response.content)
        if depends is not None:
            response.headers["ETag"] = page_cache.etag(key, depends)
            response.headers[HEADER] = "miss"
        return response
