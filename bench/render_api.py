"""In-process measurement of the public and portal APIs (issue 16) next to the bare view.

Per endpoint: the queries of one request (after a warm one) and the median of ``--runs`` timed
requests through ``django.test.Client`` (every middleware, DEBUG off, ``bench.settings``), and the
ratio to the bare view ``/bench/bare/``, requested in turn with the endpoint (one each), so that a
change of load on the machine moves both alike. Anonymous requests carry no
cookie; token requests an ``Authorization: Token …`` header (tokens issued here for deputy1 and
unit1, revoked at the end). The token endpoint itself is timed over ``--runs // 5`` requests:
each one hashes a password and writes a token row and a login record (AccessLog).

Needs a bench database (``bench/run.py --scale small --generate-only --database-url …``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_apis REDIS_URL=redis://127.0.0.1:6379/0 \\
      .venv/bin/python bench/render_api.py [--profile NAME]

``--profile NAME`` prints the top of a cProfile of 20 requests to the endpoint named NAME
(``PROFILE_SORT=tottime``, ``PROFILE_LINES=80`` to change what is printed). ``CONGRESS_PAGE_CACHE=0``
measures the public endpoints as built (``congress.api.public_cache`` off).
Prints a Markdown table: endpoint, queries, median ms, the bare view's median beside it, × bare; and
the same for the CPU time of this process (``time.process_time``), which leaves out waiting for the
database, Redis and a free core: on a busy machine the steadier of the two.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.run import setup_in_process

# The bench server's environment (bench/run.py); the test client's default host allowed too.
setup_in_process(ALLOWED_HOSTS="127.0.0.1,testserver")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

PASSWORD = "Bench-Api-2026"
BARE = "/bench/bare/"


def _endpoints():
    """(name, method, url, who, body): who is None (anonymous), "deputy1" or "unit1"."""
    from meetings.models import Meeting
    from opendata.oparl.objects import CONGRESS

    meeting = Meeting.objects.filter(attendance_published_at__isnull=False).order_by("-starts_at").first()
    body = CONGRESS
    return [
        ("public deputies", "GET", reverse("api-public-deputy-list"), None, None),
        ("public deputies ?search=王", "GET", reverse("api-public-deputy-list") + "?search=王", None, None),
        (
            "public proposals ?search=电梯",
            "GET",
            reverse("api-public-proposal-list") + "?search=电梯",
            None,
            None,
        ),
        ("public proposals (first page)", "GET", reverse("api-public-proposal-list"), None, None),
        (
            "public attendance ?meeting=",
            "GET",
            f"{reverse('api-public-attendance')}?meeting={meeting.pk}",
            None,
            None,
        ),
        ("public stations", "GET", reverse("api-public-stations"), None, None),
        ("OParl meetings", "GET", reverse("oparl:list", args=[body, "meeting"]), None, None),
        ("OParl persons", "GET", reverse("oparl:list", args=[body, "person"]), None, None),
        ("OParl papers", "GET", reverse("oparl:list", args=[body, "paper"]), None, None),
        (
            "token endpoint (POST)",
            "POST",
            reverse("api-token"),
            None,
            {"username": "deputy1", "password": PASSWORD},
        ),
        ("/api/v1/me/ (deputy1, token)", "GET", reverse("api-me"), "deputy1", None),
        ("deputy's proposals (deputy1, token)", "GET", reverse("api-proposal-list"), "deputy1", None),
        ("unit's assignments (unit1, token)", "GET", reverse("api-assignment-list"), "unit1", None),
    ]


def _tokens():
    from congress.models import User
    from congress.services import api_token_issue

    found = {}
    for username in ("deputy1", "unit1"):
        user = User.objects.get(username=username)
        if username == "deputy1":
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        found[username] = api_token_issue(user=user)
    return found


def _request(client, method, url, token, body):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    if method == "POST":
        return client.post(url, body, content_type="application/json", **headers)
    return client.get(url, **headers)


def _timed(client, method, url, token, body) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of this process (the CPU time leaves out waiting: for the
    database and Redis, and for a core on a busy machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    _request(client, method, url, token, body)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def _measure(client, method, url, token, body, runs):
    """Queries of one request after a warm one; the median of ``runs`` requests and that of as many
    bare requests interleaved with them (one each in turn), so a change of load on the machine
    moves both alike."""
    _request(client, method, url, token, body)
    with CaptureQueriesContext(connection) as captured:
        response = _request(client, method, url, token, body)
    queries = len(captured)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    bare_client = Client()
    times, bare = [], []
    for _ in range(runs):
        bare.append(_timed(bare_client, "GET", BARE, None, None))
        times.append(_timed(client, method, url, token, body))
    wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
    bare_wall, bare_cpu = (statistics.median(t[i] for t in bare) for i in (0, 1))
    return queries, wall, bare_wall, cpu, bare_cpu, len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="", help="only the endpoints whose name contains this")
    args = parser.parse_args()
    from django.conf import settings

    from congress.models import ApiToken

    assert not settings.DEBUG, "measure with DEBUG off"
    tokens = _tokens()
    rows = []
    try:
        load_before = os.getloadavg()[0]
        for name, method, url, who, body in _endpoints():
            if args.only not in name:
                continue
            token = tokens[who][1] if who else None
            client = Client()  # no cookie carried from one endpoint to the next
            runs = max(args.runs // 5, 3) if method == "POST" else args.runs
            if args.profile and args.profile == name:
                _request(client, method, url, token, body)
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(20):
                    _request(client, method, url, token, body)
                profiler.disable()
                pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
                    int(os.environ.get("PROFILE_LINES", "45"))
                )
            rows.append((f"{name} `{url}`", *_measure(client, method, url, token, body, runs)))
    finally:
        ApiToken.objects.filter(pk__in=[token.pk for token, _key in tokens.values()]).delete()
        ApiToken.objects.filter(user__username="deputy1", created_from="127.0.0.1").delete()
    bares = [row[3] for row in rows]
    print(
        f"{connection.vendor}, DEBUG off, warm request then median of {args.runs} (POST: {max(args.runs // 5, 3)}), "
        f"each next to as many bare requests in turn; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after; bare view {min(bares):.2f}–{max(bares):.2f} ms"
    )
    print()
    print("| endpoint | queries | median ms | bare ms | × bare | CPU ms | bare CPU ms | CPU × bare | bytes |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, queries, ms, bare, cpu, bare_cpu, size in rows:
        print(
            f"| {name} | {queries} | {ms:.2f} | {bare:.2f} | {ms / bare:.1f} | {cpu:.2f} | {bare_cpu:.2f} "
            f"| {cpu / bare_cpu:.1f} | {size} |"
        )


if __name__ == "__main__":
    main()
