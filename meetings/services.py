"""Every write and transition of meetings and officials' attendance (seed section 八).

Every state change is an action declared in ``workflow.py``, taken through the case-work
kernel's ``transition()`` (``transition_many()`` for the batch a close marks absent): it locks
the row, checks the actor's right and the source state (``InvalidTransition`` naming the current
state), saves with the actor in the history and writes the ``MeetingEvent`` /
``AttendanceEvent`` row. The services add the rules no declaration holds (times, the rule's
approving office, publication), write notices in the same transaction and queue tasks through
the outbox (``congress.outbox``).
Callers: the admin, the portal views, the API, the demo loader and the Celery tasks — never
``.save()`` on these models elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from congress import caching, outbox, units
from congress.casework.services import (
    create_tracked,
    lock,
    record_event,
    record_many,
    save_tracked,
    transition,
    transition_many,
)
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error
from congress.models import Organization, Term, User, is_placeholder_name
from congress.notifications import Message, notify
from congress.rules import rule_get
from meetings import permissions
from meetings.models import (
    AttendanceCorrection,
    Meeting,
    Participant,
    PublishedAttendance,
    RequiredAttendance,
)
from meetings.selectors import approver_kind_for, check_in_not_open_message, check_in_opens_later
from meetings.workflow import ATTENDANCE, FINAL, MEETING, OPEN_AT_CLOSE, RUNNING

A = RequiredAttendance.Status
M = Meeting.Status

MEETING_FIELDS = (
    "kind",
    "title",
    "term",
    "starts_at",
    "ends_at",
    "location",
    "is_schedule_published",
    "minutes",
)

# What a refusal says (the API's 403 answers the same message and code).
NOT_STAFF = gettext_lazy("仅限人大常委会工作人员操作会议。")
NOT_UNIT_OFFICER = gettext_lazy("只有本单位联络员可以为本单位申请请假。")
NOT_APPROVING_OFFICE = gettext_lazy("只有该单位对应的审批机关可以审批请假。")
# The public attendance names the substitute: a post in brackets is no name.
NOT_A_NAME = gettext_lazy("请填写委派副职的姓名，不要只填职务。")


def _refuse_unless(allowed: bool, message, code: str) -> None:
    """The typed 403 of a service, checked before the kernel's own check of the same predicate
    so callers get a stable ``code``."""
    if not allowed:
        raise PermissionDeniedError(message, code=code)


def _require_staff(actor: User) -> None:
    _refuse_unless(permissions.can_manage_meetings(actor), NOT_STAFF, "not_staff")


def _lock_attendance(attendance: RequiredAttendance) -> RequiredAttendance:
    return lock(RequiredAttendance, attendance.pk, related=("meeting", "unit"))


def _portal_url(name: str, *args) -> str:
    return reverse(f"portal:{name}", args=args)


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


# --- meetings -----------------------------------------------------------------------------


def _validate_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ApplicationError(_("请填写带时区的时间。"), code="naive_datetime")
    if ends_at < starts_at:
        raise field_error("ends_at", _("结束时间不能早于开始时间。"), code="ends_before_start")


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    term: Term | None = None,
    is_schedule_published: bool = False,
    minutes: str = "",
) -> Meeting:
    """Staff schedule a meeting; it belongs to the current term unless another is given."""
    _require_staff(actor)
    if kind not in Meeting.Kind.values:
        raise field_error("kind", _("会议类别无效。"))
    _validate_times(starts_at, ends_at)
    if term is None:
        term = Term.objects.filter(is_current=True).first()
    meeting = create_tracked(
        Meeting,
        actor=actor,
        kind=kind,
        title=title.strip(),
        term=term,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        is_schedule_published=is_schedule_published,
        minutes=minutes,
        created_by=actor,
    )
    record_event(meeting, MEETING, "create", actor=actor, from_state="")
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, **fields) -> Meeting:
    """Staff edit a meeting's particulars (not its status). Times of a meeting that is over
    stay; a new time is the ``reschedule`` step on the meeting's timeline."""
    _require_staff(actor)
    meeting = lock(meeting)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    retimed = (
        fields.get("starts_at", meeting.starts_at) != meeting.starts_at
        or fields.get("ends_at", meeting.ends_at) != meeting.ends_at
    )
    if retimed:
        MEETING.check(meeting, "reschedule")
    for name, value in fields.items():
        setattr(meeting, name, value)
    _validate_times(meeting.starts_at, meeting.ends_at)
    meeting.full_clean()
    if retimed:
        note = f"{_when(meeting.starts_at)} — {_when(meeting.ends_at)}"
        return transition(meeting, MEETING, "reschedule", actor=actor, changes=fields, note=note, locked=True)
    save_tracked(meeting, fields, actor=actor)
    return meeting


