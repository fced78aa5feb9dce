"""Writes of a proposal's own life: draft, co-signing, submission, registration, assignment,
rating, closing, oversight (督办) and disclosure. One service per transition (see
``proposals.workflow``); each locks the row, checks the state and the caller, saves, writes a
``ProposalEvent`` and queues notifications after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from congress import units
from congress.casework.services import create_tracked, lock, record_event, transition, transition_many
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.i18n import choice_label
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import WorkCalendar, deadline_after
from deputies.models import Deputy
from deputies.selectors import current_term, deputy_for_user
from proposals import permissions
from proposals.models import Assignment, Category, CoSigner, Proposal, Rating
from proposals.services._common import (
    deputy_users,
    notify_on_commit,
    now,
    proposal_url,
    today,
    unit_users,
)
from proposals.services.search import proposal_search_refresh
from proposals.workflow import ASSIGNMENT, COSIGNER, PROPOSAL

P = Proposal.State

RATERS_ONLY = gettext_lazy("只有领衔代表和附议代表可以测评。")
UNSATISFIED_NEEDS_REASON = gettext_lazy("选择“不满意”时，请填写不满意的理由。")
SERIAL_LETTER = {Proposal.Kind.SUGGESTION: "建", Proposal.Kind.MOTION: "议"}


def _require(condition: bool, message=None) -> None:
    if not condition:
        raise PermissionDeniedError(message)


# --- deadlines ---------------------------------------------------------------------------


def reply_deadline_for(start: dt.date, *, is_hard: bool = False) -> dt.date:
    """The reply deadline of an assignment made on ``start`` (rules ``proposals.reply_deadline``,
    or ``proposals.reply_deadline_hard`` where handling is hard), in working-day arithmetic."""
    key = "proposals.reply_deadline_hard" if is_hard else "proposals.reply_deadline"
    return deadline_after(start, rule_get(key))


def assisting_deadline_for(start: dt.date, *, lead_deadline: dt.date | None = None) -> dt.date:
    """An assisting or joint unit's opinion deadline: ``proposals.assisting_opinion_deadline``
    after ``start``, but no later than ``proposals.assisting_opinion_lead_days`` working days
    before the lead unit's reply deadline (``lead_deadline``), so that the lead unit has the
    opinions before it replies; never before ``start``."""
    deadline = deadline_after(start, rule_get("proposals.assisting_opinion_deadline"))
    if lead_deadline is not None:
        ahead = WorkCalendar().subtract_workdays(
            lead_deadline, rule_get("proposals.assisting_opinion_lead_days")
        )
        deadline = max(min(deadline, ahead), start)
    return deadline


def _lead_deadline(proposal: Proposal) -> dt.date | None:
    """The earliest reply deadline of the proposal's lead units (withdrawn ones left out)."""
    return (
        Assignment.objects.filter(proposal=proposal, role=Assignment.Role.LEAD)
        .exclude(state=Assignment.State.WITHDRAWN)
        .aggregate(first=Min("deadline"))["first"]
    )


# --- draft and co-signers --------------------------------------------------------------------


def _cosigner_deputies(*, ids: Iterable[int], lead: Deputy) -> list[Deputy]:
    wanted = list(dict.fromkeys(int(pk) for pk in ids))
    if lead.pk in wanted:
        raise ApplicationError(
            _("领衔代表不需要邀请自己附议。"),
            code="invalid",
            extra={"co_signers": [_("不能包含领衔代表本人。")]},
        )
    found = {d.pk: d for d in Deputy.objects.filter(pk__in=wanted, term_id=lead.term_id, is_active=True)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            _("附议代表不存在或不是本届在任代表。"),
            code="invalid",
            extra={"co_signers": [_("无效的代表编号：%(ids)s") % {"ids": "、".join(map(str, missing))}]},
        )
    return [found[pk] for pk in wanted]


