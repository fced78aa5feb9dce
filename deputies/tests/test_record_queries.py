"""The performance record costs the same number of queries after one year of activity and after
ten (issue 14, with ``bench/deputies_record.py`` measuring it next to the bare view): every
source is one grouped query for all the years of the term, the liaison counts too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.tests.factories import TermFactory
from deputies.tests.factories import DeputyFactory
from deputies.tests.test_record import _year_of_data
from liaison.models import Opinion, Reception
from liaison.tests.factories import CategoryFactory, StationFactory
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _liaison_and_leave(deputy, station, category, year):
    """A reception day held, an opinion collected and closed, a meeting on leave, in ``year``."""
    start = timezone.make_aware(dt.datetime(year, 4, 2, 9))
    Reception.objects.create(
        station=station, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    ).deputies.add(deputy)
    Opinion.objects.create(
        receipt=f"MYT{deputy.pk}{year}",
        station=station,
        deputy=deputy,
        street=station.street,
        category=category,
        content="路灯",
        mobile="13900000000",
        state=Opinion.State.CLOSED,
        created_at=start,
        closed_at=start + dt.timedelta(days=3),
    )
    ParticipantFactory(
        meeting=MeetingFactory(term=deputy.term, starts_at=start, status=Meeting.Status.CLOSED),
        user=deputy.user,
        leave_reason="出差",
        leave_at=start - dt.timedelta(days=1),
    )


def _queries(client, url) -> int:
    client.get(url)  # warm the rules and the district profile caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_record_queries_one_year_and_ten_years(client, staff):
    this_year = timezone.localdate().year
    station, category = StationFactory(), CategoryFactory(code="roads", name="道路")
    counts = {}
    for years in (1, 10):
        # a term as long as the activity, so the page shows every year of it
        term = TermFactory(
            number=90 + years,
            name=f"{years}年届",
            start_year=this_year - years,
            end_year=this_year - 1,
            is_current=False,
        )
        deputy = DeputyFactory(term=term, with_user=True)
        for year in range(this_year - years, this_year):
            _year_of_data(staff, deputy, year)
            _liaison_and_leave(deputy, station, category, year)
        past = this_year - 1
        profile = reverse("public:deputy-profile", args=[deputy.pk]) + f"?year={past}"
        page = client.get(profile).content.decode()
        assert 'data-item="meetings_leave">1<' in page and 'data-item="opinions_closed">1<' in page
        api = reverse("api-public-deputy-record", args=[deputy.pk]) + f"?year={past}"
        client.force_login(deputy.user)
        own = _queries(client, reverse("portal:deputy-my-record") + f"?year={past}")
        client.logout()
        counts[years] = (_queries(client, profile), _queries(client, api), own)
        assert len(client.get(api).json()["years"]) == years
    assert counts[1] == counts[10], counts
