"""Issue 10, finding 10: a worker killed in the middle of a job (SIGKILL) does not leave the job
for the broker's old hour-long visibility timeout: another worker runs it again within the
timeout (CELERY_VISIBILITY_TIMEOUT, 300 s in production, 5 s here so the test stays short).

Real ``celery worker`` processes against the machine's Redis on a test-only database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from congress.tests.brokers import use_broker

BASE_DIR = Path(__file__).resolve().parent.parent
VISIBILITY_TIMEOUT = 5


def start_worker(tmp_path: Path, redis_url: str, name: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="congress.settings",
        CONGRESS_TESTING="1",
        DJANGO_DEBUG="1",
        CONGRESS_VAR_DIR=str(tmp_path / "var"),
        REDIS_URL=redis_url,
        CONGRESS_TEST_REDIS_URL=redis_url,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    log = open(tmp_path / f"{name}.log", "w")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "congress",
            "worker",
            "--include",
            "tests.worker_tasks",
            "--pool",
            "solo",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_a_job_of_a_killed_worker_is_run_again_within_the_visibility_timeout(test_redis, tmp_path, settings):
    from congress.celery import app

    store = redis.Redis.from_url(test_redis)
    saved = (app.conf.broker_url, app.conf.task_always_eager, dict(app.conf.broker_transport_options))
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    use_broker(test_redis, eager=False)
    first = second = None
    try:
        # given a worker running the job (its first run would take two minutes)
        app.send_task("tests.worker_tasks.slow_scan", args=[120], task_id="killed-worker-test")
        first = start_worker(tmp_path, test_redis, "first")
        assert wait_for(lambda: store.get("slow_scan:runs") == b"1", 40), (tmp_path / "first.log").read_text()

        # when it is killed in the middle of the job and another worker starts
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        assert store.get("slow_scan:done") is None
        second = start_worker(tmp_path, test_redis, "second")

        # then the job runs again and completes within the timeout plus the worker's start
        assert wait_for(lambda: store.get("slow_scan:done") == b"2", 40), (
            tmp_path / "second.log"
        ).read_text()
        assert time.monotonic() - killed_at < 45
    finally:
        for process in (first, second):
            if process is not None:
                stop(process)
        app.conf.broker_transport_options = saved[2]
        use_broker(saved[0], eager=saved[1])
