"""A meeting's official documents (``congress.pdf``, GB/T 9704-2012): the meeting notice
(会议通知) of a published meeting, and the disclosure of the attending units' attendance
(出席情况公开) once it is published — what the public meeting page shows, laid out as 公文.
The issuing body is the district's standing committee (``DistrictProfile.congress_name``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.pdf import OfficialDocument
from meetings.models import Meeting, PublishedAttendance, RequiredAttendance

# Who a notice is addressed to (主送), by the kind of meeting.
ADDRESSEES = {
    Meeting.Kind.CONGRESS: gettext_lazy("各位代表，各列席单位"),
    Meeting.Kind.STANDING: gettext_lazy("常委会组成人员，各列席单位"),
    Meeting.Kind.CHAIRPERSONS: gettext_lazy("主任会议组成人员，各列席单位"),
    Meeting.Kind.TOWN: gettext_lazy("各位代表，各列席单位"),
}


def meeting_notice(meeting: Meeting, *, issuer: str) -> OfficialDocument:
    """The notice of a meeting loaded by ``selectors.meeting_with_program`` (its agenda)."""
    issued = timezone.localdate(meeting.created_at)
    return OfficialDocument(
        issuer=issuer,
        title=_("关于召开%(title)s的通知") % {"title": meeting.title},
        addressee=str(ADDRESSEES.get(meeting.kind, "")),
        body_template="meetings/pdf/notice_body.html",
        extra={"meeting": meeting, "agenda": list(meeting.agenda_items.all())},
        date=issued,
        note=_("此件公开发布"),
        printed_by=issuer,
        printed_on=issued,
    )


def attendance_disclosure(
    meeting: Meeting, rows: list[PublishedAttendance], *, issuer: str
) -> OfficialDocument:
    """The attendance of a meeting whose attendance is published (``rows`` from
    ``selectors.published_attendance_of``), with the counts the public page shows."""
    published = timezone.localdate(meeting.attendance_published_at)
    counts = {status: 0 for status in RequiredAttendance.Status.values}
    for row in rows:
        counts[row.status] += 1
    return OfficialDocument(
        issuer=issuer,
        title=_("%(title)s列席单位出席情况") % {"title": meeting.title},
        body_template="meetings/pdf/attendance_body.html",
        extra={"meeting": meeting, "rows": rows, "counts": counts},
        date=published,
        note=_("此件公开发布"),
        printed_by=issuer,
        printed_on=published,
    )
