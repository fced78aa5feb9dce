"""Law-enforcement inspections through the services: the whole life (groups, sign-up, choice
by specialty, visits, issues, deliberation, rectification, redo, acceptance, amendment
suggestions, close), deadlines in working days across National Day, the walls (403 for the
wrong person, whatever the state), wrong states (409), bad input with field messages, and the
daily reminder scan (once per milestone, overdue escalation to the unit and the committee)."""

import datetime as dt

import pytest

from congress import roles
from congress.casework.workflow import InvalidTransition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.models import Notification, Rule
from congress.tests.factories import OrganizationFactory, UserFactory
from deputies.tests.factories import DeputyFactory
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionGroupMember,
    InspectionIssue,
    IssueRectification,
)
from supervision.services import inspections as services
from supervision.tasks import send_daily_reminders
from supervision.tests.factories import WorkingCommitteeFactory

pytestmark = pytest.mark.django_db
S, I = Inspection.State, InspectionIssue.State  # noqa: E741
LAW = "《中华人民共和国食品安全法》"


@pytest.fixture
def inspection(staff, committee):
    return services.inspection_create(
        actor=staff, title="食品安全法执法检查", law=LAW, year=2026, committee=committee
    )


@pytest.fixture
def issue(inspection, staff, unit):
    return services.issue_add(
        actor=staff,
        inspection=inspection,
        unit=unit,
        description="校园食堂食材溯源记录不全",
        today=dt.date(2026, 9, 1),
    )


@pytest.fixture
def group(inspection, staff):
    return services.group_add(actor=staff, inspection=inspection, name="第一检查组", seats=1)


def test_the_whole_life_of_an_inspection(inspection, staff, officer, unit, group, deputy_user):
    # given: groups formed, a deputy signed up, the inspection started, a visit recorded
    services.group_add_member(actor=staff, group=group, user=staff, role=InspectionGroupMember.Role.LEADER)
    joined = services.group_sign_up(actor=deputy_user, group=group)
    assert joined.source == InspectionGroupMember.Source.SIGNED_UP
    inspection = services.inspection_start(actor=staff, inspection=inspection)
    visit = services.visit_add(
        actor=staff, inspection=inspection, group=group, date=dt.date(2026, 6, 3), place="区第一中学食堂"
    )
    assert visit.group == group
    # when: an issue is listed, the report deliberated, the unit rectifies, staff accept
    issue = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="食材溯源不全")
    assert issue.number == 1 and issue.state == I.RECTIFYING
    inspection = services.inspection_deliberate(
        actor=staff, inspection=inspection, report="检查报告正文", opinions="审议意见正文"
    )
    assert inspection.state == S.DELIBERATED and inspection.is_public
    with pytest.raises(ApplicationError) as caught:
        services.inspection_close(actor=staff, inspection=inspection)
    assert caught.value.code == "issues_open"
    issue = services.issue_rectify(actor=officer, issue=issue, content="已建立溯源台账")
    assert issue.state == I.REPORTED
    issue = services.issue_accept(actor=staff, issue=issue, reason="整改到位")
    amendment = services.amendment_add(
        actor=staff, inspection=inspection, article="第五十四条", content="细化学校食堂责任"
    )
    amendment = services.amendment_send(actor=staff, amendment=amendment)
    amendment = services.amendment_feedback(
        actor=staff,
        amendment=amendment,
        outcome=AmendmentSuggestion.State.PARTLY_ADOPTED,
        feedback="已转全国人大",
    )
    inspection = services.inspection_close(actor=staff, inspection=inspection)
    # then: closed, with every step on the timelines
    assert inspection.state == S.CLOSED and issue.state == I.ACCEPTED
    assert amendment.state == AmendmentSuggestion.State.PARTLY_ADOPTED
    assert IssueRectification.objects.get(issue=issue).outcome == "accepted"
    assert list(issue.events.values_list("action", flat=True)) == ["create", "rectify", "accept"]
    actions = list(inspection.events.values_list("action", flat=True))
    assert actions[:4] == ["create", "add_group", "add_member", "sign_up"]
    assert "amendment_feedback" in actions and actions[-1] == "close"
    assert Notification.objects.filter(
        recipient=officer, key__contains=f"inspection-issue:{issue.pk}"
    ).exists()


def test_deadline_counts_working_days_across_national_day(inspection, staff, unit):
    # given: 3 working days; 2026-10-01..07 are holidays, 10-10 (Saturday) is a shifted working day
    Rule.objects.create(
        key="supervision.inspection_rectification_deadline", value={"count": 3, "unit": "workdays"}
    )
    # when
    issue = services.issue_add(
        actor=staff, inspection=inspection, unit=unit, description="问题", today=dt.date(2026, 9, 29)
    )
    # then: 9-30, 10-08, 10-09
    assert issue.deadline == dt.date(2026, 10, 9)


