"""A test-only job for the killed-worker test (tests/test_worker_killed.py): a scan whose first
run takes long (the test kills the worker during it) and whose later runs finish at once. It
keeps its state in the test Redis database, not in the database, so the worker needs no
migrated database; like every periodic job it is safe to run again. Only the test's workers
import it (``--include``): the portal never lists it."""

import os
import time

import redis
from celery import shared_task


@shared_task(name="tests.worker_tasks.slow_scan", ignore_result=True)
def slow_scan(first_run_seconds: float) -> None:
    client = redis.Redis.from_url(os.environ["CONGRESS_TEST_REDIS_URL"])
    run = client.incr("slow_scan:runs")
    client.set(f"slow_scan:started:{run}", time.time())
    if run == 1:
        time.sleep(first_run_seconds)
    client.set("slow_scan:done", run)