def _invite(*, proposal: Proposal, deputies: Sequence[Deputy], actor: User | None, confirmed: bool) -> None:
    state = CoSigner.State.CONFIRMED if confirmed else CoSigner.State.INVITED
    for deputy in deputies:
        create_tracked(
            CoSigner,
            actor=actor,
            reason=_("邀请附议"),
            proposal=proposal,
            deputy=deputy,
            state=state,
            responded_at=now() if confirmed else None,
        )
    if deputies and not confirmed:
        users = [d.user for d in deputies if d.user_id]
        notify_on_commit(
            recipients=users,
            key=f"proposal:{proposal.pk}:cosign-invite",
            title=Message(
                gettext_noop("%(name)s 邀请您附议：%(title)s"),
                name=proposal.lead_deputy.name,
                title=proposal.title,
            ),
            url=proposal_url(proposal.pk),
        )


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    kind: str,
    title: str,
    content: str,
    co_signers: Iterable[int] = (),
    category: Category | None = None,
    lead_deputy: Deputy | None = None,
    source: str = Proposal.Source.ONLINE,
    year: int | None = None,
    is_hard: bool = False,
) -> Proposal:
    """A new draft. A deputy writes their own (``lead_deputy`` is the caller's deputy record);
    staff register a paper proposal on a deputy's behalf (``lead_deputy`` required,
    ``source=paper``: the co-signers signed on paper, so they count as confirmed)."""
    own = deputy_for_user(actor)
    if lead_deputy is None or (own is not None and lead_deputy.pk == own.pk):
        _require(own is not None, _("只有人大代表可以提出建议。"))
        lead_deputy = own
    else:
        _require(permissions.is_staff(actor), _("只有工作人员可以代代表登记建议。"))
    if kind not in Proposal.Kind.values:
        raise ApplicationError(_("类型无效。"), extra={"kind": [_("请选择建议或议案。")]})
    if not title.strip() or not content.strip():
        raise ApplicationError(_("请填写标题和内容。"), extra={"title": [_("此项为必填项。")]})
    deputies = _cosigner_deputies(ids=co_signers, lead=lead_deputy)
    term = lead_deputy.term if lead_deputy.term_id else current_term()
    proposal = create_tracked(
        Proposal,
        actor=actor,
        reason=_("起草"),
        kind=kind,
        title=title.strip(),
        content=content.strip(),
        category=category,
        term=term,
        year=year or today().year,
        lead_deputy=lead_deputy,
        source=source,
        is_hard=is_hard,
        created_by=actor,
    )
    record_event(proposal, PROPOSAL, "create", actor=actor, from_state="")
    _invite(proposal=proposal, deputies=deputies, actor=actor, confirmed=source == Proposal.Source.PAPER)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    title: str,
    content: str,
    kind: str | None = None,
    category: Category | None = None,
    co_signers: Iterable[int] | None = None,
) -> Proposal:
    """Edit a draft (lead deputy or staff). ``co_signers`` replaces the invitation list:
    new deputies are invited, removed ones dropped; confirmations stay."""
    proposal = lock(proposal)
    PROPOSAL.check_permission(proposal, "edit", actor)
    PROPOSAL.check(proposal, "edit")
    proposal.title, proposal.content = title.strip(), content.strip()
    proposal.kind = kind or proposal.kind
    proposal.category = category
    proposal.full_clean(validate_unique=False, validate_constraints=False)
    if co_signers is not None:
        deputies = _cosigner_deputies(ids=co_signers, lead=proposal.lead_deputy)
        wanted = {d.pk for d in deputies}
        CoSigner.objects.filter(proposal=proposal).exclude(deputy_id__in=wanted).delete()
        existing = set(CoSigner.objects.filter(proposal=proposal).values_list("deputy_id", flat=True))
        _invite(
            proposal=proposal,
            deputies=[d for d in deputies if d.pk not in existing],
            actor=actor,
            confirmed=False,
        )
    return transition(
        proposal,
        PROPOSAL,
        "edit",
        actor=actor,
        changes={
            "title": proposal.title,
            "content": proposal.content,
            "kind": proposal.kind,
            "category": category,
        },
        locked=True,
    )


def _answer_cosign(*, actor: User, cosigner: CoSigner, code: str) -> CoSigner:
    cosigner = lock(CoSigner, cosigner.pk, related=["proposal", "deputy"])
    proposal = cosigner.proposal
    PROPOSAL.check(proposal, "cosign")
    if cosigner.state != CoSigner.State.INVITED:
        raise ApplicationError(_("您已答复过该附议邀请。"), code="already_answered")
    cosigner = transition(
        cosigner,
        COSIGNER,
        code,
        actor=actor,
        changes={"responded_at": now()},
        note=str(cosigner.deputy),
        permission_message=_("只有被邀请的代表本人可以确认附议。"),
        locked=True,
    )
    state = cosigner.state
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:cosign:{cosigner.pk}:{state}",
        title=Message(
            gettext_noop("%(name)s 已确认附议：%(title)s")
            if state == CoSigner.State.CONFIRMED
            else gettext_noop("%(name)s 谢绝附议：%(title)s"),
            name=cosigner.deputy.name,
            title=proposal.title,
        ),
        url=proposal_url(proposal.pk),
    )
    return cosigner


