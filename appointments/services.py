"""Every write of appointments and composition. One service per step: lock the nomination,
check the step against the declared pipeline (``workflow.py``) and the actor against its
permission before reading the input, write the step's record, then move the state through the
case-work kernel's ``transition()`` (which saves it with the actor in the history and writes the
``NominationEvent``), and queue notifications after commit.

``actor`` is the user who acts, checked with ``permissions.py``; there is no actor-less call
(``None`` is refused). The daily scan moves no state: it only sends notices.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from appointments import permissions, workflow
from appointments.models import (
    CommitmentPublicity,
    CommitteeMember,
    LawExam,
    Nomination,
    Oath,
    Vacancy,
    Vote,
)
from congress import roles
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.casework.workflow import Workflow
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError, field_error
from congress.models import Notification, Organization, Term, User
from congress.notifications import Message, notify
from congress.rules import Duration, rule_get
from congress.workdays import deadline_after

DEFAULT_OATH_TEXT_VERSION = "宪法宣誓誓词（2018年修订）"


def _check_actor(actor: User | None, predicate) -> None:
    """The actor's right (a ``permissions.py`` predicate); no actor is no right."""
    if actor is None or not predicate(actor):
        raise PermissionDeniedError()


def _users_with_role(*role_names: str):
    return User.objects.filter(groups__name__in=role_names, is_active=True).distinct()


def _lock(nomination_id: int) -> Nomination:
    try:
        return lock(Nomination, nomination_id)
    except Nomination.DoesNotExist as exc:
        raise ApplicationError(_("提名不存在。"), code="not_found") from exc


def _step_open(nomination_id: int, code: str, actor: User | None) -> tuple[Nomination, Workflow]:
    """The locked nomination and its pipeline, once step ``code`` is known to be allowed from its
    state (else 409 naming the state) and to ``actor`` (else 403) — before the input is read,
    since an exam's or a vote's outcome follows from it. ``transition`` checks both again."""
    nomination = _lock(nomination_id)
    flow = workflow.workflow_for(nomination)
    if not flow.can(nomination, code):
        raise InvalidTransition(current_label=nomination.get_status_display(), action_label=flow[code].label)
    if actor is None:
        raise PermissionDeniedError()
    flow.check_permission(nomination, code, actor)
    return nomination, flow


def _step_done(
    nomination: Nomination,
    flow: Workflow,
    code: str,
    *,
    actor: User,
    target: str | None = None,
    note: str = "",
) -> Nomination:
    """Move the nomination locked by ``_step_open`` (the event row keeps ``note``)."""
    return transition(
        nomination,
        flow,
        code,
        actor=actor,
        target=target,
        note=note,
        locked=True,
        changes={"status_changed_at": timezone.now()},
    )


def _today() -> dt.date:
    return timezone.localdate()


# --- nominations --------------------------------------------------------------------------


def nomination_validate(
    *, kind: str, person_name: str, proposed_post: str, nominated_on: dt.date, birth_date: dt.date | None
) -> None:
    """The rules of a nomination's own fields (also used by the admin form to show them)."""
    if kind not in Nomination.Kind.values:
        raise field_error("kind", _("请选择任免类别。"))
    if not (person_name or "").strip():
        raise field_error("person_name", _("请填写姓名。"))
    if not (proposed_post or "").strip():
        raise field_error("proposed_post", _("请填写拟任（免）职务。"))
    if nominated_on > _today():
        raise field_error("nominated_on", _("提请日期不能晚于今天。"))
    if birth_date and birth_date >= nominated_on:
        raise field_error("birth_date", _("出生日期应早于提请日期。"))


@transaction.atomic
def nomination_create(
    *,
    actor: User,
    term: Term,
    kind: str,
    person_name: str,
    gender: str,
    proposed_post: str,
    nominating_body: Organization,
    nominated_on: dt.date,
    birth_date: dt.date | None = None,
    current_post: str = "",
    vacancy: Vacancy | None = None,
) -> Nomination:
    """Register a nomination (提请任免). Staff only. When it fills a committee vacancy, the
    vacancy is linked to it, so the composition check stops warning about it."""
    _check_actor(actor, permissions.can_manage_appointments)
    nomination_validate(
        kind=kind,
        person_name=person_name,
        proposed_post=proposed_post,
        nominated_on=nominated_on,
        birth_date=birth_date,
    )
    nomination = create_tracked(  # in the pipeline's first state, ``nominated`` (the default)
        Nomination,
        actor=actor,
        term=term,
        kind=kind,
        person_name=person_name.strip(),
        gender=gender,
        birth_date=birth_date,
        current_post=current_post.strip(),
        proposed_post=proposed_post.strip(),
        nominating_body=nominating_body,
        nominated_on=nominated_on,
        status_changed_at=timezone.now(),
    )
    record_event(nomination, workflow.workflow_for(nomination), "nominate", actor=actor, from_state="")
    if vacancy is not None:
        vacancy_link_nomination(actor=actor, vacancy_id=vacancy.pk, nomination_id=nomination.pk)
    return nomination


