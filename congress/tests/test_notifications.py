"""The notification service: one notice per (recipient, key); e-mail and SMS after commit
from a Celery task that never sends the same notice twice."""

import logging
from unittest import mock

import pytest
from django.core import mail

from congress.models import Notification
from congress.notifications import notification_mark_read, notify, unread_count
from congress.sms import BaseSmsBackend, LoggingSmsBackend, MemorySmsBackend, get_sms_backend
from congress.tasks import deliver_notifications
from congress.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.invalid", phone="13800000001")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", email="bob@example.invalid", phone="")


def test_notify_is_idempotent_per_recipient_and_key(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=[alice, bob], key="proposal:1:assigned", title="新的建议已交办")
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(recipients=[alice, bob], key="proposal:1:assigned", title="新的建议已交办")
    with django_capture_on_commit_callbacks(execute=True):
        other = notify(recipients=[alice], key="proposal:1:reminder:10", title="答复期限提醒")

    assert len(first) == 2 and again == [] and len(other) == 1
    assert Notification.objects.filter(key="proposal:1:assigned").count() == 2
    assert len(mail.outbox) == 3  # two for the first key, one for the reminder


def test_a_recipient_added_later_gets_only_their_own_notice(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[alice], key="meeting:5:invite", title="会议通知")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[alice, bob], key="meeting:5:invite", title="会议通知")

    assert [n.recipient_id for n in created] == [bob.pk]
    assert [m.to for m in mail.outbox] == [[alice.email], [bob.email]]


def test_inactive_and_missing_recipients_are_skipped(alice, db):
    gone = UserFactory(is_active=False)

    created = notify(recipients=[gone, None], key="k", title="t")

    assert created == []
    assert not Notification.objects.exists()


def test_email_goes_out_only_after_commit(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[alice], key="news:1", title="新闻发布", body="正文内容")
    assert mail.outbox == []  # the transaction has not committed yet

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "新闻发布" and message.body == "正文内容" and message.to == [alice.email]
    assert Notification.objects.get().emailed_at is not None


def test_no_email_when_the_transaction_rolls_back(alice, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(recipients=[alice], key="x", title="t")
                raise RuntimeError("the caller's write failed")
        except RuntimeError:
            pass

    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_in_app_only_when_email_is_off(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[alice], key="k", title="t", email=False)
    assert callbacks == [] and mail.outbox == []
    assert unread_count(alice) == 1


def test_retried_delivery_does_not_send_twice(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[alice, bob], key="k", title="t", sms=True)
    ids = [n.pk for n in created]
    assert len(mail.outbox) == 2 and len(MemorySmsBackend.outbox) == 1  # bob has no phone

    # the broker delivers the same message again (acks_late after a worker crash)
    deliver_notifications.delay(ids, email=True, sms=True)
    deliver_notifications.delay(ids, email=True, sms=True)

    assert len(mail.outbox) == 2
    assert len(MemorySmsBackend.outbox) == 1


def test_a_failed_send_is_retried_without_resending_what_went_out(alice, bob):
    first = notify(recipients=[alice], key="k", title="t", email=False)[0]
    second = notify(recipients=[bob], key="k", title="t", email=False)[0]
    ids = sorted([first.pk, second.pk])
    real_send_mail = mail.send_mail
    calls = []

    def flaky_send_mail(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 2:
            raise ConnectionRefusedError("SMTP down")
        return real_send_mail(*args, **kwargs)

    with mock.patch("congress.tasks.send_mail", flaky_send_mail):
        with pytest.raises(ConnectionRefusedError):
            deliver_notifications.run(ids, email=True)  # run directly: retry re-raises
    assert len(mail.outbox) == 1

    deliver_notifications.run(ids, email=True)  # the retry

    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [alice.email, bob.email]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_users_without_email_get_no_mail(bob, django_capture_on_commit_callbacks):
    bob.email = ""
    bob.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[bob], key="k", title="t")
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_sms_goes_through_the_configured_backend(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[alice], key="k", title="会议提醒", body="明天上午九点", sms=True, email=False)

    assert MemorySmsBackend.outbox == [{"phone": "13800000001", "text": "会议提醒 明天上午九点"}]
    assert Notification.objects.get().sms_sent_at is not None
    assert mail.outbox == []


def test_sms_backend_interface(settings, caplog):
    settings.SMS_BACKEND = "congress.sms.LoggingSmsBackend"
    backend = get_sms_backend()
    assert isinstance(backend, LoggingSmsBackend) and isinstance(backend, BaseSmsBackend)

    with caplog.at_level(logging.INFO, logger="congress.sms"):
        backend.send(phone="13800000002", text="测试短信")

    assert "SMS to 138****0002: 测试短信" in caplog.text  # the number masked (PIPL)
    with pytest.raises(NotImplementedError):
        BaseSmsBackend().send(phone="1", text="x")


def test_logging_backend_is_the_default():
    # the settings module's own value (conftest switches the test run to MemorySmsBackend)
    from congress import settings as project_settings

    assert project_settings.SMS_BACKEND == "congress.sms.LoggingSmsBackend"


def test_mark_read(alice, bob):
    notify(recipients=[alice], key="a", title="a", email=False)
    notify(recipients=[alice], key="b", title="b", email=False)
    notify(recipients=[bob], key="a", title="a", email=False)

    assert notification_mark_read(user=alice) == 2
    assert unread_count(alice) == 0 and unread_count(bob) == 1
