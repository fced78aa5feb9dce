"""The public page cache and a meeting's attendance (issue 16): the public attendance pages,
served from the cache, show the meeting on the next request after its attendance is published
(the meeting's ``publish`` step through the kernel, which bumps ``meetings``; the public rows are
a bulk insert, which sends no signal, so the service bumps ``meetings`` for them as well)."""

import types

import pytest
from django.apps import apps
from django.urls import reverse

from congress import page_cache
from congress.casework import services as kernel
from meetings import services
from meetings.tests.conftest import start_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_the_attendance_is_seen_on_the_next_request(
    client, settings, monkeypatch, meeting, required, unit, staff
):
    settings.CONGRESS_PAGE_CACHE = True
    url = reverse("public:attendance-units")
    start_meeting(meeting, staff)
    with monkeypatch.context() as patch:  # the close's publication is left for the test to run
        patch.setattr(services.outbox, "enqueue", lambda *args, **kwargs: None)
        services.meeting_close(meeting=meeting, actor=staff)
    # Cached after the close: only the publication may make the next request a miss.
    assert unit.name not in client.get(url).content.decode()
    assert client.get(url).headers[page_cache.HEADER] == "hit"
    assert services.attendance_publish(meeting_id=meeting.pk) > 0
    response = client.get(url)
    assert response.headers[page_cache.HEADER] == "miss" and unit.name in response.content.decode()
    page = client.get(reverse("public:unit-attendance", args=[unit.pk])).content.decode()
    assert meeting.title in page


def test_the_public_rows_are_bumped_by_the_publication_itself(
    client, settings, monkeypatch, meeting, required, unit, staff
):
    """The kernel's bump and the meeting row's signals are silenced here, so what the page sees
    is the service's own bump for its bulk insert."""
    settings.CONGRESS_PAGE_CACHE = True
    url = reverse("public:attendance-units")
    start_meeting(meeting, staff)
    with monkeypatch.context() as patch:
        patch.setattr(services.outbox, "enqueue", lambda *args, **kwargs: None)
        services.meeting_close(meeting=meeting, actor=staff)
    assert unit.name not in client.get(url).content.decode()
    assert client.get(url).headers[page_cache.HEADER] == "hit"
    quiet = {model._meta.label_lower for model in apps.get_app_config("meetings").get_models()}
    monkeypatch.setattr(page_cache, "QUIET_MODELS", page_cache.QUIET_MODELS | quiet)
    monkeypatch.setattr(kernel, "caching", types.SimpleNamespace(bump_on_commit=lambda *a, **k: None))
    assert services.attendance_publish(meeting_id=meeting.pk) > 0
    response = client.get(url)
    assert response.headers[page_cache.HEADER] == "miss" and unit.name in response.content.decode()