NOMINATION_EDITABLE_FIELDS = (
    "person_name",
    "gender",
    "birth_date",
    "current_post",
    "proposed_post",
    "nominating_body",
    "nominated_on",
)


@transaction.atomic
def nomination_update(*, actor: User, nomination_id: int, **changes) -> Nomination:
    """Correct the descriptive fields of a nomination (a typo in a name or a post). The
    kind, the term and the status are not edited here: the status moves only through the
    steps below. Staff only; the history keeps the old values."""
    _check_actor(actor, permissions.can_manage_appointments)
    unknown = set(changes) - set(NOMINATION_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("这些字段不能修改：%(f)s") % {"f": "、".join(sorted(unknown))}, code="not_editable"
        )
    nomination = _lock(nomination_id)
    for name, value in changes.items():
        setattr(nomination, name, value)
    nomination_validate(
        kind=nomination.kind,
        person_name=nomination.person_name,
        proposed_post=nomination.proposed_post,
        nominated_on=nomination.nominated_on,
        birth_date=nomination.birth_date,
    )
    nomination.full_clean()
    if changes:
        save_tracked(nomination, changes, actor=actor)
    return nomination


@transaction.atomic
def nomination_record_exam(
    *, actor: User, nomination_id: int, exam_date: dt.date, score: Decimal | float | int
) -> LawExam:
    """Record a law-knowledge exam (法律知识考试). Passed when the score reaches the rule
    ``appointments.exam_pass_mark`` as it is today; the mark is kept on the record. A failed
    candidate may sit the exam again. Staff only; not for removals."""
    nomination, flow = _step_open(nomination_id, "exam", actor)
    score = Decimal(str(score))
    if not Decimal(0) <= score <= Decimal(100):
        raise field_error("score", _("成绩应在 0 到 100 分之间。"))
    if exam_date > _today():
        raise field_error("exam_date", _("考试日期不能晚于今天。"))
    if exam_date < nomination.nominated_on:
        raise field_error("exam_date", _("考试日期不能早于提请日期。"))
    pass_mark = rule_get("appointments.exam_pass_mark")
    passed = score >= pass_mark
    exam = LawExam.objects.create(
        nomination=nomination,
        exam_date=exam_date,
        score=score,
        pass_mark=pass_mark,
        passed=passed,
        recorded_by=actor,
    )
    _step_done(
        nomination,
        flow,
        "exam",
        actor=actor,
        target=Nomination.Status.EXAM_PASSED if passed else Nomination.Status.EXAM_FAILED,
        note=_("成绩 %(score)s 分，合格线 %(mark)d 分") % {"score": score, "mark": pass_mark},
    )
    return exam


@transaction.atomic
def nomination_start_publicity(
    *, actor: User, nomination_id: int, text: str, start_date: dt.date
) -> CommitmentPublicity:
    """Make the candidate's pre-appointment commitment public (任前承诺公示) from ``start_date``
    for the rule ``appointments.publicity_days`` days; a period ending on a rest day runs to
    the next working day (``congress.workdays.deadline_after``). Staff only, after a passed exam."""
    nomination, flow = _step_open(nomination_id, "publicity", actor)
    text = (text or "").strip()
    if not text:
        raise field_error("text", _("请填写任前承诺内容。"))
    last_exam = nomination.exams.filter(passed=True).order_by("-exam_date").first()
    if last_exam and start_date < last_exam.exam_date:
        raise field_error("start_date", _("公示开始日期不能早于考试日期。"))
    days = rule_get("appointments.publicity_days")
    publicity = CommitmentPublicity.objects.create(
        nomination=nomination,
        text=text,
        start_date=start_date,
        end_date=deadline_after(start_date, Duration(days, "days")),
        days=days,
        published_at=timezone.now(),
    )
    _step_done(nomination, flow, "publicity", actor=actor)
    recipients = list(_users_with_role(roles.STAFF, roles.MEMBER))
    notify(
        recipients=recipients,
        key=f"appointments:nomination:{nomination.pk}:publicity",
        title=Message(
            gettext_noop("任前承诺公示：%(name)s 拟任 %(post)s"),
            name=nomination.person_name,
            post=nomination.proposed_post,
        ),
        body=Message(
            gettext_noop("公示期 %(start)s 至 %(end)s。"),
            start=f"{publicity.start_date:%Y-%m-%d}",
            end=f"{publicity.end_date:%Y-%m-%d}",
        ),
        url=reverse("public:appointment-detail", args=[nomination.pk]),
        email=False,
    )
    return publicity


