"""Demo meetings: a year of closed standing-committee meetings with published attendance, and
one upcoming meeting that 区教育局, 区卫生健康委员会 and others must attend, with 区卫生健康委员会's
leave request waiting for the government office. Idempotent: meetings are found by title and
nothing users entered is touched."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from congress.casework.services import save_tracked, transition
from congress.demo import person_name
from congress.models import Organization, User
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingDocument, Participant, RequiredAttendance
from meetings.workflow import ATTENDANCE

A = RequiredAttendance.Status

PAST_UNITS = [
    "上海市徐汇区人民政府",
    "上海市徐汇区人民法院",
    "上海市徐汇区人民检察院",
    "区教育局",
    "区卫生健康委员会",
    "区民政局",
    "区财政局",
    "区生态环境局",
]
UPCOMING_UNITS = [
    "上海市徐汇区人民政府",
    "上海市徐汇区人民法院",
    "上海市徐汇区人民检察院",
    "区教育局",
    "区卫生健康委员会",
    "区民政局",
    "区财政局",
    "徐家汇街道",
]
UPCOMING_TITLE = "区第十七届人大常委会第三十一次会议"
# (title, months ago, agenda, outcomes by unit index: status, late)
PAST = [
    ("区第十七届人大常委会第二十五次会议", 11, ["听取和审议区政府关于本区教育高质量发展情况的报告"]),
    ("区第十七届人大常委会第二十六次会议", 9, ["听取和审议区政府关于本区公共卫生体系建设情况的报告"]),
    ("区第十七届人大常委会第二十七次会议", 7, ["审查和批准本区上年度区级决算"]),
    ("区第十七届人大常委会第二十八次会议", 5, ["听取和审议区法院关于知识产权审判工作情况的报告"]),
    ("区第十七届人大常委会第二十九次会议", 3, ["听取和审议区政府关于本区养老服务体系建设情况的报告"]),
    ("区第十七届人大常委会第三十次会议", 1, ["听取和审议区检察院关于公益诉讼检察工作情况的报告"]),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _outcome(meeting_index: int, unit_index: int) -> tuple[str, bool]:
    """A plausible, varied record: mostly in person, some approved leave, a rare absence."""
    key = (meeting_index * 7 + unit_index * 3) % 17
    if key == 0:
        return A.ABSENT, False
    if key in (4, 9, 13):
        return A.LEAVE_APPROVED, False
    return A.ATTENDED, key == 6


def _settle_past(row: RequiredAttendance, status: str, late: bool, actor: User, meeting: Meeting) -> None:
    """Record a past meeting's outcome as it was on paper (demo data only: the portal did not
    exist then, so the leave and check-in services, which enforce "before the start" and "on
    the day", cannot replay it). The loader takes the declared steps itself, as the system."""
    steps: list[tuple[str, dict]] = []
    if status == A.LEAVE_APPROVED:
        steps = [
            (
                "request_leave",
                {
                    "leave_reason": "参加市政府专题会议",
                    "substitute": row.unit.deputy_head_name or person_name(200 + row.unit_id % 100),
                    "approver_kind": row.approver_kind or "gov_office",
                    "leave_requested_at": meeting.starts_at - dt.timedelta(days=3),
                },
            ),
            ("approve_leave", {"reviewed_at": meeting.starts_at - dt.timedelta(days=2)}),
        ]
    elif status == A.ATTENDED:
        steps = [
            (
                "check_in",
                {
                    "checked_in_at": meeting.starts_at + dt.timedelta(minutes=25 if late else -10),
                    "checked_in_by": actor,
                    "check_in_method": RequiredAttendance.Method.STAFF,
                    "is_late": late,
                },
            )
        ]
    for code, changes in steps:
        row = transition(
            row,
            ATTENDANCE,
            code,
            actor=actor,
            system=True,
            changes=changes,
            note="补录（演示数据）",
            reason="演示数据：补录以往会议出席情况",
        )


def _units(names) -> list[int]:
    by_name = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
    return [by_name[name] for name in names if name in by_name]


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII): a demo document that opens in any viewer."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _documents(meeting: Meeting) -> None:
    """A public document on a past meeting (downloaded through /files/meetings/<id>/)."""
    if meeting.documents.exists():
        return
    document = MeetingDocument(
        meeting=meeting, title="会议议程", is_public=True, original_name="会议议程.pdf"
    )
    document.file.save("会议议程.pdf", ContentFile(_pdf("Standing Committee meeting - agenda")), save=False)
    document.save()


