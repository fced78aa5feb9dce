"""The declarations in ``workflow.py``: the tables they derive, and the timeline the kernel
writes for each step."""

import pytest

from meetings import services
from meetings.models import Meeting, MeetingEvent, RequiredAttendance
from meetings.tests.conftest import start_meeting
from meetings.workflow import ATTENDANCE, FINAL, MEETING, OPEN_AT_CLOSE

A = RequiredAttendance.Status
M = Meeting.Status


def test_meeting_table_is_the_one_before_the_kernel():
    assert MEETING.transitions() == {
        M.PLANNED: {M.OPEN, M.CLOSED, M.CANCELLED},
        M.OPEN: {M.CLOSED},
        M.CLOSED: frozenset(),
        M.CANCELLED: frozenset(),
    }


def test_attendance_table_is_the_one_before_the_kernel_plus_the_correction():
    # the steps before publication, exactly as before
    before = {
        A.REQUIRED: {A.LEAVE_REQUESTED, A.ATTENDED, A.ABSENT},
        A.LEAVE_REQUESTED: {A.LEAVE_APPROVED, A.LEAVE_REJECTED, A.ATTENDED, A.ABSENT},
        A.LEAVE_REJECTED: {A.LEAVE_REQUESTED, A.ATTENDED, A.ABSENT},
        A.LEAVE_APPROVED: frozenset(),
        A.ATTENDED: frozenset(),
        A.ABSENT: frozenset(),
    }
    # and the one way out of an outcome: a correction after publication, to another outcome
    assert ATTENDANCE.transitions() == {
        state: before[state] | (FINAL if state in FINAL else set()) for state in before
    }
    assert OPEN_AT_CLOSE == {A.REQUIRED, A.LEAVE_REQUESTED, A.LEAVE_REJECTED}
    assert FINAL == {A.ATTENDED, A.LEAVE_APPROVED, A.ABSENT}
    assert "required --> leave_requested: 申请请假" in ATTENDANCE.mermaid()


@pytest.mark.django_db
def test_a_meetings_timeline(meeting, staff, unit, other_unit, officer):
    # given: a meeting with two units, one asks leave that nobody decides, the other never comes
    rows = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk, other_unit.pk])
    by_unit = {row.unit_id: row for row in rows}
    services.attendance_request_leave(
        attendance=by_unit[unit.pk], actor=officer, reason="出差", substitute="乙"
    )
    start_meeting(meeting, staff)
    # when
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    # then: the meeting's own steps
    steps = list(
        MeetingEvent.objects.filter(meeting=meeting).values_list("action", "from_state", "to_state", "actor")
    )
    assert steps == [
        ("require_units", M.PLANNED, M.PLANNED, staff.pk),
        ("reschedule", M.PLANNED, M.PLANNED, staff.pk),
        ("close", M.PLANNED, M.CLOSED, staff.pk),
        ("publish", M.CLOSED, M.CLOSED, None),
    ]
    assert str(meeting.events.get(action="close")) == "结束会议：筹备中 → 已结束"
    # each unit's: required (from no state), leave asked, absent at the close — by the staff who closed
    pending = [(e.action, e.from_state, e.to_state, e.actor) for e in by_unit[unit.pk].events.all()]
    assert pending == [
        ("require", "", A.REQUIRED, staff),
        ("request_leave", A.REQUIRED, A.LEAVE_REQUESTED, officer),
        ("mark_absent", A.LEAVE_REQUESTED, A.ABSENT, staff),
    ]
    absent = by_unit[other_unit.pk].events.get(action="mark_absent")
    assert (absent.from_state, absent.actor, absent.note) == (A.REQUIRED, staff, "会议结束时未签到")
    assert absent.action_label == "会议结束时记为缺席"
    assert by_unit[other_unit.pk].history.first().history_user == staff


@pytest.mark.django_db
def test_a_scheduled_meeting_starts_its_timeline(staff, term):
    from django.utils import timezone

    starts = timezone.now()
    meeting = services.meeting_create(
        actor=staff, kind="standing", title="第一次会议", starts_at=starts, ends_at=starts, location="会议室"
    )
    [event] = meeting.events.all()
    assert (event.action, event.from_state, event.to_state, event.actor) == ("create", "", M.PLANNED, staff)
    assert meeting.history.get().history_user == staff
