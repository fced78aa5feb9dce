"""The performance record (履职档案): gathered from proposals, meetings, activities, trainings and
reports to voters; the yearly score follows the rules (data); the public page and API show no
personal data; constant queries however many years of activity; the mid-term evaluation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.models import Rule
from deputies import services_activities as activities
from deputies import services_record as services
from deputies.models_record import MidTermEvaluationRow, VoterReport
from deputies.selectors_record import deputy_record_counts, record_item_codes, score_of
from deputies.tests.factories import DeputyFactory
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory, ParticipantFactory
from proposals.models import CoSigner, Proposal
from proposals.tests.factories import CoSignerFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _aware(year, month=6, day=1, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _attend(staff, deputy, year, kind="research", hours=None, attend=True):
    """An activity in ``year`` the deputy signed up to and attended (or missed), through the services."""
    starts = _aware(year)
    activity = activities.activity_publish(
        actor=staff,
        kind=kind,
        title=f"{year}{kind}",
        starts_at=starts,
        capacity=5,
        hours=hours,
        ends_at=starts + dt.timedelta(hours=3),
    )
    activities.activity_sign_up(actor=deputy.user, activity=activity, now=starts - dt.timedelta(days=2))
    if attend:
        activities.signup_check_in(actor=deputy.user, activity=activity, now=starts)
    activities.activity_close(actor=staff, activity=activity)
    return activity


def _year_of_data(staff, deputy, year):
    _attend(staff, deputy, year)
    _attend(staff, deputy, year, kind="training", hours=6)
    _attend(staff, deputy, year, attend=False)
    ProposalFactory(term=deputy.term, lead_deputy=deputy, year=year, state=Proposal.State.SUBMITTED)
    CoSignerFactory(
        proposal=ProposalFactory(term=deputy.term, year=year, state=Proposal.State.SUBMITTED),
        deputy=deputy,
        state=CoSigner.State.CONFIRMED,
    )
    ParticipantFactory(
        meeting=MeetingFactory(term=deputy.term, starts_at=_aware(year, 3), status=Meeting.Status.CLOSED),
        user=deputy.user,
    )
    report = services.voter_report_schedule(
        actor=staff,
        deputy=deputy,
        title=f"{year}年履职报告",
        scheduled_at=_aware(year, 11),
        location="居委会",
    )
    services.voter_report_hold(actor=deputy.user, report=report, attendees=40)


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, with_user=True, phone="13912345678")


def test_record_gathers_every_source(staff, deputy):
    _year_of_data(staff, deputy, 2024)
    # a draft proposal, an invitation not confirmed, a meeting not held count for nothing
    ProposalFactory(term=deputy.term, lead_deputy=deputy, year=2024)
    CoSignerFactory(
        proposal=ProposalFactory(term=deputy.term, year=2024, state=Proposal.State.SUBMITTED), deputy=deputy
    )
    ParticipantFactory(meeting=MeetingFactory(term=deputy.term, starts_at=_aware(2024, 4)), user=deputy.user)
    counts = deputy_record_counts(deputy, [2023, 2024])[2024]
    assert counts["proposals_lead"] == 1
    assert counts["proposals_cosigned"] == 1
    assert counts["meetings_attended"] == 1
    assert counts["activities_attended"] == 1
    assert counts["activities_absent"] == 1
    assert counts["trainings_attended"] == 1
    assert counts["training_hours"] == Decimal("6")
    assert counts["voter_reports"] == 1
    assert set(deputy_record_counts(deputy, [2023])[2023].values()) == {0}


def test_liaison_items_left_out_without_their_source():
    # The liaison app is not installed on this branch: its items are not shown as zeros.
    from deputies.selectors_record import LIAISON_ITEMS, liaison_counts_provider

    if liaison_counts_provider() is None:
        assert not set(LIAISON_ITEMS) & set(record_item_codes())
    else:
        assert set(LIAISON_ITEMS) <= set(record_item_codes())


def test_score_follows_the_rules():
    counts = dict.fromkeys(record_item_codes(), 0) | {
        "proposals_lead": 2,
        "training_hours": Decimal("6"),
        "activities_absent": 1,
    }
    # defaults: 5 per proposal led, 0.5 per training hour, -2 per absence
    assert score_of(counts) == Decimal("11.0")
    weights = dict(
        Rule.objects.get_or_create(key="deputies.record_score_weights", defaults={"value": {}})[0].value or {}
    )
    from deputies.rules import DEFAULT_SCORE_WEIGHTS

    weights = {**DEFAULT_SCORE_WEIGHTS, "proposals_lead": "20", "activities_absent": "0"}
    Rule.objects.filter(key="deputies.record_score_weights").update(value=weights)
    from congress import yearly

    yearly.forget(yearly.RULES_KEY)
    assert score_of(counts) == Decimal("43.0")
    Rule.objects.update_or_create(key="deputies.record_score_max", defaults={"value": 30})
    yearly.forget(yearly.RULES_KEY)
    assert score_of(counts) == Decimal("30.0")


def test_score_rule_refuses_non_numbers():
    from congress.rules import RULES, RuleValueError
    from deputies.rules import DEFAULT_SCORE_WEIGHTS

    spec = RULES["deputies.record_score_weights"]
    with pytest.raises(RuleValueError):
        spec.parse({**DEFAULT_SCORE_WEIGHTS, "proposals_lead": "五"})
    with pytest.raises(RuleValueError):
        spec.parse({"proposals_lead": "5"})  # items are fixed: a weight of 0 drops one
    assert spec.parse({**DEFAULT_SCORE_WEIGHTS, "voter_reports": "-1.5"})["voter_reports"] == "-1.5"


def test_public_api_record(api_client, staff, deputy):
    _year_of_data(staff, deputy, 2025)
    response = api_client.get(f"/api/v1/public/deputies/{deputy.pk}/record/?year=2025")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025 and body["counts"]["proposals_lead"] == 1
    assert body["score"] == float(score_of(deputy_record_counts(deputy, [2025])[2025]))
    assert "13912345678" not in response.content.decode()
    for bad in ("1999", "abc", "2031"):
        bad_response = api_client.get(f"/api/v1/public/deputies/{deputy.pk}/record/?year={bad}")
        assert bad_response.status_code == 400 and "year" in bad_response.json()
    assert api_client.get("/api/v1/public/deputies/999999/record/").status_code == 404


def test_public_page_shows_record_not_private_fields(client, staff, deputy):
    _year_of_data(staff, deputy, 2025)
    page = client.get(reverse("public:deputy-profile", args=[deputy.pk]) + "?year=2025").content.decode()
    assert "2025年度履职档案" in page and 'data-item="proposals_lead">1<' in page
    assert "13912345678" not in page


@pytest.mark.parametrize("years", [1, 4])
def test_record_page_constant_queries(client, staff, deputy, django_assert_max_num_queries, years):
    """Two sizes (one year of activity, four): the page costs the same. Queries: the deputy;
    proposals led; co-signed; meetings; activities; reports to voters (counts); with the liaison
    app two per year of the term (receptions, opinions) and its links on the page; the published
    reports. The rules and the district profile are cached after the first request."""
    for year in range(2026 - years, 2026):
        _year_of_data(staff, deputy, year)
    url = reverse("public:deputy-profile", args=[deputy.pk])
    client.get(url)  # warm the rules and the district profile caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url + "?year=2025", HTTP_CACHE_CONTROL="no-cache").status_code == 200
    test_record_page_constant_queries.counts = getattr(test_record_page_constant_queries, "counts", {})
    test_record_page_constant_queries.counts[years] = len(captured)
    assert len(captured) <= 30, "\n".join(q["sql"] for q in captured.captured_queries)
    if len(test_record_page_constant_queries.counts) == 2:
        assert len(set(test_record_page_constant_queries.counts.values())) == 1


def test_voter_report_published_and_commented(client, staff, deputy):
    report = services.voter_report_schedule(
        actor=deputy.user,
        deputy=deputy,
        title="2025年度履职报告",
        scheduled_at=_aware(2025, 11),
        location="居委会",
    )
    services.voter_report_hold(actor=deputy.user, report=report, attendees=30)
    url = reverse("public:deputy-voter-report", args=[deputy.pk, report.pk])
    assert client.get(url).status_code == 404  # not yet published
    services.voter_report_publish(actor=staff, report=report, text="一年来，我围绕社区养老……")
    assert "社区养老" in client.get(url).content.decode()
    bad = client.post(url, {"content": "  "})
    assert bad.status_code == 200 and "请填写您的意见" in bad.content.decode()
    client.post(url, {"content": "希望多关注加装电梯", "name": ""})
    assert report.comments.count() == 1
    other = DeputyFactory(term=deputy.term, with_user=True)
    from congress.exceptions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.voter_report_schedule(
            actor=other.user, deputy=deputy, title="x", scheduled_at=_aware(2025), location="y"
        )
    assert VoterReport.objects.get(pk=report.pk).state == VoterReport.State.PUBLISHED


def test_midterm_evaluation(staff, deputy):
    _year_of_data(staff, deputy, 2023)
    DeputyFactory(term=deputy.term)
    evaluation = services.midterm_evaluation_run(actor=staff, term=deputy.term, last_year=2023)
    rows = {row.deputy_id: row for row in evaluation.rows.all()}
    assert len(rows) == 3  # the two here and the lead deputy of the co-signed proposal
    assert rows[deputy.pk].counts["proposals_lead"] == 1
    assert rows[deputy.pk].score > 0 and rows[deputy.pk].grade
    services.midterm_row_assess(
        actor=staff, row=rows[deputy.pk], grade=MidTermEvaluationRow.Grade.GOOD, assessment="履职积极"
    )
    services.midterm_evaluation_conclude(actor=staff, evaluation=evaluation)
    from congress.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.midterm_evaluation_run(actor=staff, term=deputy.term, last_year=2030)
    with pytest.raises(ApplicationError):
        services.midterm_row_assess(actor=staff, row=rows[deputy.pk], grade="good", assessment="")