def test_default_deadline_is_sixty_working_days(issue):
    from congress.workdays import WorkCalendar

    assert issue.deadline == WorkCalendar().add_workdays(dt.date(2026, 9, 1), 60)
    assert issue.deadline > dt.date(2026, 9, 1) + dt.timedelta(days=84)  # holidays pushed it on


def test_redo_opens_a_new_round_with_a_reason_and_a_new_deadline(issue, staff, officer):
    issue = services.issue_rectify(actor=officer, issue=issue, content="第一次整改")
    issue = services.issue_redo(
        actor=staff,
        issue=issue,
        reason="台账仍不完整",
        deadline=dt.date(2026, 12, 31),
        today=dt.date(2026, 11, 2),
    )
    assert (issue.state, issue.round, issue.deadline) == (I.RECTIFYING, 2, dt.date(2026, 12, 31))
    first = IssueRectification.objects.get(issue=issue, round=1)
    assert (first.outcome, first.evaluation) == ("redo", "台账仍不完整")
    # the second round is reported and accepted on its own row
    issue = services.issue_rectify(actor=officer, issue=issue, content="第二次整改")
    issue = services.issue_accept(actor=staff, issue=issue)
    assert list(issue.rectifications.values_list("round", "outcome")) == [(1, "redo"), (2, "accepted")]
    assert Notification.objects.filter(
        recipient=officer, key=f"supervision:inspection-issue:{issue.pk}:redo:2"
    ).exists()


def test_redo_without_a_deadline_takes_the_rule(issue, staff, officer):
    from congress.workdays import WorkCalendar

    issue = services.issue_rectify(actor=officer, issue=issue, content="整改")
    issue = services.issue_redo(actor=staff, issue=issue, reason="不到位", today=dt.date(2026, 11, 2))
    assert issue.deadline == WorkCalendar().add_workdays(dt.date(2026, 11, 2), 20)


def test_redo_refuses_a_missing_reason_and_a_past_deadline(issue, staff, officer):
    issue = services.issue_rectify(actor=officer, issue=issue, content="整改")
    with pytest.raises(ApplicationError) as caught:
        services.issue_redo(actor=staff, issue=issue, reason="  ")
    assert caught.value.extra == {"reason": ["请说明退回重新整改的理由。"]}
    with pytest.raises(ApplicationError) as caught:
        services.issue_redo(
            actor=staff,
            issue=issue,
            reason="不到位",
            deadline=dt.date(2026, 11, 1),
            today=dt.date(2026, 11, 2),
        )
    assert set(caught.value.extra) == {"deadline"}
    assert InspectionIssue.objects.get(pk=issue.pk).state == I.REPORTED


def test_walls_another_unit_and_non_staff_are_refused(issue, staff, officer, other_unit, member):
    stranger = UserFactory(roles=[roles.UNIT_OFFICER], unit=other_unit)
    with pytest.raises(PermissionDeniedError):
        services.issue_rectify(actor=stranger, issue=issue, content="不是我的")
    with pytest.raises(PermissionDeniedError):
        services.issue_rectify(actor=staff, issue=issue, content="工作人员不能代报")
    issue = services.issue_rectify(actor=officer, issue=issue, content="整改")
    for who in (officer, member):
        with pytest.raises(PermissionDeniedError):
            services.issue_accept(actor=who, issue=issue)
        with pytest.raises(PermissionDeniedError):
            services.issue_redo(actor=who, issue=issue, reason="x")
    with pytest.raises(PermissionDeniedError):
        services.inspection_create(actor=officer, title="x", law="y", year=2026)


def test_wrong_states_are_409(issue, staff, officer, inspection):
    with pytest.raises(InvalidTransition):
        services.issue_accept(actor=staff, issue=issue)  # nothing reported yet
    issue = services.issue_rectify(actor=officer, issue=issue, content="整改")
    with pytest.raises(InvalidTransition):
        services.issue_rectify(actor=officer, issue=issue, content="又报一次")
    with pytest.raises(InvalidTransition):
        services.inspection_deliberate(
            actor=staff, inspection=inspection, report="r", opinions="o"
        )  # not started
    with pytest.raises(InvalidTransition):
        services.visit_add(actor=staff, inspection=inspection, date=dt.date(2026, 1, 1), place="x")


@pytest.mark.parametrize(
    "values, field",
    [
        ({"title": " ", "law": LAW, "year": 2026}, "title"),
        ({"title": "检查", "law": "", "year": 2026}, "law"),
        ({"title": "检查", "law": LAW, "year": None}, "year"),
        ({"title": "检查", "law": LAW, "year": 1900}, "year"),
    ],
)
def test_bad_input_names_its_field(staff, values, field):
    with pytest.raises(ApplicationError) as caught:
        services.inspection_create(actor=staff, **values)
    assert set(caught.value.extra) == {field}
    assert not Inspection.objects.exists()


