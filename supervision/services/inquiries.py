"""Inquiries (专题询问 / 常态化询问): staff set one up at a standing-committee meeting; committee
members and deputies put questions to units while it is open; the unit's head answers in
person or names a deputy head (the unit's officer or staff record the answer); what the
official commits to do is recorded with a due date and tracked to done — the unit reports it
fulfilled, staff accept it or send it back. Staff mark the inquiry held: from then on the whole
record (questions, answers, commitments and how they were kept) is public.

Every state change is a declared action taken through the kernel's ``transition()``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from meetings.models import Meeting
from supervision import permissions
from supervision.models import Inquiry, InquiryCommitment, InquiryQuestion, PlanItem
from supervision.services._common import (
    NOT_STAFF,
    NOT_UNIT,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    supervised_unit,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow_inquiries import COMMITMENT, INQUIRY, QUESTION

A = InquiryQuestion.State
R = InquiryQuestion.AnswererRole
CONTENT_LIMIT = 20000


def _text(value, field: str, message, limit: int = CONTENT_LIMIT) -> str:
    return required_text(value, field, message, limit=limit)


def _inquiry_url(inquiry_id: int) -> str:
    return url_for("portal:supervision-inquiry", inquiry_id)


def _commitment_url(commitment: InquiryCommitment) -> str:
    return url_for("portal:supervision-commitment", commitment.pk)


# --- the inquiry ---------------------------------------------------------------------------------


@transaction.atomic
def inquiry_create(
    *,
    actor: User,
    title: str,
    meeting: Meeting | None,
    kind: str = Inquiry.Kind.SPECIAL,
    plan_item: PlanItem | None = None,
    committee: Organization | None = None,
    description: str = "",
) -> Inquiry:
    """Staff set up an inquiry at a standing-committee meeting; it opens for questions."""
    require_staff(actor)
    title = _text(title, "title", _("请填写询问主题。"), limit=200)
    if meeting is None:
        raise field_error("meeting", _("请选择询问所在的常委会会议。"), code="required")
    if meeting.kind != Meeting.Kind.STANDING:
        raise field_error("meeting", _("请选择常委会会议。"))
    if kind not in Inquiry.Kind.values:
        raise field_error("kind", _("询问类别无效。"))
    if committee is not None and committee.kind != Organization.Kind.WORKING_COMMITTEE:
        raise field_error("committee", _("请选择人大工作委员会。"))
    if committee is None and plan_item is not None:
        committee = plan_item.committee
    inquiry = create_tracked(
        Inquiry,
        actor=actor,
        title=title,
        kind=kind,
        meeting=meeting,
        plan_item=plan_item,
        committee=committee,
        description=(description or "").strip(),
        created_by=actor,
    )
    record_event(inquiry, INQUIRY, "create", actor=actor, from_state="")
    return inquiry


@transaction.atomic
def inquiry_hold(*, actor: User, inquiry: Inquiry, note: str = "") -> Inquiry:
    """Staff mark the inquiry held once every question is answered: the record becomes
    public; the commitments go on being tracked."""
    inquiry = lock(inquiry)
    require_staff(actor)
    INQUIRY.check(inquiry, "hold")
    questions = list(inquiry.questions.values_list("state", flat=True))
    if not questions:
        raise field_error("note", _("询问还没有问题，不能结束。"), code="no_questions")
    if any(state != A.ANSWERED for state in questions):
        raise field_error("note", _("还有问题未录入答复，请先录入全部答复。"), code="unanswered")
    return transition(
        inquiry,
        INQUIRY,
        "hold",
        actor=actor,
        locked=True,
        changes={"held_at": timezone.now()},
        note=note,
        permission_message=NOT_STAFF,
    )


# --- questions -----------------------------------------------------------------------------------


def _asker(actor: User, asker: User | None) -> User:
    """Who asks: the member or deputy themselves, or — entered by staff — the one they name."""
    if asker is None or asker == actor:
        if not roles.has_role(actor, roles.MEMBER, roles.DEPUTY):
            raise field_error("asker", _("请选择提问的常委会组成人员或代表。"), code="required")
        return actor
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(_("只能以本人名义提出询问。"), code="not_self")
    if not asker.is_active or not roles.has_role(asker, roles.MEMBER, roles.DEPUTY):
        raise field_error("asker", _("提问人须为常委会组成人员或人大代表。"), code="bad_asker")
    return asker


@transaction.atomic
def question_ask(
    *, actor: User, inquiry: Inquiry, unit: Organization, content: str, asker: User | None = None
) -> InquiryQuestion:
    """A committee member or deputy puts a question to a unit at an open inquiry (staff may
    enter one asked on paper, naming the asker). The unit's officers are told."""
    inquiry = lock(inquiry)
    if not permissions.can_ask_question(actor, inquiry):
        raise PermissionDeniedError(_("仅限常委会组成人员、人大代表提出询问。"), code="not_member")
    INQUIRY.check(inquiry, "ask")
    supervised_unit(unit)
    content = _text(content, "content", _("请填写询问的问题。"))
    person = _asker(actor, asker)
    question = create_tracked(
        InquiryQuestion, actor=actor, inquiry=inquiry, asker=person, unit=unit, content=content
    )
    record_event(
        inquiry,
        INQUIRY,
        "ask",
        actor=actor,
        question=question,
        note=_("%(who)s 向%(unit)s提问") % {"who": person, "unit": unit.name},
    )
    notify_after_commit(
        unit_officer_ids(unit.pk),
        key=f"supervision:inquiry-question:{question.pk}:asked",
        title=Message(gettext_noop("询问问题：%(t)s"), t=inquiry.title),
        body=Message(
            gettext_noop("%(who)s 向贵单位提出询问，请准备由主要负责人或分管副职应询。"), who=str(person)
        ),
        url=_inquiry_url(inquiry.pk),
    )
    return question


