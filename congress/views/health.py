"""``/healthz``: is the database, the cache and the broker reachable? JSON, 200 or 503.

Used by the container healthcheck (docker-compose.yml) and monitoring. Never cached; each
check is short (the broker gets one attempt of a few seconds)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BROKER_TIMEOUT_SECONDS = 3


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    # The Redis cache swallows its errors (congress/cache_backends.py); ask it directly.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it was given")


def _check_broker():
    from congress.celery import app

    # The URL is read now, not when the Celery app was configured, so a changed setting counts.
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.transport_options.setdefault("socket_connect_timeout", BROKER_TIMEOUT_SECONDS)
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )


CHECKS = (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker))


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS:
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure of a dependency is a 503, never a 500
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
