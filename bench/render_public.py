"""Anonymous public pages as rendered (no page cache), in-process, next to the bare view (issue 16).

    .venv/bin/python bench/render_public.py --database-url postgres://postgres@127.0.0.1:5432/congress_render
    .venv/bin/python bench/render_public.py --database-url … --only news --profile 20   # cProfile one page

The database is a bench one (``bench/run.py --scale small --generate-only --database-url …``). Runs with
the bench settings (the bare view at ``/bench/bare/``), DEBUG off (so the cached template loader), the
page cache off (``CONGRESS_PAGE_CACHE=0``: every request renders) and Redis as the cache, as the bench's
server has it (keys prefixed with the database's name). Each page: one warm request, its queries counted on a second, then the
median of ``--repeat`` requests through ``django.test.Client`` (wall time, and the process's CPU
time, steadier on a busy machine: it leaves out the waits for the database and Redis); the bare view is measured first and
last, and each page's ratio is to their mean. Prints a Markdown table with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/14", help="cache, as the bench's server"
    )
    parser.add_argument("--repeat", type=int, default=50, help="measured requests per page (median)")
    parser.add_argument("--only", action="append", default=[], help="only pages whose name contains this")
    parser.add_argument(
        "--path", action="append", default=[], help="measure these paths instead of the scenarios' pages"
    )
    parser.add_argument("--profile", type=int, default=0, help="cProfile N requests of each page instead")
    parser.add_argument("--lang", default="zh-hans", help="Accept-Language of the client")
    return parser.parse_args(argv)


def public_pages():
    """Every anonymous HTML page of the bench scenarios (no cookies, not the API, not a feed)."""
    from bench import run
    from bench.scenarios import Context, Page, Skip, load_all

    ctx = Context(scale="small", login=run.login)
    pages = []
    for _name, scenario in load_all().items():
        try:
            items = scenario.build(ctx)
        except Skip:
            continue
        for item in items:
            if isinstance(item, Page) and not item.cookies and "/api/" not in item.path:
                if not any(part in item.path for part in (".ics", "/feeds/", ".csv", "/oparl/")):
                    pages.append(item)
    return pages


def measure(client, path: str, repeat: int) -> tuple[int, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm: template compilation, URL resolver, cached rules
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = len(queries.captured_queries)  # now: each request's start empties the connection's log
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (
        count,
        statistics.median(times) * 1000,
        statistics.median(cpu) * 1000,
        response.status_code,
    )


def main(argv) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import setup_in_process

    setup_in_process(args.database_url, args.redis_url, CONGRESS_PAGE_CACHE="0")
    from django.test import Client

    from bench.bench_urls import bare  # noqa: F401  (the bench settings are in use)

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE=args.lang)
    if args.path:
        from bench.scenarios import Page

        pages = [Page(path, path) for path in args.path]
    else:
        pages = public_pages()
    pages = [p for p in pages if not args.only or any(o in p.name for o in args.only)]
    if args.profile:
        import cProfile
        import pstats

        for page in pages:
            client.get(page.path)
            profiler = cProfile.Profile(time.process_time)  # CPU: leaves out waits on a busy machine
            profiler.enable()
            for _ in range(args.profile):
                client.get(page.path)
            profiler.disable()
            print(f"## {page.name} {page.path}")
            pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(60)
        return 0

    load_before = os.getloadavg()
    _, bare_first, bare_cpu_first, _ = measure(client, "/bench/bare/", args.repeat * 4)
    rows = []
    for page in pages:
        rows.append((page, *measure(client, page.path, args.repeat)))
    _, bare_last, bare_cpu_last, _ = measure(client, "/bench/bare/", args.repeat * 4)
    load_after = os.getloadavg()
    bare_ms = (bare_first + bare_last) / 2
    bare_cpu = (bare_cpu_first + bare_cpu_last) / 2
    print(
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; bare view "
        f"{bare_first:.3f} / {bare_last:.3f} ms wall, {bare_cpu_first:.3f} / {bare_cpu_last:.3f} ms CPU "
        f"(first / last); median of {args.repeat}"
    )
    print()
    print("| page | queries | wall ms | × bare | CPU ms | × bare |")
    print("|---|--:|--:|--:|--:|--:|")
    print(f"| bare Django view | 0 | {bare_ms:.2f} | 1 | {bare_cpu:.2f} | 1 |")
    for page, queries, median, median_cpu, status in rows:
        flag = "" if status == 200 else f" (HTTP {status})"
        print(
            f"| {page.name}{flag} | {queries} | {median:.1f} | {median / bare_ms:.0f} "
            f"| {median_cpu:.1f} | {median_cpu / bare_cpu:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
