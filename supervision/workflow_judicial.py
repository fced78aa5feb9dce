"""The declared life of a special supervisor's appointment and of a court-hearing attendance
(seed 十). Declarations only; ``supervision.services.judicial`` moves them through the kernel.

- A **special supervisor** (特邀监督员) is appointed by staff from the deputies for the court
  or the procuratorate with a term; staff may change the term or end it early with a reason.
- A **hearing attendance** (旁听庭审) is recorded by the deputy who attended; with remarks it is
  passed to the court or procuratorate at once, which owes a reply by ``reply_due``; the reply
  (by the unit's officer, or by staff from paper) tells the deputy.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models_judicial import (
    HearingAttendance,
    HearingAttendanceEvent,
    SpecialSupervisor,
    SpecialSupervisorEvent,
)

S = SpecialSupervisor.State
H = HearingAttendance.State

NAMESPACE = "supervision"

SPECIAL_SUPERVISOR = Workflow(
    name="special_supervisor",
    model=SpecialSupervisor,
    event_model=SpecialSupervisorEvent,
    event_owner=lambda supervisor: {"supervisor": supervisor},
    namespace=NAMESPACE,
    actions=[
        # Written by ``special_supervisor_appoint``.
        action("appoint", _("聘任特邀监督员"), [], S.SERVING, permission=can.is_staff),
        action("edit", _("修改聘期"), [S.SERVING], permission=can.is_staff),
        action("end", _("解聘"), [S.SERVING], S.ENDED, permission=can.is_staff),
    ],
)

# What the unit owes, and by which date field.
HEARING_OWED = {H.AWAITING_REPLY: "reply_due"}

HEARING = Workflow(
    name="hearing_attendance",
    model=HearingAttendance,
    event_model=HearingAttendanceEvent,
    event_owner=lambda attendance: {"attendance": attendance},
    namespace=NAMESPACE,
    actions=[
        # Written by ``hearing_record``: to ``awaiting_reply`` with remarks, else ``recorded``.
        action("record", _("记录旁听庭审"), [], H.RECORDED, permission=can.is_deputy),
        action("pass_on", _("转交意见建议"), [], H.AWAITING_REPLY, permission=can.is_deputy),
        action("reply", _("答复代表意见"), [H.AWAITING_REPLY], H.REPLIED, permission=can.can_reply_hearing),
    ],
)
