"""Peak memory of the public budget book API (issue 16: a worker under 150 MiB after every
scenario), in-process on a bench database that holds the bench's 20,040-line book in two stages
(``bench/run.py --generate-only``): the bare view first, then the book read through
``django.test.Client`` the way a WSGI server writes it (a streamed answer chunk by chunk, each
chunk dropped once counted). Prints the process's peak RSS after each and tracemalloc's peak
during the book's request. Run from the tree to measure (its working directory comes first on
the path):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_portal2 REDIS_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python bench/book_memory.py
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc

sys.path.insert(0, os.getcwd())


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:

    from bench import run

    run.setup_in_process()
    from django.test import Client

    from bench.generate_budget import YEAR

    client = Client(HTTP_HOST="127.0.0.1")

    def fetch(path: str) -> tuple[int, int]:
        response = client.get(path)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        response.close()
        return response.status_code, size

    fetch(run.BARE_PATH)
    fetch("/api/v1/public/budget/2000/")  # a 404: the API's code and the connection loaded
    print(f"after the bare view: peak RSS {_peak_mib():.0f} MiB")
    tracemalloc.start()
    started = time.perf_counter()
    status, size = fetch(f"/api/v1/public/budget/{YEAR}/?book=general")
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"after the public book API ({status}, {size:,} bytes, {seconds:.2f} s under tracemalloc): "
        f"peak RSS {_peak_mib():.0f} MiB; Python allocations peak {peak / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