def test_an_issue_needs_a_supervised_unit_and_a_description(inspection, staff, unit):
    with pytest.raises(ApplicationError) as caught:
        services.issue_add(
            actor=staff, inspection=inspection, unit=WorkingCommitteeFactory(), description="x"
        )
    assert set(caught.value.extra) == {"unit"}
    with pytest.raises(ApplicationError) as caught:
        services.issue_add(actor=staff, inspection=inspection, unit=unit, description="")
    assert set(caught.value.extra) == {"description"}
    with pytest.raises(ApplicationError) as caught:
        services.issue_add(actor=staff, inspection=inspection, unit=None, description="x")
    assert set(caught.value.extra) == {"unit"}


def test_sign_up_once_while_places_remain(group, inspection, staff, term):
    first = DeputyFactory(term=term, with_user=True).user
    second = DeputyFactory(term=term, with_user=True).user
    services.group_sign_up(actor=first, group=group)
    with pytest.raises(ApplicationError) as caught:
        services.group_sign_up(actor=first, group=group)
    assert caught.value.code == "already_member"
    with pytest.raises(ApplicationError) as caught:
        services.group_sign_up(actor=second, group=group)  # one seat
    assert caught.value.code == "full"
    with pytest.raises(PermissionDeniedError):
        services.group_sign_up(actor=staff, group=group)
    services.group_withdraw(actor=first, group=group)
    services.group_sign_up(actor=second, group=group)
    assert list(group.memberships.values_list("user", flat=True)) == [second.pk]


def test_staff_choose_deputies_by_specialty(group, staff, term):
    lawyer = DeputyFactory(term=term, with_user=True, specialty="法律", occupation="某律师事务所主任")
    DeputyFactory(term=term, with_user=True, specialty="教育", occupation="中学校长")
    food = DeputyFactory(term=term, with_user=True, specialty="食品安全 法律", occupation="区市场监管所")
    chosen = services.group_choose_by_specialty(actor=staff, group=group, specialty="法律", count=5)
    assert {m.user_id for m in chosen} == {lawyer.user_id, food.user_id}
    assert all(m.source == InspectionGroupMember.Source.CHOSEN and m.specialty for m in chosen)
    assert Notification.objects.filter(recipient=lawyer.user, key__contains="chosen").exists()
    # nobody left to choose: a field message
    with pytest.raises(ApplicationError) as caught:
        services.group_choose_by_specialty(actor=staff, group=group, specialty="法律")
    assert set(caught.value.extra) == {"specialty"}


def test_reminders_once_per_milestone_and_overdue_escalation(issue, officer, committee, staff):
    committee_user = UserFactory(roles=[roles.STAFF], unit=committee)
    Notification.objects.filter(recipient=officer).delete()
    deadline = issue.deadline
    from congress.workdays import WorkCalendar

    day = WorkCalendar().subtract_workdays(deadline, 2)
    # a run on a day within the 3-day milestone, twice
    first = send_daily_reminders(day.isoformat())
    again = send_daily_reminders(day.isoformat())
    assert first["reminders"] >= 1 and again["reminders"] == 0
    keys = set(Notification.objects.filter(recipient=officer).values_list("key", flat=True))
    assert any(k.startswith(f"supervision.inspection_issue_due:{issue.pk}:{deadline}:") for k in keys)
    # overdue: the unit and the committee, once
    late = (deadline + dt.timedelta(days=1)).isoformat()
    result, rerun = send_daily_reminders(late), send_daily_reminders(late)
    assert result["overdue"] >= 2 and rerun == {"reminders": 0, "overdue": 0, "digest": 0}
    overdue_key = f"supervision.inspection_issue_due:{issue.pk}:overdue:{deadline}"
    assert Notification.objects.filter(recipient=officer, key=overdue_key).count() == 1
    assert Notification.objects.filter(recipient=committee_user, key=overdue_key).count() == 1


def test_a_reported_issue_earns_no_reminder(issue, officer):
    services.issue_rectify(actor=officer, issue=issue, content="整改")
    Notification.objects.all().delete()
    send_daily_reminders((issue.deadline + dt.timedelta(days=3)).isoformat())
    assert not Notification.objects.filter(key__startswith="supervision.inspection_issue_due").exists()


def test_a_unit_of_two_officers_and_a_second_unit(inspection, staff, unit):
    second = OrganizationFactory(name="区市场监督管理局")
    a = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="一")
    b = services.issue_add(actor=staff, inspection=inspection, unit=second, description="二")
    assert (a.number, b.number) == (1, 2)
