"""Pointing the Celery app at another broker inside a test (issue 10, findings 9 and 10).

``DEAD_BROKER`` is a port nothing listens on (refused at once); ``TEST_REDIS_URL`` is the
machine's Redis on a database number only tests use. The machine's Redis itself is never
stopped: other processes use it."""

import os

DEAD_BROKER = "redis://127.0.0.1:1/0"
TEST_REDIS_URL = os.environ.get("CONGRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def use_broker(url: str | None, *, eager: bool) -> None:
    """Publish to ``url`` (unchanged if None); ``eager`` runs tasks in this process instead."""
    from congress.celery import app

    app.conf.task_always_eager = eager
    if url:
        app.conf.broker_url = url
    # drop connections and producers made for the previous broker
    app._pool = None
    app.amqp._producer_pool = None


def redis_available(url: str = TEST_REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False