def _agenda(meeting: Meeting, titles) -> None:
    if meeting.agenda_items.exists():
        return
    items = [AgendaItem(meeting=meeting, order=i + 1, title=title) for i, title in enumerate(titles)]
    items.append(
        AgendaItem(meeting=meeting, order=len(items) + 1, title="审议人事任免事项", link_kind="appointment")
    )
    AgendaItem.objects.bulk_create(items)


@transaction.atomic
def _deputies_took_part(meeting: Meeting, on_leave=()) -> None:
    """deputy1 and deputy2 were asked to attend a past meeting (列席代表); those in ``on_leave``
    had asked for leave the day before (written as the portal would have, history kept)."""
    for username in ("deputy1", "deputy2"):
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        participant, _new = Participant.objects.get_or_create(
            meeting=meeting, user=user, defaults={"role": Participant.Role.DEPUTY}
        )
        if username in on_leave and participant.leave_at is None:
            participant.leave_reason = "在外地出差"
            participant.leave_at = meeting.starts_at - dt.timedelta(days=1)
            save_tracked(participant, ["leave_reason", "leave_at"], actor=user, reason="请假")


def load_meetings_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return
    today = timezone.localdate()
    for index, (title, months_ago, agenda) in enumerate(PAST):
        if Meeting.objects.filter(title=title).exists():
            continue
        day = today - dt.timedelta(days=30 * months_ago + 2)
        meeting = services.meeting_create(
            actor=staff,
            kind=Meeting.Kind.STANDING,
            title=title,
            starts_at=_at(day, 9),
            ends_at=_at(day, 12),
            location="区人大常委会第一会议室",
            is_schedule_published=True,
        )
        _agenda(meeting, agenda)
        rows = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=_units(PAST_UNITS))
        for unit_index, row in enumerate(sorted(rows, key=lambda r: r.unit.sort_order)):
            status, late = _outcome(index, unit_index)
            if status != A.ABSENT:
                _settle_past(row, status, late, staff, meeting)
        _deputies_took_part(meeting, on_leave=("deputy2",) if index % 2 else ())
        services.meeting_close(meeting=meeting, actor=staff)
        services.attendance_publish(meeting_id=meeting.pk)

    first_past = Meeting.objects.filter(title=PAST[0][0]).first()
    if first_past is not None:
        _documents(first_past)
    if Meeting.objects.filter(title=UPCOMING_TITLE).exists():
        return
    day = today + dt.timedelta(days=10)
    meeting = services.meeting_create(
        actor=staff,
        kind=Meeting.Kind.STANDING,
        title=UPCOMING_TITLE,
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        location="区人大常委会第一会议室",
        is_schedule_published=True,
    )
    _agenda(
        meeting,
        [
            "听取和审议区政府关于本区基础教育资源配置情况的报告",
            "听取和审议区政府关于本区医疗卫生服务体系建设情况的报告",
        ],
    )
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=_units(UPCOMING_UNITS))
    for username, role in (
        ("member", Participant.Role.MEMBER),
        ("deputy1", Participant.Role.DEPUTY),
        ("deputy2", Participant.Role.DEPUTY),
    ):
        user = User.objects.filter(username=username).first()
        if user is not None:
            Participant.objects.get_or_create(meeting=meeting, user=user, defaults={"role": role})
    # deputy2 cannot come and says so in the portal (counted as leave in the performance record).
    deputy2 = Participant.objects.filter(meeting=meeting, user__username="deputy2").first()
    if deputy2 is not None:
        services.participant_request_leave(
            participant=deputy2, actor=deputy2.user, reason="同日参加市人大代表专题调研"
        )
    unit2 = User.objects.filter(username="unit2").first()
    row = RequiredAttendance.objects.filter(meeting=meeting, unit__name="区卫生健康委员会").first()
    if unit2 is not None and row is not None:
        services.attendance_request_leave(
            attendance=row,
            actor=unit2,
            reason="同日参加市卫生健康委员会全市医疗卫生工作会议",
            substitute=row.unit.deputy_head_name or person_name(200 + row.unit_id % 100),
        )
