"""Anonymous GETs of the supervision and deputies public APIs answered from the cache (issue 16,
``congress.api.public_cache``): the closed reports, the filing register and a deputy's record
cost no query on a hit, and a write is visible on the next request. The writes really commit
(``transaction=True``): the data versions are bumped when a transaction commits."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from congress.api.public_cache import HEADER

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.CONGRESS_PAGE_CACHE = True


def _hit_without_queries(client, url) -> dict:
    client.get(url)  # a miss: stored
    with CaptureQueriesContext(connection) as captured:
        hit = client.get(url)
    assert hit.headers.get(HEADER) == "hit" and captured.captured_queries == []
    return hit.json()


def test_closed_reports_a_hit_costs_no_query_and_a_closing_shows_next(staff, unit, officer):
    from supervision import services
    from supervision.models import WorkReport
    from supervision.tests.conftest import advance

    def closed(title):
        report = services.report_create(
            actor=staff, title=title, unit=unit, due_date=timezone.localdate() + dt.timedelta(days=30)
        )
        return advance(report, WorkReport.State.CLOSED, staff=staff, officer=officer)

    # given a closed report, answered once from the cache
    client = APIClient()
    first = closed("第一份报告")
    url = reverse("api-public-supervision-report-list")
    detail = reverse("api-public-supervision-report-detail", args=[first.pk])
    assert [r["title"] for r in _hit_without_queries(client, url)["results"]] == ["第一份报告"]
    assert _hit_without_queries(client, detail)["title"] == "第一份报告"
    # when another report is closed
    closed("第二份报告")
    # then the next request shows it
    listed = client.get(url)
    assert listed.headers.get(HEADER) == "miss"
    assert {r["title"] for r in listed.json()["results"]} == {"第一份报告", "第二份报告"}


def test_a_deputys_record_a_hit_costs_no_query_and_a_proposal_shows_next(term):
    from deputies.tests.factories import DeputyFactory
    from proposals.models import Proposal
    from proposals.tests.factories import ProposalFactory

    # given a deputy's record of this year, answered once from the cache
    client = APIClient()
    deputy = DeputyFactory(term=term)
    year = timezone.localdate().year
    url = reverse("api-public-deputy-record", args=[deputy.pk]) + (
        f"?year={year}" if term.start_year <= year <= term.end_year else ""
    )
    before = _hit_without_queries(client, url)["counts"]["proposals_lead"]
    # when the deputy leads a submitted proposal of the record's year
    record_year = client.get(url).json()["year"]
    ProposalFactory(term=term, lead_deputy=deputy, year=record_year, state=Proposal.State.SUBMITTED)
    # then the next request counts it
    after = client.get(url)
    assert after.headers.get(HEADER) == "miss" and after.json()["counts"]["proposals_lead"] == before + 1


def test_filing_register_a_hit_costs_no_query():
    client = APIClient()
    _hit_without_queries(client, reverse("api-public-filing-list") + "?search=%E7%94%B5%E6%A2%AF")
