"""Special work reports through the services: the whole life, every step refused from the
wrong state (409), the unit wall, the vote's threshold, deadlines across a holiday."""

import datetime as dt

import pytest

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Rule
from supervision import selectors, services
from supervision.models import SatisfactionVote, WorkReport, WorkReportEvent
from supervision.tests.conftest import advance
from supervision.tests.factories import WorkingCommitteeFactory
from supervision.workflow import WORK_REPORT

pytestmark = pytest.mark.django_db
R = WorkReport.State


def test_the_declared_table():
    assert WORK_REPORT.transitions() == {
        R.REQUESTED: {R.SUBMITTED},
        R.SUBMITTED: {R.DELIBERATED, R.OPINIONS_SENT},
        R.DELIBERATED: {R.OPINIONS_SENT},
        R.OPINIONS_SENT: {R.RECTIFICATION_REPORTED},
        R.RECTIFICATION_REPORTED: {R.CLOSED, R.RECTIFYING},
        R.RECTIFYING: {R.RECTIFICATION_REPORTED},
        R.CLOSED: frozenset(),
    }
    assert WORK_REPORT.final_states() == {R.CLOSED}


def test_the_whole_life_of_a_report(report, staff, officer, unit):
    # given: a report requested of the unit
    assert report.state == R.REQUESTED and report.deadline == report.due_date
    # when: the unit submits, the meeting deliberates, staff send the opinions on 2026-07-01
    report = services.report_submit(actor=officer, report=report, content="  一、基本情况……  ")
    assert (report.state, report.content) == (R.SUBMITTED, "一、基本情况……")
    report = services.report_deliberate(actor=staff, report=report, note="第三十次会议审议")
    report = services.report_send_opinions(
        actor=staff, report=report, content="审议意见：……", today=dt.date(2026, 7, 1)
    )
    # then: the rectification is due 3 months later, moved past National Day to a working day
    assert report.state == R.OPINIONS_SENT
    assert report.rectification_due == dt.date(2026, 10, 8)
    assert report.deadline == dt.date(2026, 10, 8)
    # when: the unit reports, and the vote is unsatisfied by more than half
    rectification = services.report_submit_rectification(actor=officer, report=report, content="整改情况一")
    assert (rectification.round, rectification.due_date) == (1, dt.date(2026, 10, 8))
    report = services.report_vote(
        actor=staff,
        report=WorkReport.objects.get(pk=report.pk),
        satisfied=3,
        basically_satisfied=2,
        unsatisfied=6,
        today=dt.date(2026, 8, 3),
    )
    # then: a second round, due 2 months later (2026-10-03 is a holiday → 10-08)
    assert (report.state, report.round, report.rectification_due) == (R.RECTIFYING, 2, dt.date(2026, 10, 8))
    # when: the second report and a passing vote
    services.report_submit_rectification(actor=officer, report=report, content="整改情况二")
    report = services.report_vote(
        actor=staff,
        report=WorkReport.objects.get(pk=report.pk),
        satisfied=8,
        basically_satisfied=2,
        unsatisfied=1,
    )
    assert report.state == R.CLOSED and report.closed_at is not None
    services.report_follow_up(actor=staff, report=report, content="回访：措施已落实")
    # then: the record holds both rounds, and the timeline every step with its actor
    assert list(report.rectifications.values_list("round", "content")) == [
        (1, "整改情况一"),
        (2, "整改情况二"),
    ]
    assert list(report.votes.values_list("round", "result")) == [
        (1, SatisfactionVote.Result.FAILED),
        (2, SatisfactionVote.Result.PASSED),
    ]
    steps = list(WorkReportEvent.objects.filter(report=report).values_list("action", "to_state", "actor"))
    assert steps == [
        ("create", R.REQUESTED, staff.pk),
        ("submit", R.SUBMITTED, officer.pk),
        ("deliberate", R.DELIBERATED, staff.pk),
        ("send_opinions", R.OPINIONS_SENT, staff.pk),
        ("report_rectification", R.RECTIFICATION_REPORTED, officer.pk),
        ("vote", R.RECTIFYING, staff.pk),
        ("report_rectification", R.RECTIFICATION_REPORTED, officer.pk),
        ("vote", R.CLOSED, staff.pk),
        ("follow_up", R.CLOSED, staff.pk),
    ]
    assert report.history.first().history_user == staff