@transaction.atomic
def cosign_confirm(*, actor: User, cosigner: CoSigner) -> CoSigner:
    """The invited deputy confirms co-signing (while the proposal is a draft or submitted)."""
    return _answer_cosign(actor=actor, cosigner=cosigner, code="confirm")


@transaction.atomic
def cosign_decline(*, actor: User, cosigner: CoSigner) -> CoSigner:
    return _answer_cosign(actor=actor, cosigner=cosigner, code="decline")


# --- submission and registration ---------------------------------------------------------------


@transaction.atomic
def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """Draft → submitted: an online draft by its lead deputy, a paper one by staff. A motion needs
    at least ``proposals.motion_min_cosigners`` signers, the lead deputy included."""
    proposal = lock(proposal)
    PROPOSAL.check_permission(
        proposal,
        "submit",
        actor,
        _("纸质登记的建议由工作人员提交。")
        if proposal.source == Proposal.Source.PAPER
        else _("只有领衔代表本人可以提交。"),
    )
    PROPOSAL.check(proposal, "submit")
    if proposal.kind == Proposal.Kind.MOTION:
        minimum = rule_get("proposals.motion_min_cosigners")
        signers = 1 + proposal.cosigners.filter(state=CoSigner.State.CONFIRMED).count()
        if signers < minimum:
            raise ApplicationError(
                _("议案须由 %(min)d 名以上代表联名（含领衔代表），目前已确认 %(n)d 名。")
                % {"min": minimum, "n": signers},
                code="not_enough_cosigners",
            )
    proposal = transition(
        proposal, PROPOSAL, "submit", actor=actor, changes={"submitted_at": now()}, locked=True
    )
    notify_on_commit(
        recipients=units.staff_user_ids(),
        key=f"proposal:{proposal.pk}:submitted",
        title=Message(gettext_noop("新提交待立案：%(title)s"), title=proposal.title),
        url=proposal_url(proposal.pk),
    )
    return proposal


def _next_serial(proposal: Proposal) -> str:
    prefix = f"{proposal.year}-{SERIAL_LETTER[proposal.kind]}-"
    last = Proposal.objects.filter(serial__startswith=prefix).aggregate(m=Max("serial"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


STAFF_ONLY = gettext_lazy("仅限人大常委会工作人员。")


def _staff_lock(actor: User, proposal: Proposal, code: str) -> Proposal:
    """Lock, then the caller's right, then the state: for services that read the locked row
    before their ``transition``."""
    proposal = lock(proposal)
    PROPOSAL.check_permission(proposal, code, actor, STAFF_ONLY)
    PROPOSAL.check(proposal, code)
    return proposal


@transaction.atomic
def proposal_register(
    *, actor: User, proposal: Proposal, category: Category | None = None, note: str = ""
) -> Proposal:
    """立案 (staff): submitted → registered, with a serial number such as 2026-建-0001."""
    proposal = _staff_lock(actor, proposal, "register")
    proposal = transition(
        proposal,
        PROPOSAL,
        "register",
        actor=actor,
        changes={
            "registered_at": now(),
            "category": category if category is not None else proposal.category,
            "serial": proposal.serial or _next_serial(proposal),
        },
        note=note,
        locked=True,
    )
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:registered",
        title=Message(
            gettext_noop("您的建议已立案：%(title)s（%(serial)s）"),
            title=proposal.title,
            serial=proposal.serial,
        ),
        url=proposal_url(proposal.pk),
    )
    return proposal


@transaction.atomic
def proposal_return(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """不予立案 (staff) with a reason the deputy sees."""
    if not (reason or "").strip():
        raise ApplicationError(_("请填写不予立案的理由。"), extra={"reason": [_("此项为必填项。")]})
    proposal = transition(
        proposal,
        PROPOSAL,
        "return",
        actor=actor,
        changes={"return_reason": reason.strip()},
        note=reason,
        permission_message=STAFF_ONLY,
    )
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:returned",
        title=Message(gettext_noop("您的建议不予立案：%(title)s"), title=proposal.title),
        body=reason,
        url=proposal_url(proposal.pk),
    )
    return proposal


@transaction.atomic
def proposal_merge(*, actor: User, proposal: Proposal, into: Proposal, note: str = "") -> Proposal:
    """并案 (staff): a duplicate is handled as part of ``into``; its deputy is told where."""
    if into.pk == proposal.pk:
        raise ApplicationError(_("不能并入自身。"), extra={"into": [_("请选择另一件建议。")]})
    proposal = _staff_lock(actor, proposal, "merge")
    into = Proposal.objects.get(pk=into.pk)
    if into.state in (P.DRAFT, P.RETURNED, P.MERGED, P.CLOSED):
        raise ApplicationError(
            _("目标建议的状态为“%(state)s”，不能并入。") % {"state": into.get_state_display()},
            extra={"into": [_("请选择已提交、已立案或办理中的建议。")]},
        )
    proposal = transition(
        proposal,
        PROPOSAL,
        "merge",
        actor=actor,
        changes={"merged_into": into},
        note=note or _("并入：%(title)s") % {"title": into.title},
        locked=True,
    )
    # The surviving proposal's timeline says what was merged into it (its state stays).
    record_event(into, PROPOSAL, "merge", actor=actor, note=_("并入：%(title)s") % {"title": proposal.title})
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:merged",
        title=Message(gettext_noop("您的建议已并入“%(into)s”办理"), into=into.title),
        url=proposal_url(proposal.pk),
    )
    return proposal


