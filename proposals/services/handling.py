"""Writes of a unit's handling: sign for receipt, contacts, assisting opinions, replies and
their review, requests for return or extension and staff decisions on them, and B/C
follow-up reports. Each service locks its row, checks ``proposals.workflow`` and the caller,
writes a ``ProposalEvent`` and queues notifications after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from congress import units
from congress.casework.services import create_tracked, lock, save_tracked, transition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.files import DOCUMENTS, validate_upload
from congress.i18n import choice_label
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from proposals import permissions
from proposals.models import (
    Assignment,
    Attachment,
    ContactLog,
    ExtensionRequest,
    Proposal,
    Reply,
    ReturnRequest,
)
from proposals.rules import DEFAULT_FOLLOW_UP_CLASSES
from proposals.services._common import (
    deputy_users,
    notify_on_commit,
    now,
    proposal_url,
    today,
    unit_users,
)
from proposals.services.proposals import STAFF_ONLY, assignment_create
from proposals.workflow import ASSIGNMENT, EXTENSION_REQUEST, PROPOSAL, REPLY, RETURN_REQUEST

P = Proposal.State
A = Assignment.State


def _require(condition: bool, message=None) -> None:
    if not condition:
        raise PermissionDeniedError(message)


def reply_class_choices() -> list[dict]:
    """The reply classes in force (rule ``proposals.reply_classes``): [{"code", "label"}, …]."""
    return list(rule_get("proposals.reply_classes"))


def _needs_follow_up(code: str, choices: list[dict]) -> bool:
    for choice in choices:
        if choice["code"] == code:
            return bool(choice.get("follow_up", code in DEFAULT_FOLLOW_UP_CLASSES))
    return False


UNIT_ONLY = gettext_lazy("只有本单位联络员可以办理。")
REVIEWERS_ONLY = gettext_lazy("只有区政府办公室审核人可以审核答复。")


def _lock_assignment(assignment: Assignment | int) -> Assignment:
    return lock(Assignment, getattr(assignment, "pk", assignment), related=["unit"])


def _handling_assignment(actor: User, assignment: Assignment, code: str) -> Assignment:
    """Lock the assignment, then check the caller (an officer of its unit) and the state."""
    assignment = _lock_assignment(assignment)
    ASSIGNMENT.check_permission(assignment, code, actor, UNIT_ONLY)
    ASSIGNMENT.check(assignment, code)
    return assignment


FIXED_FIELDS = ("responsible_person", "responsible_leader", "responsible_phone", "measures")


def _four_fixed(
    *, responsible_person: str, responsible_leader: str, responsible_phone: str, measures: str
) -> dict:
    """The four fixed as entered (定人员、定责任、定措施; 定时限 is the assignment's deadline):
    the handling officer and the responsible leader are required."""
    values = {
        "responsible_person": (responsible_person or "").strip(),
        "responsible_leader": (responsible_leader or "").strip(),
        "responsible_phone": (responsible_phone or "").strip(),
        "measures": (measures or "").strip(),
    }
    errors = {}
    if not values["responsible_person"]:
        errors["responsible_person"] = [_("请填写具体承办人。")]
    if not values["responsible_leader"]:
        errors["responsible_leader"] = [_("请填写分管领导。")]
    if errors:
        raise ApplicationError(_("请填写具体承办人和分管领导。"), extra=errors)
    return values


def _require_four_fixed(assignment: Assignment) -> None:
    """A unit that signed before the handling officer and the responsible leader were required
    names them before it replies or gives its opinion (form 修改四定, API ``fixed/``)."""
    if not (assignment.responsible_person and assignment.responsible_leader):
        raise ApplicationError(
            _("请先填写具体承办人和分管领导（修改四定），再提交。"), code="four_fixed_missing"
        )


@transaction.atomic
def assignment_receive(
    *,
    actor: User,
    assignment: Assignment,
    responsible_person: str,
    responsible_leader: str,
    responsible_phone: str = "",
    measures: str = "",
) -> Assignment:
    """签收 by the unit's officer with the four fixed: the handling officer (具体承办人) and the
    responsible leader (分管领导) are required, the measures (办理措施) and a phone optional; the
    deadline is the assignment's. Contacts, opinions, replies and extension requests come after."""
    fixed = _four_fixed(
        responsible_person=responsible_person,
        responsible_leader=responsible_leader,
        responsible_phone=responsible_phone,
        measures=measures,
    )
    assignment = _lock_assignment(assignment)
    return transition(
        assignment,
        ASSIGNMENT,
        "receive",
        actor=actor,
        changes={"received_at": now(), **fixed},
        note=_("%(unit)s签收，承办人：%(person)s，分管领导：%(leader)s")
        % {
            "unit": assignment.unit.name,
            "person": fixed["responsible_person"],
            "leader": fixed["responsible_leader"],
        },
        permission_message=UNIT_ONLY,
        locked=True,
    )


@transaction.atomic
def assignment_update_fixed(
    *,
    actor: User,
    assignment: Assignment,
    responsible_person: str,
    responsible_leader: str,
    responsible_phone: str = "",
    measures: str = "",
) -> Assignment:
    """The unit's officer changes the four fixed while its part is live (handling, or its reply
    in review): same rules as at 签收. Each change is kept in the assignment's history and on the
    proposal's timeline (old → new); nothing changed, nothing written."""
    fixed = _four_fixed(
        responsible_person=responsible_person,
        responsible_leader=responsible_leader,
        responsible_phone=responsible_phone,
        measures=measures,
    )
    assignment = _handling_assignment(actor, assignment, "update_fixed")
    changed = {name: value for name, value in fixed.items() if getattr(assignment, name) != value}
    if not changed:
        return assignment
    labels = {name: Assignment._meta.get_field(name).verbose_name for name in FIXED_FIELDS}
    note = "；".join(
        f"{labels[name]}：{getattr(assignment, name) or '—'} → {value or '—'}"
        for name, value in changed.items()
    )
    return transition(
        assignment,
        ASSIGNMENT,
        "update_fixed",
        actor=actor,
        changes=changed,
        note=f"{assignment.unit.name} {note}",
        locked=True,
    )


@transaction.atomic
def contact_add(
    *,
    actor: User,
    assignment: Assignment,
    stage: str,
    note: str,
    date: dt.date | None = None,
    channel: str = ContactLog.Channel.PHONE,
    who: str = "",
) -> ContactLog:
    """办前联系/办中沟通/办后反馈 logged by the unit's officer."""
    if stage not in ContactLog.Stage.values:
        raise ApplicationError(_("联系阶段无效。"), extra={"stage": [_("请选择办前、办中或办后。")]})
    if channel not in ContactLog.Channel.values:
        raise ApplicationError(_("联系方式无效。"), extra={"channel": [_("请选择联系方式。")]})
    if not (note or "").strip():
        raise ApplicationError(_("请填写情况记录。"), extra={"note": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "contact")
    contact = ContactLog(
        assignment=assignment,
        stage=stage,
        date=date or today(),
        channel=channel,
        who=who.strip(),
        note=note.strip(),
        created_by=actor,
    )
    contact.save()
    transition(
        assignment,
        ASSIGNMENT,
        "contact",
        actor=actor,
        note=f"{assignment.unit.name} {contact.get_stage_display()}（{contact.get_channel_display()}）：{contact.note}",
        locked=True,
    )
    return contact


@transaction.atomic
def assignment_send_opinion(*, actor: User, assignment: Assignment, opinion: str) -> Assignment:
    """An assisting or joint unit that signed for it sends its opinion to the lead unit (due
    by its deadline: ``assisting_deadline_for``, ahead of the lead unit's); its part is then done."""
    if not (opinion or "").strip():
        raise ApplicationError(_("请填写协办意见。"), extra={"opinion": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "opinion")
    if assignment.role == Assignment.Role.LEAD:
        raise ApplicationError(_("主办单位请提交答复，而非协办意见。"), code="lead_unit")
    _require_four_fixed(assignment)
    assignment = transition(
        assignment,
        ASSIGNMENT,
        "opinion",
        actor=actor,
        changes={"opinion": opinion.strip(), "opinion_sent_at": now()},
        reason=_("协办意见"),
        note=_("%(unit)s提交协办意见") % {"unit": assignment.unit.name},
        locked=True,
    )
    leads = assignment.proposal.assignments.filter(role=Assignment.Role.LEAD).exclude(state=A.WITHDRAWN)
    notify_on_commit(
        recipients=unit_users(leads.values_list("unit_id", flat=True)),
        key=f"assignment:{assignment.pk}:opinion",
        title=Message(
            gettext_noop("%(unit)s 已提交协办意见：%(title)s"),
            unit=assignment.unit.name,
            title=assignment.proposal.title,
        ),
        body=assignment.opinion,
        url=proposal_url(assignment.proposal_id),
    )
    return assignment


def _attach(*, proposal: Proposal, reply: Reply | None, files: Iterable, actor: User) -> None:
    """Store ``files`` (stored privately under random names, the uploader's name kept in
    ``name``); anything off the documents allow-list by content is refused, whoever calls."""
    for upload in files:
        try:
            validate_upload(upload, kinds=DOCUMENTS)
        except ValidationError as error:
            raise ApplicationError(
                error.messages[0], code="invalid_file", extra={"attachments": error.messages}
            ) from error
        Attachment.objects.create(
            proposal=proposal,
            reply=reply,
            file=upload,
            name=getattr(upload, "name", "附件")[:200],
            uploaded_by=actor,
        )


@transaction.atomic
def attachment_add(*, actor: User, proposal: Proposal, files: Iterable) -> None:
    """Attach files to a draft (lead deputy or staff)."""
    proposal = lock(proposal)
    _require(permissions.can_edit_proposal(actor, proposal))
    _attach(proposal=proposal, reply=None, files=files, actor=actor)


def _live_leads(proposal: Proposal) -> list[Assignment]:
    return list(
        Assignment.objects.select_for_update()
        .filter(proposal=proposal, role=Assignment.Role.LEAD)
        .exclude(state=A.WITHDRAWN)
    )


@transaction.atomic
def reply_submit(
    *, actor: User, assignment: Assignment, reply_class: str, content: str, attachments: Iterable = ()
) -> Reply:
    """The lead unit's reply (after 签收 with the four fixed), class from the rule
    ``proposals.reply_classes``. It goes to the government office for review; once every lead
    unit has replied the proposal is in review. An assisting or joint unit whose opinion has
    not arrived is flagged on the proposal (``opinion_missing``, an event) and staff are told."""
    choices = reply_class_choices()
    if reply_class not in {c["code"] for c in choices}:
        raise ApplicationError(
            _("答复分类无效。"),
            extra={
                "reply_class": [_("请选择：%(codes)s") % {"codes": "、".join(c["code"] for c in choices)}]
            },
        )
    if not (content or "").strip():
        raise ApplicationError(_("请填写答复内容。"), extra={"content": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "reply")
    proposal = lock(Proposal, assignment.proposal_id)
    PROPOSAL.check(proposal, "reply_submit", target=proposal.state)
    if assignment.role != Assignment.Role.LEAD:
        raise ApplicationError(_("协办单位请提交协办意见，由主办单位答复。"), code="not_lead_unit")
    _require_four_fixed(assignment)
    submitted_at = now()
    reply = create_tracked(
        Reply,
        actor=actor,
        reason=_("提交答复"),
        assignment=assignment,
        kind=Reply.Kind.REPLY,
        handling_round=assignment.handling_round,
        reply_class=reply_class,
        content=content.strip(),
        submitted_by=actor,
        submitted_at=submitted_at,
    )
    _attach(proposal=proposal, reply=reply, files=attachments, actor=actor)
    changes = {}
    if assignment.first_replied_at is None:
        changes["first_replied_at"] = submitted_at
        changes["answered_on_time"] = submitted_at.date() <= assignment.deadline
    # One step moves two items: the unit's assignment (no event of its own) and the proposal,
    # whose event tells it; the proposal waits in its state until the last lead unit replies.
    assignment = transition(
        assignment, ASSIGNMENT, "reply", actor=actor, changes=changes, record=False, locked=True
    )
    all_replied = all(a.state in (A.REVIEW, A.DONE) for a in _live_leads(proposal) if a.pk != assignment.pk)
    proposal = transition(
        proposal,
        PROPOSAL,
        "reply_submit",
        actor=actor,
        target=P.REPLY_REVIEW if all_replied else proposal.state,
        note=_("%(unit)s提交%(cls)s类答复") % {"unit": assignment.unit.name, "cls": reply_class},
        event_values={"assignment": assignment},
        locked=True,
    )
    notify_on_commit(
        recipients=units.office_reviewer_ids(Organization.Kind.GOV_OFFICE),
        key=f"reply:{reply.pk}:review",
        title=Message(
            gettext_noop("答复待审核：%(title)s（%(unit)s）"), title=proposal.title, unit=assignment.unit.name
        ),
        url=proposal_url(proposal.pk),
    )
    _flag_missing_opinions(actor=actor, proposal=proposal, lead=assignment, reply=reply)
    return reply


def opinions_outstanding(proposal_id: int) -> list[Assignment]:
    """The assisting and joint units of a proposal whose opinion has not arrived (their part is
    still open), with their unit."""
    return list(
        Assignment.objects.filter(
            proposal_id=proposal_id,
            role__in=[Assignment.Role.ASSISTING, Assignment.Role.JOINT],
            state__in=Assignment.OPEN_STATES,
        )
        .select_related("unit")
        .order_by("id")
    )


def _flag_missing_opinions(*, actor: User, proposal: Proposal, lead: Assignment, reply: Reply) -> None:
    """A lead unit replied before every assisting or joint opinion arrived: the proposal's
    record says so (the ``opinion_missing`` flag, kept in its history, and an event naming the
    units) and committee staff get a notice. Part of the lead unit's reply."""
    missing = opinions_outstanding(proposal.pk)
    if not missing:
        return
    names = Message.join(
        "、",
        (Message.concat(a.unit.name, "（", choice_label(Assignment.Role, a.role), "）") for a in missing),
    )
    note = Message(gettext_noop("%(lead)s答复时，%(units)s尚未提交意见。"), lead=lead.unit.name, units=names)
    transition(
        proposal,
        PROPOSAL,
        "opinion_missing",
        actor=actor,
        changes={} if proposal.opinion_missing else {"opinion_missing": True},
        reason=_("协办意见未到"),
        note=str(note),
        event_values={"assignment": lead},
        locked=True,
    )
    notify_on_commit(
        recipients=units.staff_user_ids(),
        key=f"reply:{reply.pk}:opinion-missing",
        title=Message(gettext_noop("主办单位答复时协办意见未到：%(title)s"), title=proposal.title),
        body=note,
        url=proposal_url(proposal.pk),
        level=Notification.Level.WARNING,
    )


def _review(actor: User, reply: Reply, code: str) -> tuple[Reply, Assignment, Proposal]:
    """Lock the reply, its assignment and its proposal; check the reviewer and the reply's state."""
    reply = lock(Reply, reply.pk, related=["assignment"])
    assignment = _lock_assignment(reply.assignment_id)
    proposal = lock(Proposal, assignment.proposal_id)
    if reply.kind != Reply.Kind.REPLY or reply.state != Reply.State.REVIEW:
        raise ApplicationError(
            _("该答复的状态为“%(state)s”，不能审核。") % {"state": reply.get_state_display()},
            code="invalid_transition",
        )
    REPLY.check_permission(reply, code, actor, REVIEWERS_ONLY)
    return reply, assignment, proposal


@transaction.atomic
def reply_confirm(*, actor: User, reply: Reply, comments: str = "") -> Reply:
    """审核确认 by a government office reviewer. When every lead unit's reply is confirmed the
    proposal is replied: the deputy and the co-signers receive it and the rating deadline
    (``proposals.rating_deadline``) starts."""
    reply, assignment, proposal = _review(actor, reply, "confirm")
    ASSIGNMENT.check(assignment, "confirm")
    PROPOSAL.check(proposal, "reply_confirm", target=proposal.state)
    reviewed = {"reviewed_by": actor, "reviewed_at": now(), "reviewer_comments": comments.strip()}
    reply = transition(reply, REPLY, "confirm", actor=actor, changes=reviewed, record=False, locked=True)
    assignment = transition(
        assignment,
        ASSIGNMENT,
        "confirm",
        actor=actor,
        changes={
            "reply_class": reply.reply_class,
            "follow_up_open": _needs_follow_up(reply.reply_class, reply_class_choices()),
        },
        record=False,
        locked=True,
    )
    all_confirmed = all(a.state == A.DONE for a in _live_leads(proposal))
    changes = {}
    if all_confirmed:
        changes = {
            "replied_at": now(),
            "rating_deadline": deadline_after(today(), rule_get("proposals.rating_deadline")),
        }
    proposal = transition(
        proposal,
        PROPOSAL,
        "reply_confirm",
        actor=actor,
        target=P.REPLIED if all_confirmed else proposal.state,
        changes=changes,
        reason=_("答复") if all_confirmed else "",
        note=comments or _("%(unit)s的答复已审核确认") % {"unit": assignment.unit.name},
        event_values={"assignment": assignment},
        locked=True,
    )
    if all_confirmed:
        notify_on_commit(
            recipients=deputy_users(proposal, with_cosigners=True),
            key=f"proposal:{proposal.pk}:replied:{proposal.handling_round}",
            title=Message(gettext_noop("您的建议已答复，请测评：%(title)s"), title=proposal.title),
            body=Message(gettext_noop("请于 %(d)s 前作出满意度测评。"), d=proposal.rating_deadline),
            url=proposal_url(proposal.pk),
        )
    return reply


@transaction.atomic
def reply_send_back(*, actor: User, reply: Reply, comments: str) -> Reply:
    """The reviewer sends a reply back with comments; the unit handles it again (the proposal
    returns to ``assigned``, or ``rehandling`` in the second round)."""
    if not (comments or "").strip():
        raise ApplicationError(_("请填写退回修改的意见。"), extra={"comments": [_("此项为必填项。")]})
    reply, assignment, proposal = _review(actor, reply, "send_back")
    ASSIGNMENT.check(assignment, "send_back")
    reviewed = {"reviewed_by": actor, "reviewed_at": now(), "reviewer_comments": comments.strip()}
    transition(reply, REPLY, "send_back", actor=actor, changes=reviewed, record=False, locked=True)
    assignment = transition(assignment, ASSIGNMENT, "send_back", actor=actor, record=False, locked=True)
    target = proposal.state
    if proposal.state == P.REPLY_REVIEW:
        target = P.REHANDLING if proposal.handling_round > 1 else P.ASSIGNED
    proposal = transition(
        proposal,
        PROPOSAL,
        "reply_send_back",
        actor=actor,
        target=target,
        reason=_("退回修改"),
        note=comments,
        event_values={"assignment": assignment},
        locked=True,
    )
    notify_on_commit(
        recipients=unit_users([assignment.unit_id]),
        key=f"reply:{reply.pk}:sent-back",
        title=Message(gettext_noop("答复被退回修改：%(title)s"), title=proposal.title),
        body=comments,
        url=proposal_url(proposal.pk),
        level=Notification.Level.WARNING,
    )
    return reply


@transaction.atomic
def reply_follow_up(*, actor: User, assignment: Assignment, content: str, is_resolved: bool = False) -> Reply:
    """跟踪办理: a unit whose reply was B or C reports again later; ``is_resolved`` ends the follow-up.
    The report goes to the deputy directly (it is not a new reply and needs no review)."""
    if not (content or "").strip():
        raise ApplicationError(_("请填写办理进展。"), extra={"content": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "follow_up")
    proposal = lock(Proposal, assignment.proposal_id)
    PROPOSAL.check(proposal, "follow_up")
    if not assignment.follow_up_open:
        raise ApplicationError(_("该事项无需跟踪办理。"), code="no_follow_up")
    report = create_tracked(
        Reply,
        actor=actor,
        reason=_("跟踪办理"),
        assignment=assignment,
        kind=Reply.Kind.FOLLOW_UP,
        handling_round=assignment.handling_round,
        content=content.strip(),
        state=Reply.State.CONFIRMED,
        submitted_by=actor,
        submitted_at=now(),
        is_resolved=is_resolved,
    )
    transition(
        assignment,
        ASSIGNMENT,
        "follow_up",
        actor=actor,
        changes={"follow_up_open": False} if is_resolved else {},
        reason=_("问题已解决") if is_resolved else "",
        record=False,
        locked=True,
    )
    transition(
        proposal,
        PROPOSAL,
        "follow_up",
        actor=actor,
        note=report.content,
        event_values={"assignment": assignment},
        locked=True,
    )
    notify_on_commit(
        recipients=deputy_users(proposal, with_cosigners=True),
        key=f"reply:{report.pk}:follow-up",
        title=Message(gettext_noop("建议办理进展：%(title)s"), title=proposal.title),
        body=report.content,
        url=proposal_url(proposal.pk),
    )
    return report


# --- requests: return (退回/申请调整) and extension (延期) ---------------------------------------


@transaction.atomic
def assignment_request_return(
    *, actor: User, assignment: Assignment, reason: str, suggested_unit: str = ""
) -> ReturnRequest:
    """A unit asks to return a wrongly assigned item, within ``proposals.return_window`` of
    the assignment; staff decide (``return_request_decide``)."""
    if not (reason or "").strip():
        raise ApplicationError(_("请填写退回理由。"), extra={"reason": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "request_return")
    window_end = deadline_after(assignment.assigned_at, rule_get("proposals.return_window"))
    if today() > window_end:
        raise ApplicationError(
            _("已超过退回申请期限（%(d)s），请与常委会工作人员联系。") % {"d": window_end},
            code="return_window_passed",
        )
    if assignment.return_requests.filter(state=ReturnRequest.State.PENDING).exists():
        raise ApplicationError(_("已有待审批的退回申请。"), code="request_pending")
    request = ReturnRequest(
        assignment=assignment,
        reason=reason.strip(),
        suggested_unit=suggested_unit.strip(),
        requested_by=actor,
    )
    request._history_user = actor
    request.save()
    transition(
        assignment,
        ASSIGNMENT,
        "request_return",
        actor=actor,
        note=_("%(unit)s申请退回：%(reason)s") % {"unit": assignment.unit.name, "reason": request.reason},
        event_code="return_request",
        locked=True,
    )
    notify_on_commit(
        recipients=units.staff_user_ids(),
        key=f"return-request:{request.pk}",
        title=Message(
            gettext_noop("退回申请待审批：%(title)s（%(unit)s）"),
            title=assignment.proposal.title,
            unit=assignment.unit.name,
        ),
        body=request.reason,
        url=proposal_url(assignment.proposal_id),
    )
    return request


@transaction.atomic
def return_request_decide(
    *,
    actor: User,
    request: ReturnRequest,
    approve: bool,
    note: str = "",
    reassign_to: Organization | None = None,
) -> ReturnRequest:
    """Staff decide a return request with a reason. Approving withdraws the unit's assignment
    and, with ``reassign_to``, assigns the same role to another unit with a fresh deadline."""
    _require(permissions.can_manage_proposal(actor), STAFF_ONLY)
    request = lock(ReturnRequest, request.pk, related=["assignment"])
    if request.state != ReturnRequest.State.PENDING:
        raise ApplicationError(_("该申请已审批。"), code="already_decided")
    if not approve and not (note or "").strip():
        raise ApplicationError(_("不同意时请填写理由。"), extra={"note": [_("此项为必填项。")]})
    assignment = _lock_assignment(request.assignment_id)
    proposal = lock(Proposal, assignment.proposal_id)
    PROPOSAL.check(proposal, "decide_return")
    decision = ReturnRequest.State.APPROVED if approve else ReturnRequest.State.REJECTED
    decided = {"decided_by": actor, "decided_at": now(), "decision_note": note.strip()}
    created = None
    if approve:
        assignment = transition(
            assignment, ASSIGNMENT, "withdraw", actor=actor, reason=_("同意退回"), record=False, locked=True
        )
        if reassign_to is not None:
            if proposal.assignments.filter(unit=reassign_to).exclude(state=A.WITHDRAWN).exists():
                raise ApplicationError(
                    _("改交单位已承办此建议。"), extra={"reassign_to": [_("请选择其他单位。")]}
                )
            created = assignment_create(
                actor=actor,
                proposal=proposal,
                unit=reassign_to,
                role=assignment.role,
                start=today(),
                is_hard=assignment.is_hard,
                handling_round=assignment.handling_round,
            )
            decided["reassigned_to"] = reassign_to
    transition(
        request,
        RETURN_REQUEST,
        "decide",
        actor=actor,
        target=decision,
        changes=decided,
        record=False,
        locked=True,
    )
    transition(
        proposal,
        PROPOSAL,
        "decide_return",
        actor=actor,
        event_values={"assignment": assignment},
        locked=True,
        note=(
            _("同意%(unit)s退回") % {"unit": assignment.unit.name}
            + (_("，改交%(new)s") % {"new": reassign_to.name} if created else "")
            if approve
            else _("不同意%(unit)s退回") % {"unit": assignment.unit.name}
        )
        + (f"：{note}" if note else ""),
    )
    notify_on_commit(
        recipients=unit_users([assignment.unit_id]),
        key=f"return-request:{request.pk}:decided",
        title=Message(
            gettext_noop("退回申请已同意：%(title)s")
            if approve
            else gettext_noop("退回申请未同意，请继续办理：%(title)s"),
            title=proposal.title,
        ),
        body=note,
        url=proposal_url(proposal.pk),
    )
    if created:
        notify_on_commit(
            recipients=unit_users([created.unit_id]),
            key=f"assignment:{created.pk}:assigned",
            title=Message(
                gettext_noop("新交办%(role)s：%(title)s，期限 %(deadline)s"),
                role=choice_label(Assignment.Role, created.role),
                title=proposal.title,
                deadline=created.deadline,
            ),
            url=proposal_url(proposal.pk),
        )
    return request


@transaction.atomic
def assignment_request_extension(
    *, actor: User, assignment: Assignment, requested_deadline: dt.date, reason: str
) -> ExtensionRequest:
    """A unit asks for a later deadline, at most ``proposals.extension_max`` beyond the current one."""
    if not (reason or "").strip():
        raise ApplicationError(_("请填写延期理由。"), extra={"reason": [_("此项为必填项。")]})
    assignment = _handling_assignment(actor, assignment, "request_extension")
    latest = deadline_after(assignment.deadline, rule_get("proposals.extension_max"))
    if requested_deadline <= assignment.deadline or requested_deadline > latest:
        raise ApplicationError(
            _("延期后的期限须晚于 %(now)s，且不晚于 %(max)s。") % {"now": assignment.deadline, "max": latest},
            extra={"requested_deadline": [_("申请的期限超出允许范围。")]},
        )
    if assignment.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ApplicationError(_("已有待审批的延期申请。"), code="request_pending")
    request = ExtensionRequest(
        assignment=assignment,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=actor,
    )
    request._history_user = actor
    request.save()
    transition(
        assignment,
        ASSIGNMENT,
        "request_extension",
        actor=actor,
        note=_("%(unit)s申请延期至 %(d)s：%(reason)s")
        % {"unit": assignment.unit.name, "d": requested_deadline, "reason": request.reason},
        event_code="extension_request",
        locked=True,
    )
    notify_on_commit(
        recipients=units.staff_user_ids(),
        key=f"extension-request:{request.pk}",
        title=Message(
            gettext_noop("延期申请待审批：%(title)s（%(unit)s）"),
            title=assignment.proposal.title,
            unit=assignment.unit.name,
        ),
        body=request.reason,
        url=proposal_url(assignment.proposal_id),
    )
    return request


@transaction.atomic
def extension_request_decide(
    *, actor: User, request: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Staff decide an extension with a reason; approving moves the assignment's deadline."""
    _require(permissions.can_manage_proposal(actor), STAFF_ONLY)
    request = lock(ExtensionRequest, request.pk, related=["assignment"])
    if request.state != ExtensionRequest.State.PENDING:
        raise ApplicationError(_("该申请已审批。"), code="already_decided")
    if not approve and not (note or "").strip():
        raise ApplicationError(_("不同意时请填写理由。"), extra={"note": [_("此项为必填项。")]})
    assignment = _lock_assignment(request.assignment_id)
    proposal = lock(Proposal, assignment.proposal_id)
    PROPOSAL.check(proposal, "decide_extension")
    transition(
        request,
        EXTENSION_REQUEST,
        "decide",
        actor=actor,
        target=ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED,
        changes={"decided_by": actor, "decided_at": now(), "decision_note": note.strip()},
        record=False,
        locked=True,
    )
    old = assignment.deadline
    if approve:
        assignment.deadline = request.requested_deadline
        save_tracked(assignment, ["deadline"], actor=actor, reason=_("同意延期"))
    transition(
        proposal,
        PROPOSAL,
        "decide_extension",
        actor=actor,
        event_values={"assignment": assignment},
        locked=True,
        note=(
            _("同意%(unit)s延期：%(old)s → %(new)s")
            % {"unit": assignment.unit.name, "old": old, "new": assignment.deadline}
            if approve
            else _("不同意%(unit)s延期") % {"unit": assignment.unit.name}
        )
        + (f"：{note}" if note else ""),
    )
    notify_on_commit(
        recipients=unit_users([assignment.unit_id]),
        key=f"extension-request:{request.pk}:decided",
        title=Message(
            gettext_noop("延期申请已同意，新期限 %(d)s：%(title)s")
            if approve
            else gettext_noop("延期申请未同意：%(title)s"),
            d=assignment.deadline,
            title=proposal.title,
        ),
        body=note,
        url=proposal_url(proposal.pk),
    )
    return request
