"""In-process measurement of the supervision, filing review, budget and deputies pages and APIs
(issue 16: portal pages ≤ 25× the bare view) next to the bare view, on a bench database made by
``bench/run.py --generate-only``: the pages of those scenarios (``bench/scenarios/``), each
requested once warm, then its queries counted in one request and the median of ``--runs`` timed
requests through ``django.test.Client`` (every middleware, DEBUG off, the page cache as
configured; streamed answers read to the end), right after as many requests to the bare view
so that page and reference share the machine's load of the moment. Prints a Markdown table: page,
queries, median ms, the bare view's median, × bare. ``--profile NAME`` prints cProfile's top functions for the pages whose name holds
NAME instead.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_portal2 REDIS_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python bench/render_apps.py [--runs 50] [--only budget] [--profile "inbox"]
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

SCENARIOS = ("supervision", "budget", "deputies")


def _client(page):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hans", raise_request_exception=False)
    for key, value in page.cookies.items():
        client.cookies[key] = value
    return client


def _get(client, path: str) -> tuple[int, int]:
    response = client.get(path)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


def measure(page, runs: int, bare_client=None) -> dict:
    """Queries of one request after a warm one, then ``runs`` requests to the bare view
    (``bare_client``) and ``runs`` to the page, timed: on a shared machine whose load moves
    within minutes, the page and its reference are measured in the same seconds. (Not
    interleaved request by request: the bare view right after a heavy page pays for its
    garbage collection.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.run import BARE_PATH

    client = _client(page)
    _get(client, page.path)  # warm: caches, templates, the connection
    with CaptureQueriesContext(connection) as captured:
        status, size = _get(client, page.path)
    queries = len(captured)  # now: the next request empties the connection's log
    bare = []
    for _ in range(runs if bare_client is not None else 0):
        started = time.perf_counter()
        _get(bare_client, BARE_PATH)
        bare.append((time.perf_counter() - started) * 1000)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        _get(client, page.path)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": status,
        "queries": queries,
        "ms": statistics.median(times),
        "bare_ms": statistics.median(bare) if bare else None,
        "bytes": size,
    }


def profile(page, runs: int) -> None:
    import cProfile
    import pstats

    client = _client(page)
    _get(client, page.path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        _get(client, page.path)
    profiler.disable()
    print(f"\n## {page.name} `{page.path}` ({runs} requests)\n")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", action="append", choices=SCENARIOS, help="a scenario (repeatable)")
    parser.add_argument("--page", action="append", default=[], help="only pages whose name holds this")
    parser.add_argument("--profile", help="cProfile the pages whose name holds this")
    args = parser.parse_args()
    from bench.run import setup_in_process

    setup_in_process()
    from bench.run import BARE_PATH, login
    from bench.scenarios import Context, Page, Skip, load_all

    ctx = Context(scale="small", login=login)
    pages = []
    for name, scenario in load_all().items():
        if name not in (args.only or SCENARIOS):
            continue
        try:
            pages += [item for item in scenario.build(ctx) if isinstance(item, Page)]
        except Skip as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
    if args.page:
        pages = [p for p in pages if any(word in p.name for word in args.page)]
    if args.profile:
        for page in pages:
            if args.profile in page.name:
                profile(page, args.runs)
        return 0
    load = os.getloadavg()[0]
    bare_page = Page("bare Django view", BARE_PATH)
    bare_client = _client(bare_page)
    rows = [(bare_page.name, BARE_PATH, measure(bare_page, args.runs))]
    for page in pages:
        rows.append((page.name, page.path, measure(page, args.runs, bare_client)))
    print(
        f"\nload average {load:.1f} before, {os.getloadavg()[0]:.1f} after; median of {args.runs} "
        "after a warm request, each page right after as many requests to the bare view (their median beside)\n"
    )
    print("| page | status | queries | median ms | bare ms | × bare | bytes |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, path, r in rows:
        bare_ms = r["bare_ms"] or r["ms"]
        print(
            f"| {name} `{path}` | {r['status']} | {r['queries']} | {r['ms']:.1f} | {bare_ms:.2f} | "
            f"{r['ms'] / bare_ms:.1f} | {r['bytes']:,} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
