"""Pure predicates: who may do what to a meeting or an attendance record.

The unit and office a user acts for are read once per request object (see
``selectors.unit_ids_for`` and ``selectors.office_kinds_for``); templates call these only to
decide which buttons to show, services call them to refuse."""

from congress import roles
from meetings.selectors import office_kinds_for, unit_ids_for


def can_manage_meetings(user) -> bool:
    """Committee staff run meetings: create, require units, check in, close, correct."""
    return roles.is_staff_member(user)


def can_request_leave(user, attendance) -> bool:
    """Only an officer of the unit itself asks for its head's leave."""
    return roles.has_role(user, roles.UNIT_OFFICER) and attendance.unit_id in unit_ids_for(user)


def can_review_leave(user, attendance) -> bool:
    """Only a reviewer acting for an office of the kind the rule maps this unit's kind to."""
    return (
        roles.has_role(user, roles.REVIEWER)
        and bool(attendance.approver_kind)
        and attendance.approver_kind in office_kinds_for(user)
    )


def can_check_in(user) -> bool:
    return can_manage_meetings(user)


def can_check_in_by_qr(user, attendance) -> bool:
    """Scanning the meeting's code checks in the unit the scanner acts for, and only that one."""
    return attendance.unit_id in unit_ids_for(user)
