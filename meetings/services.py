"""Every write and transition of meetings and officials' attendance (seed section 八).

One service per transition: lock the row, check the source status against ``workflow.py``,
check the permission predicate, change it, write an ``AttendanceEvent``, and queue notices and
tasks with ``transaction.on_commit``. Callers: the admin, the portal views, the API and the
Celery tasks — never ``.save()`` on these models elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Organization, Term, User
from congress.notifications import notify
from congress.rules import rule_get
from meetings import permissions, workflow
from meetings.models import (
    AttendanceCorrection,
    AttendanceEvent,
    Meeting,
    PublishedAttendance,
    RequiredAttendance,
)
from meetings.selectors import (
    approver_kind_for,
    officers_of_units,
    reviewers_of_office_kind,
    unit_ids_for,
)

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


def _require_staff(actor: User) -> None:
    if not permissions.can_manage_meetings(actor):
        raise PermissionDeniedError(_("仅限人大常委会工作人员操作会议。"), code="not_staff")


def _field_error(field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, extra={field: [message]})


def _guard_meeting(meeting: Meeting, target: str, action: str) -> None:
    if not workflow.meeting_can_move(meeting.status, target):
        raise InvalidTransition(current_label=meeting.get_status_display(), action_label=action)


def _guard_attendance(attendance: RequiredAttendance, target: str, action: str) -> None:
    if not workflow.attendance_can_move(attendance.status, target):
        raise InvalidTransition(current_label=attendance.get_status_display(), action_label=action)


def _lock_attendance(attendance: RequiredAttendance) -> RequiredAttendance:
    return (
        RequiredAttendance.objects.select_for_update().select_related("meeting", "unit").get(pk=attendance.pk)
    )


def _event(
    attendance: RequiredAttendance, from_status: str, actor: User | None, note: str = ""
) -> AttendanceEvent:
    return AttendanceEvent(
        attendance=attendance, from_status=from_status, to_status=attendance.status, actor=actor, note=note
    )


def _portal_url(name: str, *args) -> str:
    return reverse(f"portal:{name}", args=args)


# --- meetings -----------------------------------------------------------------------------


def _validate_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ApplicationError(_("请填写带时区的时间。"), code="naive_datetime")
    if ends_at < starts_at:
        raise _field_error("ends_at", _("结束时间不能早于开始时间。"), code="ends_before_start")


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
        raise _field_error("kind", _("会议类别无效。"))
    _validate_times(starts_at, ends_at)
    if term is None:
        term = Term.objects.filter(is_current=True).first()
    meeting = Meeting(
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
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, **fields) -> Meeting:
    """Staff edit a meeting's particulars (not its status). Times of a closed meeting stay."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if meeting.status in (M.CLOSED, M.CANCELLED) and (
        fields.get("starts_at", meeting.starts_at) != meeting.starts_at
        or fields.get("ends_at", meeting.ends_at) != meeting.ends_at
    ):
        raise InvalidTransition(current_label=meeting.get_status_display(), action_label=_("修改会议时间"))
    for name, value in fields.items():
        setattr(meeting, name, value)
    _validate_times(meeting.starts_at, meeting.ends_at)
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "updated_at"])
    return meeting


