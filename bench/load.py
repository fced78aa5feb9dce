"""A bounded HTTP load client on loopback: threads, one ``http.client`` connection each, kept
alive while the server allows it (gunicorn's sync workers close after every response, so the
client reconnects then). Every run stops by itself: after ``max_requests`` measured requests
or ``duration`` seconds, whichever comes first; a socket timeout bounds a stuck request."""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from dataclasses import dataclass, field

from bench.middleware import HEADER

HOST = "127.0.0.1"
SOCKET_TIMEOUT = 60.0


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # client side, seconds
    server: list[float] = field(default_factory=list)  # server side (middleware header), seconds
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    body_bytes: int = 0
    last_done: float = 0.0  # monotonic time the last measured request finished

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failures(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 400) + len(self.errors)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def drive(
    port: int,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    extra_headers: dict[str, str] | None = None,
    warmup: float = 2.0,
    duration: float = 10.0,
    max_requests: int = 5000,
    concurrency: int = 4,
) -> Result:
    """GET ``path`` from ``concurrency`` threads: ``warmup`` seconds unmeasured, then measure
    until ``max_requests`` or ``duration`` seconds."""
    headers = {"Host": f"{HOST}:{port}", "Accept": "text/html,application/json", "Accept-Language": "zh-hans"}
    headers.update(extra_headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    start = time.monotonic()
    measure_from = start + warmup
    measure_until = measure_from + duration
    tickets = itertools.count()  # atomic under the GIL: hands out measured request slots
    stop = threading.Event()
    per_thread: list[Result] = [Result() for _ in range(concurrency)]

    def worker(mine: Result) -> None:
        conn = None
        while not stop.is_set():
            now = time.monotonic()
            if now >= measure_until:
                break
            measured = now >= measure_from
            if measured and next(tickets) >= max_requests:
                break
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, port, timeout=SOCKET_TIMEOUT)
                began = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - began
                server_us = response.getheader(HEADER)
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                if conn is not None:
                    conn.close()
                    conn = None
                if measured:
                    mine.errors.append(f"{type(exc).__name__}: {exc}")
                    if len(mine.errors) > 50:
                        stop.set()
                continue
            if measured:
                mine.requests += 1
                mine.latencies.append(elapsed)
                if server_us:
                    mine.server.append(int(server_us) / 1_000_000)
                mine.statuses[response.status] = mine.statuses.get(response.status, 0) + 1
                mine.body_bytes += len(body)
                mine.last_done = time.monotonic()
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker, args=(r,), daemon=True) for r in per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(warmup + duration + SOCKET_TIMEOUT + 5)
    stop.set()
    ended = max([r.last_done for r in per_thread] + [measure_from])
    total = Result(seconds=max(1e-9, ended - measure_from))
    for r in per_thread:
        total.requests += r.requests
        total.latencies += r.latencies
        total.server += r.server
        total.errors += r.errors
        total.body_bytes += r.body_bytes
        for status, n in r.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + n
    return total