@transaction.atomic
def meeting_require_units(
    *, meeting: Meeting, actor: User, unit_ids: Iterable[int]
) -> list[RequiredAttendance]:
    """Staff mark the units whose head must attend. Idempotent: units already required are
    left as they are. Copies each unit's head name and the approving office kind (rule
    ``meetings.leave_approvers``) at this moment. Returns the rows created now."""
    _require_staff(actor)
    meeting = lock(meeting)
    MEETING.check(meeting, "require_units")
    wanted = {int(pk) for pk in unit_ids}
    if not wanted:
        raise field_error("units", _("请选择至少一个列席单位。"), code="no_units")
    found = {unit.pk: unit for unit in Organization.objects.filter(pk__in=wanted, is_active=True)}
    missing = wanted - set(found)
    if missing:
        raise field_error(
            "units",
            _("以下单位不存在或已停用：%(ids)s") % {"ids": "、".join(str(pk) for pk in sorted(missing))},
            code="unknown_units",
        )
    existing = set(RequiredAttendance.objects.filter(meeting=meeting).values_list("unit_id", flat=True))
    mapping = rule_get("meetings.leave_approvers")
    rows = [
        RequiredAttendance(
            meeting=meeting,
            unit=found[pk],
            expected_person=found[pk].head_name,
            approver_kind=approver_kind_for(found[pk].kind, mapping),
        )
        for pk in sorted(wanted - existing)
    ]
    bulk_create_with_history(rows, RequiredAttendance, default_user=actor, default_change_reason="要求列席")
    caching.bump_on_commit("meetings")  # bulk_create sends no signal: public pages (page cache)
    # bulk_create does not return ids on every backend: read them back by natural key.
    created = list(
        RequiredAttendance.objects.filter(
            meeting=meeting, unit_id__in=[row.unit_id for row in rows]
        ).select_related("unit")
    )
    if not created:
        return created
    record_many(created, ATTENDANCE, "require", actor=actor, from_state="", note=_("要求列席"))
    transition(
        meeting,
        MEETING,
        "require_units",
        actor=actor,
        locked=True,
        note="、".join(row.unit.name for row in created),
    )
    officers = units.unit_officers(row.unit_id for row in created)
    recipients = [user for row in created for user in officers.get(row.unit_id, [])]
    notify(
        recipients=recipients,
        key=f"meeting:{meeting.pk}:required",
        title=Message(gettext_noop("列席通知：%(title)s"), title=meeting.title),
        body=Message(
            gettext_noop(
                "请贵单位主要负责人于 %(when)s 在 %(place)s 列席会议；如不能出席，请在会前提出请假。"
            ),
            when=_when(meeting.starts_at),
            place=meeting.location,
        ),
        url=_portal_url("meeting-detail", meeting.pk),
    )
    return created