def _answerer_name(unit: Organization, role: str, name: str) -> str:
    name = (name or "").strip()[:100]
    if name:
        return name
    registered = unit.head_name if role == R.HEAD else unit.deputy_head_name
    if registered:
        return registered
    raise field_error("answerer_name", _("请填写应询人姓名（单位未登记该负责人）。"), code="required")


@transaction.atomic
def question_answer(
    *, actor: User, question: InquiryQuestion, answer: str, answerer_role: str, answerer_name: str = ""
) -> InquiryQuestion:
    """The unit's officer or staff record the answer given by the unit's head in person or by
    the deputy head named to answer (the name defaults to the one registered for the unit)."""
    question = lock(question, related=("unit",))
    if not permissions.can_answer_question(actor, question):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    QUESTION.check(question, "answer")
    if answerer_role not in R.values:
        raise field_error("answerer_role", _("请选择应询人身份（主要负责人或分管副职）。"), code="required")
    name = _answerer_name(question.unit, answerer_role, answerer_name)
    answer = _text(answer, "answer", _("请填写答复内容。"))
    question = transition(
        question,
        QUESTION,
        "answer",
        actor=actor,
        locked=True,
        changes={
            "answer": answer,
            "answerer_role": answerer_role,
            "answerer_name": name,
            "answered_at": timezone.now(),
        },
        note=f"{R(answerer_role).label} {name}",
    )
    notify_after_commit(
        [question.asker_id],
        key=f"supervision:inquiry-question:{question.pk}:answered",
        title=Message(gettext_noop("您的询问已答复：%(t)s"), t=question.content[:40]),
        url=_inquiry_url(question.inquiry_id),
    )
    return question


# --- commitments ---------------------------------------------------------------------------------


