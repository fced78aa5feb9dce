"""Issue 10, finding 9: queued work goes through the transactional outbox (congress/outbox.py).
A write while the broker is down succeeds once and keeps its work; the sweep delivers it when
the broker is back; a delivered task that never finished is delivered again, and doing it twice
does no harm."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from congress import outbox
from congress.models import Notification, OutboxMessage
from congress.notifications import notify
from congress.tasks import relay_outbox
from congress.tests.brokers import use_broker
from congress.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="reader", email="reader@example.org")


def later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_a_notice_while_the_broker_is_down_is_written_and_its_email_sent_when_it_is_back(
    user, broker_down, django_capture_on_commit_callbacks
):
    # when: a write that notifies, with the broker down
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            [notice] = notify(recipients=[user], key="k1", title="已签收")

    # then: no error, the notice and its outbox row committed, nothing sent yet
    message = OutboxMessage.objects.get()
    assert message.task == "congress.tasks.deliver_notifications"
    assert message.args == [[notice.pk]] and message.kwargs == {"email": True, "sms": False}
    assert (message.attempts, message.sent_at, message.done_at) == (1, None, None)
    assert "Error" in message.last_error
    assert message.next_attempt_at > timezone.now()  # backoff
    assert mail.outbox == []
    # a sweep before the backoff is over does not hammer the broker
    assert outbox.relay() == 0

    # when the broker is back (eager: the task runs here) and the sweep runs
    use_broker(None, eager=True)
    assert outbox.relay(now=later(1)) == 1

    # then the e-mail went out once and the row is done
    message.refresh_from_db()
    assert message.done_at is not None and message.attempts == 2
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert Notification.objects.get().emailed_at is not None


def test_nothing_is_queued_when_the_write_rolls_back(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(recipients=[user], key="k1", title="已签收")
                raise RuntimeError("the service failed after notifying")

    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()
    assert mail.outbox == []


def test_queued_work_runs_right_after_the_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(recipients=[user], key="k1", title="已签收")

    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and message.done_at is not None
    assert len(mail.outbox) == 1


def test_work_taken_by_a_worker_that_died_is_delivered_again_and_done_once(user):
    # given: the broker took the message 11 minutes ago, the task never reported success
    notice = Notification.objects.create(recipient=user, key="k1", title="已签收")
    message = OutboxMessage.objects.create(
        task="congress.tasks.deliver_notifications",
        args=[[notice.pk]],
        kwargs={"email": True, "sms": False},
        attempts=1,
        sent_at=timezone.now() - dt.timedelta(minutes=11),
    )
    # (a row taken 5 minutes ago may still be running: left alone)
    fresh = OutboxMessage.objects.create(
        task="congress.tasks.deliver_notifications", args=[[]], attempts=1, sent_at=later(-5)
    )

    # when the sweep runs (beat, every minute)
    assert relay_outbox() == 1

    # then it was delivered again and completed
    message.refresh_from_db()
    fresh.refresh_from_db()
    assert message.done_at is not None and message.attempts == 2
    assert fresh.done_at is None and fresh.attempts == 1
    assert len(mail.outbox) == 1
    # a duplicate delivery of the same work sends nothing twice
    OutboxMessage.objects.filter(pk=message.pk).update(done_at=None, sent_at=later(-20))
    assert relay_outbox() == 1
    assert len(mail.outbox) == 1


def test_the_same_key_is_queued_once_while_pending(django_capture_on_commit_callbacks, broker_down):
    with transaction.atomic():
        first = outbox.enqueue("meetings.tasks.publish_attendance", args=[7], dedupe_key="publish:7")
        again = outbox.enqueue("meetings.tasks.publish_attendance", args=[7], dedupe_key="publish:7")
    assert first.pk == again.pk
    OutboxMessage.objects.filter(pk=first.pk).update(done_at=timezone.now())
    with transaction.atomic():
        later_one = outbox.enqueue("meetings.tasks.publish_attendance", args=[7], dedupe_key="publish:7")
    assert later_one.pk != first.pk


def test_backoff_grows_to_an_hour_and_a_row_is_given_up_after_max_attempts(broker_down):
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(20) == dt.timedelta(hours=1)
    OutboxMessage.objects.create(task="congress.tasks.relay_outbox", attempts=outbox.MAX_ATTEMPTS)
    assert outbox.relay(now=later(120)) == 0
    assert OutboxMessage.objects.get().attempts == outbox.MAX_ATTEMPTS


def test_done_rows_are_purged_after_a_week():
    old = OutboxMessage.objects.create(task="x", done_at=timezone.now() - dt.timedelta(days=8))
    recent = OutboxMessage.objects.create(task="x", done_at=timezone.now() - dt.timedelta(days=1))
    relay_outbox()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_the_sweep_runs_every_minute_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["outbox-relay"]
    assert entry["task"] == "congress.tasks.relay_outbox" and entry["schedule"] <= 60