@transaction.atomic
def proposal_convert_to_suggestion(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """A motion not placed on the agenda is handled as a suggestion (staff)."""
    proposal = _staff_lock(actor, proposal, "convert")
    if proposal.kind != Proposal.Kind.MOTION:
        raise ApplicationError(_("只有议案可以转为建议。"), code="not_a_motion")
    proposal.kind = Proposal.Kind.SUGGESTION
    if proposal.serial:
        proposal.serial = None
        proposal.serial = _next_serial(proposal)
    proposal = transition(
        proposal,
        PROPOSAL,
        "convert",
        actor=actor,
        changes={"kind": proposal.kind, "serial": proposal.serial},
        reason=_("议案转为建议"),
        note=note,
        locked=True,
    )
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:converted",
        title=Message(gettext_noop("您的议案转为建议办理：%(title)s"), title=proposal.title),
        url=proposal_url(proposal.pk),
    )
    return proposal


# --- assignment ----------------------------------------------------------------------------------


def _units(ids: Iterable, field: str) -> list[Organization]:
    wanted = list(dict.fromkeys(int(getattr(u, "pk", u)) for u in ids))
    found = {
        u.pk: u for u in Organization.objects.filter(pk__in=wanted, is_active=True, is_handling_unit=True)
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            _("承办单位不存在或不可承办。"),
            extra={field: [_("无效的单位编号：%(ids)s") % {"ids": "、".join(map(str, missing))}]},
        )
    return [found[pk] for pk in wanted]


def assignment_create(
    *,
    actor: User | None,
    proposal: Proposal,
    unit: Organization,
    role: str,
    start: dt.date,
    is_hard: bool,
    handling_round: int = 1,
    lead_deadline: dt.date | None = None,
) -> Assignment:
    """One unit's assignment with its deadline from the rules (internal: callers hold the lock).
    An assisting or joint unit's deadline comes ahead of the lead units' (``lead_deadline``,
    read from the proposal's lead assignments when not given)."""
    if role == Assignment.Role.LEAD:
        deadline = reply_deadline_for(start, is_hard=is_hard)
    else:
        deadline = assisting_deadline_for(start, lead_deadline=lead_deadline or _lead_deadline(proposal))
    return create_tracked(
        Assignment,
        actor=actor,
        reason=_("交办"),
        proposal=proposal,
        unit=unit,
        role=role,
        deadline=deadline,
        is_hard=is_hard,
        assigned_at=now(),
        assigned_by=actor,
        handling_round=handling_round,
    )