@transaction.atomic
def meeting_require_units(
    *, meeting: Meeting, actor: User, unit_ids: Iterable[int]
) -> list[RequiredAttendance]:
    """Staff mark the units whose head must attend. Idempotent: units already required are
    left as they are. Copies each unit's head name and the approving office kind (rule
    ``meetings.leave_approvers``) at this moment. Returns the rows created now."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (M.PLANNED, M.OPEN):
        raise InvalidTransition(current_label=meeting.get_status_display(), action_label=_("要求单位列席"))
    wanted = {int(pk) for pk in unit_ids}
    if not wanted:
        raise _field_error("units", _("请选择至少一个列席单位。"), code="no_units")
    units = {unit.pk: unit for unit in Organization.objects.filter(pk__in=wanted, is_active=True)}
    missing = wanted - set(units)
    if missing:
        raise _field_error(
            "units",
            _("以下单位不存在或已停用：%(ids)s") % {"ids": "、".join(str(pk) for pk in sorted(missing))},
            code="unknown_units",
        )
    existing = set(RequiredAttendance.objects.filter(meeting=meeting).values_list("unit_id", flat=True))
    mapping = rule_get("meetings.leave_approvers")
    rows = [
        RequiredAttendance(
            meeting=meeting,
            unit=units[pk],
            expected_person=units[pk].head_name,
            approver_kind=approver_kind_for(units[pk].kind, mapping),
        )
        for pk in sorted(wanted - existing)
    ]
    bulk_create_with_history(rows, RequiredAttendance, default_user=actor, default_change_reason="要求列席")
    # bulk_create does not return ids on every backend: read them back by natural key.
    created = list(
        RequiredAttendance.objects.filter(
            meeting=meeting, unit_id__in=[row.unit_id for row in rows]
        ).select_related("unit")
    )
    AttendanceEvent.objects.bulk_create(
        AttendanceEvent(
            attendance=row, from_status=A.REQUIRED, to_status=A.REQUIRED, actor=actor, note=_("要求列席")
        )
        for row in created
    )
    if created:
        officers = officers_of_units(row.unit_id for row in created)
        when = timezone.localtime(meeting.starts_at)
        recipients = [user for row in created for user in officers.get(row.unit_id, [])]
        transaction.on_commit(
            lambda: notify(
                recipients=recipients,
                key=f"meeting:{meeting.pk}:required",
                title=_("列席通知：%(title)s") % {"title": meeting.title},
                body=_("请贵单位主要负责人于 %(when)s 在 %(place)s 列席会议；如不能出席，请在会前提出请假。")
                % {"when": f"{when:%Y-%m-%d %H:%M}", "place": meeting.location},
                url=_portal_url("meeting-detail", meeting.pk),
            )
        )
    return created


@transaction.atomic
def meeting_open(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff open the meeting on the day (check-in under way)."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _guard_meeting(meeting, M.OPEN, _("开始会议"))
    meeting.status = M.OPEN
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff call off a meeting that has not taken place."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _guard_meeting(meeting, M.CANCELLED, _("取消会议"))
    meeting.status = M.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    """Staff close a meeting any time after it started (it may end early). Attendance becomes
    final: a unit not checked in is absent, and a leave request not approved by the start is
    absence without leave. Publication follows automatically (``publish_attendance`` after
    commit; the sweep catches a lost message)."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _guard_meeting(meeting, M.CLOSED, _("结束会议"))
    now = timezone.now()
    if now < meeting.starts_at:
        raise ApplicationError(_("会议尚未开始，不能结束。"), code="not_started")
    rows = list(
        RequiredAttendance.objects.select_for_update().filter(
            meeting=meeting, status__in=workflow.OPEN_AT_CLOSE
        )
    )
    events = []
    for row in rows:
        before = row.status
        row.status = A.ABSENT
        row.updated_at = now
        note = (
            _("请假未在会议开始前获批准，按缺席处理")
            if before == A.LEAVE_REQUESTED
            else _("会议结束时未签到")
        )
        events.append(_event(row, before, actor, note))
    if rows:
        bulk_update_with_history(
            rows,
            RequiredAttendance,
            ["status", "updated_at"],
            default_user=actor,
            default_change_reason="会议结束",
        )
        AttendanceEvent.objects.bulk_create(events)
    meeting.status = M.CLOSED
    meeting.closed_at = now
    meeting.closed_by = actor
    meeting.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])

    from meetings.tasks import publish_attendance

    meeting_id = meeting.pk
    transaction.on_commit(lambda: publish_attendance.delay(meeting_id))
    return meeting


# --- leave --------------------------------------------------------------------------------


