"""The daily reminder scan: milestones in working days (National Day does not count), each
notice once whatever the reruns, overdue escalation to the unit and the responsible working
committee, a digest to staff, new reminders for a new deadline, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress import roles
from congress.models import Notification
from congress.tests.factories import UserFactory
from supervision import services
from supervision.models import PlanItem, WorkReport
from supervision.tasks import send_daily_reminders
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db
R = WorkReport.State


def keys(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("key", flat=True))


@pytest.fixture
def plan_item(staff, committee):
    plan = services.plan_create(actor=staff, year=2026, title="2026年度监督工作计划")
    return services.plan_item_add(
        actor=staff, plan=plan, kind=PlanItem.Kind.WORK_REPORT, title="义务教育优质均衡", committee=committee
    )


@pytest.fixture
def committee_user(committee):
    return UserFactory(roles=[roles.STAFF], unit=committee)


@pytest.fixture
def rectifying(report, staff, officer, plan_item):
    """Opinions sent on 2026-07-01: the rectification report is due 2026-10-08."""
    report = services.report_update(actor=staff, report=report, plan_item=plan_item)
    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    report = services.report_send_opinions(
        actor=staff, report=report, content="意见", today=dt.date(2026, 7, 1)
    )
    assert report.rectification_due == dt.date(2026, 10, 8)
    return report


def test_reminders_at_working_day_milestones_once(rectifying, officer, django_capture_on_commit_callbacks):
    # (the notices of the steps so far are written with them: only the reminders count here)
    Notification.objects.filter(recipient=officer).delete()
    # 2026-09-24: 4 working days left (9-28, 9-29, 9-30, 10-08): the 10-day milestone
    first = send_daily_reminders("2026-09-24")
    again = send_daily_reminders("2026-09-24")
    assert (first["reminders"], again["reminders"]) == (1, 0)
    assert keys(officer) == [f"supervision.rectification_due:{rectifying.pk}:2026-10-08:10"]
    notice = Notification.objects.get(recipient=officer)
    assert "还有 4 个工作日" in notice.body and notice.url.endswith(
        f"/portal/supervision/reports/{rectifying.pk}/"
    )
    # 2026-09-28, ten calendar days before but three working days: the 3-day milestone, once
    send_daily_reminders("2026-09-28")
    send_daily_reminders("2026-09-29")
    assert keys(officer) == [
        f"supervision.rectification_due:{rectifying.pk}:2026-10-08:10",
        f"supervision.rectification_due:{rectifying.pk}:2026-10-08:3",
    ]


def test_overdue_goes_to_the_unit_the_committee_and_a_staff_digest(
    rectifying, officer, other_officer, staff, committee_user
):
    result = send_daily_reminders("2026-10-09")
    again = send_daily_reminders("2026-10-09")
    assert result["overdue"] == 2 and result["digest"] >= 1
    assert again == {"reminders": 0, "overdue": 0, "digest": 0}
    overdue_key = f"supervision.rectification_due:{rectifying.pk}:overdue:2026-10-08"
    assert overdue_key in keys(officer)
    assert overdue_key in keys(committee_user)
    assert "supervision:overdue-digest:2026-10-09" in keys(staff)
    assert keys(other_officer) == []
    # the next day nothing new: one overdue notice per deadline
    assert send_daily_reminders("2026-10-12")["overdue"] == 0


def test_a_new_deadline_earns_new_reminders(rectifying, staff, officer):
    send_daily_reminders("2026-10-09")  # overdue on the first deadline
    services.report_submit_rectification(actor=officer, report=rectifying, content="整改")
    report = services.report_vote(
        actor=staff,
        report=WorkReport.objects.get(pk=rectifying.pk),
        satisfied=1,
        basically_satisfied=1,
        unsatisfied=5,
        today=dt.date(2026, 10, 12),
    )
    assert report.rectification_due == dt.date(2026, 12, 14)  # 2026-12-12 is a Saturday
    before = len(keys(officer))
    send_daily_reminders("2026-12-08")
    assert f"supervision.rectification_due:{report.pk}:2026-12-14:10" in keys(officer)
    assert len(keys(officer)) == before + 1


def test_reports_due_and_interpellation_answers_are_reminded_too(report, staff, officer, members, unit):
    report = services.report_update(actor=staff, report=report, due_date=dt.date(2026, 12, 10))
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=members[:3]
    )
    services.interpellation_decide(
        actor=staff, interpellation=interpellation, accept=True, today=dt.date(2026, 11, 9)
    )
    interpellation.refresh_from_db()
    assert interpellation.answer_due == dt.date(2026, 12, 9)
    send_daily_reminders("2026-12-07")
    assert set(keys(officer)) >= {
        f"supervision.report_due:{report.pk}:2026-12-10:3",
        f"supervision.answer_due:{interpellation.pk}:2026-12-09:3",
    }


def test_the_scan_costs_the_same_queries_for_more_items(staff, officer, unit, today):
    def overdue_reports(n):
        for i in range(n):
            report = services.report_create(actor=staff, title=f"报告{i}", unit=unit, due_date=today)
            services.report_update(actor=staff, report=report, due_date=dt.date(2026, 1, 5))

    send_daily_reminders("2026-03-01")  # a Sunday with nothing due: the rules are cached from here on
    overdue_reports(2)
    with CaptureQueriesContext(connection) as few:
        send_daily_reminders("2026-03-02")
    overdue_reports(5)
    with CaptureQueriesContext(connection) as many:
        send_daily_reminders("2026-03-03")  # five newly overdue, the first two already told
    assert len(many) == len(few)


def test_the_scans_notices_read_in_each_readers_language(
    rectifying, officer, staff, django_capture_on_commit_callbacks
):
    """The job's language is not the readers': what is owed (整改情况报告) is translated with the
    notice, and the staff digest lists the overdue items in the reader's language too."""
    from django.utils import translation

    with translation.override("en"):
        send_daily_reminders("2026-09-24")
        send_daily_reminders("2026-10-09")

    reminder = Notification.objects.get(recipient=officer, key__endswith=":10")
    digest = Notification.objects.get(recipient=staff, key="supervision:overdue-digest:2026-10-09")
    assert reminder.title == f"到期提醒：整改情况报告 · {rectifying.title}"  # stored in the default language
    assert reminder.body == "还有 4 个工作日到期（2026-10-08），请按期报送整改情况报告。"
    assert digest.display_title == "监督事项：今日新增 1 项逾期"
    assert f"区教育局的整改情况报告“{rectifying.title}”已超过期限（2026-10-08）。" in digest.display_body
    with translation.override("en"):
        assert reminder.display_title == f"Due soon: Rectification report · {rectifying.title}"
        assert reminder.display_body == (
            "4 working days left (due 2026-10-08): please submit the Rectification report on time."
        )
        assert digest.display_title == "Supervision: 1 item(s) became overdue today"
        assert f"The Rectification report of 区教育局, “{rectifying.title}”, is past its deadline" in (
            digest.display_body
        )
