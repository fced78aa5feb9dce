"""In-process measurement of the logged-in portal pages (issue 16) next to the bare view, on a
bench database (``bench/run.py --scale small --generate-only --database-url …``). Per page: the
queries of one request after a warm one, and the median of ``--runs`` timed requests through
``django.test.Client`` (every middleware, DEBUG off so templates come from the cached loader),
wall clock and this process's CPU time (on a busy machine the wall clock is mostly waiting).
The bare view is measured first and last; ratios use the mean of the two. Prints a Markdown
table; ``--profile NAME`` prints the cProfile of that page instead (top 40, by ``PROFILE_SORT``,
cumulative by default), ``--queries NAME`` its SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_portal \\
      REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/render_portal.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import setup_in_process  # noqa: E402

setup_in_process()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402


def pages() -> list[tuple[str, str, str | None]]:
    """(name, path, username): the pages of the bench's core, proposals and meetings scenarios
    that a logged-in user sees, plus the portal home of staff and of a committee member."""
    from bench.generate import _unit_of
    from proposals.models import Assignment

    assignment_pk = (
        Assignment.objects.filter(unit__in=_unit_of("unit1"), state__in=["assigned", "handling"])
        .order_by("deadline")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        ("bare view", reverse("bench-bare"), None),
        ("portal home (deputy)", "/portal/", "deputy1"),
        ("portal home (unit officer)", "/portal/", "unit1"),
        ("portal home (staff)", "/portal/", "staff"),
        ("portal home (member)", "/portal/", "member"),
        ("portal home (gov office)", "/portal/", "govoffice"),
        ("unit inbox (unit officer)", reverse("portal:assignment-list"), "unit1"),
        (
            "assignment page (unit officer)",
            reverse("portal:assignment-detail", args=[assignment_pk]),
            "unit1",
        ),
        ("deputy's proposals (deputy)", reverse("portal:proposal-list"), "deputy1"),
        ("reply review queue (gov office)", reverse("portal:review-list"), "govoffice"),
        ("statistics per unit (staff)", reverse("portal:proposal-statistics"), "staff"),
        ("portal meetings (unit officer)", reverse("portal:meeting-list"), "unit1"),
        ("leave requests (gov office)", reverse("portal:meeting-leave-requests"), "govoffice"),
    ]


def client_for(username: str | None) -> Client:
    from bench.run import login

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    if username:
        for key, value in login(username).items():
            client.cookies[key] = value
    return client


def measure(client: Client, path: str, runs: int) -> tuple[int, float, float]:
    """Queries, median wall-clock ms and median CPU ms of this process (Python alone: the
    database's and Redis's work and the waits for a busy machine's cores left out)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = len(captured)
    assert response.status_code == 200, (path, response.status_code)
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return queries, statistics.median(times), statistics.median(cpu)


def profile(name: str, runs: int) -> None:
    import cProfile
    import pstats

    for page, path, user in pages():
        if page.startswith(name):
            client = client_for(user)
            client.get(path)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(runs):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
                int(os.environ.get("PROFILE_LINES", "40"))
            )
            return
    raise SystemExit(f"no page named {name!r}")


def show_queries(name: str) -> None:
    for page, path, user in pages():
        if page.startswith(name):
            client = client_for(user)
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            for query in captured.captured_queries:
                print(f"{query['time']} s: {query['sql']}\n")
            return
    raise SystemExit(f"no page named {name!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", help="pages whose name contains this")
    parser.add_argument("--profile", help="print the cProfile of the first page whose name starts so")
    parser.add_argument("--queries", help="print the SQL of the first page whose name starts so")
    args = parser.parse_args()
    if args.queries:
        show_queries(args.queries)
        return
    if args.profile:
        profile(args.profile, args.runs)
        return
    load_before = os.getloadavg()[0]
    listed = pages()
    bare_path = listed[0][1]
    bare_client = client_for(None)
    _, bare_first, bare_cpu_first = measure(bare_client, bare_path, args.runs)
    rows = []
    for name, path, user in listed[1:]:
        if args.only and args.only not in name:
            continue
        rows.append((name, *measure(client_for(user), path, args.runs)))
    _, bare_last, bare_cpu_last = measure(bare_client, bare_path, args.runs)
    bare = (bare_first + bare_last) / 2
    bare_cpu = (bare_cpu_first + bare_cpu_last) / 2
    print(
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; bare view "
        f"{bare_first:.2f} / {bare_last:.2f} ms, CPU {bare_cpu_first:.2f} / {bare_cpu_last:.2f} ms "
        f"(medians of {args.runs})\n"
    )
    print("| page | queries | median ms | × bare | CPU ms | CPU × bare |")
    print("|---|--:|--:|--:|--:|--:|")
    for name, queries, median, cpu in rows:
        print(
            f"| {name} | {queries} | {median:.1f} | {median / bare:.0f} | {cpu:.1f} | {cpu / bare_cpu:.0f} |"
        )


if __name__ == "__main__":
    main()