@transaction.atomic
def attendance_request_leave(
    *, attendance: RequiredAttendance, actor: User, reason: str, substitute: str
) -> RequiredAttendance:
    """An officer of the unit asks leave for its head before the meeting starts, giving the
    reason and the deputy head sent instead (委派副职). The approving office is fixed now from
    the rule ``meetings.leave_approvers`` and its reviewers are notified."""
    reason, substitute = (reason or "").strip(), (substitute or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("请填写请假事由。")]
    if not substitute:
        errors["substitute"] = [_("请填写委派出席的副职姓名。")]
    elif len(substitute) > 50:
        errors["substitute"] = [_("委派副职姓名不能超过50个字。")]
    if errors:
        raise ApplicationError(_("请假申请填写不完整。"), code="invalid", extra=errors)
    attendance = _lock_attendance(attendance)
    if not permissions.can_request_leave(actor, attendance):
        raise PermissionDeniedError(_("只有本单位联络员可以为本单位申请请假。"), code="not_unit_officer")
    meeting = attendance.meeting
    if meeting.status not in (M.PLANNED, M.OPEN) or timezone.now() >= meeting.starts_at:
        raise ApplicationError(_("会议已开始，不能再申请请假。"), code="meeting_started")
    _guard_attendance(attendance, A.LEAVE_REQUESTED, _("申请请假"))
    approver_kind = approver_kind_for(attendance.unit.kind)
    if not approver_kind:
        raise ApplicationError(_("未设置该类单位的请假审批机关，请联系常委会办公室。"), code="no_approver")
    before = attendance.status
    attendance.status = A.LEAVE_REQUESTED
    attendance.leave_reason = reason
    attendance.substitute = substitute
    attendance.leave_requested_at = timezone.now()
    attendance.leave_requested_by = actor
    attendance.approver_kind = approver_kind
    attendance.reviewed_by = None
    attendance.reviewed_at = None
    attendance.review_note = ""
    attendance.save(
        update_fields=[
            "status",
            "leave_reason",
            "substitute",
            "leave_requested_at",
            "leave_requested_by",
            "approver_kind",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "updated_at",
        ]
    )
    _event(attendance, before, actor, reason).save()
    reviewers = list(reviewers_of_office_kind(approver_kind))
    key = f"attendance:{attendance.pk}:leave:{attendance.leave_requested_at:%Y%m%d%H%M%S%f}"
    transaction.on_commit(
        lambda: notify(
            recipients=reviewers,
            key=key,
            title=_("请假待审批：%(unit)s · %(meeting)s")
            % {"unit": attendance.unit.name, "meeting": meeting.title},
            body=_("事由：%(reason)s；委派副职：%(substitute)s")
            % {"reason": reason, "substitute": substitute},
            url=_portal_url("meeting-leave-requests"),
        )
    )
    return attendance


def _review_leave(*, attendance, actor, approve: bool, note: str) -> RequiredAttendance:
    attendance = _lock_attendance(attendance)
    if not permissions.can_review_leave(actor, attendance):
        raise PermissionDeniedError(_("只有该单位对应的审批机关可以审批请假。"), code="not_approving_office")
    target = A.LEAVE_APPROVED if approve else A.LEAVE_REJECTED
    _guard_attendance(attendance, target, _("批准请假") if approve else _("不批准请假"))
    if timezone.now() >= attendance.meeting.starts_at:
        raise ApplicationError(_("会议已开始，请假未在会前获批准，将按缺席处理。"), code="meeting_started")
    before = attendance.status
    attendance.status = target
    attendance.reviewed_by = actor
    attendance.reviewed_at = timezone.now()
    attendance.review_note = (note or "").strip()[:300]
    attendance.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _event(attendance, before, actor, attendance.review_note).save()
    recipients = officers_of_units([attendance.unit_id]).get(attendance.unit_id, [])
    meeting = attendance.meeting
    title = (_("请假已批准：%(meeting)s") if approve else _("请假未获批准：%(meeting)s")) % {
        "meeting": meeting.title
    }
    key = f"attendance:{attendance.pk}:review:{attendance.reviewed_at:%Y%m%d%H%M%S%f}"
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            key=key,
            title=title,
            body=attendance.review_note
            or (
                _("由 %(s)s 代为列席。") % {"s": attendance.substitute}
                if approve
                else _("请主要负责人按时出席。")
            ),
            url=_portal_url("meeting-detail", meeting.pk),
        )
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


def _check_in(attendance: RequiredAttendance, actor: User, method: str) -> RequiredAttendance:
    meeting = attendance.meeting
    if meeting.status not in (M.PLANNED, M.OPEN):
        raise InvalidTransition(current_label=meeting.get_status_display(), action_label=_("签到"))
    now = timezone.now()
    if timezone.localdate(now) < timezone.localdate(meeting.starts_at):
        raise ApplicationError(_("会议当天才能签到。"), code="too_early")
    if attendance.status == A.LEAVE_APPROVED:
        raise ApplicationError(_("该单位已获准请假，由委派副职出席，无需签到。"), code="on_leave")
    _guard_attendance(attendance, A.ATTENDED, _("签到"))
    late_after = dt.timedelta(minutes=rule_get("meetings.late_after_minutes"))
    before = attendance.status
    attendance.status = A.ATTENDED
    attendance.checked_in_at = now
    attendance.checked_in_by = actor
    attendance.check_in_method = method
    attendance.is_late = now > meeting.starts_at + late_after
    attendance.save(
        update_fields=["status", "checked_in_at", "checked_in_by", "check_in_method", "is_late", "updated_at"]
    )
    note = _("迟到") if attendance.is_late else ""
    _event(attendance, before, actor, f"{attendance.get_check_in_method_display()} {note}".strip()).save()
    return attendance


