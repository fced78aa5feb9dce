"""Each transition of meetings and attendance, and each way it refuses."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Organization, Rule
from congress.tests.factories import OrganizationFactory
from meetings import selectors, services, tasks
from meetings.models import (
    AttendanceCorrection,
    AttendanceEvent,
    Meeting,
    PublishedAttendance,
    RequiredAttendance,
)
from meetings.tests.conftest import start_meeting
from meetings.tests.factories import MeetingFactory

A = RequiredAttendance.Status
pytestmark = pytest.mark.django_db


# --- meetings -----------------------------------------------------------------------------


def test_staff_creates_meeting_in_current_term(staff, term):
    # given
    starts = timezone.now() + dt.timedelta(days=3)
    # when
    meeting = services.meeting_create(
        actor=staff, kind="standing", title="第一次会议", starts_at=starts, ends_at=starts, location="会议室"
    )
    # then
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.term == term
    assert len(meeting.check_in_token) >= 30
    assert meeting.history.count() == 1


def test_meeting_create_refuses_non_staff_and_bad_times(officer, staff):
    starts = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(PermissionDeniedError):
        services.meeting_create(
            actor=officer, kind="standing", title="x", starts_at=starts, ends_at=starts, location="y"
        )
    with pytest.raises(ApplicationError) as exc:
        services.meeting_create(
            actor=staff,
            kind="standing",
            title="x",
            starts_at=starts,
            ends_at=starts - dt.timedelta(hours=1),
            location="y",
        )
    assert exc.value.code == "ends_before_start"
    assert "ends_at" in exc.value.extra
    assert not Meeting.objects.exists()


def test_each_meeting_token_differs(term):
    assert MeetingFactory().check_in_token != MeetingFactory().check_in_token


def test_require_units_copies_head_and_approver_and_is_idempotent(
    meeting, staff, unit, other_unit, officer, django_capture_on_commit_callbacks
):
    # given: the court is approved by the party office under the default rule
    court = OrganizationFactory(kind=Organization.Kind.COURT, head_name="院长甲")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk, court.pk])
    again = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk, other_unit.pk])
    # then
    by_unit = {row.unit_id: row for row in rows}
    assert by_unit[unit.pk].expected_person == unit.head_name
    assert by_unit[unit.pk].approver_kind == "gov_office"
    assert by_unit[court.pk].approver_kind == "party_office"
    assert [row.unit_id for row in again] == [other_unit.pk]
    assert RequiredAttendance.objects.filter(meeting=meeting).count() == 3
    assert Notification.objects.filter(recipient=officer, key=f"meeting:{meeting.pk}:required").count() == 1


def test_require_units_refuses_unknown_units_closed_meetings_and_non_staff(meeting, staff, unit, officer):
    with pytest.raises(ApplicationError) as exc:
        services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk, 999999])
    assert exc.value.code == "unknown_units"
    with pytest.raises(PermissionDeniedError):
        services.meeting_require_units(meeting=meeting, actor=officer, unit_ids=[unit.pk])
    services.meeting_cancel(meeting=meeting, actor=staff)
    with pytest.raises(InvalidTransition):
        services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk])
    assert not RequiredAttendance.objects.exists()


# --- leave --------------------------------------------------------------------------------


def test_officer_requests_leave_and_reviewer_is_notified(
    own_row, officer, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.attendance_request_leave(
            attendance=own_row, actor=officer, reason="出差", substitute="副局长乙"
        )
    assert row.status == A.LEAVE_REQUESTED
    assert (row.substitute, row.leave_requested_by, row.approver_kind) == ("副局长乙", officer, "gov_office")
    event = AttendanceEvent.objects.get(attendance=row, to_state=A.LEAVE_REQUESTED)
    assert (event.from_state, event.actor, event.note) == (A.REQUIRED, officer, "出差")
    assert Notification.objects.filter(recipient=reviewer).count() == 1


def test_leave_needs_reason_and_substitute(own_row, officer):
    with pytest.raises(ApplicationError) as exc:
        services.attendance_request_leave(attendance=own_row, actor=officer, reason=" ", substitute="")
    assert set(exc.value.extra) == {"reason", "substitute"}
    own_row.refresh_from_db()
    assert own_row.status == A.REQUIRED


def test_the_substitute_is_a_name_not_a_post_in_brackets(own_row, officer):
    with pytest.raises(ApplicationError) as exc:
        services.attendance_request_leave(
            attendance=own_row, actor=officer, reason="出差", substitute="（副局长）"
        )
    assert exc.value.extra == {"substitute": ["请填写委派副职的姓名，不要只填职务。"]}
    own_row.refresh_from_db()
    assert own_row.status == A.REQUIRED


def test_a_heads_name_is_never_a_post_in_brackets(db):
    from django.core.exceptions import ValidationError

    for placeholder in ("（区长）", "(院长)", " （镇长） "):
        unit = OrganizationFactory.build(head_name=placeholder)
        with pytest.raises(ValidationError) as exc:
            unit.full_clean(exclude=["parent"])
        assert exc.value.message_dict["head_name"] == [
            "请填写姓名；尚未登记姓名的请留空，职务填在“负责人职务”。"
        ]
    OrganizationFactory.build(name="某单位", head_name="", head_title="区长").full_clean(exclude=["parent"])


def test_officer_cannot_request_leave_for_another_unit(other_row, officer):
    with pytest.raises(PermissionDeniedError) as exc:
        services.attendance_request_leave(attendance=other_row, actor=officer, reason="x", substitute="y")
    assert exc.value.code == "not_unit_officer"
    other_row.refresh_from_db()
    assert other_row.status == A.REQUIRED


def test_leave_refused_once_the_meeting_started(own_row, officer, meeting, staff):
    start_meeting(meeting, staff)
    with pytest.raises(ApplicationError) as exc:
        services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    assert exc.value.code == "meeting_started"


def test_leave_cannot_be_requested_twice(own_row, officer):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    with pytest.raises(InvalidTransition):
        services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")


def test_approving_office_approves_and_officer_is_notified(
    own_row, officer, reviewer, django_capture_on_commit_callbacks
):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="出差", substitute="副局长乙")
    with django_capture_on_commit_callbacks(execute=True):
        row = services.attendance_approve_leave(attendance=own_row, actor=reviewer, note="同意")
    assert row.status == A.LEAVE_APPROVED
    assert (row.reviewed_by, row.review_note) == (reviewer, "同意")
    assert Notification.objects.filter(recipient=officer, title__startswith="请假已批准").exists()


def test_only_the_approving_office_approves(own_row, officer, party_reviewer, other_officer):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    for actor in (party_reviewer, officer, other_officer):
        with pytest.raises(PermissionDeniedError) as exc:
            services.attendance_approve_leave(attendance=own_row, actor=actor)
        assert exc.value.code == "not_approving_office"
    own_row.refresh_from_db()
    assert own_row.status == A.LEAVE_REQUESTED


def test_party_office_approves_the_court(meeting, staff, party_reviewer, reviewer):
    court = OrganizationFactory(kind=Organization.Kind.COURT)
    from congress.tests.factories import officer_of

    court_officer = officer_of(court)
    [row] = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[court.pk])
    services.attendance_request_leave(attendance=row, actor=court_officer, reason="x", substitute="副院长")
    with pytest.raises(PermissionDeniedError):
        services.attendance_approve_leave(attendance=row, actor=reviewer)
    assert services.attendance_approve_leave(attendance=row, actor=party_reviewer).status == A.LEAVE_APPROVED


def test_leave_approver_follows_the_rule_data(meeting, staff, unit, officer, party_reviewer):
    Rule.objects.create(key="meetings.leave_approvers", value={"department": "party_office"})
    [row] = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk])
    services.attendance_request_leave(attendance=row, actor=officer, reason="x", substitute="y")
    assert services.attendance_approve_leave(attendance=row, actor=party_reviewer).status == A.LEAVE_APPROVED


def test_reject_then_ask_again(own_row, officer, reviewer):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    row = services.attendance_reject_leave(attendance=own_row, actor=reviewer, note="请本人出席")
    assert row.status == A.LEAVE_REJECTED
    with pytest.raises(InvalidTransition):
        services.attendance_approve_leave(attendance=own_row, actor=reviewer)
    row = services.attendance_request_leave(
        attendance=own_row, actor=officer, reason="另有要务", substitute="z"
    )
    assert row.status == A.LEAVE_REQUESTED
    assert row.reviewed_by is None


def test_no_approval_by_the_start_means_absent(own_row, officer, reviewer, meeting, staff):
    # given: leave asked, the office has not decided, and the meeting starts
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    start_meeting(meeting, staff)
    # then: approval now is too late
    with pytest.raises(ApplicationError) as exc:
        services.attendance_approve_leave(attendance=own_row, actor=reviewer)
    assert exc.value.code == "meeting_started"
    # and closing makes it absence without leave
    services.meeting_close(meeting=meeting, actor=staff)
    own_row.refresh_from_db()
    assert own_row.status == A.ABSENT
    event = own_row.events.get(to_state=A.ABSENT)
    assert event.from_state == A.LEAVE_REQUESTED
    assert "未在会议开始前获批准" in event.note


# --- check-in -----------------------------------------------------------------------------


def test_staff_check_in_on_time_and_late(required, unit, other_unit, meeting, staff):
    Rule.objects.create(key="meetings.late_after_minutes", value=15)
    start_meeting(meeting, staff, minutes_ago=5)
    on_time = services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    start_meeting(meeting, staff, minutes_ago=30)
    late = services.attendance_check_in(attendance=required[other_unit.pk], actor=staff)
    assert (on_time.status, on_time.is_late, on_time.check_in_method) == (A.ATTENDED, False, "staff")
    assert (late.status, late.is_late) == (A.ATTENDED, True)
    assert late.events.get(to_state=A.ATTENDED).note.endswith("迟到")


def test_check_in_refusals(own_row, other_row, officer, reviewer, meeting, staff):
    with pytest.raises(PermissionDeniedError):
        services.attendance_check_in(attendance=own_row, actor=officer)
    services.attendance_request_leave(
        attendance=other_row, actor=other_row_officer(other_row), reason="x", substitute="y"
    )
    services.attendance_approve_leave(attendance=other_row, actor=reviewer)
    start_meeting(meeting, staff)
    with pytest.raises(ApplicationError) as exc:
        services.attendance_check_in(attendance=other_row, actor=staff)
    assert exc.value.code == "on_leave"
    services.attendance_check_in(attendance=own_row, actor=staff)
    with pytest.raises(InvalidTransition):
        services.attendance_check_in(attendance=own_row, actor=staff)


def other_row_officer(row):
    from congress.tests.factories import officer_of

    return officer_of(row.unit)


def test_check_in_only_on_the_day(own_row, meeting, staff):
    services.meeting_update(
        meeting=meeting,
        actor=staff,
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=2),
    )
    with pytest.raises(ApplicationError) as exc:
        services.attendance_check_in(attendance=own_row, actor=staff)
    assert exc.value.code == "too_early"


def _reschedule(meeting, staff, *, starts_in: dt.timedelta):
    starts_at = timezone.now() + starts_in
    return services.meeting_update(
        meeting=meeting, actor=staff, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3)
    )


def test_check_in_opens_the_rules_minutes_before_the_start(required, unit, other_unit, meeting, staff):
    # given: the meeting starts in two hours; check-in opens 60 minutes before (the seed value)
    assert selectors.check_in_opens_later(meeting) == meeting.starts_at - dt.timedelta(minutes=60)
    # when: staff check in on the tablet, or the officer scans the code, now
    with pytest.raises(ApplicationError) as exc:
        services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    # then: refused, saying from when
    assert exc.value.code == "too_early"
    opens = timezone.localtime(meeting.starts_at - dt.timedelta(minutes=60))
    assert exc.value.message == f"签到尚未开放：会议开始前60分钟（{opens:%Y-%m-%d %H:%M}）起可以签到。"
    from congress.tests.factories import officer_of

    with pytest.raises(ApplicationError) as exc:
        services.attendance_check_in_by_qr(
            meeting=meeting, token=meeting.check_in_token, actor=officer_of(other_unit)
        )
    assert exc.value.code == "too_early"
    assert set(RequiredAttendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == {
        A.REQUIRED
    }
    # within the window: on time, not late
    meeting = _reschedule(meeting, staff, starts_in=dt.timedelta(minutes=50))
    assert selectors.check_in_opens_later(meeting) is None
    row = services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    assert (row.status, row.is_late) == (A.ATTENDED, False)


def test_check_in_window_follows_the_rule_data(required, unit, meeting, staff):
    Rule.objects.create(key="meetings.check_in_opens_minutes", value=180)
    row = services.attendance_check_in(attendance=required[unit.pk], actor=staff)  # starts in 2 h
    assert row.status == A.ATTENDED
    Rule.objects.update_or_create(key="meetings.check_in_opens_minutes", defaults={"value": 10})
    meeting = _reschedule(meeting, staff, starts_in=dt.timedelta(minutes=30))
    assert selectors.check_in_opens_later(meeting) == meeting.starts_at - dt.timedelta(minutes=10)


def test_check_in_is_open_once_staff_opened_the_meeting(required, unit, other_unit, meeting, staff):
    # given: staff open the meeting two hours before its scheduled start (it started early)
    services.meeting_open(meeting=meeting, actor=staff)
    meeting.refresh_from_db()
    assert selectors.check_in_opens_later(meeting) is None
    # then: the tablet and the code both check in, on time
    row = services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    from congress.tests.factories import officer_of

    scanned = services.attendance_check_in_by_qr(
        meeting=meeting, token=meeting.check_in_token, actor=officer_of(other_unit)
    )
    assert (row.status, row.is_late, scanned.status, scanned.check_in_method) == (
        A.ATTENDED,
        False,
        A.ATTENDED,
        "qr",
    )


def test_qr_check_in_checks_in_the_scanners_unit_only(own_row, other_row, officer, meeting, staff):
    start_meeting(meeting, staff, minutes_ago=1)
    row = services.attendance_check_in_by_qr(meeting=meeting, token=meeting.check_in_token, actor=officer)
    assert (row.pk, row.status, row.check_in_method, row.checked_in_by) == (
        own_row.pk,
        A.ATTENDED,
        "qr",
        officer,
    )
    other_row.refresh_from_db()
    assert other_row.status == A.REQUIRED


def test_qr_check_in_refusals(own_row, officer, meeting, staff):
    start_meeting(meeting, staff)
    with pytest.raises(PermissionDeniedError) as exc:
        services.attendance_check_in_by_qr(meeting=meeting, token="wrong", actor=officer)
    assert exc.value.code == "bad_token"
    stranger_unit = OrganizationFactory()
    from congress.tests.factories import officer_of

    with pytest.raises(PermissionDeniedError) as exc:
        services.attendance_check_in_by_qr(
            meeting=meeting, token=meeting.check_in_token, actor=officer_of(stranger_unit)
        )
    assert exc.value.code == "not_required"


# --- close and publish --------------------------------------------------------------------


def test_close_refused_before_start_and_for_non_staff(required, meeting, staff, officer):
    with pytest.raises(ApplicationError) as exc:
        services.meeting_close(meeting=meeting, actor=staff)
    assert exc.value.code == "not_started"
    start_meeting(meeting, staff)
    with pytest.raises(PermissionDeniedError):
        services.meeting_close(meeting=meeting, actor=officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_open_then_close_before_the_scheduled_start_records_the_actual_times(
    required, unit, meeting, staff, django_capture_on_commit_callbacks
):
    # given: a meeting scheduled to start in two hours, opened now (it started early)
    scheduled = (meeting.starts_at, meeting.ends_at)
    before = timezone.now()
    services.meeting_open(meeting=meeting, actor=staff)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert meeting.opened_by == staff and before <= meeting.opened_at <= timezone.now()
    assert meeting.has_started
    services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    # when: staff close it, still before the scheduled start
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(meeting=meeting, actor=staff)
    # then: closed and published; the actual times are kept beside the scheduled ones
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.closed_by == staff and meeting.opened_at <= meeting.closed_at <= timezone.now()
    assert (meeting.starts_at, meeting.ends_at) == scheduled
    assert meeting.attendance_published_at is not None
    assert [e.action for e in meeting.events.order_by("created_at", "id")][-3:] == [
        "open",
        "close",
        "publish",
    ]
    # the history keeps who opened
    assert meeting.history.filter(status=Meeting.Status.OPEN).first().opened_by == staff


def test_no_leave_once_staff_opened_the_meeting_early(own_row, other_row, officer, reviewer, meeting, staff):
    from congress.tests.factories import officer_of

    services.attendance_request_leave(
        attendance=other_row, actor=officer_of(other_row.unit), reason="x", substitute="y"
    )
    services.meeting_open(meeting=meeting, actor=staff)  # two hours before the scheduled start
    with pytest.raises(ApplicationError) as exc:
        services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    assert exc.value.code == "meeting_started"
    with pytest.raises(ApplicationError) as exc:
        services.attendance_approve_leave(attendance=other_row, actor=reviewer)
    assert exc.value.code == "meeting_started"
    assert list(selectors.leave_requests_waiting_for(reviewer)) == []


def test_close_settles_attendance_and_publishes_after_commit(
    required, unit, other_unit, meeting, staff, django_capture_on_commit_callbacks
):
    # given: a meeting under way, one unit checked in
    start_meeting(meeting, staff)
    services.meeting_open(meeting=meeting, actor=staff)
    services.attendance_check_in(attendance=required[unit.pk], actor=staff)
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.meeting_close(meeting=meeting, actor=staff)
    # then
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.closed_by == staff
    assert meeting.attendance_published_at is not None
    assert len(callbacks) == 1
    public = {row.unit_id: row for row in PublishedAttendance.objects.filter(meeting=meeting)}
    assert public[unit.pk].status == A.ATTENDED
    assert public[other_unit.pk].status == A.ABSENT
    assert public[other_unit.pk].year == timezone.localtime(meeting.starts_at).year
    with pytest.raises(InvalidTransition):
        services.meeting_close(meeting=meeting, actor=staff)


def test_publish_twice_or_retried_never_duplicates(required, meeting, staff):
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)  # on_commit not run: message "lost"
    assert tasks.publish_attendance.delay(meeting.pk).get() == 2
    first = meeting.__class__.objects.get(pk=meeting.pk).attendance_published_at
    assert tasks.publish_attendance.delay(meeting.pk).get() == 0
    assert services.attendance_publish(meeting_id=meeting.pk) == 0
    assert PublishedAttendance.objects.filter(meeting=meeting).count() == 2
    assert Meeting.objects.get(pk=meeting.pk).attendance_published_at == first


def test_publish_refuses_a_meeting_not_closed(required, meeting):
    with pytest.raises(InvalidTransition):
        services.attendance_publish(meeting_id=meeting.pk)
    assert not PublishedAttendance.objects.exists()


def test_sweep_catches_a_closed_meeting_whose_message_was_lost(required, meeting, staff):
    # given: closed, but the publish message never ran (broker outage, crash)
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    untouched = MeetingFactory()  # planned: not the sweep's business
    assert Meeting.objects.get(pk=meeting.pk).attendance_published_at is None
    # when
    published = tasks.publish_closed_meetings_sweep()
    # then
    assert published == [meeting.pk]
    assert PublishedAttendance.objects.filter(meeting=meeting).count() == 2
    assert tasks.publish_closed_meetings_sweep() == []
    assert not PublishedAttendance.objects.filter(meeting=untouched).exists()


def test_sweep_task_name_matches_the_beat_schedule(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.publish_closed_meetings_sweep.name in names
    assert tasks.publish_attendance.name == "meetings.tasks.publish_attendance"


# --- corrections --------------------------------------------------------------------------


def _closed_and_published(meeting, staff):
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)


def test_correction_needs_publication_and_a_reason(own_row, meeting, staff, officer):
    with pytest.raises(ApplicationError) as exc:
        services.attendance_correct(attendance=own_row, actor=staff, status=A.ATTENDED, reason="补签")
    assert exc.value.code == "not_published"
    _closed_and_published(meeting, staff)
    with pytest.raises(ApplicationError) as exc:
        services.attendance_correct(attendance=own_row, actor=staff, status=A.ATTENDED, reason="  ")
    assert exc.value.code == "reason_required"
    with pytest.raises(ApplicationError) as exc:
        services.attendance_correct(
            attendance=own_row, actor=staff, status=A.LEAVE_APPROVED, reason="书面批准补交"
        )
    assert "substitute" in exc.value.extra
    with pytest.raises(PermissionDeniedError):
        services.attendance_correct(attendance=own_row, actor=officer, status=A.ATTENDED, reason="x")
    assert not AttendanceCorrection.objects.exists()


def test_correction_updates_public_row_and_keeps_history(own_row, unit, meeting, staff):
    _closed_and_published(meeting, staff)
    correction = services.attendance_correct(
        attendance=own_row,
        actor=staff,
        status=A.LEAVE_APPROVED,
        substitute="副局长乙",
        reason="书面批准件补交",
    )
    public = PublishedAttendance.objects.get(meeting=meeting, unit=unit)
    assert (public.status, public.substitute) == (A.LEAVE_APPROVED, "副局长乙")
    assert public.corrected_at is not None
    assert (correction.from_status, correction.to_status, correction.reason) == (
        A.ABSENT,
        A.LEAVE_APPROVED,
        "书面批准件补交",
    )
    assert public.history.count() == 2
    assert public.history.first().history_change_reason == "书面批准件补交"
    assert own_row.events.filter(note__contains="书面批准件补交").exists()
    # the yearly record counts the corrected status at once
    [year] = selectors.unit_attendance_years(unit.pk)
    assert (year["required"], year["leave"], year["absent"]) == (1, 1, 0)
    with pytest.raises(ApplicationError) as exc:
        services.attendance_correct(
            attendance=own_row, actor=staff, status=A.LEAVE_APPROVED, substitute="副局长乙", reason="重复"
        )
    assert exc.value.code == "no_change"


def test_yearly_record_counts_by_year(staff, unit, term):
    # given: three meetings of the unit over two years, all closed and published
    now = timezone.now()
    outcomes = []
    for days_ago in (400, 30, 10):
        meeting = MeetingFactory(starts_at=now + dt.timedelta(hours=1), term=term)
        [row] = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk])
        starts_at = now - dt.timedelta(days=days_ago)
        services.meeting_update(
            meeting=meeting, actor=staff, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
        )
        services.meeting_close(meeting=meeting, actor=staff)
        services.attendance_publish(meeting_id=meeting.pk)
        outcomes.append(timezone.localtime(starts_at).year)
    # when
    years = selectors.unit_attendance_years(unit.pk)
    # then
    assert sum(y["required"] for y in years) == 3
    assert sum(y["absent"] for y in years) == 3
    assert [y["year"] for y in years] == sorted(set(outcomes), reverse=True)
