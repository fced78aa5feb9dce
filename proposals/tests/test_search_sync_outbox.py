"""A rename's search refresh is queued through the outbox (issue 10, finding 9): the rename
succeeds with the broker down and the refresh waits in the outbox for the sweep."""

import pytest

from congress.models import OutboxMessage
from proposals.tests.factories import CategoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_rename_with_the_broker_down_keeps_its_refresh_in_the_outbox(
    broker_down, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="教育")

    with django_capture_on_commit_callbacks(execute=True):
        category.name = "教育事业"
        category.save()

    job = OutboxMessage.objects.get(task="proposals.tasks.refresh_search_after_rename")
    assert job.args == ["proposals.category", category.pk] and job.sent_at is None and job.last_error
