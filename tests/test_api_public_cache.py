"""Anonymous GETs of the public API answered from the cache (issue 16, ``congress.api.public_cache``):
the second request is a hit without a query and with the same body and headers, a write is visible
on the next request, a signed-in caller and the browsable API are never served from it, the
throttle still runs, and an ``ETag`` sent back gets 304. The writes really commit
(``transaction=True``): the data versions are bumped when a transaction commits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from congress import roles
from congress.api.public_cache import HEADER
from congress.services import api_token_issue
from congress.tests.factories import UserFactory
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = reverse("api-public-deputy-list")


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.CONGRESS_PAGE_CACHE = True


@pytest.fixture
def client():
    return APIClient()


def state(response):
    return response.headers.get(HEADER)


def deputies(term, size):
    groups = DeputyGroupFactory.create_batch(3, term=term)
    return [DeputyFactory(term=term, group=groups[n % 3]) for n in range(size)]


@pytest.mark.parametrize("size", [3, 30])
def test_a_hit_costs_no_query_and_answers_the_same(client, settings, term, size):
    deputies(term, size)
    settings.CONGRESS_PAGE_CACHE = False
    uncached = client.get(PUBLIC, {"page_size": 50})
    settings.CONGRESS_PAGE_CACHE = True
    miss = client.get(PUBLIC, {"page_size": 50})

    with CaptureQueriesContext(connection) as ctx:
        hit = client.get(PUBLIC, {"page_size": 50})

    assert (state(uncached), state(miss), state(hit)) == (None, "miss", "hit")
    assert ctx.captured_queries == []
    assert hit.status_code == 200 and hit.json()["count"] == size
    assert hit.content == miss.content == uncached.content
    for name in ("Content-Type", "Vary", "Allow", "Content-Language", "ETag"):
        assert hit.headers.get(name) == miss.headers.get(name), name


def test_a_write_is_visible_on_the_next_request(client, term):
    deputy = DeputyFactory(term=term, name="张三")
    detail = reverse("api-public-deputy-detail", args=[deputy.pk])
    client.get(PUBLIC)
    assert state(client.get(PUBLIC)) == "hit" and state(client.get(detail)) == "miss"

    deputy.name = "张叁"
    deputy.save()  # committed: the deputies app's data version moves on

    listed = client.get(PUBLIC)
    assert state(listed) == "miss" and [row["name"] for row in listed.json()["results"]] == ["张叁"]
    assert client.get(detail).json()["name"] == "张叁"


def test_a_published_attendance_is_visible_on_the_next_request(client):
    from congress.tests.factories import OrganizationFactory
    from meetings import services
    from meetings.tests.conftest import start_meeting
    from meetings.tests.factories import MeetingFactory
    from proposals.tests.factories import staff_actor

    staff = staff_actor()
    meeting = MeetingFactory()
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[OrganizationFactory().pk])
    url = f"{reverse('api-public-attendance')}?meeting={meeting.pk}"
    assert client.get(url).json() == [] and state(client.get(url)) == "hit"

    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)

    assert len(client.get(url).json()) == 1


def test_signed_in_callers_are_never_served_or_stored(client, term):
    DeputyFactory(term=term)
    user = UserFactory(roles=[roles.DEPUTY])
    _, key = api_token_issue(user=user)
    client.get(PUBLIC)

    with_token = client.get(PUBLIC, HTTP_AUTHORIZATION=f"Token {key}")
    client.force_login(user)
    with_session = client.get(PUBLIC)
    client.logout()

    assert state(with_token) is None and state(with_session) is None
    assert with_token.content == with_session.content == client.get(PUBLIC).content
    assert state(client.get(PUBLIC)) == "hit"


def test_the_browsable_api_and_languages_are_apart(client, settings, term):
    DeputyFactory(term=term)
    html = client.get(PUBLIC, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html") and state(html) is None
    chinese = client.get(PUBLIC).json()["results"][0]["gender"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(PUBLIC)
    assert state(english) == "miss" and english.json()["results"][0]["gender"] != chinese


def test_an_etag_sent_back_gets_304_until_a_write(client, term):
    deputy = DeputyFactory(term=term)
    etag = client.get(PUBLIC)["ETag"]

    not_modified = client.get(PUBLIC, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""

    deputy.save()
    changed = client.get(PUBLIC, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_throttle_still_runs_on_a_hit(client, monkeypatch, term):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    DeputyFactory(term=term)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    cache.clear()
    url = reverse("api-public-proposal-list")

    responses = [client.get(url) for _ in range(3)]

    assert [(r.status_code, state(r)) for r in responses] == [(200, "miss"), (200, "hit"), (429, None)]


@pytest.mark.parametrize("size", [2, 8])
def test_every_cached_endpoint_answers_a_hit_without_a_query(client, settings, term, staff, size):
    from appointments.models import Nomination
    from appointments.tests.conftest import advance
    from appointments.tests.factories import NominationFactory
    from liaison.tests.factories import CategoryFactory, StationFactory
    from proposals.tests.factories import walk_to

    deputies(term, size)
    StationFactory.create_batch(size)
    CategoryFactory.create_batch(size)
    nominations = [NominationFactory(term=term) for _ in range(size)]
    for nomination in nominations:
        advance(nomination, Nomination.Status.PUBLICITY, actor=staff)
    proposal = walk_to("closed", staff=staff)
    urls = [
        PUBLIC,
        reverse("api-public-deputy-detail", args=[term.deputies.first().pk]),
        reverse("api-public-proposal-list"),
        reverse("api-public-proposal-detail", args=[proposal.pk]),
        reverse("api-public-stations"),
        reverse("api-public-opinion-categories"),
        reverse("api-public-appointments"),
        reverse("api-public-appointment-detail", args=[nominations[0].pk]),
    ]
    settings.CONGRESS_PAGE_CACHE = False
    uncached = [client.get(url) for url in urls]
    settings.CONGRESS_PAGE_CACHE = True
    misses = [client.get(url) for url in urls]

    with CaptureQueriesContext(connection) as ctx:
        hits = [client.get(url) for url in urls]

    assert ctx.captured_queries == []
    for url, before, miss, hit in zip(urls, uncached, misses, hits, strict=True):
        assert (before.status_code, state(miss), state(hit)) == (200, "miss", "hit"), url
        assert hit.content == miss.content == before.content, url
