"""The appointment pipeline as a table: state -> states it may move to, per kind of nomination.

Elections and appointments: nominated → law exam (passed / failed, a failed exam may be
retaken) → commitment publicity → vote (approved / rejected) → oath (sworn).
Removals (免职) go straight from nominated to the vote and end there.
Any open nomination may be withdrawn by the nominating body.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from appointments.models import Nomination
from congress.exceptions import InvalidTransition

S = Nomination.Status
K = Nomination.Kind

_EXAM_PIPELINE: dict[str, frozenset[str]] = {
    S.NOMINATED: frozenset({S.EXAM_PASSED, S.EXAM_FAILED, S.WITHDRAWN}),
    S.EXAM_FAILED: frozenset({S.EXAM_PASSED, S.EXAM_FAILED, S.WITHDRAWN}),
    S.EXAM_PASSED: frozenset({S.PUBLICITY, S.WITHDRAWN}),
    S.PUBLICITY: frozenset({S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.SWORN}),
    S.REJECTED: frozenset(),
    S.SWORN: frozenset(),
    S.WITHDRAWN: frozenset(),
}

_REMOVAL_PIPELINE: dict[str, frozenset[str]] = {
    S.NOMINATED: frozenset({S.APPROVED, S.REJECTED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    K.ELECTION: _EXAM_PIPELINE,
    K.APPOINTMENT: _EXAM_PIPELINE,
    K.REMOVAL: _REMOVAL_PIPELINE,
}

# The steps a user triggers, with the states each may produce (for error messages and buttons).
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "exam": (_("登记法律知识考试"), frozenset({S.EXAM_PASSED, S.EXAM_FAILED})),
    "publicity": (_("发布任前承诺公示"), frozenset({S.PUBLICITY})),
    "vote": (_("登记表决结果"), frozenset({S.APPROVED, S.REJECTED})),
    "oath": (_("登记宪法宣誓"), frozenset({S.SWORN})),
    "withdraw": (_("撤回提名"), frozenset({S.WITHDRAWN})),
}

OPEN_STATES = frozenset({S.NOMINATED, S.EXAM_PASSED, S.EXAM_FAILED, S.PUBLICITY, S.APPROVED})
FINAL_STATES = frozenset({S.REJECTED, S.SWORN, S.WITHDRAWN})


def next_states(nomination: Nomination) -> frozenset[str]:
    return TRANSITIONS[nomination.kind].get(nomination.status, frozenset())


def can(nomination: Nomination, action: str) -> bool:
    """Whether ``action`` may be taken now (ignores who asks)."""
    return bool(ACTIONS[action][1] & next_states(nomination))


def check(nomination: Nomination, action: str) -> None:
    """Raise ``InvalidTransition`` naming the current state when ``action`` is not allowed."""
    if not can(nomination, action):
        raise InvalidTransition(
            current_label=nomination.get_status_display(),
            action_label=ACTIONS[action][0],
            code=f"cannot_{action}",
        )


def check_target(nomination: Nomination, target: str, action: str) -> None:
    if target not in next_states(nomination):
        raise InvalidTransition(
            current_label=nomination.get_status_display(),
            action_label=ACTIONS[action][0],
            code=f"cannot_{action}",
        )