@transaction.atomic
def meeting_open(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff open the meeting: it is under way from now (``opened_at``, the actual start, may
    be before or after the scheduled one). Check-in is open from then on, and it may be closed
    at any time."""
    _require_staff(actor)
    return transition(
        meeting, MEETING, "open", actor=actor, changes={"opened_at": timezone.now(), "opened_by": actor}
    )


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff call off a meeting that has not taken place."""
    _require_staff(actor)
    return transition(meeting, MEETING, "cancel", actor=actor)


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff close a meeting once it started (it may end early): a meeting staff opened closes
    at any time, whatever its scheduled times (the actual start and end are what staff did,
    ``opened_at`` and ``closed_at``); a meeting never opened closes only after its scheduled
    start. Attendance becomes final: a unit not checked in is absent, and a leave request not
    approved by the start is absence without leave (one batch per reason, whatever the number
    of units). Publication follows automatically (``publish_attendance`` after commit; the
    sweep catches a lost message)."""
    _require_staff(actor)
    meeting = lock(meeting)
    MEETING.check(meeting, "close")
    now = timezone.now()
    if meeting.status == M.PLANNED and now < meeting.starts_at:
        raise ApplicationError(_("会议尚未开始，不能结束。"), code="not_started")
    rows = list(
        RequiredAttendance.objects.select_for_update().filter(meeting=meeting, status__in=OPEN_AT_CLOSE)
    )
    pending = [row for row in rows if row.status == A.LEAVE_REQUESTED]
    unchecked = [row for row in rows if row.status != A.LEAVE_REQUESTED]
    transition_many(
        pending, ATTENDANCE, "mark_absent", actor=actor, note=_("请假未在会议开始前获批准，按缺席处理")
    )
    transition_many(unchecked, ATTENDANCE, "mark_absent", actor=actor, note=_("会议结束时未签到"))
    meeting = transition(
        meeting,
        MEETING,
        "close",
        actor=actor,
        locked=True,
        changes={"closed_at": now, "closed_by": actor},
    )

    # Through the outbox: published with the close, even if the broker is down now.
    outbox.enqueue(
        "meetings.tasks.publish_attendance",
        args=[meeting.pk],
        dedupe_key=f"meetings.publish_attendance:{meeting.pk}",
    )
    return meeting


# --- leave --------------------------------------------------------------------------------


@transaction.atomic
def attendance_request_leave(
    *, attendance: RequiredAttendance, actor: User, reason: str, substitute: str
) -> RequiredAttendance:
    """An officer of the unit (any unit they act for) asks leave for its head before the
    meeting starts, giving the reason and the deputy head sent instead (委派副职). The
    approving office is fixed now from the rule ``meetings.leave_approvers`` and its reviewers
    are notified."""
    attendance = _lock_attendance(attendance)
    _refuse_unless(permissions.can_request_leave(actor, attendance), NOT_UNIT_OFFICER, "not_unit_officer")
    reason, substitute = (reason or "").strip(), (substitute or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("请填写请假事由。")]
    if not substitute:
        errors["substitute"] = [_("请填写委派出席的副职姓名。")]
    elif len(substitute) > 50:
        errors["substitute"] = [_("委派副职姓名不能超过50个字。")]
    elif is_placeholder_name(substitute):
        errors["substitute"] = [str(NOT_A_NAME)]
    if errors:
        raise ApplicationError(_("请假申请填写不完整。"), code="invalid", extra=errors)
    meeting = attendance.meeting
    if meeting.status not in RUNNING or meeting.has_started:
        raise ApplicationError(_("会议已开始，不能再申请请假。"), code="meeting_started")
    ATTENDANCE.check(attendance, "request_leave")
    approver_kind = approver_kind_for(attendance.unit.kind)
    if not approver_kind:
        raise ApplicationError(_("未设置该类单位的请假审批机关，请联系常委会办公室。"), code="no_approver")
    attendance = transition(
        attendance,
        ATTENDANCE,
        "request_leave",
        actor=actor,
        locked=True,
        note=reason,
        changes={
            "leave_reason": reason,
            "substitute": substitute,
            "leave_requested_at": timezone.now(),
            "leave_requested_by": actor,
            "approver_kind": approver_kind,
            "reviewed_by": None,
            "reviewed_at": None,
            "review_note": "",
        },
    )
    reviewers = list(units.office_reviewers(approver_kind))
    key = f"attendance:{attendance.pk}:leave:{attendance.leave_requested_at:%Y%m%d%H%M%S%f}"
    notify(
        recipients=reviewers,
        key=key,
        title=Message(
            gettext_noop("请假待审批：%(unit)s · %(meeting)s"),
            unit=attendance.unit.name,
            meeting=meeting.title,
        ),
        body=Message(
            gettext_noop("事由：%(reason)s；委派副职：%(substitute)s"),
            reason=reason,
            substitute=substitute,
        ),
        url=_portal_url("meeting-leave-requests"),
    )
    return attendance


@transaction.atomic
def participant_request_leave(*, participant: Participant, actor: User, reason: str) -> Participant:
    """A participant with an account (a deputy asked to attend, most often) cannot come and
    says why, before the meeting starts; staff record it for them too. No approval: the leave
    is on file, and the deputy's performance record counts it as leave (会议请假), not as a
    meeting attended. Asking again updates the reason."""
    participant = lock(Participant, participant.pk, related=("meeting",))
    own = participant.user_id is not None and participant.user_id == getattr(actor, "pk", None)
    _refuse_unless(
        own or permissions.can_manage_meetings(actor),
        gettext_lazy("只能为本人请假。"),
        "not_participant",
    )
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("请填写请假事由。"), code="required")
    if len(reason) > 300:
        raise field_error("reason", _("请假事由不能超过300个字。"))
    meeting = participant.meeting
    if meeting.status not in RUNNING or meeting.has_started:
        raise ApplicationError(_("会议已开始，不能再申请请假。"), code="meeting_started")
    participant.leave_reason = reason
    participant.leave_at = timezone.now()
    save_tracked(participant, ["leave_reason", "leave_at"], actor=actor, reason=_("请假"))
    return participant


@transaction.atomic
def participant_withdraw_leave(*, participant: Participant, actor: User) -> Participant:
    """The participant will come after all (before the meeting starts)."""
    participant = lock(Participant, participant.pk, related=("meeting",))
    own = participant.user_id is not None and participant.user_id == getattr(actor, "pk", None)
    _refuse_unless(
        own or permissions.can_manage_meetings(actor),
        gettext_lazy("只能为本人请假。"),
        "not_participant",
    )
    meeting = participant.meeting
    if meeting.status not in RUNNING or meeting.has_started:
        raise ApplicationError(_("会议已开始，不能再撤回请假。"), code="meeting_started")
    participant.leave_reason, participant.leave_at = "", None
    save_tracked(participant, ["leave_reason", "leave_at"], actor=actor, reason=_("撤回请假"))
    return participant


def _review_leave(*, attendance, actor, approve: bool, note: str) -> RequiredAttendance:
    attendance = _lock_attendance(attendance)
    _refuse_unless(
        permissions.can_review_leave(actor, attendance), NOT_APPROVING_OFFICE, "not_approving_office"
    )
    code = "approve_leave" if approve else "reject_leave"
    ATTENDANCE.check(attendance, code)
    if attendance.meeting.has_started:
        raise ApplicationError(_("会议已开始，请假未在会前获批准，将按缺席处理。"), code="meeting_started")
    note = (note or "").strip()[:300]
    attendance = transition(
        attendance,
        ATTENDANCE,
        code,
        actor=actor,
        locked=True,
        note=note,
        changes={"reviewed_by": actor, "reviewed_at": timezone.now(), "review_note": note},
    )
    recipients = units.unit_officers([attendance.unit_id]).get(attendance.unit_id, [])
    meeting = attendance.meeting
    title = Message(
        gettext_noop("请假已批准：%(meeting)s") if approve else gettext_noop("请假未获批准：%(meeting)s"),
        meeting=meeting.title,
    )
    key = f"attendance:{attendance.pk}:review:{attendance.reviewed_at:%Y%m%d%H%M%S%f}"
    notify(
        recipients=recipients,
        key=key,
        title=title,
        body=attendance.review_note
        or (
            Message(gettext_noop("由 %(s)s 代为列席。"), s=attendance.substitute)
            if approve
            else Message(gettext_noop("请主要负责人按时出席。"))
        ),
        url=_portal_url("meeting-detail", meeting.pk),
    )
    return attendance


@transaction.atomic
def attendance_approve_leave(
    *, attendance: RequiredAttendance, actor: User, note: str = ""
) -> RequiredAttendance:
    """The approving office (gov_office or party_office by the rule) approves in writing,
    before the meeting starts; the substitute then attends for the head."""
    return _review_leave(attendance=attendance, actor=actor, approve=True, note=note)


@transaction.atomic
def attendance_reject_leave(
    *, attendance: RequiredAttendance, actor: User, note: str = ""
) -> RequiredAttendance:
    """The approving office refuses: the head is expected in person again."""
    return _review_leave(attendance=attendance, actor=actor, approve=False, note=note)


# --- check-in -----------------------------------------------------------------------------


def _check_in(attendance: RequiredAttendance, actor: User, code: str, method: str) -> RequiredAttendance:
    """Check a locked row in once check-in is open (staff opened the meeting, or the rule
    ``meetings.check_in_opens_minutes`` before the scheduled start); after the scheduled start
    plus the rule ``meetings.late_after_minutes`` the arrival is late."""
    meeting = attendance.meeting
    MEETING.check(meeting, "check_in")
    now = timezone.now()
    opens_at = check_in_opens_later(meeting, now=now)
    if opens_at is not None:
        raise ApplicationError(check_in_not_open_message(meeting, opens_at), code="too_early")
    if attendance.status == A.LEAVE_APPROVED:
        raise ApplicationError(_("该单位已获准请假，由委派副职出席，无需签到。"), code="on_leave")
    late_after = dt.timedelta(minutes=rule_get("meetings.late_after_minutes"))
    is_late = now > meeting.starts_at + late_after
    note = f"{RequiredAttendance.Method(method).label} {_('迟到') if is_late else ''}".strip()
    return transition(
        attendance,
        ATTENDANCE,
        code,
        actor=actor,
        locked=True,
        note=note,
        changes={
            "checked_in_at": now,
            "checked_in_by": actor,
            "check_in_method": method,
            "is_late": is_late,
        },
    )


@transaction.atomic
def attendance_check_in(*, attendance: RequiredAttendance, actor: User) -> RequiredAttendance:
    """Staff check a head in from the tablet list once check-in has opened."""
    attendance = _lock_attendance(attendance)
    _refuse_unless(permissions.can_settle_attendance(actor, attendance), NOT_STAFF, "not_staff")
    return _check_in(attendance, actor, "check_in", RequiredAttendance.Method.STAFF)


@transaction.atomic
def attendance_check_in_by_qr(*, meeting: Meeting, token: str, actor: User) -> RequiredAttendance:
    """The attendee (logged in as the unit's officer) scans the meeting's code on a phone: it
    checks in a unit the scanner acts for, if that unit is required at this meeting (for an
    officer of several required units, the first not checked in yet)."""
    if not token or token != meeting.check_in_token:
        raise PermissionDeniedError(_("签到码无效。"), code="bad_token")
    rows = list(
        RequiredAttendance.objects.select_for_update(of=("self",))
        .select_related("meeting", "unit")
        .filter(meeting=meeting, unit_id__in=units.acting_unit_ids(actor))
        .order_by("unit__sort_order", "unit__name")
    )
    row = next((row for row in rows if ATTENDANCE.can(row, "check_in_qr")), rows[0] if rows else None)
    if row is None or not permissions.can_scan_in_attendance(actor, row):
        raise PermissionDeniedError(_("您所在单位不在本次会议的列席名单中。"), code="not_required")
    return _check_in(row, actor, "check_in_qr", RequiredAttendance.Method.QR)


# --- publication --------------------------------------------------------------------------


@transaction.atomic
def attendance_publish(*, meeting_id: int) -> int:
    """Publish a closed meeting's attendance on the public website, with no human step (the
    system's ``publish`` step on the meeting's timeline).

    Idempotent and safe when run twice or concurrently: the meeting row is locked, a meeting
    already published is left alone, and rows are unique per (meeting, unit). Returns the
    number of public rows written now. The yearly per-unit record is counted from these rows
    (``selectors.unit_attendance_years``), so it is up to date the moment this commits."""
    meeting = lock(Meeting, meeting_id)
    if meeting.attendance_published_at is not None:  # only ever set on a closed meeting
        return 0
    now = timezone.now()
    meeting = transition(
        meeting,
        MEETING,
        "publish",
        actor=None,
        system=True,
        locked=True,
        changes={"attendance_published_at": now},
    )
    year = timezone.localtime(meeting.starts_at).year
    already = set(PublishedAttendance.objects.filter(meeting=meeting).values_list("unit_id", flat=True))
    rows = [
        PublishedAttendance(
            meeting=meeting,
            unit_id=row.unit_id,
            attendance=row,
            unit_name=row.unit.name,
            expected_person=row.expected_person,
            status=row.status,
            substitute=row.substitute if row.status == A.LEAVE_APPROVED else "",
            is_late=row.is_late,
            year=year,
            published_at=now,
        )
        for row in RequiredAttendance.objects.filter(meeting=meeting).select_related("unit")
        if row.unit_id not in already
    ]
    bulk_create_with_history(rows, PublishedAttendance, default_change_reason="会议结束后自动公开")
    caching.bump_on_commit("meetings")  # bulk_create sends no signal: public pages (page cache)
    return len(rows)


@transaction.atomic
def attendance_correct(
    *, attendance: RequiredAttendance, actor: User, status: str, reason: str, substitute: str = ""
) -> AttendanceCorrection:
    """Staff correct a published attendance record. Only with a reason; the correction, the
    ``correct`` step on the attendance's timeline and the history of both rows are kept, and
    the public row shows the corrected status at once."""
    _require_staff(actor)
    reason, substitute = (reason or "").strip(), (substitute or "").strip()
    if not reason:
        raise field_error("reason", _("更正出席情况必须填写理由。"), code="reason_required")
    if status not in FINAL:
        raise field_error("status", _("只能更正为出席、请假（已批准）或缺席。"))
    if status == A.LEAVE_APPROVED and not substitute:
        raise field_error("substitute", _("更正为请假时须填写委派副职。"))
    if is_placeholder_name(substitute):
        raise field_error("substitute", str(NOT_A_NAME))
    attendance = _lock_attendance(attendance)
    published = PublishedAttendance.objects.select_for_update().filter(attendance=attendance).first()
    if published is None:
        raise ApplicationError(_("出席情况尚未公开，无需更正。"), code="not_published")
    before_status, before_substitute = attendance.status, published.substitute
    new_substitute = substitute if status == A.LEAVE_APPROVED else ""
    if before_status == status and before_substitute == new_substitute:
        raise ApplicationError(_("更正内容与现有记录相同。"), code="no_change")
    attendance = transition(
        attendance,
        ATTENDANCE,
        "correct",
        actor=actor,
        target=status,
        locked=True,
        reason=reason,
        note=_("公开后更正：%(r)s") % {"r": reason},
        changes={
            "substitute": new_substitute or attendance.substitute,
            "is_late": attendance.is_late and status == A.ATTENDED,
        },
    )
    now = timezone.now()
    # The public row is a copy of the outcome (no workflow of its own): it follows at once.
    public = {
        "status": status,
        "substitute": new_substitute,
        "is_late": attendance.is_late,
        "corrected_at": now,
    }
    for name, value in public.items():
        setattr(published, name, value)
    save_tracked(published, public, actor=actor, reason=reason)
    return AttendanceCorrection.objects.create(
        published=published,
        from_status=before_status,
        to_status=status,
        from_substitute=before_substitute,
        to_substitute=new_substitute,
        reason=reason,
        actor=actor,
        created_at=now,
    )
