"""Settings for the benchmark server: the portal's own settings, plus a bare view mounted at
``/bench/bare/`` (``bench.bench_urls``) and a middleware that reports the server time of each
request in a response header. Nothing here changes how the portal's own pages behave, except
that the API's anonymous throttle is raised so the load client is not answered with 429, and a
request with the header ``X-Bench-Render`` passes by the public page cache (to measure a miss)."""

from congress.settings import *  # noqa: F403
from congress.settings import MIDDLEWARE, REST_FRAMEWORK, VAR_DIR

ROOT_URLCONF = "bench.bench_urls"

# Outermost, so the header covers every other middleware as well as the view. The page cache is
# the portal's own, with a bench-only header that bypasses it (the "rendered" rows of a run).
MIDDLEWARE = [
    "bench.middleware.ServerTimingMiddleware",
    *(
        "bench.page_cache.BypassablePageCacheMiddleware"
        if name == "congress.page_cache.PublicPageCacheMiddleware"
        else name
        for name in MIDDLEWARE
    ),
]

# The throttles still run (their cache reads and writes are part of the cost measured), they
# just never refuse: the load client sends thousands of anonymous requests a minute.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}), "10000000/min"),
}

# collectstatic for the manifest storage goes here, not into the project's staticfiles/.
# Django's manifest storage rather than WhiteNoise's compressing one: page templates need the
# manifest for {% static %}, and no benchmark serves static files, so compressing every file
# with brotli on each run (most of a minute) would measure nothing.
STATIC_ROOT = VAR_DIR / "bench-static"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
