"""Supervision of the court and the procuratorate (seed 十).

- **Special supervisors** (特邀监督员): staff appoint a deputy of the current term for the
  district court or procuratorate with a term, change the term, or end it early with a reason.
  One deputy serves one institution once at a time.
- **Court-hearing attendance** (旁听庭审): a deputy records a hearing they attended (case,
  court, date, remarks). Remarks are passed to the court or procuratorate at once: its
  officers are told and owe a reply by the rule ``supervision.hearing_reply_deadline``
  (working days); the daily scan reminds and escalates. The reply tells the deputy.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from deputies.models import Deputy
from supervision import permissions
from supervision.models_judicial import JUDICIAL_KINDS, HearingAttendance, SpecialSupervisor
from supervision.services._common import (
    NOT_STAFF,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow_judicial import HEARING, SPECIAL_SUPERVISOR

S = SpecialSupervisor.State
H = HearingAttendance.State


def judicial_unit(unit, field: str = "unit") -> Organization:
    """The unit, if it is an active district court or procuratorate."""
    if unit is None or not getattr(unit, "is_active", False) or unit.kind not in JUDICIAL_KINDS:
        raise field_error(field, _("请选择区人民法院或区人民检察院。"))
    return unit


def _term(term_start, term_end) -> tuple[dt.date, dt.date]:
    if not term_start:
        raise field_error("term_start", _("请填写聘期开始日期。"), code="required")
    if not term_end:
        raise field_error("term_end", _("请填写聘期结束日期。"), code="required")
    if term_end < term_start:
        raise field_error("term_end", _("聘期结束日期不能早于开始日期。"), code="bad_term")
    return term_start, term_end


# --- special supervisors --------------------------------------------------------------------------


@transaction.atomic
def special_supervisor_appoint(
    *,
    actor: User,
    deputy: Deputy,
    institution: Organization,
    term_start: dt.date,
    term_end: dt.date,
    note: str = "",
) -> SpecialSupervisor:
    """Staff appoint a serving deputy special supervisor of the court or procuratorate. Refused
    (on ``deputy``) when the deputy already serves that institution in an overlapping term."""
    require_staff(actor)
    if deputy is None or not deputy.is_active:
        raise field_error("deputy", _("请选择在任的人大代表。"))
    judicial_unit(institution, "institution")
    term_start, term_end = _term(term_start, term_end)
    overlapping = SpecialSupervisor.objects.filter(
        deputy=deputy,
        institution=institution,
        state=S.SERVING,
        term_start__lte=term_end,
        term_end__gte=term_start,
    ).exists()
    if overlapping:
        raise field_error(
            "deputy", _("该代表已是%(unit)s的特邀监督员。") % {"unit": institution.name}, code="duplicate"
        )
    supervisor = create_tracked(
        SpecialSupervisor,
        actor=actor,
        deputy=deputy,
        institution=institution,
        term_start=term_start,
        term_end=term_end,
        note=(note or "").strip()[:200],
        appointed_by=actor,
    )
    record_event(
        supervisor,
        SPECIAL_SUPERVISOR,
        "appoint",
        actor=actor,
        from_state="",
        note=f"{term_start:%Y-%m-%d} — {term_end:%Y-%m-%d}",
    )
    if deputy.user_id:
        notify_after_commit(
            [deputy.user_id],
            key=f"supervision:special-supervisor:{supervisor.pk}:appointed",
            title=Message(gettext_noop("您已受聘为%(unit)s特邀监督员"), unit=institution.name),
            body=Message(gettext_noop("聘期：%(start)s 至 %(end)s。"), start=term_start, end=term_end),
            url=url_for("portal:supervision-hearing-list"),
        )
    return supervisor


@transaction.atomic
def special_supervisor_update(
    *, actor: User, supervisor: SpecialSupervisor, term_start: dt.date, term_end: dt.date, note: str = ""
) -> SpecialSupervisor:
    """Staff change a serving supervisor's term (a renewal, a correction)."""
    supervisor = lock(supervisor)
    require_staff(actor)
    SPECIAL_SUPERVISOR.check(supervisor, "edit")
    term_start, term_end = _term(term_start, term_end)
    return transition(
        supervisor,
        SPECIAL_SUPERVISOR,
        "edit",
        actor=actor,
        locked=True,
        changes={"term_start": term_start, "term_end": term_end, "note": (note or "").strip()[:200]},
        note=f"{term_start:%Y-%m-%d} — {term_end:%Y-%m-%d}",
    )


