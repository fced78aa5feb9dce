"""Interpellation (质询案, 监督法 第六章): filed in writing with the joint signers the rule
requires (three committee members at a standing-committee meeting, ten deputies at a congress
session — rules ``supervision.interpellation_min_signers`` and
``…_min_signers_congress``); the chairpersons' meeting decides to pass it on to the unit or
not; the unit's head answers orally at a meeting (staff record it) or in writing (the unit's
officer enters it, or staff from paper) by the rule's deadline; a signer may declare the answer
unsatisfactory and a new answer is owed; staff close it. Answered interpellations are public."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from meetings.models import Meeting
from supervision import permissions
from supervision.models import Interpellation, InterpellationAnswer
from supervision.services._common import (
    NOT_STAFF,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    supervised_unit,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow import INTERPELLATION

I = Interpellation.State  # noqa: E741
O = Interpellation.Occasion  # noqa: E741


def _url(interpellation: Interpellation) -> str:
    return url_for("portal:supervision-interpellation", interpellation.pk)


def min_signers(occasion: str) -> int:
    key = (
        "supervision.interpellation_min_signers_congress"
        if occasion == O.CONGRESS
        else "supervision.interpellation_min_signers"
    )
    return rule_get(key)


def _signers(occasion: str, signers: Iterable) -> list[User]:
    """The signers as users, each of the kind the occasion asks for (members at a standing-
    committee meeting, deputies at a congress session), at least the rule's number."""
    ids = []
    for signer in signers or ():
        pk = getattr(signer, "pk", signer)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise field_error("signers", _("联名人编号无效。")) from None
    ids = list(dict.fromkeys(ids))
    role = roles.DEPUTY if occasion == O.CONGRESS else roles.MEMBER
    found = {
        user.pk: user
        for user in User.objects.filter(pk__in=ids, is_active=True, groups__name=role).distinct()
    }
    strangers = [pk for pk in ids if pk not in found]
    if strangers:
        who = _("人大代表") if occasion == O.CONGRESS else _("常委会组成人员")
        raise field_error(
            "signers",
            _("联名人须为%(who)s，以下编号不符合：%(ids)s")
            % {"who": who, "ids": "、".join(map(str, strangers))},
            code="bad_signers",
        )
    needed = min_signers(occasion)
    if len(found) < needed:
        message = (
            _("质询案须由代表 %(n)d 人以上联名提出，现有 %(k)d 人。")
            if occasion == O.CONGRESS
            else _("质询案须由常委会组成人员 %(n)d 人以上联名提出，现有 %(k)d 人。")
        ) % {"n": needed, "k": len(found)}
        raise field_error("signers", message, code="too_few_signers")
    return [found[pk] for pk in ids]


@transaction.atomic
def interpellation_file(
    *,
    actor: User,
    title: str,
    unit: Organization,
    content: str,
    signers: Iterable,
    occasion: str = O.STANDING,
    meeting: Meeting | None = None,
) -> Interpellation:
    """A committee member (or staff entering a paper one) files an interpellation with its
    joint signers; staff are told (the chairpersons' meeting decides on it)."""
    if not permissions.can_file_interpellation(actor):
        raise PermissionDeniedError(_("仅限常委会组成人员或工作人员提出质询案。"), code="not_member")
    title = required_text(title, "title", _("请填写案由。"))
    content = required_text(content, "content", _("请填写质询的问题和内容。"))
    supervised_unit(unit)
    if occasion not in O.values:
        raise field_error("occasion", _("提出场合无效。"))
    people = _signers(occasion, signers)
    interpellation = create_tracked(
        Interpellation,
        actor=actor,
        title=title[:200],
        unit=unit,
        content=content,
        occasion=occasion,
        meeting=meeting,
        filed_by=actor,
    )
    interpellation.signers.set(people)
    record_event(
        interpellation,
        INTERPELLATION,
        "file",
        actor=actor,
        from_state="",
        note=_("联名人：%(names)s") % {"names": "、".join(str(p) for p in people)},
    )
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:interpellation:{interpellation.pk}:filed",
        title=Message(gettext_noop("新提出的质询案：%(t)s"), t=interpellation.title),
        body=Message(gettext_noop("请提请主任会议决定。")),
        url=url_for("admin:supervision_interpellation_change", interpellation.pk),
    )
    return interpellation


def _signer_ids(interpellation: Interpellation) -> list[int]:
    return list(interpellation.signers.values_list("pk", flat=True))


