"""Portal pages: unit officers answer their required meetings (leave with a substitute),
reviewers decide leave, participants see their meetings, staff run check-in on a tablet and
attendees check in by scanning the meeting's code. Views call selectors and services only."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.exceptions import ApplicationError
from meetings import permissions, selectors, services
from meetings.forms import LeaveForm, ParticipantLeaveForm, ReviewForm
from meetings.models import RequiredAttendance
from meetings.workflow import ATTENDANCE, MEETING, RUNNING


def _error_to_form(form, exc: ApplicationError) -> None:
    """Put a service's field errors on the form (others as a form-wide error)."""
    placed = False
    for field, errors in exc.extra.items():
        if field in form.fields:
            for error in errors:
                form.add_error(field, str(error))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


@login_required
def meeting_list(request):
    """My meetings: my unit's required meetings (officers), meetings I take part in, leave
    requests to decide (reviewers), and the running meetings (staff)."""
    user = request.user
    is_staff = permissions.can_manage_meetings(user)
    context = {
        "upcoming_rows": list(selectors.unit_attendance_for_officer(user, upcoming=True)),
        "past_rows": list(selectors.unit_attendance_for_officer(user, upcoming=False)[:20]),
        "participations": list(selectors.meetings_for_participant(user)[:20]),
        "leave_waiting": selectors.leave_requests_waiting_for(user).count()
        if selectors.office_kinds_for(user)
        else None,
        "staff_meetings": list(
            selectors.meeting_list_visible_to(user).filter(status__in=RUNNING).order_by("starts_at")[:30]
        )
        if is_staff
        else [],
        "is_staff": is_staff,
    }
    return render(request, "meetings/portal/list.html", context)


def _mark_steps(rows, user, *, check_in_open: bool = True) -> list[RequiredAttendance]:
    """Which buttons each row shows: the declared actions the user may take on it now (the
    services still decide; a refused step says why). ``check_in_open``: whether the meeting's
    check-in has opened (``selectors.check_in_opens_later``)."""
    for row in rows:
        leave_open = row.meeting.status in RUNNING and not row.meeting.has_started
        row.may_request_leave = leave_open and ATTENDANCE.can(row, "request_leave", user)
        row.may_check_in = (
            check_in_open and MEETING.can(row.meeting, "check_in") and ATTENDANCE.can(row, "check_in", user)
        )
    return rows