def _default_members_total(term_id: int) -> int:
    return CommitteeMember.objects.filter(term_id=term_id, is_active=True).count()


@transaction.atomic
def nomination_record_vote(
    *,
    actor: User,
    nomination_id: int,
    vote_date: dt.date,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    members_total: int | None = None,
    meeting=None,
) -> Vote:
    """Record the vote (表决). It passes with more than half of all members
    (``members_total``, by default the term's serving committee members). For elections and
    appointments only after the publicity period has ended. Staff only."""
    nomination, flow = _step_open(nomination_id, "vote", actor)
    if meeting is not None:
        vote_date = _local_meeting_date(meeting)
    if vote_date > _today():
        raise field_error("vote_date", _("表决日期不能晚于今天。"))
    publicity = getattr(nomination, "publicity", None) if nomination.needs_exam_and_oath else None
    if publicity is not None and vote_date <= publicity.end_date:
        raise ApplicationError(
            _("任前公示期至 %(end)s 届满，届满后方可表决。") % {"end": f"{publicity.end_date:%Y-%m-%d}"},
            code="publicity_not_ended",
            extra={"vote_date": [_("表决日期应晚于公示截止日期。")]},
        )
    if vote_date < nomination.nominated_on:
        raise field_error("vote_date", _("表决日期不能早于提请日期。"))
    if members_total is None:
        members_total = _default_members_total(nomination.term_id)
    if not members_total:
        raise field_error("members_total", _("请填写组成人员总数。"))
    counts = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain}
    for name, value in counts.items():
        if value is None or value < 0:
            raise field_error(name, _("票数不能为负数。"))
    if sum(counts.values()) > members_total:
        raise field_error("votes_for", _("赞成、反对、弃权票数之和不能超过组成人员总数。"))
    approved = votes_for * 2 > members_total
    vote = Vote.objects.create(
        nomination=nomination,
        meeting=meeting,
        vote_date=vote_date,
        members_total=members_total,
        outcome=Vote.Outcome.APPROVED if approved else Vote.Outcome.REJECTED,
        **counts,
    )
    _step_done(
        nomination,
        flow,
        "vote",
        actor=actor,
        target=Nomination.Status.APPROVED if approved else Nomination.Status.REJECTED,
        note=_("赞成 %(f)d，反对 %(a)d，弃权 %(s)d，组成人员 %(t)d 人")
        % {"f": votes_for, "a": votes_against, "s": votes_abstain, "t": members_total},
    )
    if approved and nomination.needs_exam_and_oath:
        staff = list(_users_with_role(roles.STAFF))
        notify(
            recipients=staff,
            key=f"appointments:nomination:{nomination.pk}:oath-due",
            title=Message(
                gettext_noop("请安排宪法宣誓：%(name)s（%(post)s）"),
                name=nomination.person_name,
                post=nomination.proposed_post,
            ),
            url=reverse("admin:appointments_nomination_change", args=[nomination.pk]),
            level=Notification.Level.REMINDER,
            email=False,
        )
    return vote


@transaction.atomic
def nomination_record_oath(
    *,
    actor: User,
    nomination_id: int,
    oath_date: dt.date,
    administered_by: str,
    text_version: str = DEFAULT_OATH_TEXT_VERSION,
    meeting=None,
) -> Oath:
    """Record the constitutional oath (宪法宣誓) of an approved candidate; a committee
    vacancy the nomination fills counts as filled from that day. Staff only."""
    nomination, flow = _step_open(nomination_id, "oath", actor)
    if meeting is not None:
        oath_date = _local_meeting_date(meeting)
    if oath_date > _today():
        raise field_error("oath_date", _("宣誓日期不能晚于今天。"))
    vote = getattr(nomination, "vote", None)
    if vote is not None and oath_date < vote.vote_date:
        raise field_error("oath_date", _("宣誓日期不能早于表决日期。"))
    if not (administered_by or "").strip():
        raise field_error("administered_by", _("请填写监誓人。"))
    if not (text_version or "").strip():
        raise field_error("text_version", _("请填写誓词版本。"))
    oath = Oath.objects.create(
        nomination=nomination,
        meeting=meeting,
        oath_date=oath_date,
        text_version=text_version.strip(),
        administered_by=administered_by.strip(),
    )
    _step_done(nomination, flow, "oath", actor=actor)
    for vacancy in Vacancy.objects.select_for_update().filter(nomination=nomination, filled_on__isnull=True):
        vacancy.filled_on = oath_date
        save_tracked(vacancy, ["filled_on"], actor=actor, reason=_("提名人员已宣誓就职"))
    return oath


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination_id: int, reason: str) -> Nomination:
    """Withdraw an open nomination (the nominating body's request). Staff only; a reason is
    required. A linked vacancy waits for a new nomination again."""
    nomination, flow = _step_open(nomination_id, "withdraw", actor)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("请填写撤回原因。"))
    nomination = _step_done(nomination, flow, "withdraw", actor=actor, note=reason)
    for vacancy in Vacancy.objects.select_for_update().filter(nomination=nomination, filled_on__isnull=True):
        vacancy.nomination = None
        save_tracked(vacancy, ["nomination"], actor=actor, reason=_("提名已撤回"))
    return nomination