@transaction.atomic
def proposal_assign(
    *,
    actor: User,
    proposal: Proposal,
    lead_units: Iterable = (),
    assisting_units: Iterable = (),
    joint_units: Iterable = (),
    is_hard: bool | None = None,
    assigned_on: dt.date | None = None,
    note: str = "",
) -> list[Assignment]:
    """交办 (staff): registered → assigned; also adds units to an assigned proposal. Lead units
    reply by ``proposals.reply_deadline`` (``…_hard`` where hard); assisting and joint units
    send their opinion by ``assisting_deadline_for`` (ahead of the lead units' deadline). ``assigned_on`` lets staff
    enter the date of a paper assignment; it defaults to today."""
    proposal = _staff_lock(actor, proposal, "assign")
    leads = _units(lead_units, "lead_units")
    assisting = _units(assisting_units, "assisting_units")
    joint = _units(joint_units, "joint_units")
    chosen = [u.pk for u in leads + assisting + joint]
    if len(chosen) != len(set(chosen)):
        raise ApplicationError(
            _("同一单位不能重复交办。"), extra={"assisting_units": [_("与主办单位重复。")]}
        )
    live = set(proposal.assignments.exclude(state=Assignment.State.WITHDRAWN).values_list("unit_id", "role"))
    already = {unit_id for unit_id, _role in live} & set(chosen)
    if already:
        raise ApplicationError(_("所选单位已承办此建议。"), extra={"lead_units": [_("单位已在承办中。")]})
    has_lead = any(role == Assignment.Role.LEAD for _unit, role in live)
    if not leads and not has_lead:
        raise ApplicationError(_("请至少选择一个主办单位。"), extra={"lead_units": [_("此项为必填项。")]})
    if is_hard is not None and is_hard != proposal.is_hard:
        proposal.is_hard = is_hard
    start = assigned_on or today()

    def create(unit, role, lead_deadline=None):
        return assignment_create(
            actor=actor,
            proposal=proposal,
            unit=unit,
            role=role,
            start=start,
            is_hard=proposal.is_hard,
            handling_round=proposal.handling_round,
            lead_deadline=lead_deadline,
        )

    created = [create(unit, Assignment.Role.LEAD) for unit in leads]
    # Assisting and joint opinions are due ahead of the earliest lead deadline (new or existing).
    lead_deadline = _lead_deadline(proposal) if assisting or joint else None
    created += [create(unit, Assignment.Role.ASSISTING, lead_deadline) for unit in assisting]
    created += [create(unit, Assignment.Role.JOINT, lead_deadline) for unit in joint]
    names = "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in created)
    proposal = transition(
        proposal,
        PROPOSAL,
        "assign",
        actor=actor,
        changes={"is_hard": proposal.is_hard},
        note=note or names,
        locked=True,
    )
    for assignment in created:
        notify_on_commit(
            recipients=unit_users([assignment.unit_id]),
            key=f"assignment:{assignment.pk}:assigned",
            title=Message(
                gettext_noop("新交办%(role)s：%(title)s，期限 %(deadline)s"),
                role=choice_label(Assignment.Role, assignment.role),
                title=proposal.title,
                deadline=assignment.deadline,
            ),
            url=proposal_url(proposal.pk),
        )
    notify_on_commit(
        recipients=deputy_users(proposal),
        key=f"proposal:{proposal.pk}:assigned:{len(live) + len(created)}",
        title=Message(gettext_noop("您的建议已交办：%(title)s"), title=proposal.title),
        body=Message.join(
            "、",
            (Message.concat(a.unit.name, "（", choice_label(Assignment.Role, a.role), "）") for a in created),
        ),
        url=proposal_url(proposal.pk),
    )
    return created


# --- rating and closing -----------------------------------------------------------------------------


