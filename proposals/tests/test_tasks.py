"""The daily reminder job: milestones, overdue escalation, rating reminders, closing
unrated — each sent once, and a constant number of queries whatever the rows."""

import datetime as dt

import pytest

from congress.models import Notification, Organization
from congress.tests.factories import OrganizationFactory, UserFactory
from proposals.models import Proposal
from proposals.tasks import send_daily_reminders
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def keys(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def test_milestone_reminder_sent_once_on_rerun(staff, unit, officer, django_capture_on_commit_callbacks):
    # given an assignment made 2026-03-02, due 2026-06-02 (a Tuesday)
    proposal = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, 2))
    assignment = proposal.assignments.get()
    assert assignment.deadline == dt.date(2026, 6, 2)
    # (the assignment's own notice to the unit is written with it: only the reminders count here)
    Notification.objects.filter(recipient=officer).delete()
    # when the job runs 5 working days before (Dragon Boat Festival 2026-06-19 is later) and again
    with django_capture_on_commit_callbacks(execute=True):
        first = send_daily_reminders("2026-05-26")
        second = send_daily_reminders("2026-05-26")
    # then one reminder for the 5-day milestone, none on the rerun
    assert first["unit_reminders"] == 1 and second["unit_reminders"] == 0
    assert keys(officer) == [f"assignment:{assignment.pk}:due:2026-06-02:5"]
    # the next milestone sends again, once
    send_daily_reminders("2026-06-01")
    send_daily_reminders("2026-06-01")
    assert len(keys(officer)) == 2


def test_overdue_escalates_to_committee_and_gov_office(
    staff, unit, officer, reviewer, django_capture_on_commit_callbacks
):
    from proposals import services

    committee = OrganizationFactory(kind=Organization.Kind.WORKING_COMMITTEE)
    committee_staff = UserFactory(roles=["committee_staff"], unit=committee)
    proposal = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 1, 5))
    services.proposal_set_oversight(
        actor=staff, proposal=proposal, is_key_oversight=True, oversight_committee=committee
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = send_daily_reminders("2026-05-06")
        again = send_daily_reminders("2026-05-06")
    assert result["overdue"] >= 3 and again["overdue"] == 0
    assert any(":overdue:" in k for k in keys(officer))
    assert any(":overdue:" in k for k in keys(committee_staff))
    assert keys(reviewer) == ["proposals:overdue-digest:2026-05-06"]
    assert "proposals:overdue-digest:2026-05-06" in keys(staff)


def test_rating_reminder_then_close_unrated(staff):
    proposal = walk_to("replied", staff=staff)
    deadline = proposal.rating_deadline
    deputy_user = proposal.lead_deputy.user
    send_daily_reminders((deadline - dt.timedelta(days=2)).isoformat())
    send_daily_reminders((deadline - dt.timedelta(days=1)).isoformat())
    assert keys(deputy_user).count(f"proposal:{proposal.pk}:rating-reminder:{deadline}") == 1
    result = send_daily_reminders((deadline + dt.timedelta(days=1)).isoformat())
    assert result["closed_unrated"] == 1
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.CLOSED and proposal.closed_as == Proposal.ClosedAs.NOT_RATED
    assert proposal.events.last().action == "close_unrated"
    assert send_daily_reminders((deadline + dt.timedelta(days=2)).isoformat())["closed_unrated"] == 0


def _queries_for(rows, staff, unit, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(rows):
        walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 1, 5))
    with CaptureQueriesContext(connection) as ctx:
        send_daily_reminders("2026-05-06")
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(staff, unit, officer, other_unit):
    few = _queries_for(2, staff, unit)
    from congress.casework.models import ReminderMark

    ReminderMark.objects.all().delete()
    Notification.objects.all().delete()
    many = _queries_for(6, staff, other_unit)
    assert many == few
