"""The declared life of a nomination, per kind. Declarations only: the state tables, ``can()``,
``available()`` for the admin's step buttons and the one ``InvalidTransition`` derive from them,
and the services move a nomination only through ``congress.casework.services.transition``.

Elections and appointments: nominated → law exam (passed / failed, a failed exam may be
retaken) → commitment publicity → vote (approved / rejected) → oath (sworn).
Removals (免职) go straight from nominated to the vote and end there.
Until the vote, the nominating body may withdraw the nomination.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from appointments.models import Nomination, NominationEvent
from appointments.permissions import can_manage_nomination
from congress.casework.workflow import Workflow, action

S = Nomination.Status
K = Nomination.Kind


def _on_nomination(nomination: Nomination) -> dict:
    return {"nomination": nomination}


LABELS = {
    "nominate": _("提请任免"),
    "exam": _("登记法律知识考试"),
    "publicity": _("发布任前承诺公示"),
    "vote": _("登记表决结果"),
    "oath": _("登记宪法宣誓"),
    "withdraw": _("撤回提名"),
}
staff = can_manage_nomination  # every step is the committee staff's work

EXAM_PIPELINE = Workflow(
    name="nomination",
    model=Nomination,
    state_field="status",
    event_model=NominationEvent,
    event_owner=_on_nomination,
    namespace="appointments",
    actions=[
        # Written by ``nomination_create`` (``record_event`` from no state): no transition takes it.
        action("nominate", LABELS["nominate"], [], S.NOMINATED, permission=staff),
        action(
            "exam",
            LABELS["exam"],
            [S.NOMINATED, S.EXAM_FAILED],
            targets=[S.EXAM_PASSED, S.EXAM_FAILED],
            permission=staff,
        ),
        action("publicity", LABELS["publicity"], [S.EXAM_PASSED], S.PUBLICITY, permission=staff),
        action("vote", LABELS["vote"], [S.PUBLICITY], targets=[S.APPROVED, S.REJECTED], permission=staff),
        action("oath", LABELS["oath"], [S.APPROVED], S.SWORN, permission=staff),
        action(
            "withdraw",
            LABELS["withdraw"],
            [S.NOMINATED, S.EXAM_FAILED, S.EXAM_PASSED, S.PUBLICITY],
            S.WITHDRAWN,
            permission=staff,
        ),
    ],
)

REMOVAL_PIPELINE = Workflow(
    name="removal",
    model=Nomination,
    state_field="status",
    event_model=NominationEvent,
    event_owner=_on_nomination,
    namespace="appointments",
    actions=[
        action("nominate", LABELS["nominate"], [], S.NOMINATED, permission=staff),
        action("vote", LABELS["vote"], [S.NOMINATED], targets=[S.APPROVED, S.REJECTED], permission=staff),
        action("withdraw", LABELS["withdraw"], [S.NOMINATED], S.WITHDRAWN, permission=staff),
        # A removal has no exam, publicity or oath: declared from no state, so asking for one
        # is the same 409 naming the current state as any step out of order.
        *(action(code, LABELS[code], [], permission=staff) for code in ("exam", "publicity", "oath")),
    ],
)

WORKFLOWS = {K.ELECTION: EXAM_PIPELINE, K.APPOINTMENT: EXAM_PIPELINE, K.REMOVAL: REMOVAL_PIPELINE}

# The steps staff take on a nomination's admin page, in the order of the pipeline.
STEPS = ("exam", "publicity", "vote", "oath", "withdraw")

# Open: some step may still follow (as the exam pipeline reads the state; a removal's approval
# ends it, but the state alone cannot tell, and a vacancy is never filled by a removal anyway).
FINAL_STATES = EXAM_PIPELINE.final_states()
OPEN_STATES = frozenset(EXAM_PIPELINE.states()) - FINAL_STATES


def workflow_for(nomination: Nomination) -> Workflow:
    """The declared pipeline of the nomination's kind."""
    return WORKFLOWS[nomination.kind]