def _calls(staff, officer):
    return {
        "submit": lambda r: services.report_submit(actor=officer, report=r, content="x"),
        "deliberate": lambda r: services.report_deliberate(actor=staff, report=r),
        "send_opinions": lambda r: services.report_send_opinions(actor=staff, report=r, content="x"),
        "report_rectification": lambda r: services.report_submit_rectification(
            actor=officer, report=r, content="x"
        ),
        "vote": lambda r: services.report_vote(
            actor=staff, report=r, satisfied=1, basically_satisfied=0, unsatisfied=0
        ),
        "follow_up": lambda r: services.report_follow_up(actor=staff, report=r, content="x"),
    }


@pytest.mark.parametrize("state", [s for s in R.values])
def test_every_step_from_a_state_that_does_not_allow_it_is_refused(state, report, staff, officer):
    report = advance(report, state, staff=staff, officer=officer)
    for code, call in _calls(staff, officer).items():
        if state in WORK_REPORT[code].sources:
            continue
        before = WorkReportEvent.objects.filter(report=report).count()
        with pytest.raises(InvalidTransition) as caught:
            call(WorkReport.objects.get(pk=report.pk))
        assert caught.value.status_code == 409
        assert WorkReport(state=state).get_state_display() in str(caught.value.message)
        assert WorkReport.objects.get(pk=report.pk).state == state
        assert WorkReportEvent.objects.filter(report=report).count() == before


def test_an_officer_of_another_unit_can_neither_see_nor_act(report, other_officer, officer, staff):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.report_get_for_user(other_officer, report.pk)
    assert not selectors.report_list_visible_to(other_officer).exists()
    assert list(selectors.report_list_visible_to(officer)) == [report]
    with pytest.raises(PermissionDeniedError):
        services.report_submit(actor=other_officer, report=report, content="冒名报送")
    report = advance(report, R.OPINIONS_SENT, staff=staff, officer=officer)
    with pytest.raises(PermissionDeniedError):
        services.report_submit_rectification(actor=other_officer, report=report, content="x")
    # and the unit cannot do staff's steps
    with pytest.raises(PermissionDeniedError):
        services.report_follow_up(actor=officer, report=report, content="x")
    assert WorkReport.objects.get(pk=report.pk).state == R.OPINIONS_SENT


def test_an_officer_of_two_units_acts_for_both(staff, unit, other_unit, today):
    from congress import roles
    from congress.services import user_set_units
    from congress.tests.factories import UserFactory

    officer = UserFactory(roles=[roles.UNIT_OFFICER])
    user_set_units(user=officer, units=[unit, other_unit])
    reports = [
        services.report_create(
            actor=staff, title=f"报告{u.pk}", unit=u, due_date=today + dt.timedelta(days=9)
        )
        for u in (unit, other_unit)
    ]
    officer = type(officer).objects.get(pk=officer.pk)
    assert set(selectors.report_list_visible_to(officer)) == set(reports)
    for report in reports:
        assert services.report_submit(actor=officer, report=report, content="报告").state == R.SUBMITTED


@pytest.mark.parametrize(
    ("satisfied", "basically", "unsatisfied", "expected"),
    [
        (3, 2, 5, R.CLOSED),  # exactly half unsatisfied: not more than half
        (3, 2, 6, R.RECTIFYING),  # just over half
        (4, 0, 5, R.RECTIFYING),  # 5 of 9
        (10, 0, 0, R.CLOSED),
        (0, 0, 1, R.RECTIFYING),
    ],
)
def test_the_vote_threshold(report, staff, officer, satisfied, basically, unsatisfied, expected):
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    report = services.report_vote(
        actor=staff,
        report=report,
        satisfied=satisfied,
        basically_satisfied=basically,
        unsatisfied=unsatisfied,
    )
    assert report.state == expected
    vote = report.votes.get()
    assert vote.threshold == "1/2" and vote.total == satisfied + basically + unsatisfied


def test_the_threshold_is_data(report, staff, officer):
    Rule.objects.update_or_create(key="supervision.unsatisfied_threshold", defaults={"value": "1/3"})
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    report = services.report_vote(
        actor=staff, report=report, satisfied=6, basically_satisfied=0, unsatisfied=4
    )
    assert report.state == R.RECTIFYING  # 4 of 10 > 1/3


