"""Server time per request, in a response header the load client reads (bench only)."""

import time

HEADER = "X-Bench-Server-Us"
RENDER_HEADER = "X-Bench-Render"  # bench/page_cache.py: pass by the public page cache


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response.headers[HEADER] = str(int((time.perf_counter() - started) * 1_000_000))
        return response
