"""The idle timeout (MLPS level 3: a session ends after ``SESSION_COOKIE_AGE`` seconds without
a request) without writing the session on every request.

The session remembers when it was last seen (``SEEN_KEY``, seconds since the epoch). A request
that finds it older than the idle timeout ends the session (flush: signed out) before anything
else reads it; otherwise the time is renewed only when it is at least ``SESSION_TOUCH_SECONDS``
old (a minute), so a read-only request reads the session and writes nothing, and the stored
expiry (the database row, the cache entry) slides at most once a minute. The session is then
saved by Django's ``SessionMiddleware`` as for any change (``SESSION_SAVE_EVERY_REQUEST`` off)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

SEEN_KEY = "_congress_seen"


def _now() -> int:
    # timezone.now(), not time.time(): tests move the clock by patching it
    return int(timezone.now().timestamp())


class IdleSessionMiddleware:
    """Between ``SessionMiddleware`` and ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = _now()
        seen = None
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:
            seen = session.get(SEEN_KEY)
            if seen is not None and now - seen >= settings.SESSION_COOKIE_AGE:
                session.flush()
                seen = None
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None:
            self.touch(session, now, seen)
        return response

    @staticmethod
    def touch(session, now: int, seen: int | None) -> None:
        if not (set(session.keys()) - {SEEN_KEY}):
            return  # nothing to keep (an anonymous visitor, a session just ended)
        if session.modified or seen is None or now - seen >= settings.SESSION_TOUCH_SECONDS:
            session[SEEN_KEY] = now
