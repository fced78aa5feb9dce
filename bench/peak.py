"""The congress-session peak of issue 16, as an open-loop load on loopback.

    make bench-peak                                        # small scale, rates 5 10 20 40 80
    make bench-peak PEAK_ARGS="--rates 10,20,40 --step 15 --writes 0.2"

During the congress session every deputy of the district drafts suggestions, names a colleague
as co-signer, submits, and co-signs the colleagues' drafts (through the API, with tokens issued
to accounts made for the generated deputies of the current term), while the public reads
replies on disclosure day (the replies search ``/proposals/?q=…``, a closed proposal with its
reply, the public home). Requests *arrive* at a stated rate whatever the server does (open
loop: a late answer does not delay the next request), and each latency counts from the moment
its request was due, so queueing in front of a saturated server is in the figures.

Per step (``--rates``, ``--step`` seconds each, ``--writes`` the share of writes): p50/p95/p99
from the due time, server p50 (the Django time, from the bench middleware's header), errors
(status ≥ 400, socket errors, and arrivals dropped because ``--max-outstanding`` requests were
already waiting), the achieved rate, and the rate at which p95 passes 500 ms; the gunicorn
worker's peak RSS after the run. Reuses bench/run.py for the database, generation and gunicorn
(stopped in a ``finally`` block). Writes go to the bench database only: its own by default
(``congress_bench_peak``), and the drafts of the previous peak run (titles starting with
``PREFIX``) are deleted before each run. A step after which p95 passes ``--stop-p95`` seconds
ends the run: every run ends by itself."""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import random
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.load import percentile  # noqa: E402
from bench.middleware import HEADER  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/congress_bench_peak"
HOST = "127.0.0.1"
PAGE_CACHE_HEADER = "X-Page-Cache"  # congress.page_cache.HEADER (not imported: no Django here)
SOCKET_TIMEOUT = 30.0
PREFIX = "【高峰】"  # titles of the drafts the peak writes (deleted before the next run)
USER_PREFIX = "bench-peak-"  # accounts made for generated deputies
# Words the generated titles use (bench.generate.PROPOSAL_TOPICS): the replies search.
SEARCH_WORDS = ("电梯", "养老", "幼儿园", "垃圾分类", "停车", "食堂", "交通", "医生")
# Reads: (kind, weight).
READ_MIX = (("home", 2), ("search", 4), ("reply", 4))
P95_LIMIT = 0.5  # seconds: the rate at which p95 passes this is reported


