"""The transition tables of a proposal and of an assignment: the one place that says which
action is allowed from which state and where it leads. Services call ``check_proposal`` /
``check_assignment`` first; a disallowed action raises ``InvalidTransition`` (HTTP 409) with a
Chinese message naming the current state."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from congress.exceptions import InvalidTransition
from proposals.models import Assignment, Proposal

P = Proposal.State
A = Assignment.State


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset
    # The state after the action; None when the action keeps the state (e.g. converting a
    # motion, setting oversight) or when the service decides between several (rate).
    target: str | None


def _action(code, label, sources, target=None):
    return Action(code=code, label=label, sources=frozenset(sources), target=target)


PROPOSAL_ACTIONS: dict[str, Action] = {
    a.code: a
    for a in [
        _action("create", _("起草"), [], P.DRAFT),
        _action("edit", _("修改"), [P.DRAFT]),
        _action("invite", _("邀请附议"), [P.DRAFT]),
        _action("cosign", _("附议确认"), [P.DRAFT, P.SUBMITTED]),
        _action("submit", _("提交"), [P.DRAFT], P.SUBMITTED),
        _action("register", _("立案"), [P.SUBMITTED], P.REGISTERED),
        _action("return", _("不予立案"), [P.SUBMITTED], P.RETURNED),
        _action("merge", _("并案"), [P.SUBMITTED, P.REGISTERED], P.MERGED),
        _action("convert", _("转为建议"), [P.SUBMITTED, P.REGISTERED]),
        _action("assign", _("交办"), [P.REGISTERED, P.ASSIGNED], P.ASSIGNED),
        # The last lead unit's reply puts the proposal into review.
        _action("reply_submit", _("提交答复"), [P.ASSIGNED, P.REHANDLING], P.REPLY_REVIEW),
        _action("reply_confirm", _("审核确认答复"), [P.ASSIGNED, P.REHANDLING, P.REPLY_REVIEW], P.REPLIED),
        # Back to handling: ``assigned`` in the first round, ``rehandling`` in the second.
        _action("reply_send_back", _("退回答复"), [P.ASSIGNED, P.REHANDLING, P.REPLY_REVIEW]),
        # Satisfied → closed; the lead deputy unsatisfied → rehandling (once).
        _action("rate", _("满意度测评"), [P.REPLIED]),
        _action("close_unrated", _("逾期未测评办结"), [P.REPLIED], P.CLOSED),
        # 督办 (oversight). The code stays "supervise": it is stored in ProposalEvent.action and
        # published in the API's timeline (``events[].action``).
        _action(
            "supervise",
            _("督办设置"),
            [P.SUBMITTED, P.REGISTERED, P.ASSIGNED, P.REPLY_REVIEW, P.REPLIED, P.REHANDLING],
        ),
        _action("withhold", _("设置公开"), list(P.values)),
        _action("follow_up", _("跟踪办理报告"), [P.REPLIED, P.CLOSED]),
        # Staff decisions on a unit's requests, recorded on the proposal's timeline.
        _action("decide_return", _("审批退回申请"), [P.ASSIGNED, P.REHANDLING]),
        _action("decide_extension", _("审批延期申请"), [P.ASSIGNED, P.REHANDLING]),
    ]
}

# state -> the states an action may lead to from it (for documentation, admin and tests).
TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.SUBMITTED},
    P.SUBMITTED: {P.REGISTERED, P.RETURNED, P.MERGED},
    P.REGISTERED: {P.ASSIGNED, P.MERGED},
    P.RETURNED: set(),
    P.MERGED: set(),
    P.ASSIGNED: {P.REPLY_REVIEW, P.REPLIED},
    P.REPLY_REVIEW: {P.REPLIED, P.ASSIGNED, P.REHANDLING},
    P.REPLIED: {P.CLOSED, P.REHANDLING},
    P.REHANDLING: {P.REPLY_REVIEW, P.REPLIED},
    P.CLOSED: set(),
}

ASSIGNMENT_ACTIONS: dict[str, Action] = {
    a.code: a
    for a in [
        _action("receive", _("签收"), [A.ASSIGNED], A.HANDLING),
        _action("contact", _("记录联系"), [A.ASSIGNED, A.HANDLING, A.REVIEW, A.DONE]),
        _action("request_return", _("申请退回"), [A.ASSIGNED, A.HANDLING]),
        _action("request_extension", _("申请延期"), [A.ASSIGNED, A.HANDLING]),
        _action("opinion", _("提交协办意见"), [A.ASSIGNED, A.HANDLING], A.DONE),
        _action("reply", _("提交答复"), [A.ASSIGNED, A.HANDLING], A.REVIEW),
        _action("confirm", _("审核确认"), [A.REVIEW], A.DONE),
        _action("send_back", _("退回修改"), [A.REVIEW], A.HANDLING),
        _action("follow_up", _("报送跟踪办理情况"), [A.DONE]),
        _action("withdraw", _("同意退回"), [A.ASSIGNED, A.HANDLING], A.WITHDRAWN),
        _action("rehandle", _("重新办理"), [A.DONE, A.REVIEW, A.HANDLING], A.HANDLING),
    ]
}

ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    A.ASSIGNED: {A.HANDLING, A.REVIEW, A.DONE, A.WITHDRAWN},
    A.HANDLING: {A.REVIEW, A.DONE, A.WITHDRAWN},
    A.REVIEW: {A.DONE, A.HANDLING},
    A.DONE: {A.HANDLING},
    A.WITHDRAWN: set(),
}


def check_proposal(proposal: Proposal, code: str) -> Action:
    """The action if allowed from the proposal's current state, else ``InvalidTransition``."""
    action = PROPOSAL_ACTIONS[code]
    if proposal.state not in action.sources:
        raise InvalidTransition(
            current_label=proposal.get_state_display(), action_label=action.label, code="invalid_transition"
        )
    return action


def check_assignment(assignment: Assignment, code: str) -> Action:
    action = ASSIGNMENT_ACTIONS[code]
    if assignment.state not in action.sources:
        raise InvalidTransition(
            current_label=assignment.get_state_display(), action_label=action.label, code="invalid_transition"
        )
    return action


def proposal_can(proposal: Proposal, code: str) -> bool:
    return proposal.state in PROPOSAL_ACTIONS[code].sources


def assignment_can(assignment: Assignment, code: str) -> bool:
    return assignment.state in ASSIGNMENT_ACTIONS[code].sources


_LABELS = {code: a.label for code, a in PROPOSAL_ACTIONS.items()} | {
    f"assignment_{code}": a.label for code, a in ASSIGNMENT_ACTIONS.items()
}
_LABELS.update(
    {
        "extension_request": _("申请延期"),
        "return_request": _("申请退回"),
        "assignment_receive": _("签收"),
        "cosign_confirm": _("确认附议"),
        "cosign_decline": _("谢绝附议"),
        "unwithhold": _("恢复公开"),
        "rehandle": _("重新办理"),
    }
)


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))
