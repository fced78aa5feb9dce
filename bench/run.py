"""Benchmark the portal on PostgreSQL next to a bare Django view, in one run.

    make bench                                  # small scale, a quick check (under 2 minutes)
    make bench BENCH_ARGS="--scale district"    # 10,000 deputies over 10 terms
    make bench BENCH_ARGS="--scale full"        # plus 1,000,000 proposals, 3,000,000 assignments

Steps: create the database if missing (recreate it when it holds another scale), migrate,
bootstrap, collect static files, generate the district (bench/generate.py, skipped when the
database already holds the scale), count each page's queries in-process, time the jobs in a
separate process, then serve the portal with gunicorn on a free loopback port and drive every
page with the bounded load client (bench/load.py), the bare view first. Prints a Markdown table
and writes it to bench/results/latest.md and bench/results/<scale>.md. gunicorn is stopped in
a ``finally`` block, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "bench"
OUT_DIR = BENCH_DIR / "out"  # logs, git-ignored
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/congress_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
BARE_PATH = "/bench/bare/"
TIMING = {  # scale -> (warm-up s, measured s, max requests per URL)
    "small": (0.5, 2.0, 2000),
    "district": (2.0, 8.0, 5000),
    "full": (2.0, 10.0, 5000),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["small", "district", "full"], default="small")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        help="cache and broker of the server; 'none' uses the database cache (default: %(default)s if it answers)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2 = cores)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads per URL")
    parser.add_argument("--warmup", type=float, help="seconds of unmeasured requests per URL")
    parser.add_argument("--duration", type=float, help="measured seconds per URL at most")
    parser.add_argument("--requests", type=int, help="measured requests per URL at most")
    parser.add_argument(
        "--only",
        action="append",
        help="run only these scenarios (core, proposals, meetings, supervision, budget, deputies, search, liaison)",
    )
    parser.add_argument(
        "--job-timeout", type=float, default=900.0, help="seconds a job may run before it is killed"
    )
    parser.add_argument("--recreate", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--generate-only", action="store_true", help="prepare the database and stop")
    parser.add_argument(
        "--no-rendered",
        dest="rendered",
        action="store_false",
        help="measure anonymous public pages from the page cache only, not also rendered (a miss)",
    )
    args = parser.parse_args(argv)
    warmup, duration, requests = TIMING[args.scale]
    args.warmup = warmup if args.warmup is None else args.warmup
    args.duration = duration if args.duration is None else args.duration
    args.requests = requests if args.requests is None else args.requests
    return args


# --- environment and database -------------------------------------------------------------


def redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(args) -> dict[str, str]:
    """The environment of this process (in-process measurements) and of gunicorn alike."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-7c1f0e9a4b2d8e6f5a3c1b0d9e8f7a6b",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONGRESS_VAR_DIR": str(ROOT / "var" / "bench"),
        "CONGRESS_ALLOW_DEMO_DATA": "0",
        "CONGRESS_TESTING": "0",
        "LOG_LEVEL": "WARNING",
        # The admin's pages are measured past the TOTP second factor (a bench session has no device).
        "CONGRESS_ADMIN_REQUIRE_OTP": "0",
        # Whole-page cache of anonymous public HTML (congress.page_cache): CONGRESS_PAGE_CACHE=0
        # measures the public pages as rendered (a cache miss on every request).
        "CONGRESS_PAGE_CACHE": os.environ.get("CONGRESS_PAGE_CACHE", "1"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    if args.redis_url != "none" and redis_answers(args.redis_url):
        env["REDIS_URL"] = args.redis_url
    else:
        args.redis_url = "none"
    return env


def setup_in_process(database_url: str | None = None, redis_url: str | None = None, **forced: str) -> None:
    """This process set up as the bench server is (``server_env``), then Django: for the scripts
    that measure pages in-process next to the bare view (bench/render_*.py, book_memory.py). The
    database and cache come from the arguments, else ``DATABASE_URL`` / ``REDIS_URL``, else the
    bench's defaults; any other variable already set in the environment wins, and ``forced``
    ones (e.g. ``CONGRESS_PAGE_CACHE="0"``) win over everything."""
    args = argparse.Namespace(
        database_url=database_url or os.environ.get("DATABASE_URL", DEFAULT_DB),
        redis_url=redis_url or os.environ.get("REDIS_URL", DEFAULT_REDIS),
    )
    env = server_env(args)
    for key, value in env.items():
        os.environ.setdefault(key, value)
    os.environ["DATABASE_URL"] = args.database_url
    if "REDIS_URL" in env:
        os.environ["REDIS_URL"] = env["REDIS_URL"]
    else:  # Redis does not answer: the database cache, as bench/run.py's server would use
        os.environ.pop("REDIS_URL", None)
    os.environ.update(forced)
    import django

    django.setup()


def database_prepare(url: str, *, recreate: bool, scale: str) -> None:
    """Create the database when missing; recreate it when it holds another scale."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    held = None
    try:
        with psycopg2.connect(url) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_marker') IS NOT NULL")
            if cursor.fetchone()[0]:
                cursor.execute("SELECT scale FROM bench_marker WHERE part = 'core'")
                row = cursor.fetchone()
                held = row[0] if row else None
        conn.close()
        exists = True
    except psycopg2.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        exists = False
    if exists and (recreate or (held and held != scale)):
        log(f"database {name}: holds scale {held!r}, recreating it for {scale!r}")
    elif exists:
        return
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        if exists:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    admin.close()
    log(f"database {name}: created")


def django_prepare(scale: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate

    for name, command, options in (
        ("migrate", "migrate", {"interactive": False}),
        ("bootstrap", "bootstrap", {}),
        ("collectstatic", "collectstatic", {"interactive": False}),
    ):
        started = time.monotonic()
        call_command(command, verbosity=0, **options)
        log(f"{name}: {time.monotonic() - started:.1f} s")
    log(f"generating scale {scale} (skipped for parts already there):")
    return generate.ensure(scale, log=log)


# --- sessions and in-process measurements -------------------------------------------------


def login(username: str) -> dict[str, str]:
    """Cookies of a fresh session for ``username``, made the way django.contrib.auth.login does."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from bench.scenarios import Skip

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise Skip(f"no user {username!r} in the generated data")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key}