@transaction.atomic
def proposal_rate(*, actor: User, proposal: Proposal, satisfaction: str, comment: str = "") -> Rating:
    """满意度测评 while the reply waits (replied). The lead deputy's rating decides: satisfied or
    basically satisfied closes it; unsatisfied sends it back to handling once (rehandling, new
    deadline ``proposals.rehandling_deadline``); unsatisfied again closes it as rated.
    "Unsatisfied" needs a reason (``comment``): the units handle it again on that reason.
    Confirmed co-signers may rate too; their rating is recorded and changes nothing.
    Closing closes every assignment still open with it (``assignments_close_open``)."""
    if satisfaction not in Rating.Satisfaction.values:
        raise ApplicationError(
            _("测评结果无效。"), extra={"satisfaction": [_("请选择满意、基本满意或不满意。")]}
        )
    comment = (comment or "").strip()
    if satisfaction == Rating.Satisfaction.UNSATISFIED and not comment:
        raise ApplicationError(UNSATISFIED_NEEDS_REASON, extra={"comment": [UNSATISFIED_NEEDS_REASON]})
    proposal = lock(proposal)
    PROPOSAL.check(proposal, "rate", target=proposal.state)
    _require(permissions.can_rate(actor, proposal), RATERS_ONLY)
    deputy = deputy_for_user(actor)
    if Rating.objects.filter(
        proposal=proposal, deputy=deputy, handling_round=proposal.handling_round
    ).exists():
        raise ApplicationError(_("您已对本轮答复作出测评。"), code="already_rated")
    decisive = deputy.pk == proposal.lead_deputy_id
    rating = create_tracked(
        Rating,
        actor=actor,
        reason=_("满意度测评"),
        proposal=proposal,
        deputy=deputy,
        handling_round=proposal.handling_round,
        satisfaction=satisfaction,
        comment=comment,
        is_decisive=decisive,
    )
    label = rating.get_satisfaction_display()
    if not decisive:
        # A co-signer's rating is recorded; the state stays.
        transition(
            proposal,
            PROPOSAL,
            "rate",
            actor=actor,
            target=proposal.state,
            note=f"{deputy.name}：{label} {comment}".strip(),
            locked=True,
        )
        return rating
    lead_assignments = list(
        proposal.assignments.select_for_update()
        .filter(role=Assignment.Role.LEAD)
        .exclude(state=Assignment.State.WITHDRAWN)
    )
    if satisfaction == Rating.Satisfaction.UNSATISFIED and proposal.handling_round == 1:
        deadline = deadline_after(today(), rule_get("proposals.rehandling_deadline"))
        transition(
            proposal,
            PROPOSAL,
            "rate",
            actor=actor,
            target=P.REHANDLING,
            changes={"handling_round": 2, "rating_deadline": None},
            reason=_("重新办理"),
            note=f"{label} {comment}".strip(),
            locked=True,
        )
        for assignment in lead_assignments:
            # Part of the deputy's rating: its event tells the whole step.
            transition(
                assignment,
                ASSIGNMENT,
                "rehandle",
                actor=actor,
                changes={
                    "handling_round": 2,
                    "deadline": deadline,
                    "received_at": assignment.received_at or now(),
                },
                record=False,
                locked=True,
            )
        notify_on_commit(
            recipients=unit_users([a.unit_id for a in lead_assignments]),
            key=f"proposal:{proposal.pk}:rehandling",
            title=Message(
                gettext_noop("代表不满意，请重新办理：%(title)s，期限 %(deadline)s"),
                title=proposal.title,
                deadline=deadline,
            ),
            body=comment,
            url=proposal_url(proposal.pk),
            level=Notification.Level.WARNING,
        )
        return rating
    transition(
        proposal,
        PROPOSAL,
        "rate",
        actor=actor,
        target=P.CLOSED,
        changes={
            "closed_at": now(),
            "closed_as": Proposal.ClosedAs.RATED,
            "final_satisfaction": satisfaction,
        },
        reason=_("测评办结"),
        note=f"{label} {comment}".strip(),
        locked=True,
    )
    assignments_close_open(proposal_ids=[proposal.pk], actor=actor)
    proposal_search_refresh(proposal_ids=[proposal.pk])
    notify_on_commit(
        recipients=unit_users([a.unit_id for a in lead_assignments]),
        key=f"proposal:{proposal.pk}:rated:{proposal.handling_round}",
        title=Message(
            gettext_noop("代表测评：%(label)s —— %(title)s"),
            label=choice_label(Rating.Satisfaction, satisfaction),
            title=proposal.title,
        ),
        body=comment,
        url=proposal_url(proposal.pk),
    )
    return rating