@pytest.mark.parametrize(
    ("counts", "fields"),
    [
        ({"satisfied": -1, "basically_satisfied": 2, "unsatisfied": 0}, {"satisfied"}),
        (
            {"satisfied": 1, "basically_satisfied": "多", "unsatisfied": -3},
            {"basically_satisfied", "unsatisfied"},
        ),
        ({"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 0}, {"satisfied"}),
    ],
)
def test_bad_counts_are_refused_with_field_messages(report, staff, officer, counts, fields):
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    with pytest.raises(ApplicationError) as caught:
        services.report_vote(actor=staff, report=report, **counts)
    assert set(caught.value.extra) == fields
    assert WorkReport.objects.get(pk=report.pk).state == R.RECTIFICATION_REPORTED
    assert not report.votes.exists()


def test_a_deadline_on_a_day_staff_made_a_holiday_moves_to_the_next_working_day(report, staff, officer):
    from congress.models import CalendarDay

    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    # 2026-06-01 + 3 months = 2026-09-01 (a Tuesday); staff declare it a holiday
    CalendarDay.objects.create(date=dt.date(2026, 9, 1), is_workday=False, name="测试假日")
    report = services.report_send_opinions(
        actor=staff, report=report, content="意见", today=dt.date(2026, 6, 1)
    )
    assert report.rectification_due == dt.date(2026, 9, 2)


def test_input_errors_name_their_fields(report, staff, officer, unit, today):
    with pytest.raises(ApplicationError) as caught:
        services.report_submit(actor=officer, report=report, content="   ")
    assert caught.value.extra == {"content": ["请填写报告内容。"]}
    with pytest.raises(ApplicationError) as caught:
        services.report_create(actor=staff, title="", unit=unit, due_date=today)
    assert "title" in caught.value.extra
    with pytest.raises(ApplicationError) as caught:
        services.report_create(actor=staff, title="报告", unit=unit, due_date=today - dt.timedelta(days=1))
    assert "due_date" in caught.value.extra
    committee = WorkingCommitteeFactory()
    with pytest.raises(ApplicationError) as caught:
        services.report_create(actor=staff, title="报告", unit=committee, due_date=today)
    assert "unit" in caught.value.extra


def test_only_staff_request_reports(officer, unit, today, member):
    for who in (officer, member):
        with pytest.raises(PermissionDeniedError):
            services.report_create(actor=who, title="报告", unit=unit, due_date=today)


def test_withholding_needs_a_reason_and_parts(report, staff, officer):
    report = advance(report, R.CLOSED, staff=staff, officer=officer)
    with pytest.raises(ApplicationError) as caught:
        services.report_withhold(actor=staff, report=report, parts=["vote"], reason=" ")
    assert "reason" in caught.value.extra
    with pytest.raises(ApplicationError):
        services.report_withhold(actor=staff, report=report, parts=["nothing"], reason="涉密")
    report = services.report_withhold(actor=staff, report=report, parts=["vote"], reason="测评结果暂不公开")
    assert report.withhold_vote and not report.withhold_report and report.withheld_parts == ["测评结果"]
    report = services.report_unwithhold(actor=staff, report=report)
    assert not report.withhold_vote and report.withheld_reason == ""


def test_a_new_due_date_is_the_edit_step(report, staff, today):
    later = today + dt.timedelta(days=60)
    report = services.report_update(actor=staff, report=report, due_date=later, note="延期至下次会议")
    assert report.due_date == later
    assert report.events.last().action == "edit"


def test_the_unit_is_told_what_it_owes(report, staff, officer, django_capture_on_commit_callbacks):
    from congress.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.report_create(
            actor=staff, title="新的报告", unit=report.unit, due_date=report.due_date
        )
    assert Notification.objects.filter(
        recipient=officer, key=f"supervision:report:{fresh.pk}:requested"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = advance(fresh, R.OPINIONS_SENT, staff=staff, officer=officer)
    notice = Notification.objects.get(recipient=officer, key=f"supervision:report:{fresh.pk}:opinions")
    assert str(fresh.rectification_due) in notice.body