def page_cached(page) -> bool:
    """Would the portal serve this page from its public page cache (anonymous, a public path)?"""
    from congress.page_cache import NOT_PUBLIC

    return not page.cookies and page.path != BARE_PATH and not page.path.startswith((*NOT_PUBLIC, "/oparl/"))


def with_rendered(pages: list) -> list:
    """Each anonymous public page, then the same page rendered (passing by the page cache)."""
    from bench.middleware import RENDER_HEADER
    from bench.scenarios import Page

    out = []
    for name, page in pages:
        out.append((name, page))
        if page_cached(page):
            out.append((name, Page(f"{page.name}, rendered", page.path, headers={RENDER_HEADER: "1"})))
    return out


# Issue 16's goals per kind of page: server p50 at most N × the bare view's, throughput at least
# M × the bare view's (None: no goal stated for that kind).
GOALS = {
    "public, cached": (5.0, 0.3),
    "public, rendered": (20.0, None),
    "public API": (20.0, None),
    "portal": (25.0, 0.1),
    "admin": (None, None),
    "bare": (None, None),
}


def kind_of(page) -> str:
    if page.path == BARE_PATH:
        return "bare"
    if page.path.startswith("/admin/"):
        return "admin"
    if page.cookies:
        return "portal"
    if page.headers:
        return "public, rendered"
    if page_cached(page):
        return "public, cached"
    return "public API"


def goal_cell(kind: str, server_ratio: float, rps_ratio: float) -> tuple[str, bool | None]:
    """The goal of this kind of page and whether the run met it."""
    server_goal, rps_goal = GOALS[kind]
    if server_goal is None:
        return "–", None
    met = server_ratio <= server_goal and (rps_goal is None or rps_ratio >= rps_goal)
    text = f"≤ {server_goal:g}×" + (f", ≥ {rps_goal:g}× req/s" if rps_goal else "")
    return f"{text} {'met' if met else '**not met**'}", met


