"""Pages of supervision cost the same number of queries whatever the number of rows (the bench's
supervision scenario measures them at scale): the admin's changelists of work reports,
hearing-attendance records, and the published plan."""

import datetime as dt

import pytest
from django.urls import reverse

from congress.models import Organization
from supervision import services
from supervision.models import PlanItem
from supervision.tests.factories import WorkingCommitteeFactory

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm the session
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _reports(staff, unit, n, start=0):
    for i in range(start, start + n):
        services.report_create(
            actor=staff, title=f"报告{i}", unit=unit, due_date=dt.date.today() + dt.timedelta(days=10 + i)
        )


def _hearings(deputy_user, court, n, start=0):
    for i in range(start, start + n):
        services.hearing_record(
            actor=deputy_user,
            unit=court,
            case_number=f"（2026）沪0104民初{i}号",
            case_title="合同纠纷",
            court="第一法庭",
            hearing_date=dt.date.today(),
            remarks="建议。",
        )


@pytest.mark.parametrize(
    "url_name", ["admin:supervision_workreport_changelist", "admin:supervision_hearingattendance_changelist"]
)
def test_admin_changelists_cost_the_same_with_more_rows(
    client, staff, unit, deputy_user, url_name, django_assert_max_num_queries
):
    from congress.tests.factories import OrganizationFactory

    court = OrganizationFactory(name="区人民法院", kind=Organization.Kind.COURT)
    _reports(staff, unit, 2)
    _hearings(deputy_user, court, 2)
    client.force_login(staff)
    url = reverse(url_name)
    few = _count(client, url, django_assert_max_num_queries, 40)
    _reports(staff, unit, 8, start=2)
    _hearings(deputy_user, court, 8, start=2)
    many = _count(client, url, django_assert_max_num_queries, 40)
    assert many == few


def test_the_published_plan_costs_the_same_with_more_items(
    client, staff, unit, django_assert_max_num_queries
):
    committee = WorkingCommitteeFactory()
    plan = services.plan_create(actor=staff, year=2026, title="2026年度监督工作计划")

    def add(n, start=0, reason=""):
        for i in range(start, start + n):
            services.plan_item_add(
                actor=staff,
                plan=plan,
                kind=PlanItem.Kind.WORK_REPORT,
                title=f"事项{i}",
                committee=committee,
                units=[unit],
                reason=reason,
            )

    add(2)
    services.plan_open_for_comment(actor=staff, plan=plan)
    services.plan_adopt(actor=staff, plan=plan)
    services.plan_publish(actor=staff, plan=plan)
    url = reverse("public:supervision-plan", args=[2026])
    few = _count(client, url, django_assert_max_num_queries, 12)
    add(6, start=2, reason="常委会决定追加")
    many = _count(client, url, django_assert_max_num_queries, 12)
    assert many == few
