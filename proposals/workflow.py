"""The declared life of a proposal and of the things that move with it: an assignment to a
unit, a reply under review, a co-signer's answer, a unit's return or extension request.

Declarations only: the state tables, ``can()``/``available()`` for buttons and the one
``InvalidTransition`` derive from them, and the services move states only through
``congress.casework.services.transition``. Stored timeline codes are the ones published in the
API since the first release (``events[].action``): an assignment's actions are stored with the
``assignment_`` prefix, a few under their older names (``event_code=`` in the services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action, labels_of
from proposals import permissions as can
from proposals.models import (
    Assignment,
    CoSigner,
    ExtensionRequest,
    Proposal,
    ProposalEvent,
    Reply,
    ReturnRequest,
)

P = Proposal.State
A = Assignment.State
R = Reply.State
C = CoSigner.State

HANDLING_STATES = [P.ASSIGNED, P.REPLY_REVIEW, P.REHANDLING]


def _on_proposal(proposal):
    return {"proposal": proposal}


def _on_assignment(assignment):
    return {"proposal_id": assignment.proposal_id, "assignment": assignment}


def _on_reply(reply):
    return {"proposal_id": reply.assignment.proposal_id, "assignment_id": reply.assignment_id}


def _on_request(request):
    return {"proposal_id": request.assignment.proposal_id, "assignment_id": request.assignment_id}


PROPOSAL = Workflow(
    name="proposal",
    model=Proposal,
    event_model=ProposalEvent,
    event_owner=_on_proposal,
    namespace="proposals",
    actions=[
        action("create", _("起草"), [], P.DRAFT),
        action("edit", _("修改"), [P.DRAFT], permission=can.is_lead_deputy_or_staff),
        action("invite", _("邀请附议"), [P.DRAFT], permission=can.is_lead_deputy_or_staff),
        # The invited deputy answers (checked on the co-signer row).
        action("cosign", _("附议确认"), [P.DRAFT, P.SUBMITTED]),
        action("submit", _("提交"), [P.DRAFT], P.SUBMITTED, permission=can.is_lead_deputy_or_staff),
        action("register", _("立案"), [P.SUBMITTED], P.REGISTERED, permission=can.is_staff),
        action("return", _("不予立案"), [P.SUBMITTED], P.RETURNED, permission=can.is_staff),
        action("merge", _("并案"), [P.SUBMITTED, P.REGISTERED], P.MERGED, permission=can.is_staff),
        action("convert", _("转为建议"), [P.SUBMITTED, P.REGISTERED], permission=can.is_staff),
        action("assign", _("交办"), [P.REGISTERED, P.ASSIGNED], P.ASSIGNED, permission=can.is_staff),
        # The last lead unit's reply puts the proposal into review; earlier ones keep its state
        # (the unit's right is checked on its assignment).
        action("reply_submit", _("提交答复"), [P.ASSIGNED, P.REHANDLING], P.REPLY_REVIEW, may_stay=True),
        # A lead unit replied while an assisting or joint unit's opinion had not arrived: the
        # proposal is flagged (``opinion_missing``) and staff are told. Part of the reply (the
        # unit's right is checked on its assignment).
        action("opinion_missing", _("协办意见未到"), HANDLING_STATES),
        # The last confirmed lead reply sends it to the deputy.
        action(
            "reply_confirm",
            _("审核确认答复"),
            HANDLING_STATES,
            P.REPLIED,
            may_stay=True,
            permission=can.is_reply_reviewer,
        ),
        # Back to handling: ``assigned`` in the first round, ``rehandling`` in the second.
        action(
            "reply_send_back",
            _("退回答复"),
            HANDLING_STATES,
            targets=[P.ASSIGNED, P.REHANDLING],
            may_stay=True,
            permission=can.is_reply_reviewer,
        ),
        # The lead deputy satisfied → closed, unsatisfied → rehandling (once); a co-signer's
        # rating is recorded only (the right is checked by the service: lead or confirmed
        # co-signer).
        action("rate", _("满意度测评"), [P.REPLIED], targets=[P.CLOSED, P.REHANDLING], may_stay=True),
        action("close_unrated", _("逾期未测评办结"), [P.REPLIED], P.CLOSED, permission=can.is_staff),
        # 督办 (oversight). The code stays "supervise": it is published in the API's timeline.
        action(
            "supervise",
            _("督办设置"),
            [P.SUBMITTED, P.REGISTERED, P.ASSIGNED, P.REPLY_REVIEW, P.REPLIED, P.REHANDLING],
            permission=can.is_staff,
        ),
        action("withhold", _("不予公开"), list(P.values), permission=can.is_staff),
        action("unwithhold", _("恢复公开"), list(P.values), permission=can.is_staff),
        # A B/C item's later report (the unit's right is checked on its assignment).
        action("follow_up", _("跟踪办理报告"), [P.REPLIED, P.CLOSED]),
        # Staff decisions on a unit's requests, recorded on the proposal's timeline.
        action("decide_return", _("审批退回申请"), HANDLING_STATES, permission=can.is_staff),
        action("decide_extension", _("审批延期申请"), HANDLING_STATES, permission=can.is_staff),
    ],
)

# 签收 comes first: a unit names its 具体承办人 and 分管领导 (with the measures; the deadline is
# the assignment's: the four fixed) before it contacts the deputy, gives an opinion or replies.
# Asking to return a wrongly assigned item needs no signature (signing would accept an item the
# unit says is not its own); asking for more time does: only a unit handling it knows it needs it.
ASSIGNMENT = Workflow(
    name="assignment",
    model=Assignment,
    event_model=ProposalEvent,
    event_owner=_on_assignment,
    event_prefix="assignment_",
    namespace="proposals",
    actions=[
        action("receive", _("签收"), [A.ASSIGNED], A.HANDLING, permission=can.can_handle_assignment),
        # The four fixed stay editable while the unit's part is live (the reviewer may send a
        # reply back asking for them).
        action(
            "update_fixed",
            _("修改四定"),
            [A.HANDLING, A.REVIEW],
            permission=can.can_handle_assignment,
        ),
        action(
            "contact",
            _("记录联系"),
            [A.HANDLING, A.REVIEW, A.DONE],
            permission=can.can_handle_assignment,
        ),
        action(
            "request_return", _("申请退回"), [A.ASSIGNED, A.HANDLING], permission=can.can_handle_assignment
        ),
        action("request_extension", _("申请延期"), [A.HANDLING], permission=can.can_handle_assignment),
        action("opinion", _("提交协办意见"), [A.HANDLING], A.DONE, permission=can.can_handle_assignment),
        action("reply", _("提交答复"), [A.HANDLING], A.REVIEW, permission=can.can_handle_assignment),
        action("confirm", _("审核确认"), [A.REVIEW], A.DONE, permission=can.is_reply_reviewer),
        action("send_back", _("退回修改"), [A.REVIEW], A.HANDLING, permission=can.is_reply_reviewer),
        action("follow_up", _("报送跟踪办理情况"), [A.DONE], permission=can.can_handle_assignment),
        action("withdraw", _("同意退回"), [A.ASSIGNED, A.HANDLING], A.WITHDRAWN, permission=can.is_staff),
        # The lead deputy's "unsatisfied" sends the lead units back to work (checked on the
        # proposal's ``rate``).
        action("rehandle", _("重新办理"), [A.DONE, A.REVIEW, A.HANDLING], A.HANDLING),
        # The proposal closed (rated, or not rated in time): what is still open of it closes
        # with it, as part of that step (checked on the proposal's ``rate``/``close_unrated``).
        action("close", _("随建议办结"), [A.ASSIGNED, A.HANDLING], A.CLOSED),
    ],
)

REPLY = Workflow(
    name="reply",
    model=Reply,
    event_model=ProposalEvent,
    event_owner=_on_reply,
    event_prefix="reply_",
    namespace="proposals",
    actions=[
        action("confirm", _("审核确认"), [R.REVIEW], R.CONFIRMED, permission=can.is_reply_reviewer),
        action("send_back", _("退回修改"), [R.REVIEW], R.SENT_BACK, permission=can.is_reply_reviewer),
    ],
)

COSIGNER = Workflow(
    name="cosigner",
    model=CoSigner,
    event_model=ProposalEvent,
    event_owner=lambda cosigner: {"proposal_id": cosigner.proposal_id},
    event_prefix="cosign_",
    namespace="proposals",
    actions=[
        action("confirm", _("确认附议"), [C.INVITED], C.CONFIRMED, permission=can.is_invited_deputy),
        action("decline", _("谢绝附议"), [C.INVITED], C.DECLINED, permission=can.is_invited_deputy),
    ],
)

RETURN_REQUEST = Workflow(
    name="return_request",
    model=ReturnRequest,
    event_model=ProposalEvent,
    event_owner=_on_request,
    namespace="proposals",
    actions=[
        action(
            "decide",
            _("审批退回申请"),
            [ReturnRequest.State.PENDING],
            targets=[ReturnRequest.State.APPROVED, ReturnRequest.State.REJECTED],
            permission=can.is_staff,
        ),
    ],
)

EXTENSION_REQUEST = Workflow(
    name="extension_request",
    model=ExtensionRequest,
    event_model=ProposalEvent,
    event_owner=_on_request,
    namespace="proposals",
    actions=[
        action(
            "decide",
            _("审批延期申请"),
            [ExtensionRequest.State.PENDING],
            targets=[ExtensionRequest.State.APPROVED, ExtensionRequest.State.REJECTED],
            permission=can.is_staff,
        ),
    ],
)

# Codes stored on the timeline outside the declarations above (kept from the first release).
EXTRA_LABELS = {
    "extension_request": _("申请延期"),
    "return_request": _("申请退回"),
    "rehandle": _("重新办理"),
}


def action_label(code: str) -> str:
    labels = labels_of(PROPOSAL, ASSIGNMENT, COSIGNER, extra=EXTRA_LABELS)
    return str(labels.get(code, code))
