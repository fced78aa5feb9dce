"""Issue 10, finding 9: closing a meeting while the broker (Redis) is down answers 200 once,
keeps the publication job in the outbox, and the sweep hands it to the broker once it is back."""

import json

import pytest
import redis

from congress import outbox
from congress.models import OutboxMessage
from congress.tests.brokers import use_broker
from meetings.models import Meeting, PublishedAttendance
from meetings.tests.conftest import start_meeting

pytestmark = pytest.mark.django_db


def test_close_while_the_broker_is_down_succeeds_and_the_sweep_delivers_the_job(
    api_client, staff, meeting, required, broker_down, test_redis, django_capture_on_commit_callbacks
):
    start_meeting(meeting, staff)
    api_client.force_authenticate(staff)

    # when: one request, with the broker down
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/v1/meetings/{meeting.pk}/close/")

    # then: success, the close committed, its job waits in the outbox
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED
    job = OutboxMessage.objects.get(task="meetings.tasks.publish_attendance")
    assert job.args == [meeting.pk] and job.sent_at is None and job.last_error
    assert not PublishedAttendance.objects.exists()

    # when the broker is back (the machine's Redis, a test-only database) and the sweep runs
    use_broker(test_redis, eager=False)
    assert outbox.relay(now=job.next_attempt_at) == 1

    # then the broker holds the job's message, under the row's task id
    job.refresh_from_db()
    assert job.sent_at is not None and job.done_at is None
    [raw] = redis.Redis.from_url(test_redis).lrange("celery", 0, -1)
    headers = json.loads(raw)["headers"]
    assert headers["task"] == "meetings.tasks.publish_attendance" and headers["id"] == str(job.task_id)

    # and a worker running it marks the row done (here: eagerly, the same task and id)
    use_broker(None, eager=True)
    OutboxMessage.objects.filter(pk=job.pk).update(sent_at=None)
    assert outbox.relay(ids=[job.pk], now=job.next_attempt_at) == 1
    job.refresh_from_db()
    assert job.done_at is not None
    assert PublishedAttendance.objects.filter(meeting=meeting).count() == 2


def test_notices_are_written_in_the_changes_transaction(meeting, staff, unit, officer):
    from django.db import transaction

    from congress.models import Notification
    from meetings import services

    # a change that rolls back leaves neither its notice nor its queued e-mail
    with pytest.raises(RuntimeError), transaction.atomic():
        services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk])
        raise RuntimeError("rolled back after notifying")
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()

    # a change that commits has them, before any after-commit callback ran
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk])
    notice = Notification.objects.get(recipient=officer)
    job = OutboxMessage.objects.get(task="congress.tasks.deliver_notifications")
    assert job.args == [[notice.pk]]