def _check_in_notice(meeting) -> str:
    """The notice of a running meeting whose check-in has not opened yet ("" once open)."""
    if meeting.status not in RUNNING:
        return ""
    opens_at = selectors.check_in_opens_later(meeting)
    return selectors.check_in_not_open_message(meeting, opens_at) if opens_at else ""


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_with_program(selectors.meeting_get_for_user(request.user, pk))
    own_rows = _mark_steps(selectors.attendance_own_in_meeting(request.user, meeting.pk), request.user)
    participation = selectors.participation_own_in_meeting(request.user, meeting.pk)
    return render(
        request,
        "meetings/portal/detail.html",
        {
            "meeting": meeting,
            "own_rows": own_rows,
            "participation": participation,
            "participant_leave_open": meeting.status in RUNNING and not meeting.has_started,
            "participant_form": ParticipantLeaveForm(
                initial={"reason": getattr(participation, "leave_reason", "")}
            ),
            "can_manage": permissions.can_manage_meetings(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_leave(request, pk: int):
    """A participant (a deputy asked to attend) asks for leave, or withdraws it, before the
    meeting starts; the text typed stays on the page when it has an error."""
    meeting = selectors.meeting_get_for_user(request.user, pk)
    participation = selectors.participation_own_in_meeting(request.user, meeting.pk)
    if participation is None:
        raise Http404
    form = ParticipantLeaveForm(request.POST or None, initial={"reason": participation.leave_reason})
    if request.method == "POST":
        try:
            if request.POST.get("withdraw"):
                services.participant_withdraw_leave(participant=participation, actor=request.user)
                messages.success(request, _("已撤回请假。"))
                return redirect("portal:meeting-detail", meeting.pk)
            if form.is_valid():
                services.participant_request_leave(
                    participant=participation, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("已请假，将计入您的履职档案。"))
                return redirect("portal:meeting-detail", meeting.pk)
        except ApplicationError as exc:
            _error_to_form(form, exc)
    return render(
        request,
        "meetings/portal/participant_leave.html",
        {"meeting": meeting, "participation": participation, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_leave(request, pk: int):
    """The leave form of one required attendance; the entered text stays when it has errors."""
    attendance = selectors.attendance_get_for_user(request.user, pk)
    if not permissions.can_request_leave(request.user, attendance):
        raise Http404
    if request.method == "POST":
        form = LeaveForm(request.POST)
        if form.is_valid():
            try:
                services.attendance_request_leave(
                    attendance=attendance, actor=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                _error_to_form(form, exc)
            else:
                messages.success(request, _("请假申请已提交，等待审批机关审批。"))
                return redirect("portal:meeting-detail", attendance.meeting_id)
    else:
        form = LeaveForm(
            initial={
                "substitute": attendance.substitute or attendance.unit.deputy_head_name,
                "reason": attendance.leave_reason,
            }
        )
    return render(request, "meetings/portal/leave_form.html", {"attendance": attendance, "form": form})


@login_required
def leave_requests(request):
    """Leave requests waiting for this reviewer's office, and the ones it decided lately."""
    if not selectors.office_kinds_for(request.user):
        raise Http404
    decided = (
        selectors.attendance_list_visible_to(request.user)
        .filter(reviewed_by__isnull=False)
        .order_by("-reviewed_at")[:20]
    )
    return render(
        request,
        "meetings/portal/leave_requests.html",
        {
            "waiting": list(selectors.leave_requests_waiting_for(request.user)),
            "decided": list(decided),
            "form": ReviewForm(),
        },
    )


@login_required
@require_POST
def attendance_review(request, pk: int, decision: str):
    attendance = selectors.attendance_get_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    service = services.attendance_approve_leave if decision == "approve" else services.attendance_reject_leave
    try:
        service(attendance=attendance, actor=request.user, note=note)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            (_("已批准 %(unit)s 的请假。") if decision == "approve" else _("已不批准 %(unit)s 的请假。"))
            % {"unit": attendance.unit.name},
        )
    return redirect("portal:meeting-leave-requests")


# --- staff: check-in on a tablet ------------------------------------------------------------


def _staff_meeting(request, pk):
    if not permissions.can_manage_meetings(request.user):
        raise Http404
    return selectors.meeting_get_for_user(request.user, pk)


def _qr_url(request, meeting) -> str:
    return request.build_absolute_uri(reverse("portal:meeting-qr-check-in", args=[meeting.check_in_token]))


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, title=_("扫码签到"), dark="#1f2328")


@login_required
def check_in_list(request, pk: int):
    """The tablet page: every required unit with a big check-in button, the meeting's QR
    code for attendees' phones, and the close button."""
    meeting = _staff_meeting(request, pk)
    check_in_notice = _check_in_notice(meeting)
    rows = _mark_steps(
        list(selectors.attendance_for_meeting(meeting)), request.user, check_in_open=not check_in_notice
    )
    qr_url = _qr_url(request, meeting)
    counts = {status: 0 for status in RequiredAttendance.Status.values}
    for row in rows:
        counts[row.status] += 1
    return render(
        request,
        "meetings/portal/check_in.html",
        {
            "meeting": meeting,
            "rows": rows,
            "counts": counts,
            "qr_url": qr_url,
            "qr_svg": _qr_svg(qr_url),
            "check_in_notice": check_in_notice,
            "may_open": MEETING.can(meeting, "open", request.user),
            # A meeting never opened closes only after its scheduled start (the service says so).
            "may_close": MEETING.can(meeting, "close", request.user) and meeting.has_started,
        },
    )


@login_required
@require_POST
def attendance_check_in(request, pk: int):
    """Staff check one unit in; with htmx answers the row alone."""
    attendance = selectors.attendance_get_for_user(request.user, pk)
    if not permissions.can_settle_attendance(request.user, attendance):
        raise Http404
    error = None
    try:
        attendance = services.attendance_check_in(attendance=attendance, actor=request.user)
    except ApplicationError as exc:
        error = exc.message
    if request.htmx:
        attendance.refresh_from_db()
        [row] = _mark_steps(
            [attendance], request.user, check_in_open=not _check_in_notice(attendance.meeting)
        )
        return render(request, "meetings/portal/partials/check_in_row.html", {"row": row, "error": error})
    if error:
        messages.error(request, error)
    return redirect("portal:meeting-check-in", attendance.meeting_id)


@login_required
@require_POST
def meeting_transition(request, pk: int, action: str):
    """Staff open or close the meeting from the tablet page."""
    meeting = _staff_meeting(request, pk)
    service = {"open": services.meeting_open, "close": services.meeting_close}.get(action)
    if service is None:
        raise Http404
    try:
        service(meeting=meeting, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("会议已开始签到。") if action == "open" else _("会议已结束，出席情况将自动在网站公开。"),
        )
    return redirect("portal:meeting-check-in", meeting.pk)


# --- attendees: scan the meeting's code ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def qr_check_in(request, token: str):
    """Where the meeting's QR code leads: the unit officer (or head logged in for the unit)
    confirms arrival on the phone."""
    meeting = selectors.meeting_get_by_token(token)
    rows = selectors.attendance_own_in_meeting(request.user, meeting.pk)
    row = rows[0] if rows else None
    if request.method == "POST":
        try:
            row = services.attendance_check_in_by_qr(meeting=meeting, token=token, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("签到成功（迟到）。") if row.is_late else _("签到成功。"))
        return redirect("portal:meeting-qr-check-in", token)
    return render(
        request,
        "meetings/portal/qr_check_in.html",
        {"meeting": meeting, "row": row, "token": token, "check_in_notice": _check_in_notice(meeting)},
    )
