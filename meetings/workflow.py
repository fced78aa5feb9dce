"""The transition tables: from each status, the statuses a service may move a record to.

Services check these before any change and raise ``InvalidTransition`` naming the current
status; nothing else assigns a status."""

from meetings.models import Meeting, RequiredAttendance

M = Meeting.Status
A = RequiredAttendance.Status

MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    M.PLANNED: frozenset({M.OPEN, M.CLOSED, M.CANCELLED}),
    M.OPEN: frozenset({M.CLOSED}),
    M.CLOSED: frozenset(),
    M.CANCELLED: frozenset(),
}

ATTENDANCE_TRANSITIONS: dict[str, frozenset[str]] = {
    # Expected in person: may ask for leave, check in, or be marked absent at close.
    A.REQUIRED: frozenset({A.LEAVE_REQUESTED, A.ATTENDED, A.ABSENT}),
    # Waiting for the office: approved, rejected, or overtaken by the head turning up; still
    # pending when staff close the meeting means absent without leave.
    A.LEAVE_REQUESTED: frozenset({A.LEAVE_APPROVED, A.LEAVE_REJECTED, A.ATTENDED, A.ABSENT}),
    # Rejected: the head is expected again and may ask once more before the start.
    A.LEAVE_REJECTED: frozenset({A.LEAVE_REQUESTED, A.ATTENDED, A.ABSENT}),
    # Final outcomes; after publication only ``attendance_correct`` changes them (with a reason).
    A.LEAVE_APPROVED: frozenset(),
    A.ATTENDED: frozenset(),
    A.ABSENT: frozenset(),
}

# Statuses that still count as "not settled" when the meeting closes: they become absent.
OPEN_AT_CLOSE = frozenset({A.REQUIRED, A.LEAVE_REQUESTED, A.LEAVE_REJECTED})
# The outcomes a published row may show, and a correction may set.
FINAL = frozenset({A.ATTENDED, A.LEAVE_APPROVED, A.ABSENT})


def meeting_can_move(current: str, target: str) -> bool:
    return target in MEETING_TRANSITIONS.get(current, frozenset())


def attendance_can_move(current: str, target: str) -> bool:
    return target in ATTENDANCE_TRANSITIONS.get(current, frozenset())