def count_queries(page) -> dict:
    """Queries of one request to ``page``, measured in-process after one warm request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    for key, value in page.cookies.items():
        client.cookies[key] = value
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in page.headers.items()}
    try:
        client.get(page.path, **extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path, **extra)
    except Exception as exc:  # a page that fails is reported, not fatal to the run
        return {"status": "error", "queries": None, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "status": response.status_code,
        "queries": len(queries.captured_queries),
        # a streamed answer (the public budget book) is read to its end, as a client would
        "bytes": sum(map(len, response.streaming_content)) if response.streaming else len(response.content),
    }


def python() -> list[str]:
    """This interpreter, with -S passed on when it runs without site (python -S with the
    site-packages on PYTHONPATH runs a copy of the tree without the editable install's finder)."""
    return [sys.executable, "-S"] if sys.flags.no_site else [sys.executable]


def run_job(job, timeout: float, env: dict[str, str]) -> dict:
    command = [*python(), str(BENCH_DIR / "jobrun.py"), job.target, json.dumps(job.kwargs)]
    started = time.monotonic()
    try:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"still running after {timeout:.0f} s: killed"}
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-JOB "):
            result = json.loads(line[len("BENCH-JOB ") :])
            result["wall"] = time.monotonic() - started
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return {"error": " / ".join(tail) or f"exit status {done.returncode}"}


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, so stopping it stops its workers too."""

    def __init__(self, env: dict[str, str], workers: int):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        OUT_DIR.mkdir(exist_ok=True)
        self.log_path = OUT_DIR / "gunicorn.log"

    def start(self) -> None:
        command = [
            *python(),
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=120",
            "--backlog=256",
            f"--error-logfile={self.log_path}",
        ]
        self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}); see {self.log_path}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def _answers(self) -> bool:
        import http.client

        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", BARE_PATH, headers={"Host": f"127.0.0.1:{self.port}"})
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                pids.append(int(entry.name))
        return pids

    def peak_rss_mib(self) -> tuple[float, float]:
        """(largest peak RSS of one worker, peak RSS of the master), from /proc VmHWM."""

        def hwm(pid: int) -> float:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
            except OSError:
                pass
            return 0.0

        workers = [hwm(pid) for pid in self.worker_pids()]
        return (max(workers) if workers else 0.0, hwm(self.proc.pid) if self.proc else 0.0)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        except ProcessLookupError:
            pass


# --- report -------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{seconds * 1000:.1f}"  # NaN -> dash


def render(meta: dict, rows: list[dict], jobs: list[dict], skipped: list[str]) -> str:
    from bench.load import percentile

    lines = [
        f"### Scale `{meta['scale']}` — {meta['date']}",
        "",
        f"- Data: {meta['data']}",
        f"- Generation: {meta['generation']}",
        f"- Machine: {meta['machine']}; server: gunicorn {meta['workers']} sync workers, "
        f"DEBUG off, cache/broker: {meta['cache']}; client: {meta['concurrency']} threads (Python http.client) "
        f"on the same machine; per URL {meta['warmup']:g} s warm-up, then {meta['duration']:g} s "
        f"or {meta['requests']} requests",
        f"- Commit: {meta['commit']}; load average {meta['load']}",
        "",
        "| scenario | page | queries | req/s | × bare | p50 ms | p95 ms | p99 ms | server p50 ms | server p95 ms "
        "| server p50 × bare | issue 16 goal | errors | worker peak RSS MiB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|",
    ]
    # The bare view runs first and last; figures are compared with the mean of the two, and
    # the two rows show how much the machine drifted during the run.
    bares = [row["result"] for row in rows if row["path"] == BARE_PATH]
    bare_rps = sum(r.rps for r in bares) / len(bares)
    bare_server_p50 = sum(percentile(r.server, 50) for r in bares) / len(bares)
    met_rows, missed_rows = [], []
    for row in rows:
        r = row["result"]
        server_p50 = percentile(r.server, 50)
        q = row["queries"]
        queries = "–" if q["queries"] is None else str(q["queries"])
        if q["status"] != 200:
            queries += f" (HTTP {q['status']})"
        server_ratio = server_p50 / bare_server_p50 if bare_server_p50 else 0
        rps_ratio = r.rps / bare_rps if bare_rps else 0
        goal, met = goal_cell(row.get("kind", "bare"), server_ratio, rps_ratio)
        if met is not None:
            (met_rows if met else missed_rows).append(row)
        errors = r.failures
        if not r.requests:
            errors = f"no request finished within {meta['duration']:.0f} s"
        lines.append(
            f"| {row['scenario']} | {row['page']} `{row['path']}` | {queries} | {r.rps:.0f} | "
            f"{r.rps / bare_rps if bare_rps else 0:.2f} | {ms(percentile(r.latencies, 50))} | "
            f"{ms(percentile(r.latencies, 95))} | {ms(percentile(r.latencies, 99))} | {ms(server_p50)} | "
            f"{ms(percentile(r.server, 95))} | {server_ratio:.1f} | {goal} | "
            f"{errors}{' ' + str(sorted(r.statuses)) if r.statuses and r.failures else ''} | {row['rss']:.0f} |"
        )
    if meta["busy"]:
        lines[1:1] = [
            "",
            "> **The machine was busy** (load average far above what the bench causes): other processes shared the "
            "CPUs, so absolute figures are low; the ratios to the bare view are the figures to read.",
        ]
    lines += [
        "",
        f"Issue 16's goals (server p50 and throughput against the bare view): met by {len(met_rows)} of "
        f"{len(met_rows) + len(missed_rows)} pages"
        + (
            "; not met by: " + "; ".join(f"{row['scenario']}: {row['page']}" for row in missed_rows) + "."
            if missed_rows
            else "."
        ),
        "",
        f"Peak RSS: largest worker {meta['rss_worker']:.0f} MiB, gunicorn master {meta['rss_master']:.0f} MiB.",
    ]
    if jobs:
        lines += [
            "",
            "| job | seconds | queries | rows inserted (statements per table) | note |",
            "|---|--:|--:|---|---|",
        ]
        for job in jobs:
            res = job["result"]
            if "error" in res:
                lines.append(f"| {job['name']} `{job['target']}` | – | – | {res['error']} | {job['note']} |")
            else:
                inserts = (
                    ", ".join(f"{t}: {n}" for t, n in sorted(res["insert_statements"].items())) or "none"
                )
                # A job that times its own part (past making its data) says so in its result.
                own = res.get("result")
                own = "; ".join(f"{k} {v}" for k, v in own.items()) if isinstance(own, dict) else ""
                note = f"{job['note']} — {own}" if own else job["note"]
                lines.append(
                    f"| {job['name']} `{job['target']}` | {res['seconds']:.2f} | {res['queries']} | {inserts} "
                    f"| {note} |"
                )
    if skipped:
        lines += ["", "Skipped:"] + [f"- {reason}" for reason in skipped]
    return "\n".join(lines) + "\n"


def queries_by_scale() -> str:
    """Each page's query count at every scale that has results here: constant is the goal."""
    found = {}
    for scale in TIMING:
        path = RESULTS_DIR / f"{scale}.json"
        if path.exists():
            found[scale] = json.loads(path.read_text(encoding="utf-8"))
    if len(found) < 2:
        return ""
    pages = list(dict.fromkeys(page for data in found.values() for page in data["queries"]))
    lines = [
        "",
        "Queries per request by scale (from bench/results/<scale>.json, each from its own run):",
        "",
        "| page | "
        + " | ".join(f"{scale} ({data['date'][:10]})" for scale, data in found.items())
        + " | constant |",
        "|---|" + "--:|" * len(found) + "---|",
    ]
    for page in pages:
        values = [data["queries"].get(page) for data in found.values()]
        known = {v for v in values if v is not None}
        lines.append(
            f"| {page} | "
            + " | ".join("–" if v is None else str(v) for v in values)
            + f" | {'yes' if len(known) == 1 else 'NO' if known else '–'} |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cores = os.cpu_count()
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        mem = "?"
    return f"{cores} cores, {mem} RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0].split()[0]


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    env = server_env(args)
    os.environ.update(env)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    # SIGINT too: a run started in the background of a script inherits SIGINT ignored.
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    run_started = time.monotonic()
    database_prepare(args.database_url, recreate=args.recreate, scale=args.scale)
    marker = django_prepare(args.scale)
    if args.generate_only:
        return 0

    from bench.load import drive
    from bench.scenarios import Context, Job, Page, Skip, load_all

    ctx = Context(scale=args.scale, login=login)
    for part, reason in marker.pop("skipped", {}).items():
        ctx.skip(f"generate {part}", reason)
    targets: list[tuple[str, Page | Job]] = []
    for name, scenario in load_all().items():
        if args.only and name not in args.only:
            continue
        try:
            targets += [(name, item) for item in scenario.build(ctx)]
        except Skip as exc:
            ctx.skip(name, str(exc))
    pages = [(name, item) for name, item in targets if isinstance(item, Page)]
    if args.rendered:
        pages = with_rendered(pages)
    jobs = [(name, item) for name, item in targets if isinstance(item, Job)]

    log(f"counting queries of {len(pages)} pages in-process")
    bare_page = Page("bare Django view", BARE_PATH)
    bare_again = Page("bare Django view, again at the end", BARE_PATH)
    queries = {id(page): count_queries(page) for _name, page in [("bench", bare_page), *pages]}
    queries[id(bare_again)] = queries[id(bare_page)]

    job_rows = []
    for _name, job in jobs:
        log(f"timing job {job.name} ({job.target}) in a separate process")
        job_rows.append(
            {
                "name": job.name,
                "target": job.target,
                "note": job.note,
                "result": run_job(job, args.job_timeout, env),
            }
        )

    from django.db import connections

    connections.close_all()
    server = Server(env, args.workers)
    rows = []
    try:
        server.start()
        log(f"gunicorn on 127.0.0.1:{server.port}, {args.workers} workers")
        load_before = os.getloadavg()
        for name, page in [("bench", bare_page), *pages, ("bench", bare_again)]:
            result = drive(
                server.port,
                page.path,
                cookies=page.cookies,
                extra_headers=page.headers,
                warmup=args.warmup,
                duration=args.duration,
                max_requests=args.requests,
                concurrency=args.concurrency,
            )
            rss = server.peak_rss_mib()[0]
            rows.append(
                {
                    "scenario": name,
                    "page": page.name,
                    "path": page.path,
                    "queries": queries[id(page)],
                    "kind": kind_of(page),
                    "result": result,
                    "rss": rss,
                }
            )
            log(
                f"  {page.name:<40} {result.rps:8.0f} req/s  {len(result.latencies):6d} requests  {result.failures} errors"
            )
        rss_worker, rss_master = server.peak_rss_mib()
        load_after = os.getloadavg()
    finally:
        server.stop()

    core = marker.get("core", {})
    data_parts = []
    for _part, info in marker.items():
        data_parts.append(
            ", ".join(
                f"{k.replace('_', ' ')} {v:,}" for k, v in info["rows"].items() if not k.startswith("_")
            )
        )
    generation = "; ".join(f"{part} {info['seconds']:.0f} s" for part, info in marker.items())
    meta = {
        "scale": args.scale,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "data": "; ".join(data_parts) + f" (generated {core.get('generated_at'):%Y-%m-%d})" if core else "?",
        "generation": generation + f" (this run, all steps: {time.monotonic() - run_started:.0f} s)",
        "machine": f"{machine()}, {postgres_version()}",
        "workers": args.workers,
        "cache": "Redis" if args.redis_url != "none" else "database cache, no broker server",
        "concurrency": args.concurrency,
        "warmup": args.warmup,
        "duration": args.duration,
        "requests": args.requests,
        "commit": commit(),
        "rss_worker": rss_worker,
        "rss_master": rss_master,
        "load": f"{load_before[0]:.1f} before the load runs, {load_after[0]:.1f} after ({os.cpu_count()} cores)",
        # The bench itself keeps about workers + 1 processes busy; more than twice the cores
        # on top of that means someone else was using the machine too.
        "busy": load_after[0] > 2 * (os.cpu_count() or 1) + args.workers + 1,
    }
    # A partial run (--only) writes latest.md only: <scale>.md and .json keep the last whole run.
    whole = not args.only
    counts = {f"{row['scenario']}: {row['page']}": row["queries"]["queries"] for row in rows}
    RESULTS_DIR.mkdir(exist_ok=True)
    if whole:
        (RESULTS_DIR / f"{args.scale}.json").write_text(
            json.dumps(
                {"date": meta["date"], "commit": meta["commit"], "queries": counts},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    report = render(meta, rows, job_rows, ctx.skipped) + queries_by_scale()
    print(report)
    (RESULTS_DIR / "latest.md").write_text(report, encoding="utf-8")
    if whole:
        (RESULTS_DIR / f"{args.scale}.md").write_text(report, encoding="utf-8")
    log(
        f"written to {RESULTS_DIR / 'latest.md'}"
        + (f" and {RESULTS_DIR / (args.scale + '.md')}" if whole else "")
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        log("interrupted: gunicorn stopped")
        sys.exit(130)