@dataclass(frozen=True)
class Request:
    """One request of the mix. ``token``: the deputy's API token (writes); ``after``: for a
    create, the tokens of the lead deputy and of the invited co-signer (the follow-ups)."""

    kind: str  # "read:home", "read:search", "read:reply", "write:create", "write:submit", "write:cosign"
    method: str
    path: str
    body: dict | None = None
    token: str = ""
    after: tuple[str, str] = ()

    @property
    def is_write(self) -> bool:
        return self.kind.startswith("write:")

    def headers(self, host: str) -> dict[str, str]:
        headers = {"Host": host, "Accept": "text/html,application/json", "Accept-Language": "zh-hans"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if self.body is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def encoded_body(self) -> bytes | None:
        return None if self.body is None else json.dumps(self.body, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Account:
    deputy: int  # Deputy pk
    token: str


class Mix:
    """The next request of the peak: a share ``writes`` of writes, the rest public reads.
    A write is a follow-up when one is waiting (the lead deputy submits a draft, the invited
    deputy co-signs it), otherwise a new draft naming the next deputy as co-signer: about a
    third each. Thread-safe; ``answered`` is told every answer (a created draft's id)."""

    def __init__(self, accounts: list[Account], reply_ids: list[int], *, writes: float = 0.2, seed: int = 16):
        if len(accounts) < 2:
            raise ValueError("the peak needs at least two deputy accounts")
        if not reply_ids:
            raise ValueError("the peak needs public proposals with replies")
        self.accounts = accounts
        self.reply_ids = reply_ids
        self.writes = writes
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.followups: collections.deque[Request] = collections.deque()
        self.created = 0
        self.kinds, self.weights = zip(*READ_MIX, strict=True)

    def next(self) -> Request:
        with self.lock:
            if self.random.random() < self.writes:
                if self.followups:
                    return self.followups.popleft()
                return self._create()
            return self._read(self.random.choices(self.kinds, self.weights)[0])

    def _read(self, kind: str) -> Request:
        if kind == "home":
            return Request("read:home", "GET", "/")
        if kind == "search":
            word = self.random.choice(SEARCH_WORDS)
            return Request("read:search", "GET", f"/proposals/?q={quote(word)}")
        return Request("read:reply", "GET", f"/proposals/{self.random.choice(self.reply_ids)}/")

    def _create(self) -> Request:
        n = self.created
        self.created += 1
        lead = self.accounts[n % len(self.accounts)]
        cosigner = self.accounts[(n + 1) % len(self.accounts)]
        return Request(
            "write:create",
            "POST",
            "/api/v1/proposals/",
            body={
                "kind": "suggestion",
                "title": f"{PREFIX}关于第{n + 1}项民生实事的建议",
                "content": "建议在本次大会期间研究办理。",
                "co_signers": [cosigner.deputy],
            },
            token=lead.token,
            after=(lead.token, cosigner.token),
        )

    def answered(self, request: Request, status: int, body: bytes) -> None:
        if request.kind != "write:create" or status != 201:
            return
        pk = json.loads(body)["id"]
        lead, cosigner = request.after
        with self.lock:
            self.followups.append(
                Request("write:submit", "POST", f"/api/v1/proposals/{pk}/submit/", {}, lead)
            )
            self.followups.append(
                Request("write:cosign", "POST", f"/api/v1/proposals/{pk}/cosign/", {"accept": True}, cosigner)
            )


# --- the open-loop driver -------------------------------------------------------------------


@dataclass
class Step:
    rate: float
    seconds: float
    due: int = 0  # requests that arrived
    latencies: list[float] = field(default_factory=list)  # from due time, seconds
    read_latencies: list[float] = field(default_factory=list)
    write_latencies: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    dropped: int = 0
    cache_hits: int = 0  # public reads answered from the page cache (X-Page-Cache: hit)
    kinds: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0  # from the first arrival to the last answer

    @property
    def failures(self) -> int:
        return (
            sum(n for status, n in self.statuses.items() if status >= 400) + len(self.errors) + self.dropped
        )

    @property
    def achieved(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def send(port: int, request: Request) -> tuple[int, bytes, str | None, str | None]:
    """(status, body, server time header, page cache header) of one request."""
    conn = http.client.HTTPConnection(HOST, port, timeout=SOCKET_TIMEOUT)
    try:
        conn.request(
            request.method,
            request.path,
            body=request.encoded_body(),
            headers=request.headers(f"{HOST}:{port}"),
        )
        response = conn.getresponse()
        return (
            response.status,
            response.read(),
            response.getheader(HEADER),
            response.getheader(PAGE_CACHE_HEADER),
        )
    finally:
        conn.close()


def drive_step(port: int, mix: Mix, rate: float, seconds: float, *, max_outstanding: int = 256) -> Step:
    """Requests due every 1/rate seconds for ``seconds``, each on its own connection from a
    pool of ``max_outstanding`` threads; an arrival finding them all busy is dropped (an
    error). Waits for the last answer (each bounded by the socket timeout)."""
    step = Step(rate=rate, seconds=seconds)
    lock = threading.Lock()
    outstanding = threading.BoundedSemaphore(max_outstanding)
    last_done = [0.0]

    def one(request: Request, due: float) -> None:
        try:
            status, body, server_us, page_cache = send(port, request)
        except (OSError, http.client.HTTPException) as exc:
            with lock:
                step.errors.append(f"{request.kind}: {type(exc).__name__}: {exc}")
            return
        finally:
            outstanding.release()
        done = time.monotonic()
        try:
            mix.answered(request, status, body)
        except (ValueError, KeyError) as exc:
            with lock:
                step.errors.append(f"{request.kind}: unreadable answer: {exc}")
        with lock:
            latency = done - due
            step.latencies.append(latency)
            (step.write_latencies if request.is_write else step.read_latencies).append(latency)
            if server_us:
                step.server.append(int(server_us) / 1_000_000)
            if not request.is_write:
                step.cache_hits += page_cache == "hit"
            step.statuses[status] = step.statuses.get(status, 0) + 1
            if status >= 400 and len(step.errors) < 20:
                step.errors.append(f"{request.kind} {request.path}: {status} {body[:200]!r}")
            last_done[0] = max(last_done[0], done)

    total = max(1, round(rate * seconds))
    with ThreadPoolExecutor(max_workers=max_outstanding, thread_name_prefix="peak") as pool:
        start = time.monotonic()
        for i in range(total):
            due = start + i / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            request = mix.next()
            step.due += 1
            step.kinds[request.kind] = step.kinds.get(request.kind, 0) + 1
            if not outstanding.acquire(blocking=False):
                step.dropped += 1
                continue
            pool.submit(one, request, due)
    step.elapsed = max(last_done[0], start + total / rate) - start
    return step


# --- setup in the bench database ------------------------------------------------------------


def prepare(limit: int) -> tuple[list[Account], list[int], int]:
    """Accounts and API tokens for the current term's deputies without an account (made once,
    ``bench-peak-<deputy id>``), the closed public proposals whose replies are read, and the
    number of the previous peak run's drafts deleted."""
    from django.db import transaction

    from congress import roles
    from congress.models import ApiToken
    from congress.services import api_token_issue, user_create
    from deputies.models import Deputy
    from deputies.selectors import current_term
    from proposals.models import Proposal

    with transaction.atomic():
        deleted = Proposal.objects.filter(title__startswith=PREFIX).delete()[0]
        ApiToken.objects.filter(user__username__startswith=USER_PREFIX).delete()  # the last run's
    term = current_term()
    deputies = list(
        Deputy.objects.filter(term=term, is_active=True, user__isnull=True).order_by("pk")[:limit]
    )
    for deputy in deputies:
        user = user_create(
            username=f"{USER_PREFIX}{deputy.pk}",
            password=None,
            display_name=deputy.name,
            role_names=[roles.DEPUTY],
        )
        Deputy.objects.filter(pk=deputy.pk).update(user=user)
    accounts = []
    for deputy in (
        Deputy.objects.filter(term=term, is_active=True, user__username__startswith=USER_PREFIX)
        .select_related("user")
        .order_by("pk")[:limit]
    ):
        accounts.append(Account(deputy=deputy.pk, token=api_token_issue(user=deputy.user)[1]))
    reply_ids = list(
        Proposal.objects.filter(state="closed", is_withheld=False)
        .order_by("-id")
        .values_list("pk", flat=True)[:500]
    )
    return accounts, reply_ids, deleted


# --- report ---------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return run.ms(seconds)


def passing_rate(steps: list[Step]) -> str:
    below = [s.rate for s in steps if percentile(s.latencies, 95) <= P95_LIMIT]
    above = [s.rate for s in steps if percentile(s.latencies, 95) > P95_LIMIT]
    if not above:
        return f"not reached: p95 ≤ 500 ms up to {max(below):g} req/s (the highest rate run)"
    first = min(above)
    under = [r for r in below if r < first]
    return (
        f"between {max(under):g} and {first:g} req/s"
        if under
        else f"below {first:g} req/s (already at the lowest rate)"
    )


def render(meta: dict, steps: list[Step]) -> str:
    lines = [
        f"##### Congress-session peak, scale `{meta['scale']}` — {meta['date']}",
        "",
        f"- Load: open loop, {meta['writes']:.0%} writes (deputies through the API: new draft with a co-signer, "
        f"submit, co-sign — about a third each) / {1 - meta['writes']:.0%} anonymous reads (home 20 %, replies "
        f"search 40 %, a closed proposal with its reply 40 %); {meta['step']:g} s per rate; "
        f"{meta['accounts']} deputy accounts, {meta['replies']} proposals read; latency from the request's due time",
        f"- Machine: {meta['machine']}; server: gunicorn {meta['workers']} sync workers, DEBUG off, cache: {meta['cache']}; "
        f"client on the same machine; load average {meta['load']}",
        f"- Commit: {meta['commit']}; drafts of the previous peak run deleted first: {meta['deleted']}",
        "",
        "| rate req/s | requests | achieved req/s | p50 ms | p95 ms | p99 ms | reads p95 ms | writes p95 ms "
        "| server p50 ms | reads from page cache | errors |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for s in steps:
        lines.append(
            f"| {s.rate:g} | {s.due} | {s.achieved:.1f} | {ms(percentile(s.latencies, 50))} | "
            f"{ms(percentile(s.latencies, 95))} | {ms(percentile(s.latencies, 99))} | "
            f"{ms(percentile(s.read_latencies, 95))} | {ms(percentile(s.write_latencies, 95))} | "
            f"{ms(percentile(s.server, 50))} | {s.cache_hits / max(1, len(s.read_latencies)):.0%} | "
            f"{s.failures}{f' ({s.dropped} dropped)' if s.dropped else ''} |"
        )
    lines += [
        "",
        f"p95 passes 500 ms: **{meta['passes']}**. Worker peak RSS after the run: **{meta['rss_worker']:.0f} MiB** "
        f"(gunicorn master {meta['rss_master']:.0f} MiB).",
    ]
    errors = [e for s in steps for e in s.errors[:3]]
    if errors:
        lines += ["", "First errors:", *(f"- `{e}`" for e in errors[:10])]
    return "\n".join(lines) + "\n"


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["small", "district", "full"], default="small")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PEAK_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", run.DEFAULT_REDIS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rates", default="5,10,20,40,80", help="arrival rates in req/s, comma-separated")
    parser.add_argument("--step", type=float, default=15.0, help="seconds per rate")
    parser.add_argument("--writes", type=float, default=0.2, help="share of writes (default 0.2)")
    parser.add_argument("--deputies", type=int, default=1000, help="deputy accounts at most")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds at the lowest rate, not measured")
    parser.add_argument("--max-outstanding", type=int, default=256)
    parser.add_argument(
        "--stop-p95", type=float, default=5.0, help="stop after a step whose p95 passes this (s)"
    )
    parser.add_argument("--recreate", action="store_true")
    args = parser.parse_args(argv)
    args.rates = [float(r) for r in args.rates.split(",") if r.strip()]
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    env = run.server_env(args)
    os.environ.update(env)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    run.database_prepare(args.database_url, recreate=args.recreate, scale=args.scale)
    run.django_prepare(args.scale)
    accounts, reply_ids, deleted = prepare(args.deputies)
    run.log(
        f"{len(accounts)} deputy accounts with tokens, {len(reply_ids)} proposals to read; {deleted} old rows deleted"
    )

    from django.db import connections

    connections.close_all()
    server = run.Server(env, args.workers)
    steps: list[Step] = []
    try:
        server.start()
        run.log(f"gunicorn on 127.0.0.1:{server.port}, {args.workers} workers")
        mix = Mix(accounts, reply_ids, writes=args.writes)
        load_before = os.getloadavg()
        if args.warmup > 0:
            drive_step(server.port, mix, args.rates[0], args.warmup, max_outstanding=args.max_outstanding)
        for rate in args.rates:
            step = drive_step(server.port, mix, rate, args.step, max_outstanding=args.max_outstanding)
            steps.append(step)
            p95 = percentile(step.latencies, 95)
            run.log(
                f"  {rate:6g} req/s: achieved {step.achieved:6.1f}, p50 {ms(percentile(step.latencies, 50))} ms, "
                f"p95 {ms(p95)} ms, {step.failures} errors"
            )
            if p95 != p95 or p95 > args.stop_p95:
                run.log(f"  p95 passed {args.stop_p95:g} s: saturated, no higher rate")
                break
        rss_worker, rss_master = server.peak_rss_mib()
        load_after = os.getloadavg()
    finally:
        server.stop()

    meta = {
        "scale": args.scale,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "writes": args.writes,
        "step": args.step,
        "accounts": len(accounts),
        "replies": len(reply_ids),
        "machine": f"{run.machine()}, {run.postgres_version()}",
        "workers": args.workers,
        "cache": "Redis" if args.redis_url != "none" else "database cache",
        "load": f"{load_before[0]:.1f} before, {load_after[0]:.1f} after ({os.cpu_count()} cores)",
        "commit": run.commit(),
        "deleted": deleted,
        "passes": passing_rate(steps),
        "rss_worker": rss_worker,
        "rss_master": rss_master,
    }
    report = render(meta, steps)
    print(report)
    run.RESULTS_DIR.mkdir(exist_ok=True)
    (run.RESULTS_DIR / f"peak-{args.scale}.md").write_text(report, encoding="utf-8")
    run.log(f"written to {run.RESULTS_DIR / f'peak-{args.scale}.md'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        run.log("interrupted: gunicorn stopped")
        sys.exit(130)