@transaction.atomic
def interpellation_decide(
    *,
    actor: User,
    interpellation: Interpellation,
    accept: bool,
    note: str = "",
    answer_mode: str = "",
    today: dt.date | None = None,
) -> Interpellation:
    """Staff record the chairpersons' meeting's decision: passed on to the unit (which owes an
    answer by the rule's deadline, in the mode decided if any) or not (the reason is required)."""
    interpellation = lock(interpellation)
    require_staff(actor)
    target = I.ACCEPTED if accept else I.REJECTED
    INTERPELLATION.check(interpellation, "decide", target=target)
    note = (note or "").strip()
    if not accept and not note:
        raise field_error("note", _("不予交付须说明理由。"), code="reason_required")
    if answer_mode and answer_mode not in Interpellation.AnswerMode.values:
        raise field_error("answer_mode", _("答复方式无效。"))
    changes = {"decision_note": note, "decided_at": timezone.now()}
    if accept:
        changes["answer_mode"] = answer_mode
        changes["answer_due"] = deadline_after(
            today or local_today(), rule_get("supervision.interpellation_answer_deadline")
        )
    interpellation = transition(
        interpellation,
        INTERPELLATION,
        "decide",
        actor=actor,
        locked=True,
        target=target,
        changes=changes,
        note=note,
    )
    if accept:
        notify_after_commit(
            unit_officer_ids(interpellation.unit_id),
            key=f"supervision:interpellation:{interpellation.pk}:accepted",
            title=Message(gettext_noop("质询案：%(t)s"), t=interpellation.title),
            body=Message(
                gettext_noop("主任会议决定交由贵单位答复，请于 %(d)s 前由主要负责人答复。"),
                d=interpellation.answer_due,
            ),
            url=_url(interpellation),
            level=Notification.Level.REMINDER,
        )
    notify_after_commit(
        _signer_ids(interpellation),
        key=f"supervision:interpellation:{interpellation.pk}:decided",
        title=Message(
            gettext_noop("质询案已交付答复：%(t)s") if accept else gettext_noop("质询案不予交付：%(t)s"),
            t=interpellation.title,
        ),
        body=note,
        url=_url(interpellation),
    )
    return interpellation


@transaction.atomic
def interpellation_answer(
    *,
    actor: User,
    interpellation: Interpellation,
    content: str,
    answerer: str,
    mode: str = Interpellation.AnswerMode.WRITTEN,
    meeting: Meeting | None = None,
) -> InterpellationAnswer:
    """The unit's head answers: in writing (entered by the unit's officer, or by staff from
    paper) or orally at a meeting (recorded by staff). The signers are told."""
    interpellation = lock(interpellation)
    if not permissions.can_answer_interpellation(actor, interpellation):
        raise PermissionDeniedError(
            _("只有受质询机关的联络员或工作人员可以录入答复。"), code="not_unit_officer"
        )
    INTERPELLATION.check(interpellation, "answer")
    if mode not in Interpellation.AnswerMode.values:
        raise field_error("mode", _("答复方式无效。"))
    if mode == Interpellation.AnswerMode.ORAL and not permissions.is_staff(actor):
        raise field_error("mode", _("口头答复由工作人员在会后录入。"), code="oral_by_staff")
    content = required_text(content, "content", _("请填写答复内容。"))
    answerer = required_text(answerer, "answerer", _("请填写答复人（受质询机关负责人）。"))[:100]
    round_ = interpellation.answers.count() + 1
    answer = InterpellationAnswer.objects.create(
        interpellation=interpellation,
        round=round_,
        mode=mode,
        answerer=answerer,
        content=content,
        meeting=meeting,
        recorded_by=actor,
    )
    transition(
        interpellation,
        INTERPELLATION,
        "answer",
        actor=actor,
        locked=True,
        note=f"{Interpellation.AnswerMode(mode).label} · {answerer}",
    )
    notify_after_commit(
        _signer_ids(interpellation),
        key=f"supervision:interpellation:{interpellation.pk}:answer:{round_}",
        title=Message(gettext_noop("质询案已答复：%(t)s"), t=interpellation.title),
        body=Message(gettext_noop("如对答复不满意，可以提出要求再次答复。")),
        url=_url(interpellation),
    )
    return answer


@transaction.atomic
def interpellation_declare_unsatisfied(
    *, actor: User, interpellation: Interpellation, reason: str, today: dt.date | None = None
) -> Interpellation:
    """A signer declares the answer unsatisfactory: the unit owes a new answer by the rule's
    deadline."""
    interpellation = lock(interpellation)
    if not permissions.is_signer(actor, interpellation):
        raise PermissionDeniedError(_("只有联名提出质询案的人员可以提出。"), code="not_signer")
    INTERPELLATION.check(interpellation, "declare_unsatisfied")
    reason = required_text(reason, "reason", _("请说明不满意的理由。"))
    due = deadline_after(today or local_today(), rule_get("supervision.interpellation_answer_deadline"))
    interpellation = transition(
        interpellation,
        INTERPELLATION,
        "declare_unsatisfied",
        actor=actor,
        locked=True,
        changes={"answer_due": due},
        note=reason,
    )
    notify_after_commit(
        unit_officer_ids(interpellation.unit_id),
        key=f"supervision:interpellation:{interpellation.pk}:reanswer:{interpellation.answers.count()}",
        title=Message(gettext_noop("质询案要求再次答复：%(t)s"), t=interpellation.title),
        body=Message(gettext_noop("联名人对答复不满意：%(r)s。请于 %(d)s 前再次答复。"), r=reason, d=due),
        url=_url(interpellation),
        level=Notification.Level.WARNING,
    )
    return interpellation


@transaction.atomic
def interpellation_close(*, actor: User, interpellation: Interpellation, note: str = "") -> Interpellation:
    """Staff close an answered interpellation."""
    require_staff(actor)
    return transition(
        interpellation,
        INTERPELLATION,
        "close",
        actor=actor,
        changes={"closed_at": timezone.now()},
        note=note,
        permission_message=NOT_STAFF,
    )
