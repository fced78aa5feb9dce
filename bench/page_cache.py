"""The portal's public page cache, with a bench-only way past it (bench/settings.py puts this
class where the portal has ``congress.page_cache.PublicPageCacheMiddleware``)."""

from bench.middleware import RENDER_HEADER
from congress.page_cache import PublicPageCacheMiddleware


class BypassablePageCacheMiddleware(PublicPageCacheMiddleware):
    """A request carrying ``X-Bench-Render`` is neither served from the page cache nor stored in
    it: the bench measures every anonymous public page twice in one run, from the cache and
    rendered (a miss), next to the same bare view."""

    def __call__(self, request):
        if request.headers.get(RENDER_HEADER):
            return self.get_response(request)
        return super().__call__(request)
