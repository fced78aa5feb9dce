"""The admin changelists of issue 12's records cost the same number of queries with 2 rows as
with 10 (the bench measures them at 10,000 filed documents), their unit/hearing/inspection
filters list only the records that have rows, there is no second full count, and the row's
action checkbox still selects the row (``supervision.admin.QuickChangelist``)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.tests.factories import OrganizationFactory
from supervision import services
from supervision.models_hearings import PublicHearing
from supervision.services import filings as filing_services
from supervision.services import inspections as inspection_services

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _filings(officer, unit, start, n):
    for i in range(start, start + n):
        filing = filing_services.filing_create(
            actor=officer,
            title=f"管理办法{i}",
            doc_number=f"徐府规〔2026〕{i + 1}号",
            published_on=dt.date(2026, 3, 2),
            text="第一条 为了管理，制定本办法。\n第二条 本办法自公布之日起施行。",
            unit=unit,
            today=dt.date(2026, 3, 10),
        )
        filing_services.suggestion_submit(filing=filing, content="建议审查", address=f"10.1.0.{i}")


def _hearings(staff, start, n):
    for i in range(start, start + n):
        hearing = services.hearing_create(
            actor=staff,
            kind=PublicHearing.Kind.TOPIC,
            title=f"专项议题听证{i}",
            starts_at=NOW + dt.timedelta(days=20),
            location="第一会议室",
            seats=4,
            signup_opens=NOW - dt.timedelta(days=1),
            signup_closes=NOW + dt.timedelta(days=10),
        )
        services.hearing_publish(actor=staff, hearing=hearing)
        services.hearing_signup_create(
            hearing=hearing,
            name=f"张{i}",
            mobile=f"1390000{i:04d}",
            stance="support",
            statement="支持",
            address=f"10.2.0.{i}",
        )


def _inspections(staff, unit, committee, start, n):
    for i in range(start, start + n):
        inspection = inspection_services.inspection_create(
            actor=staff, title=f"执法检查{i}", law="《食品安全法》", year=2026, committee=committee
        )
        inspection_services.issue_add(actor=staff, inspection=inspection, unit=unit, description=f"问题{i}")


def _add(start, n, *, staff, officer, unit, committee):
    _filings(officer, unit, start, n)
    _hearings(staff, start, n)
    _inspections(staff, unit, committee, start, n)


CHANGELISTS = [
    "normativedocument",
    "filingsuggestion",
    "publichearing",
    "hearingsignup",
    "inspection",
    "inspectionissue",
]


def _count(client, url, django_assert_max_num_queries):
    client.get(url)  # warm the session and the per-request caches
    with django_assert_max_num_queries(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_changelists_cost_the_same_with_more_rows(
    client, staff, officer, unit, committee, django_assert_max_num_queries
):
    # given: a unit without any record here (the filters must not list it)
    idle = OrganizationFactory(name="没有任何记录的单位")
    _add(0, 2, staff=staff, officer=officer, unit=unit, committee=committee)
    client.force_login(staff)
    few = {}
    for name in CHANGELISTS:
        few[name], body = _count(
            client, reverse(f"admin:supervision_{name}_changelist"), django_assert_max_num_queries
        )
        assert idle.name not in body, name
    # when: five times the rows
    _add(2, 8, staff=staff, officer=officer, unit=unit, committee=committee)
    # then: the same number of queries for each list
    for name in CHANGELISTS:
        many, body = _count(
            client, reverse(f"admin:supervision_{name}_changelist"), django_assert_max_num_queries
        )
        assert many == few[name], name


def test_filtered_list_has_no_full_count_and_the_checkbox_selects(client, staff, officer, unit, other_unit):
    _filings(officer, unit, 0, 3)
    client.force_login(staff)
    url = reverse("admin:supervision_normativedocument_changelist")
    body = client.get(url + f"?unit__id__exact={unit.pk}").content.decode()
    assert 'class="action-select"' in body and 'name="_selected_action"' in body
    assert unit.name in body and other_unit.name not in body  # only units with filings
    # an action on the ticked rows still works (the export of the selection)
    first = filing_services.NormativeDocument.objects.order_by("pk").first()
    assert f'value="{first.pk}"' in body
