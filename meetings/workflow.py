"""The declared life of a meeting and of a unit's required attendance. Declarations only: the
state tables, ``can()``, ``available()`` and the one ``InvalidTransition`` (409, naming the
current state) derive from them, and ``meetings.services`` moves a record only through the
case-work kernel's ``transition()`` / ``transition_many()``.

A meeting is planned, opened by staff when it actually starts (whatever its scheduled start;
``opened_at``), and closed (``closed_at``: at any time once opened; never opened, only after its
scheduled start) or cancelled before it took place. Check-in opens with the meeting or the
rule ``meetings.check_in_opens_minutes`` before its scheduled start, whichever comes first. Closing settles the attendance: a unit not checked
in, or whose leave was not approved by the start, is absent; the system then publishes the
attendance. A required unit may ask leave (with a substitute) before the start; the office the
rule ``meetings.leave_approvers`` names approves or refuses; a refused unit may ask again. After
publication only a correction with a reason changes an outcome.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from meetings.models import AttendanceEvent, Meeting, MeetingEvent, RequiredAttendance
from meetings.permissions import (
    can_correct_attendance,
    can_manage_meeting,
    can_request_leave,
    can_review_leave,
    can_scan_in_attendance,
    can_settle_attendance,
)

M = Meeting.Status
A = RequiredAttendance.Status

# No ``namespace``: no read of meetings is cached, so a transition has no data version to bump
# (and a close queues nothing after commit but the publication task).

# A meeting not over yet: units may still be required, ask leave (before the start), check in.
RUNNING = frozenset({M.PLANNED, M.OPEN})

MEETING = Workflow(
    name="meeting",
    model=Meeting,
    state_field="status",
    event_model=MeetingEvent,
    event_owner=lambda meeting: {"meeting": meeting},
    actions=[
        # Written by ``meeting_create`` (``record_event`` from no state): no transition takes it.
        action("create", _("安排会议"), [], M.PLANNED, permission=can_manage_meeting),
        action("require_units", _("要求单位列席"), RUNNING, permission=can_manage_meeting),
        # The times of a meeting that is over stay as they were.
        action("reschedule", _("修改会议时间"), RUNNING, permission=can_manage_meeting),
        action("open", _("开始会议"), [M.PLANNED], M.OPEN, permission=can_manage_meeting),
        action("close", _("结束会议"), RUNNING, M.CLOSED, permission=can_manage_meeting),
        action("cancel", _("取消会议"), [M.PLANNED], M.CANCELLED, permission=can_manage_meeting),
        # Checked, never taken, by a unit's check-in: at a meeting that is over it names the
        # meeting's state. The unit's own step is ``ATTENDANCE["check_in"]``.
        action("check_in", _("签到"), RUNNING, permission=can_manage_meeting),
        # The system's step after the close (``attendance_publish``, ``system=True``).
        action("publish", _("公开出席情况"), [M.CLOSED], permission=can_manage_meeting),
    ],
)

_UNSETTLED = [A.REQUIRED, A.LEAVE_REQUESTED, A.LEAVE_REJECTED]
_OUTCOMES = [A.ATTENDED, A.LEAVE_APPROVED, A.ABSENT]

ATTENDANCE = Workflow(
    name="attendance",
    model=RequiredAttendance,
    state_field="status",
    event_model=AttendanceEvent,
    event_owner=lambda attendance: {"attendance": attendance},
    actions=[
        # Written by ``meeting_require_units`` (events from no state): no transition takes it.
        action("require", _("要求列席"), [], A.REQUIRED, permission=can_settle_attendance),
        # Rejected: the head is expected again and may ask once more before the start.
        action(
            "request_leave",
            _("申请请假"),
            [A.REQUIRED, A.LEAVE_REJECTED],
            A.LEAVE_REQUESTED,
            permission=can_request_leave,
        ),
        action(
            "approve_leave", _("批准请假"), [A.LEAVE_REQUESTED], A.LEAVE_APPROVED, permission=can_review_leave
        ),
        action(
            "reject_leave",
            _("不批准请假"),
            [A.LEAVE_REQUESTED],
            A.LEAVE_REJECTED,
            permission=can_review_leave,
        ),
        # A head turning up overtakes a pending or refused leave request.
        action("check_in", _("签到"), _UNSETTLED, A.ATTENDED, permission=can_settle_attendance),
        action("check_in_qr", _("扫码签到"), _UNSETTLED, A.ATTENDED, permission=can_scan_in_attendance),
        # Part of the close (``transition_many`` for the batch): a pending request not approved
        # by the start is absence without leave.
        action(
            "mark_absent", _("会议结束时记为缺席"), _UNSETTLED, A.ABSENT, permission=can_settle_attendance
        ),
        # The only step out of an outcome, after publication and with a reason
        # (``attendance_correct``, which also keeps an ``AttendanceCorrection``).
        action("correct", _("更正出席情况"), _OUTCOMES, targets=_OUTCOMES, permission=can_correct_attendance),
    ],
)

# Statuses that still count as "not settled" when the meeting closes: they become absent.
OPEN_AT_CLOSE = ATTENDANCE["mark_absent"].sources
# The outcomes a published row may show, and a correction may set.
FINAL = ATTENDANCE["correct"].targets
