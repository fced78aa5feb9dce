"""The transactional outbox: queued work that survives a broker outage (issue 10, finding 9).

A service never calls ``.delay()``: it calls ``enqueue("app.tasks.name", args=[…])``, which writes
an ``OutboxMessage`` row in the service's own transaction. The row commits with the change or
not at all, so a write that committed always gets its work and a rolled-back write never does.

The relay publishes rows to Celery:

- right after the commit (``transaction.on_commit``): the usual case, work starts at once;
- every minute from beat (``congress.tasks.relay_outbox``): rows whose first attempt failed
  (broker down) are published again with a growing delay (``BACKOFF``), and rows the broker took
  but whose task never reported success within ``REDELIVER_AFTER`` (a killed worker, a task that
  gave up) are published again.

A row is done when its task succeeds (the ``task_success`` signal, matched by the task id the
relay gives the message). Every task queued this way must therefore be idempotent — they are
scans over state or mark what they did (``Notification.emailed_at``) — because a row may be
delivered twice. A broker that is down never turns a write into an error: publishing is tried
and logged, never raised.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from importlib import import_module

from celery.signals import task_success
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from congress.models import OutboxMessage

logger = logging.getLogger(__name__)

# The delay before the n-th retry after a failed publish: 30 s, 1, 2, 4 … minutes, at most an hour.
BACKOFF_START = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=1)
# A published row whose task has not succeeded by then is published again.
REDELIVER_AFTER = dt.timedelta(minutes=10)
# After this many publications a row is left alone (and logged as an error) for staff to look at.
MAX_ATTEMPTS = 25
# Done rows are kept this long for inspection, then purged by the sweep.
KEEP_DONE = dt.timedelta(days=7)
BATCH = 500


def enqueue(
    task: str, *, args: Iterable = (), kwargs: dict | None = None, dedupe_key: str = ""
) -> OutboxMessage:
    """Queue ``task`` (its Celery name) with JSON arguments in the caller's transaction; it is
    published once the transaction commits. With ``dedupe_key``, work already waiting under the
    same key is not queued again (that row is returned)."""
    values = {"task": task, "args": list(args), "kwargs": dict(kwargs or {}), "dedupe_key": dedupe_key[:200]}
    message = None
    if dedupe_key:
        message = OutboxMessage.objects.filter(dedupe_key=values["dedupe_key"], done_at__isnull=True).first()
    if message is None:
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(**values)
        except IntegrityError:  # a concurrent transaction queued the same key first
            message = OutboxMessage.objects.get(dedupe_key=values["dedupe_key"], done_at__isnull=True)
            return message
    message_id = message.pk
    transaction.on_commit(lambda: relay(ids=[message_id]), robust=True)
    return message


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_START * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _due(now: dt.datetime):
    """Rows to publish now: never taken by the broker and due, or taken but not done in time."""
    return OutboxMessage.objects.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS).filter(
        Q(sent_at__isnull=True, next_attempt_at__lte=now) | Q(sent_at__lte=now - REDELIVER_AFTER)
    )


def _publish(message: OutboxMessage) -> None:
    from congress.celery import app

    task = app.tasks.get(message.task)
    if task is None:
        # Our task names are their module paths; the web process may not have imported it yet.
        try:
            import_module(message.task.rpartition(".")[0])
        except ImportError:
            pass
        task = app.tasks.get(message.task)
    options = {"task_id": str(message.task_id)}
    if task is not None:  # honours task_always_eager (tests, scripts)
        task.apply_async(args=message.args, kwargs=message.kwargs, **options)
    else:
        app.send_task(message.task, args=message.args, kwargs=message.kwargs, **options)


def relay(*, ids: Iterable[int] | None = None, now: dt.datetime | None = None) -> int:
    """Publish due rows (only ``ids`` if given); returns how many the broker took. Stops at the
    first failed publish: the broker is down, the rest wait for the next sweep."""
    now = now or timezone.now()
    due = _due(now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    published = 0
    for message in due.order_by("next_attempt_at", "pk")[:BATCH]:
        attempts = message.attempts + 1
        try:
            _publish(message)
        except Exception as exc:  # broker down, or (eager) the task itself failed
            logger.warning("outbox: publishing %s (#%s) failed: %s", message.task, message.pk, exc)
            OutboxMessage.objects.filter(pk=message.pk, done_at__isnull=True).update(
                attempts=attempts,
                sent_at=None,
                next_attempt_at=now + backoff(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            if attempts >= MAX_ATTEMPTS:
                logger.error(
                    "outbox: %s (#%s) given up after %s attempts", message.task, message.pk, attempts
                )
            break
        # (with task_always_eager the task already ran and may have marked the row done)
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=attempts, sent_at=now, last_error="")
        published += 1
    return published


def purge_done(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    return deleted


@task_success.connect
def _mark_done(sender=None, **kwargs):
    """The task of an outbox row succeeded: the row is done (matched by the task id)."""
    task_id = getattr(getattr(sender, "request", None), "id", None)
    try:
        task_id = uuid.UUID(str(task_id))
    except ValueError:  # not an outbox row (beat's messages, a shell's .delay())
        return
    OutboxMessage.objects.filter(task_id=task_id, done_at__isnull=True).update(done_at=timezone.now())