@transaction.atomic
def proposal_close_unrated(
    *, actor: User | None, proposal: Proposal, force: bool = False, system: bool = False
) -> Proposal:
    """Close a replied proposal as "not rated" once its rating deadline has passed (staff, or a
    job with ``system=True``) or earlier when staff decide (``force``). The daily job closes
    in bulk with ``reminders.proposals_close_unrated_due``. What is still open of it closes too."""
    proposal = lock(proposal)
    if not system:
        PROPOSAL.check_permission(proposal, "close_unrated", actor, STAFF_ONLY)
    PROPOSAL.check(proposal, "close_unrated")
    if not force and (proposal.rating_deadline is None or proposal.rating_deadline >= today()):
        raise ApplicationError(_("测评期限尚未届满。"), code="rating_not_due")
    proposal = transition(
        proposal,
        PROPOSAL,
        "close_unrated",
        actor=actor,
        system=system,
        changes={"closed_at": now(), "closed_as": Proposal.ClosedAs.NOT_RATED, "final_satisfaction": ""},
        reason=_("逾期未测评"),
        locked=True,
    )
    assignments_close_open(proposal_ids=[proposal.pk], actor=actor)
    proposal_search_refresh(proposal_ids=[proposal.pk])
    return proposal


def assignments_close_open(*, proposal_ids: Sequence[int], actor: User | None = None) -> list[Assignment]:
    """Part of closing proposals (internal: callers hold the proposals' locks): every assignment
    still open (an assisting unit that never signed or gave its opinion) closes with its
    proposal (``已办结``): the unit's inbox shows it done and nothing reminds it any more. One
    locking read, one bulk update, its history and the events, whatever the number."""
    rows = Assignment.objects.select_for_update().filter(
        proposal_id__in=list(proposal_ids), state__in=Assignment.OPEN_STATES
    )
    return transition_many(
        rows, ASSIGNMENT, "close", actor=actor, note=_("建议已办结，本单位交办事项随之办结")
    )


# --- oversight and disclosure ------------------------------------------------------------------------


@transaction.atomic
def proposal_set_oversight(
    *,
    actor: User,
    proposal: Proposal,
    is_key_oversight: bool,
    oversight_committee: Organization | None = None,
    oversight_deputies: Iterable[Deputy] = (),
    oversight_leader: str = "",
) -> Proposal:
    """督办 (staff): key oversight by the chairpersons' meeting, counterpart oversight by a
    working committee, deputies joining, and oversight led by a government leader."""
    proposal = _staff_lock(actor, proposal, "supervise")
    if oversight_committee is not None and oversight_committee.kind != Organization.Kind.WORKING_COMMITTEE:
        raise ApplicationError(
            _("对口督办单位须为人大工作委员会。"), extra={"oversight_committee": [_("请选择工作委员会。")]}
        )
    proposal.oversight_deputies.set(list(oversight_deputies))
    parts = []
    if is_key_oversight:
        parts.append(_("主任会议重点督办"))
    if oversight_committee:
        parts.append(_("%(c)s对口督办") % {"c": oversight_committee.name})
    if oversight_leader:
        parts.append(_("%(l)s牵头督办") % {"l": oversight_leader})
    return transition(
        proposal,
        PROPOSAL,
        "supervise",
        actor=actor,
        changes={
            "is_key_oversight": is_key_oversight,
            "oversight_committee": oversight_committee,
            "oversight_leader": oversight_leader.strip(),
        },
        note="；".join(map(str, parts)) or _("取消督办"),
        locked=True,
    )


@transaction.atomic
def proposal_mark_key_oversight(*, actor: User, proposal: Proposal) -> Proposal:
    return proposal_set_oversight(
        actor=actor,
        proposal=proposal,
        is_key_oversight=True,
        oversight_committee=proposal.oversight_committee,
        oversight_deputies=list(proposal.oversight_deputies.all()),
        oversight_leader=proposal.oversight_leader,
    )


@transaction.atomic
def proposal_withhold(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Keep a proposal and its reply off the public website and API, with a recorded reason."""
    if not (reason or "").strip():
        raise ApplicationError(_("请填写不予公开的理由。"), extra={"reason": [_("此项为必填项。")]})
    proposal = transition(
        proposal,
        PROPOSAL,
        "withhold",
        actor=actor,
        changes={"is_withheld": True, "withheld_reason": reason.strip()[:200]},
        reason=_("不予公开"),
        note=reason,
        permission_message=STAFF_ONLY,
    )
    proposal_search_refresh(proposal_ids=[proposal.pk])
    return proposal


@transaction.atomic
def proposal_unwithhold(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    proposal = transition(
        proposal,
        PROPOSAL,
        "unwithhold",
        actor=actor,
        changes={"is_withheld": False, "withheld_reason": ""},
        note=note,
        permission_message=STAFF_ONLY,
    )
    proposal_search_refresh(proposal_ids=[proposal.pk])
    return proposal
