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
from deputies.models import Deputy
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


def _expected_row(deputy, years) -> dict:
    """What the mid-term evaluation should write for ``deputy``: its own record read alone."""
    from decimal import ROUND_HALF_UP, Decimal

    from deputies.selectors_record import deputy_record_counts, score_of
    from deputies.services_record import _jsonable

    by_year = deputy_record_counts(deputy, years)
    totals: dict = {}
    for counts in by_year.values():
        for code, value in counts.items():
            totals[code] = totals.get(code, 0) + value
    scores = [score_of(counts) for counts in by_year.values()]
    score = (sum(scores, Decimal("0")) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {"counts": _jsonable(totals), "score": score}


def test_midterm_evaluation_reads_the_records_by_chunk_of_deputies(staff, monkeypatch):
    """The mid-term job reads the records of a chunk of deputies in one query per source: the
    same number of queries for a term of 2 and of 5 deputies, and every row what the deputy's
    own record gives (also when the term spans several chunks)."""
    from deputies import services_record

    this_year = timezone.localdate().year
    station, category = StationFactory(), CategoryFactory(code="roads", name="道路")
    queries, rows = {}, {}
    for number, (size, chunk) in enumerate([(2, 500), (5, 500), (5, 2)]):
        # given a term of ``size`` deputies, each with its own mix of activity over two years
        term = TermFactory(
            number=70 + number,
            name=f"评估届{number}",
            start_year=this_year - 2,
            end_year=this_year + 2,
            is_current=False,
        )
        deputies = [DeputyFactory(term=term, with_user=i != 1) for i in range(size)]
        for i, deputy in enumerate(deputies):
            if i % 3 != 2 and deputy.user_id:
                _year_of_data(staff, deputy, this_year - 2 + i % 2)
            if i % 2 == 0 and deputy.user_id:
                _liaison_and_leave(deputy, station, category, this_year - 1)
        DeputyFactory(term=term, is_active=False)  # not serving: no row
        monkeypatch.setattr(services_record, "MIDTERM_CHUNK", chunk)
        services_record.midterm_evaluation_run(actor=staff, term=term, last_year=this_year - 1)  # warm caches
        # when
        with CaptureQueriesContext(connection) as captured:
            evaluation = services_record.midterm_evaluation_run(
                actor=staff, term=term, last_year=this_year - 1
            )
        queries[(size, chunk)] = len(captured)
        # then every serving deputy (the co-signed proposals' lead deputies too) has the row its
        # own record gives
        years = [this_year - 2, this_year - 1]
        got = {row.deputy_id: {"counts": row.counts, "score": row.score} for row in evaluation.rows.all()}
        serving = Deputy.objects.filter(term=term, is_active=True)
        assert set(got) >= {d.pk for d in deputies} and len(got) == serving.count()
        assert got == {d.pk: _expected_row(d, years) for d in serving}
        rows[(size, chunk)] = got
    assert queries[(2, 500)] == queries[(5, 500)], queries
    assert any(row["counts"]["opinions_closed"] for row in rows[(5, 2)].values())
    assert any(row["counts"]["proposals_lead"] for row in rows[(5, 2)].values())
