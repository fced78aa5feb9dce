"""Pure predicates: who may do what to a meeting or an attendance record.

The units a user acts for come from ``congress.units`` (read once per request object, every
unit the user acts for, not only the first). ``workflow.py`` names these predicates on its
declared actions, so the kernel's ``transition()`` and the API's ``ActionView`` check the same
rule; templates call them only to decide which buttons to show."""

from django.utils.translation import gettext_lazy as _

from congress import roles, units
from congress.casework.workflow import who


def can_manage_meetings(user) -> bool:
    """Committee staff run meetings: create, require units, check in, close, correct."""
    return roles.is_staff_member(user)


@who(_("常委会工作人员"))
def can_manage_meeting(user, meeting=None) -> bool:
    """Taking a step on a meeting (or, with ``None``, scheduling one): the staff's work,
    whatever the meeting."""
    return can_manage_meetings(user)


@who(_("本单位联络员"))
def can_request_leave(user, attendance) -> bool:
    """Only an officer of the unit itself (any of the units they act for) asks for its head's
    leave."""
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, attendance.unit_id)


@who(_("审批机关（按规则为区政府办公室或区委办公室）"))
def can_review_leave(user, attendance) -> bool:
    """Only a reviewer acting for an office of the kind the rule maps this unit's kind to
    (copied on the record as ``approver_kind``)."""
    return (
        roles.has_role(user, roles.REVIEWER)
        and bool(attendance.approver_kind)
        and units.acts_for_kind(user, attendance.approver_kind)
    )


@who(_("常委会工作人员"))
def can_settle_attendance(user, attendance) -> bool:
    """Staff require a unit, check its head in from the tablet list and, closing the meeting,
    mark the units still unsettled absent."""
    return can_manage_meetings(user)


@who(_("本单位人员（扫码）"))
def can_scan_in_attendance(user, attendance) -> bool:
    """Scanning the meeting's code checks in a unit the scanner acts for, and only such a unit."""
    return units.acts_for(user, attendance.unit_id)


@who(_("常委会工作人员（须填写理由）"))
def can_correct_attendance(user, attendance) -> bool:
    """Only staff correct published attendance (always with a reason)."""
    return can_manage_meetings(user)