def _local_meeting_date(meeting) -> dt.date:
    starts_at = meeting.starts_at
    return timezone.localdate(starts_at) if timezone.is_aware(starts_at) else starts_at.date()


# --- composition --------------------------------------------------------------------------


def expertise_validate(codes) -> list[str]:
    """The expertise codes, checked against the rule ``composition.expertise_required``."""
    allowed = rule_get("composition.expertise_required")
    codes = list(dict.fromkeys(codes or []))
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise field_error(
            "expertise", _("未知的专业背景代码：%(codes)s。") % {"codes": "、".join(map(str, unknown))}
        )
    return codes


MEMBER_FIELDS = (
    "term",
    "name",
    "gender",
    "position",
    "is_resident",
    "is_reappointed",
    "expertise",
    "start_date",
    "sort_order",
)


@transaction.atomic
def committee_member_create(*, actor: User, **fields) -> CommitteeMember:
    """Register a serving committee member. Staff only; expertise codes must be rule keys."""
    _check_actor(actor, permissions.can_manage_composition)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ApplicationError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="invalid")
    fields["expertise"] = expertise_validate(fields.get("expertise"))
    member = CommitteeMember(**fields, is_active=True)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def committee_member_update(*, actor: User, member_id: int, **changes) -> CommitteeMember:
    """Correct a member's record (position, resident, re-appointed, expertise …). Leaving the
    committee is ``committee_member_leave``, not an edit."""
    _check_actor(actor, permissions.can_manage_composition)
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise ApplicationError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="invalid")
    member = CommitteeMember.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise ApplicationError(_("组成人员不存在。"), code="not_found")
    if "expertise" in changes:
        changes["expertise"] = expertise_validate(changes["expertise"])
    for name, value in changes.items():
        setattr(member, name, value)
    member.full_clean()
    if changes:
        member.save(update_fields=[*changes, "updated_at"])
    return member


@transaction.atomic
def committee_member_leave(
    *,
    actor: User,
    member_id: int,
    end_date: dt.date,
    reason: str = "",
    open_vacancy: bool = True,
) -> Vacancy | None:
    """A member leaves the committee (retirement, change of post): the member stops counting
    in the composition and, unless told otherwise, a vacancy opens that waits for a
    nomination (seed 十六). Staff only."""
    _check_actor(actor, permissions.can_manage_composition)
    member = CommitteeMember.objects.select_for_update().filter(pk=member_id).first()
    if member is None:
        raise ApplicationError(_("组成人员不存在。"), code="not_found")
    if not member.is_active:
        raise ApplicationError(_("%(name)s 已离任。") % {"name": member.name}, code="already_left")
    if end_date < member.start_date:
        raise field_error("end_date", _("离任日期不能早于任职日期。"))
    member.is_active = False
    member.end_date = end_date
    member._change_reason = reason[:100]
    member.save(update_fields=["is_active", "end_date", "updated_at"])
    if not open_vacancy:
        return None
    vacancy = Vacancy(
        term=member.term, position=member.position, since=end_date, reason=reason[:200], left_member=member
    )
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    term: Term,
    position: str,
    since: dt.date,
    reason: str = "",
    nomination: Nomination | None = None,
) -> Vacancy:
    """Register a vacancy by hand (one that did not come from ``committee_member_leave``)."""
    _check_actor(actor, permissions.can_manage_composition)
    vacancy = Vacancy(term=term, position=position, since=since, reason=reason)
    vacancy.full_clean(exclude=["nomination"])
    vacancy.save()
    if nomination is not None:
        vacancy = vacancy_link_nomination(actor=actor, vacancy_id=vacancy.pk, nomination_id=nomination.pk)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy_id: int, **changes) -> Vacancy:
    """Correct a vacancy's position, date or reason, or (through ``vacancy_link_nomination``)
    the nomination that is to fill it."""
    _check_actor(actor, permissions.can_manage_composition)
    nomination = changes.pop("nomination", ...)
    unknown = set(changes) - {"position", "since", "reason"}
    if unknown:
        raise ApplicationError(
            _("这些字段不能修改：%(f)s") % {"f": "、".join(sorted(unknown))}, code="not_editable"
        )
    vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
    if vacancy is None:
        raise ApplicationError(_("空缺不存在。"), code="not_found")
    if changes:
        for name, value in changes.items():
            setattr(vacancy, name, value)
        vacancy.full_clean(exclude=["nomination", "left_member"])
        vacancy.save(update_fields=[*changes, "updated_at"])
    if nomination is not ...:
        vacancy = vacancy_link_nomination(
            actor=actor, vacancy_id=vacancy.pk, nomination_id=nomination.pk if nomination else None
        )
    return vacancy