@transaction.atomic
def attendance_check_in(*, attendance: RequiredAttendance, actor: User) -> RequiredAttendance:
    """Staff check a head in on the day from the tablet list; after the start plus the rule
    ``meetings.late_after_minutes`` the arrival is recorded as late."""
    _require_staff(actor)
    return _check_in(_lock_attendance(attendance), actor, RequiredAttendance.Method.STAFF)


@transaction.atomic
def attendance_check_in_by_qr(*, meeting: Meeting, token: str, actor: User) -> RequiredAttendance:
    """The attendee (logged in as the unit's officer) scans the meeting's code on a phone: it
    checks in the unit the scanner acts for, if that unit is required at this meeting."""
    if not token or token != meeting.check_in_token:
        raise PermissionDeniedError(_("签到码无效。"), code="bad_token")
    row = (
        RequiredAttendance.objects.select_for_update()
        .select_related("meeting", "unit")
        .filter(meeting=meeting, unit_id__in=unit_ids_for(actor))
        .first()
    )
    if row is None or not permissions.can_check_in_by_qr(actor, row):
        raise PermissionDeniedError(_("您所在单位不在本次会议的列席名单中。"), code="not_required")
    return _check_in(row, actor, RequiredAttendance.Method.QR)


# --- publication --------------------------------------------------------------------------


@transaction.atomic
def attendance_publish(*, meeting_id: int) -> int:
    """Publish a closed meeting's attendance on the public website, with no human step.

    Idempotent and safe when run twice or concurrently: the meeting row is locked, a meeting
    already published is left alone, and rows are unique per (meeting, unit). Returns the
    number of public rows written now. The yearly per-unit record is counted from these rows
    (``selectors.unit_attendance_years``), so it is up to date the moment this commits."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status != M.CLOSED:
        raise InvalidTransition(current_label=meeting.get_status_display(), action_label=_("公开出席情况"))
    if meeting.attendance_published_at is not None:
        return 0
    now = timezone.now()
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
    meeting.attendance_published_at = now
    meeting.save(update_fields=["attendance_published_at", "updated_at"])
    return len(rows)


@transaction.atomic
def attendance_correct(
    *, attendance: RequiredAttendance, actor: User, status: str, reason: str, substitute: str = ""
) -> AttendanceCorrection:
    """Staff correct a published attendance record. Only with a reason; the correction, the
    status-change event and the history of both rows are kept, and the public row shows the
    corrected status at once."""
    _require_staff(actor)
    reason, substitute = (reason or "").strip(), (substitute or "").strip()
    if not reason:
        raise _field_error("reason", _("更正出席情况必须填写理由。"), code="reason_required")
    if status not in workflow.FINAL:
        raise _field_error("status", _("只能更正为出席、请假（已批准）或缺席。"))
    if status == A.LEAVE_APPROVED and not substitute:
        raise _field_error("substitute", _("更正为请假时须填写委派副职。"))
    attendance = _lock_attendance(attendance)
    published = PublishedAttendance.objects.select_for_update().filter(attendance=attendance).first()
    if published is None:
        raise ApplicationError(_("出席情况尚未公开，无需更正。"), code="not_published")
    before_status, before_substitute = attendance.status, published.substitute
    new_substitute = substitute if status == A.LEAVE_APPROVED else ""
    if before_status == status and before_substitute == new_substitute:
        raise ApplicationError(_("更正内容与现有记录相同。"), code="no_change")
    attendance.status = status
    attendance.substitute = new_substitute or attendance.substitute
    if status != A.ATTENDED:
        attendance.is_late = False
    attendance._change_reason = reason
    attendance.save(update_fields=["status", "substitute", "is_late", "updated_at"])
    _event(attendance, before_status, actor, _("公开后更正：%(r)s") % {"r": reason}).save()
    now = timezone.now()
    published.status = status
    published.substitute = new_substitute
    published.is_late = attendance.is_late
    published.corrected_at = now
    published._change_reason = reason
    published.save(update_fields=["status", "substitute", "is_late", "corrected_at"])
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