@transaction.atomic
def special_supervisor_end(*, actor: User, supervisor: SpecialSupervisor, reason: str) -> SpecialSupervisor:
    """Staff end an appointment before its term runs out; the reason is kept and shown to staff."""
    supervisor = lock(supervisor)
    require_staff(actor)
    SPECIAL_SUPERVISOR.check(supervisor, "end")
    reason = required_text(reason, "reason", _("请填写解聘理由。"))
    return transition(
        supervisor,
        SPECIAL_SUPERVISOR,
        "end",
        actor=actor,
        locked=True,
        changes={"ended_at": timezone.now(), "end_reason": reason},
        note=reason,
        permission_message=NOT_STAFF,
    )


# --- court-hearing attendance -------------------------------------------------------------------


def _hearing_url(attendance: HearingAttendance) -> str:
    return url_for("portal:supervision-hearing", attendance.pk)


@transaction.atomic
def hearing_record(
    *,
    actor: User,
    unit: Organization,
    case_number: str,
    case_title: str,
    court: str,
    hearing_date: dt.date,
    remarks: str = "",
    today: dt.date | None = None,
) -> HearingAttendance:
    """A deputy records a court hearing they attended. With remarks, the record goes to the
    court or procuratorate at once and its officers owe a reply by the rule's deadline."""
    if not permissions.is_deputy(actor):
        raise PermissionDeniedError(_("仅限人大代表记录旁听庭审。"), code="not_deputy")
    judicial_unit(unit)
    case_number = required_text(case_number, "case_number", _("请填写案号。"))[:100]
    case_title = required_text(case_title, "case_title", _("请填写案由。"))[:200]
    court = required_text(court, "court", _("请填写审判法庭。"))[:100]
    today = today or local_today()
    if not hearing_date:
        raise field_error("hearing_date", _("请填写庭审日期。"), code="required")
    if hearing_date > today:
        raise field_error("hearing_date", _("庭审日期不能晚于今天。"), code="future")
    remarks = (remarks or "").strip()
    passed_on = bool(remarks)
    attendance = create_tracked(
        HearingAttendance,
        actor=actor,
        deputy=actor,
        unit=unit,
        case_number=case_number,
        case_title=case_title,
        court=court,
        hearing_date=hearing_date,
        remarks=remarks,
        state=H.AWAITING_REPLY if passed_on else H.RECORDED,
        reply_due=deadline_after(today, rule_get("supervision.hearing_reply_deadline"))
        if passed_on
        else None,
    )
    record_event(attendance, HEARING, "pass_on" if passed_on else "record", actor=actor, from_state="")
    if passed_on:
        notify_after_commit(
            unit_officer_ids(unit.pk),
            key=f"supervision:hearing:{attendance.pk}:passed-on",
            title=Message(gettext_noop("代表旁听庭审意见：%(t)s"), t=attendance.title),
            body=Message(
                gettext_noop("%(who)s旁听庭审后提出了意见建议，请于 %(d)s 前答复代表。"),
                who=str(actor),
                d=attendance.reply_due,
            ),
            url=_hearing_url(attendance),
            level=Notification.Level.REMINDER,
        )
    return attendance


@transaction.atomic
def hearing_reply(*, actor: User, attendance: HearingAttendance, content: str) -> HearingAttendance:
    """The court's or procuratorate's officer (or staff, from paper) replies to the deputy's
    remarks; the deputy is told."""
    attendance = lock(attendance)
    if not permissions.can_reply_hearing(actor, attendance):
        raise PermissionDeniedError(
            _("只有该法院、检察院的联络员或工作人员可以答复。"), code="not_unit_officer"
        )
    HEARING.check(attendance, "reply")
    content = required_text(content, "content", _("请填写答复内容。"))
    attendance = transition(
        attendance,
        HEARING,
        "reply",
        actor=actor,
        locked=True,
        changes={"reply": content, "replied_at": timezone.now(), "replied_by": actor},
    )
    notify_after_commit(
        [attendance.deputy_id],
        key=f"supervision:hearing:{attendance.pk}:replied",
        title=Message(gettext_noop("旁听庭审意见已答复：%(t)s"), t=attendance.title),
        body=Message(gettext_noop("%(unit)s已答复您的意见建议。"), unit=attendance.unit.name),
        url=_hearing_url(attendance),
    )
    return attendance
