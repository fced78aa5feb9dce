"""Reads of meetings and attendance, scoped to who asks.

Walls: staff (and committee members, who read everything) see every meeting and record; a
unit officer sees the meetings and records of the units they act for (all of them:
``congress.units``); a reviewer sees the records their office approves (``approver_kind``);
anyone sees the published schedule. What a user may not see is a 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles, units
from congress.models import Organization
from congress.rules import rule_get
from meetings.models import (
    Meeting,
    Participant,
    PublishedAttendance,
    RequiredAttendance,
)
from meetings.workflow import RUNNING

OFFICE_KINDS = (Organization.Kind.GOV_OFFICE, Organization.Kind.PARTY_OFFICE)
A = RequiredAttendance.Status


def office_kinds_for(user) -> frozenset[str]:
    """The approving-office kinds (gov_office / party_office) a reviewer acts for."""
    if not roles.has_role(user, roles.REVIEWER):
        return frozenset()
    return frozenset(unit.kind for unit in units.acting_unit_list(user) if unit.kind in OFFICE_KINDS)


def sees_everything(user) -> bool:
    return roles.has_role(user, roles.STAFF, roles.SYSADMIN, roles.MEMBER)


def approver_kind_for(unit_kind: str, mapping: dict | None = None) -> str:
    """The office kind that approves leave for a unit of this kind (rule ``meetings.leave_approvers``)."""
    if mapping is None:
        mapping = rule_get("meetings.leave_approvers")
    return mapping.get(unit_kind, "")


# --- meetings -----------------------------------------------------------------------------


def meeting_list_visible_to(user) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("term")
    if sees_everything(user):
        return meetings
    visible = Q(is_schedule_published=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(pk__in=Participant.objects.filter(user=user).values("meeting_id"))
        unit_ids = units.acting_unit_ids(user)
        if unit_ids:
            visible |= Q(pk__in=RequiredAttendance.objects.filter(unit_id__in=unit_ids).values("meeting_id"))
        kinds = office_kinds_for(user)
        if kinds:
            visible |= Q(
                pk__in=RequiredAttendance.objects.filter(approver_kind__in=kinds).values("meeting_id")
            )
    return meetings.filter(visible)


def meeting_get_for_user(user, pk: int) -> Meeting:
    return get_object_or_404(meeting_list_visible_to(user), pk=pk)


def meeting_get_by_token(token: str) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("term"), check_in_token=token)


def meetings_for_participant(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(participants__user=user).distinct().order_by("-starts_at")


def participation_own_in_meeting(user, meeting_id: int):
    """The user's own participation in the meeting (a deputy asked to attend), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(meeting_id=meeting_id, user=user).first()


def meeting_with_program(meeting: Meeting, *, public: bool = False) -> Meeting:
    """The meeting with its agenda and documents loaded (two queries)."""
    from django.db.models import Prefetch

    from meetings.models import AgendaItem, MeetingDocument

    documents = MeetingDocument.objects.order_by("id")
    if public:
        documents = documents.filter(is_public=True)
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [meeting],
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")),
        Prefetch("documents", queryset=documents),
    )
    return meeting


def check_in_opens_later(meeting: Meeting, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When check-in opens, if that is still ahead; ``None`` once it is open. It opens when
    staff open the meeting, or, whichever comes first, the rule
    ``meetings.check_in_opens_minutes`` before the scheduled start (one query for the rule,
    none once the meeting was opened or its scheduled start has passed)."""
    now = now or timezone.now()
    if meeting.opened_at is not None or meeting.status == Meeting.Status.OPEN or now >= meeting.starts_at:
        return None
    opens_at = meeting.starts_at - dt.timedelta(minutes=rule_get("meetings.check_in_opens_minutes"))
    return opens_at if now < opens_at else None


def check_in_not_open_message(meeting: Meeting, opens_at: dt.datetime) -> str:
    """What a check-in before the window hears (the service's error, the pages' notice)."""
    minutes = int((meeting.starts_at - opens_at).total_seconds() // 60)
    return _("签到尚未开放：会议开始前%(minutes)d分钟（%(when)s）起可以签到。") % {
        "minutes": minutes,
        "when": f"{timezone.localtime(opens_at):%Y-%m-%d %H:%M}",
    }


# --- attendance ---------------------------------------------------------------------------


def attendance_list_visible_to(user, *, meeting_id: int | None = None) -> QuerySet[RequiredAttendance]:
    rows = RequiredAttendance.objects.select_related("meeting", "unit")
    if meeting_id is not None:
        rows = rows.filter(meeting_id=meeting_id)
    if sees_everything(user):
        return rows.order_by("meeting__starts_at", "unit__sort_order", "unit__name")
    visible = Q(pk__in=[])
    unit_ids = units.acting_unit_ids(user)
    if unit_ids and roles.has_role(user, roles.UNIT_OFFICER):
        visible |= Q(unit_id__in=unit_ids)
    kinds = office_kinds_for(user)
    if kinds:
        visible |= Q(approver_kind__in=kinds)
    return rows.filter(visible).order_by("meeting__starts_at", "unit__sort_order", "unit__name")


def attendance_get_for_user(user, pk: int) -> RequiredAttendance:
    return get_object_or_404(attendance_list_visible_to(user), pk=pk)


def attendance_for_meeting(meeting: Meeting) -> QuerySet[RequiredAttendance]:
    """Every required unit of a meeting, for staff (the check-in list)."""
    return (
        RequiredAttendance.objects.filter(meeting=meeting)
        .select_related("meeting", "unit")
        .order_by("unit__sort_order", "unit__name")
    )


def leave_requests_waiting_for(user) -> QuerySet[RequiredAttendance]:
    """Leave requests this reviewer's office decides, for meetings not yet started (neither
    opened by staff nor past their scheduled start)."""
    kinds = office_kinds_for(user)
    if not kinds:
        return RequiredAttendance.objects.none()
    return (
        RequiredAttendance.objects.filter(
            status=A.LEAVE_REQUESTED,
            approver_kind__in=kinds,
            meeting__starts_at__gt=timezone.now(),
            meeting__opened_at__isnull=True,
        )
        .select_related("meeting", "unit")
        .order_by("meeting__starts_at", "unit__sort_order")
    )


def unit_attendance_for_officer(user, *, upcoming: bool) -> QuerySet[RequiredAttendance]:
    """The required attendance of the officer's units: upcoming meetings, or past ones."""
    unit_ids = units.acting_unit_ids(user)
    if not unit_ids or not roles.has_role(user, roles.UNIT_OFFICER):
        return RequiredAttendance.objects.none()
    rows = RequiredAttendance.objects.filter(unit_id__in=unit_ids).select_related("meeting", "unit")
    if upcoming:
        return rows.filter(meeting__status__in=RUNNING).order_by("meeting__starts_at")
    return rows.exclude(meeting__status__in=RUNNING).order_by("-meeting__starts_at")


