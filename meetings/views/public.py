"""Public pages: the published meeting schedule, a meeting with its published attendance,
and the per-unit yearly attendance record. Each costs a constant number of queries."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import ics
from congress.files import file_response
from congress.pdf import official_pdf_response
from congress.selectors import district_profile
from meetings import documents, selectors
from meetings.models import Meeting, RequiredAttendance


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year") or default)
    except ValueError:
        return default


def meeting_list(request):
    now = timezone.now()
    meetings = selectors.meeting_list_public()
    upcoming = list(
        meetings.filter(ends_at__gte=now, status__in=["planned", "open"]).order_by("starts_at")[:20]
    )
    page = Paginator(
        meetings.exclude(pk__in=[m.pk for m in upcoming]).order_by("-starts_at", "-id"), 20
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/public/list.html",
        {"upcoming": upcoming, "page": page, "kinds": Meeting.Kind.choices},
    )


ICS_LIMIT = 500  # the newest meetings: years of the congress's calendar, one query


def meetings_ics(request):
    """The published meetings as one iCalendar (RFC 5545) file a phone's calendar subscribes to;
    a called-off meeting stays in it as cancelled, so a subscribed calendar drops it.
    ``?kind=standing`` (congress, standing, chairpersons, town): one body's meetings only — the
    standing committee's, the chairpersons' — a calendar of its own; an unknown kind is a 404."""
    host = request.get_host().split(":")[0]
    rows = selectors.meeting_list_public()
    kind = request.GET.get("kind")
    name = _("会议日程")
    if kind is not None:
        if kind not in Meeting.Kind.values:
            raise Http404
        rows = rows.filter(kind=kind)
        name = f"{name} · {Meeting.Kind(kind).label}"
    rows = rows.order_by("-starts_at", "-id")[:ICS_LIMIT]
    events = [
        ics.Event(
            uid=f"meeting-{row.pk}@{host}",
            summary=row.title,
            starts_at=row.starts_at,
            ends_at=max(row.ends_at, row.starts_at),
            location=row.location,
            description=row.get_kind_display(),
            url=request.build_absolute_uri(reverse("public:meeting-detail", args=[row.pk])),
            cancelled=row.status == "cancelled",
        )
        for row in rows
    ]
    response = HttpResponse(ics.calendar(events, name=name), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def meeting_detail(request, pk: int):
    meeting = selectors.meeting_with_program(selectors.meeting_get_public(pk), public=True)
    rows = list(selectors.published_attendance_of(meeting.pk)) if meeting.attendance_published_at else []
    counts = {status: 0 for status in RequiredAttendance.Status.values}
    for row in rows:
        counts[row.status] += 1
    return render(
        request, "meetings/public/detail.html", {"meeting": meeting, "rows": rows, "counts": counts}
    )


def notice_pdf(request, pk: int):
    """The notice of a published meeting as an official document (PDF); 404 once called off."""
    meeting = selectors.meeting_get_public(pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Http404
    meeting = selectors.meeting_with_program(meeting, public=True)
    document = documents.meeting_notice(meeting, issuer=district_profile().congress_name)
    return official_pdf_response(
        [document], filename=_("会议通知-%(title)s") % {"title": meeting.title}, request=request
    )


def attendance_pdf(request, pk: int):
    """The published attendance of a meeting as an official document (PDF); 404 until published."""
    meeting = selectors.meeting_get_public(pk)
    if not meeting.attendance_published_at:
        raise Http404
    rows = list(selectors.published_attendance_of(meeting.pk))
    document = documents.attendance_disclosure(meeting, rows, issuer=district_profile().congress_name)
    return official_pdf_response(
        [document], filename=_("出席情况-%(title)s") % {"title": meeting.title}, request=request
    )


def attendance_units(request):
    """Every unit's attendance in a year, with links to its record."""
    years = selectors.published_years()
    year = _year(request, years[0] if years else timezone.localdate().year)
    return render(
        request,
        "meetings/public/units.html",
        {"year": year, "years": years, "units": selectors.units_attendance_summary(year=year)},
    )


def unit_attendance(request, unit_id: int):
    """One unit's yearly record, and its meetings of the chosen year."""
    unit = selectors.public_unit_get(unit_id)
    years = selectors.unit_attendance_years(unit.pk)
    year = _year(request, years[0]["year"] if years else timezone.localdate().year)
    rows = list(selectors.unit_published_rows(unit.pk, year=year))
    return render(
        request,
        "meetings/public/unit_record.html",
        {"unit": unit, "years": years, "year": year, "rows": rows},
    )


def document_download(request, pk: int):
    """A meeting document for whoever may see it (``document_get_for_user``), as an attachment
    under its original file name (or its title)."""
    document = selectors.document_get_for_user(request.user, pk)
    return file_response(document.file, filename=document.original_name or document.title)