@transaction.atomic
def commitment_add(
    *,
    actor: User,
    question: InquiryQuestion,
    content: str,
    due_date: dt.date | None,
    today: dt.date | None = None,
) -> InquiryCommitment:
    """Record what the answering official committed to do, by when (not in the past): a
    tracked item the unit owes a report of fulfilment on."""
    question = lock(question)
    if not permissions.can_answer_question(actor, question):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    QUESTION.check(question, "commit")
    content = _text(content, "content", _("请填写承诺事项。"), limit=5000)
    if due_date is None:
        raise field_error("due_date", _("请填写落实期限。"), code="required")
    if due_date < (today or local_today()):
        raise field_error("due_date", _("落实期限不能早于今天。"), code="past_due")
    commitment = create_tracked(
        InquiryCommitment,
        actor=actor,
        question=question,
        unit_id=question.unit_id,
        content=content,
        due_date=due_date,
        created_by=actor,
    )
    record_event(commitment, COMMITMENT, "create", actor=actor, from_state="")
    record_event(question, QUESTION, "commit", actor=actor, note=content[:100])
    notify_after_commit(
        unit_officer_ids(question.unit_id),
        key=f"supervision:inquiry-commitment:{commitment.pk}:created",
        title=Message(gettext_noop("询问承诺事项：%(t)s"), t=commitment.summary),
        body=Message(gettext_noop("请于 %(d)s 前落实并报告落实情况。"), d=due_date),
        url=_commitment_url(commitment),
        level=Notification.Level.REMINDER,
    )
    return commitment


@transaction.atomic
def commitment_report(*, actor: User, commitment: InquiryCommitment, report: str) -> InquiryCommitment:
    """The unit reports the commitment fulfilled; staff are told to check it."""
    commitment = lock(commitment)
    if not permissions.acts_for_unit(actor, commitment):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    COMMITMENT.check(commitment, "report")
    report = _text(report, "report", _("请填写落实情况。"))
    commitment = transition(
        commitment,
        COMMITMENT,
        "report",
        actor=actor,
        locked=True,
        changes={"report": report, "reported_at": timezone.now()},
    )
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:inquiry-commitment:{commitment.pk}:reported:{commitment.reported_at:%Y%m%d%H%M%S}",
        title=Message(gettext_noop("承诺事项已报告落实：%(t)s"), t=commitment.summary),
        body=Message(gettext_noop("请核实后确认已落实或退回。")),
        url=url_for("admin:supervision_inquirycommitment_change", commitment.pk),
    )
    return commitment


@transaction.atomic
def commitment_accept(*, actor: User, commitment: InquiryCommitment, note: str = "") -> InquiryCommitment:
    """Staff accept the report: the commitment is done."""
    require_staff(actor)
    commitment = transition(
        commitment,
        COMMITMENT,
        "accept",
        actor=actor,
        changes={"done_at": timezone.now()},
        note=(note or "").strip(),
        permission_message=NOT_STAFF,
    )
    notify_after_commit(
        unit_officer_ids(commitment.unit_id),
        key=f"supervision:inquiry-commitment:{commitment.pk}:done",
        title=Message(gettext_noop("承诺事项已确认落实：%(t)s"), t=commitment.summary),
        url=_commitment_url(commitment),
    )
    return commitment


@transaction.atomic
def commitment_send_back(
    *,
    actor: User,
    commitment: InquiryCommitment,
    reason: str,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> InquiryCommitment:
    """Staff send the report back with a reason (and, if they give one, a new due date not in
    the past): the unit owes the report again."""
    commitment = lock(commitment)
    require_staff(actor)
    COMMITMENT.check(commitment, "send_back")
    reason = _text(reason, "reason", _("请说明退回理由。"), limit=2000)
    changes = {"reported_at": None}
    if due_date is not None:
        if due_date < (today or local_today()):
            raise field_error("due_date", _("落实期限不能早于今天。"), code="past_due")
        changes["due_date"] = due_date
    commitment = transition(
        commitment, COMMITMENT, "send_back", actor=actor, locked=True, changes=changes, note=reason
    )
    notify_after_commit(
        unit_officer_ids(commitment.unit_id),
        key=f"supervision:inquiry-commitment:{commitment.pk}:back:{commitment.events.count()}",
        title=Message(gettext_noop("承诺事项退回继续落实：%(t)s"), t=commitment.summary),
        body=Message(
            gettext_noop("退回理由：%(r)s。请于 %(d)s 前再次报告。"), r=reason, d=commitment.due_date
        ),
        url=_commitment_url(commitment),
        level=Notification.Level.WARNING,
    )
    return commitment
