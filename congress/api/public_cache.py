"""Anonymous GETs of the public API answered from the cache (issue 16), the way the public pages
(``congress.page_cache``) and OParl are.

A public endpoint's JSON is the same for every anonymous caller asking for the same address in the
same language, until the data it shows changes. It is stored under a key holding the data version
of every app of the project (``congress.caching``): any write of a public record bumps its app when
its transaction commits, so the next request after a write builds the answer again. The answer
carries that key as its ``ETag``; a client sending it back (``If-None-Match``) gets 304 without a
body. Authentication, permissions and the throttle run first, as on every request.

Never served nor stored: a signed-in caller (session or token), anything but GET, a renderer other
than JSON (the browsable API), an answer other than 200, and everything when
``CONGRESS_PAGE_CACHE`` is off (the tests, unless they turn it on).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from congress import caching, page_cache

HEADER = "X-Api-Cache"


def _key(request) -> str:
    versions = caching.data_versions(page_cache.namespaces())
    raw = "\n".join(
        [
            request.get_host(),
            request.scheme,  # absolute URLs in some answers (photos)
            request.get_full_path(),
            get_language() or "",
            request.accepted_media_type or "",
            *(f"{name}={versions[name]}" for name in sorted(versions)),
        ]
    )
    return "api:v1:" + hashlib.sha256(raw.encode()).hexdigest()


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
    _public_cache_key: str | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles, renderer
        if not _may_serve(request):
            return
        # The versions are read before the answer is built: a write during it misses next time.
        key = self._public_cache_key = _key(request)
        etag = f'"{key[-32:]}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            hit = HttpResponseNotModified()
        else:
            content = cache.get(key)
            if content is None:
                return
            hit = HttpResponse(content, content_type=request.accepted_media_type)
            hit.headers[HEADER] = "hit"
        hit.headers["ETag"] = etag
        # DRF looks the handler up after ``initial``: the stored answer stands in for it.
        self.get = lambda *args, **kwargs: hit

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self._public_cache_key
        if key is None or response.status_code != 200 or HEADER in response.headers:
            return response
        response.render()
        cache.set(key, response.content, timeout=getattr(settings, "CONGRESS_PAGE_CACHE_SECONDS", 600))
        response.headers["ETag"] = f'"{key[-32:]}"'
        response.headers[HEADER] = "miss"
        return response
