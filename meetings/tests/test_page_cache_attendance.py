"""The public page cache and a meeting's attendance (issue 16): the public attendance pages,
served from the cache, shows the meeting on the next request after its attendance is published
(a bulk insert, which sends no signal: the service bumps ``meetings`` itself)."""

import pytest
from django.urls import reverse

from congress import page_cache
from meetings import services
from meetings.tests.conftest import start_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_the_attendance_is_seen_on_the_next_request(
    client, settings, meeting, required, unit, staff
):
    settings.CONGRESS_PAGE_CACHE = True
    url = reverse("public:attendance-units")
    assert unit.name not in client.get(url).content.decode()
    assert client.get(url).headers[page_cache.HEADER] == "hit"
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    response = client.get(url)
    assert response.headers[page_cache.HEADER] == "miss" and unit.name in response.content.decode()
    page = client.get(reverse("public:unit-attendance", args=[unit.pk])).content.decode()
    assert meeting.title in page
