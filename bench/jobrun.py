"""Time one job in its own process: ``python bench/jobrun.py <dotted.callable> [json kwargs]``.

The job runs inside a transaction that is rolled back, so every bench run measures the same
work on the same data (the reminders it would send are written, counted and discarded; e-mail
delivery queued with ``on_commit`` never runs). Prints one JSON line: seconds, queries and the
rows the job wrote per table. run.py starts it with a timeout and kills it when it runs over,
so a slow job cannot keep the bench from ending."""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


class _Rollback(Exception):
    pass


def main(dotted: str, kwargs: dict) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    module_name, _, attr = dotted.rpartition(".")
    func = getattr(importlib.import_module(module_name), attr)
    written: dict[str, int] = {}
    result = None
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = func(**kwargs)
                seconds = time.perf_counter() - started
            for query in queries.captured_queries:
                sql = query["sql"].lstrip()
                if sql.startswith("INSERT INTO"):
                    table = sql.split()[2].strip('"')
                    written[table] = written.get(table, 0) + 1
            raise _Rollback
    except _Rollback:
        pass
    return {
        "seconds": seconds,
        "queries": len(queries.captured_queries),
        "insert_statements": written,
        "result": result
        if isinstance(result, int | float | str | dict | list | type(None))
        else repr(result),
    }


if __name__ == "__main__":
    out = main(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
    print("BENCH-JOB " + json.dumps(out, default=str, ensure_ascii=False))