def attendance_own_in_meeting(user, meeting_id: int) -> list[RequiredAttendance]:
    """The required attendance of the unit(s) the user acts for at one meeting."""
    unit_ids = units.acting_unit_ids(user)
    if not unit_ids:
        return []
    return list(
        RequiredAttendance.objects.filter(meeting_id=meeting_id, unit_id__in=unit_ids).select_related(
            "meeting", "unit"
        )
    )


def attendance_needing_response(user) -> QuerySet[RequiredAttendance]:
    """Upcoming meetings the officer's unit must attend and has not settled: no leave asked
    (or leave rejected) and the meeting has not started."""
    return unit_attendance_for_officer(user, upcoming=True).filter(
        status__in=[A.REQUIRED, A.LEAVE_REJECTED],
        meeting__starts_at__gt=timezone.now(),
        meeting__opened_at__isnull=True,
    )


# --- public -------------------------------------------------------------------------------


def _public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(Q(is_schedule_published=True) | Q(attendance_published_at__isnull=False))


def meeting_list_public() -> QuerySet[Meeting]:
    return _public_meetings().only(
        "id", "kind", "title", "starts_at", "ends_at", "location", "status", "attendance_published_at"
    )


def meeting_get_public(pk: int) -> Meeting:
    return get_object_or_404(_public_meetings(), pk=pk)


def published_attendance_of(meeting_id: int) -> QuerySet[PublishedAttendance]:
    """The published rows of a meeting, empty until its attendance is published."""
    return (
        PublishedAttendance.objects.filter(
            meeting_id=meeting_id, meeting__attendance_published_at__isnull=False
        )
        .select_related("meeting", "unit")  # the unit's post where no name is on file
        .order_by("unit__sort_order", "unit_name")
    )


def _year_counts():
    return {
        "required": Count("id"),
        "attended": Count("id", filter=Q(status=A.ATTENDED)),
        "late": Count("id", filter=Q(status=A.ATTENDED, is_late=True)),
        "leave": Count("id", filter=Q(status=A.LEAVE_APPROVED)),
        "absent": Count("id", filter=Q(status=A.ABSENT)),
    }


def unit_attendance_years(unit_id: int) -> list[dict]:
    """The unit's yearly attendance record, newest year first: one grouped query over the
    published rows (see PublishedAttendance.year), so corrections count at once and there is
    no second copy to drift."""
    return list(
        PublishedAttendance.objects.filter(unit_id=unit_id)
        .values("year")
        .annotate(**_year_counts())
        .order_by("-year")
    )


def unit_published_rows(unit_id: int, *, year: int) -> QuerySet[PublishedAttendance]:
    return (
        PublishedAttendance.objects.filter(unit_id=unit_id, year=year)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )


def units_attendance_summary(*, year: int) -> list[dict]:
    """Every unit with published attendance in ``year``, with its counts (one grouped query)."""
    return list(
        PublishedAttendance.objects.filter(year=year)
        .values("unit_id", "unit__name", "unit__sort_order")
        .annotate(**_year_counts())
        .order_by("unit__sort_order", "unit__name")
    )


def published_years() -> list[int]:
    return list(PublishedAttendance.objects.values_list("year", flat=True).distinct().order_by("-year"))


def public_unit_get(unit_id: int) -> Organization:
    """A unit that has published attendance (others are not on the attendance pages)."""
    return get_object_or_404(
        Organization.objects.filter(pk__in=PublishedAttendance.objects.values("unit_id")), pk=unit_id
    )


def document_get_for_user(user, pk: int):
    """A meeting document ``user`` may download: a public document of a public meeting for
    anyone; any document of a meeting the user sees in the portal. 404 otherwise."""
    from meetings.models import MeetingDocument

    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if document.is_public and _public_meetings().filter(pk=document.meeting_id).exists():
        return document
    if (
        getattr(user, "is_authenticated", False)
        and meeting_list_visible_to(user).filter(pk=document.meeting_id).exists()
    ):
        return document
    raise Http404
