"""The performance record costs the same number of queries after one year of activity and after
ten (issue 14, with ``bench/deputies_record.py`` measuring it next to the bare view): every
source is one grouped query for all the years of the term, the liaison counts too."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.tests.factories import TermFactory
from deputies.models import Deputy
from deputies.selectors_record import record_item_codes, score_of
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


# What each fixture writes in its year, counted by hand (deputies/tests/test_record.py checks
# the first against the deputy's own record).
YEAR_OF_DATA = {
    "proposals_lead": 1,
    "proposals_cosigned": 1,
    "meetings_attended": 1,
    "activities_attended": 1,
    "activities_absent": 1,
    "trainings_attended": 1,
    "training_hours": Decimal("6"),
    "voter_reports": 1,
}
LIAISON_AND_LEAVE = {"meetings_leave": 1, "receptions_held": 1, "opinions_collected": 1, "opinions_closed": 1}
LEAD_OF_A_COSIGNED_PROPOSAL = {"proposals_lead": 1}


def _expected_row(years, written: dict) -> dict:
    """The row the mid-term evaluation should write for a deputy whose fixtures wrote ``written``
    ({year: [counts, …]}): the counts summed over the years, the score the mean of the years'."""
    by_year = {year: dict.fromkeys(record_item_codes(), 0) for year in years}
    for year, parts in written.items():
        for part in parts:
            for code, value in part.items():
                by_year[year][code] += value
    totals = {code: sum(counts[code] for counts in by_year.values()) for code in record_item_codes()}
    scores = [score_of(counts) for counts in by_year.values()]
    score = (sum(scores, Decimal("0")) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    counts = {code: str(value) if isinstance(value, Decimal) else value for code, value in totals.items()}
    return {"counts": counts, "score": score}


def _hours_as_numbers(rows: dict) -> dict:
    return {
        pk: {**row, "counts": {**row["counts"], "training_hours": Decimal(row["counts"]["training_hours"])}}
        for pk, row in rows.items()
    }


def test_midterm_evaluation_reads_the_records_by_chunk_of_deputies(staff, monkeypatch):
    """The mid-term job reads the records of a chunk of deputies in one query per source: the
    same number of queries for a term of 2 and of 5 deputies, and every row the sum of what the
    deputy's fixtures wrote, counted by hand (also when the term spans several chunks)."""
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
        # fixtures make
        years = [this_year - 2, this_year - 1]
        got = {row.deputy_id: {"counts": row.counts, "score": row.score} for row in evaluation.rows.all()}
        serving = Deputy.objects.filter(term=term, is_active=True)
        assert set(got) >= {d.pk for d in deputies} and len(got) == serving.count()
        expected, data_years = {}, []
        for i, deputy in enumerate(deputies):
            written = {year: [] for year in years}
            if i % 3 != 2 and deputy.user_id:
                written[this_year - 2 + i % 2].append(YEAR_OF_DATA)
                data_years.append(this_year - 2 + i % 2)
            if i % 2 == 0 and deputy.user_id:
                written[this_year - 1].append(LIAISON_AND_LEAVE)
            expected[deputy.pk] = _expected_row(years, written)
        # the lead deputy of each co-signed proposal, made in the order of the deputies' years
        leads = sorted((d for d in serving if d.pk not in expected), key=lambda d: d.pk)
        assert len(leads) == len(data_years)
        for lead, year in zip(leads, data_years, strict=True):
            expected[lead.pk] = _expected_row(years, {year: [LEAD_OF_A_COSIGNED_PROPOSAL]})
        # hours as numbers: PostgreSQL's sum keeps the column's scale ("6.0"), SQLite's does not ("6")
        assert _hours_as_numbers(got) == _hours_as_numbers(expected)
        rows[(size, chunk)] = got
    assert queries[(2, 500)] == queries[(5, 500)], queries
    assert any(row["counts"]["opinions_closed"] for row in rows[(5, 2)].values())
    assert any(row["counts"]["proposals_lead"] for row in rows[(5, 2)].values())