@transaction.atomic
def vacancy_link_nomination(*, actor: User, vacancy_id: int, nomination_id: int | None) -> Vacancy:
    """Record which nomination is to fill a vacancy (or unlink it with ``None``). Staff only;
    only an open vacancy and an open nomination of the same term."""
    _check_actor(actor, permissions.can_manage_composition)
    vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
    if vacancy is None:
        raise ApplicationError(_("空缺不存在。"), code="not_found")
    if vacancy.filled_on:
        raise ApplicationError(_("该空缺已补缺。"), code="vacancy_filled")
    nomination = None
    if nomination_id is not None:
        nomination = Nomination.objects.filter(pk=nomination_id).first()
        if nomination is None or nomination.term_id != vacancy.term_id:
            raise field_error("nomination", _("请选择本届的提名。"))
        if nomination.status not in workflow.OPEN_STATES:
            raise field_error("nomination", _("该提名已办结，不能用于补缺。"))
    vacancy.nomination = nomination
    vacancy.save(update_fields=["nomination", "updated_at"])
    return vacancy


# --- the daily scan -----------------------------------------------------------------------


def daily_checks_run(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily scan (task ``appointments.tasks.run_daily_checks``). Tells the staff, once
    per situation (stable notification keys, so a rerun or a retry never repeats a notice):
    - a publicity period has ended and the nomination waits for its vote (once per publicity);
    - a composition rule is not met (once per rule and month while it lasts);
    - the town congress: a half-year passed or passing without a session, too few sessions,
      a session too short (once per half-year or per session)."""
    from appointments import selectors

    today = today or _today()
    staff = list(_users_with_role(roles.STAFF))
    sent = {"publicity": 0, "composition": 0, "town": 0}
    if not staff:
        return sent
    for publicity in selectors.publicity_list_ended_waiting(today=today):
        nomination = publicity.nomination
        sent["publicity"] += len(
            notify(
                recipients=staff,
                key=f"appointments:publicity:{publicity.pk}:ended",
                title=Message(
                    gettext_noop("任前公示期满：%(name)s（%(post)s）"),
                    name=nomination.person_name,
                    post=nomination.proposed_post,
                ),
                body=Message(
                    gettext_noop("公示期已于 %(end)s 届满，可提请常委会会议表决。"),
                    end=f"{publicity.end_date:%Y-%m-%d}",
                ),
                url=reverse("admin:appointments_nomination_change", args=[nomination.pk]),
                level=Notification.Level.REMINDER,
            )
        )
    term = selectors.current_term()
    for finding in selectors.composition_check(term):
        if not finding.is_problem or term is None:
            continue
        sent["composition"] += len(
            notify(
                recipients=staff,
                key=f"composition:{term.pk}:{finding.key}:{today:%Y-%m}",
                title=Message(gettext_noop("组成结构预警：%(title)s"), title=finding.title),
                body=finding.message,
                url=reverse("portal:composition"),
                level=Notification.Level.WARNING,
            )
        )
    for finding in selectors.town_session_check(today.year, today):
        if not finding.is_problem:
            continue
        sent["town"] += len(
            notify(
                recipients=staff,
                key=finding.key,
                title=Message(gettext_noop("镇人代会提醒：%(title)s"), title=finding.title),
                body=finding.message,
                url=reverse("portal:composition"),
                level=Notification.Level.WARNING,
            )
        )
    return sent
