"""Demo court and procuratorate supervision (seed 十): deputy1 and two other deputies serving as
special supervisors of the district court and procuratorate this term, and the account
``court1`` (区法院 联络员); deputy1's court hearings: one with remarks awaiting the court's reply,
one replied, one attended without remarks. Walked through the services; idempotent (found by
deputy and institution, hearings by case number)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress import roles
from congress.demo import demo_user
from congress.models import Organization, User
from deputies.models import Deputy
from supervision import services
from supervision.models_judicial import HearingAttendance, SpecialSupervisor

COURT, PROCURATORATE = Organization.Kind.COURT, Organization.Kind.PROCURATORATE

HEARINGS = [
    # (case number, case title, court, days ago, remarks, reply)
    (
        "（2026）沪0104民初8812号",
        "房屋租赁合同纠纷",
        "第三法庭",
        12,
        "庭审组织规范有序，建议对老年当事人提供更多诉讼指引，并在庭前告知调解渠道。",
        "感谢代表监督。我院已在诉讼服务中心设立老年人绿色通道，庭前调解告知书已纳入立案材料。",
    ),
    (
        "（2026）沪0104刑初1207号",
        "危险驾驶罪",
        "第一法庭",
        4,
        "公诉人出庭准备充分；建议加强对被告人认罪认罚从宽制度的释明。",
        "",
    ),
    ("（2026）沪0104行初56号", "政府信息公开行政纠纷", "第五法庭", 20, "", ""),
]


def _deputy(username: str | None = None, *, index: int = 0) -> Deputy | None:
    rows = Deputy.objects.filter(is_active=True, term__is_current=True).select_related("term")
    if username:
        return rows.filter(user__username=username).first()
    return rows.order_by("person_key", "id")[index : index + 1].first()


@transaction.atomic
def load_judicial_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    court = Organization.objects.filter(kind=COURT).order_by("sort_order").first()
    procuratorate = Organization.objects.filter(kind=PROCURATORATE).order_by("sort_order").first()
    deputy1 = User.objects.filter(username="deputy1").first()
    if not (staff and court and procuratorate and deputy1):
        return
    first = _deputy("deputy1")
    if first is None:
        return
    officer = demo_user("court1", "区法院 联络员 陈", [roles.UNIT_OFFICER], unit=court)
    # This term's appointment, running until the term's end.
    start, end = dt.date(first.term.start_year, 3, 1), dt.date(first.term.end_year, 12, 31)
    for deputy, institution in (
        (first, court),
        (_deputy(index=5), court),
        (_deputy(index=8), procuratorate),
    ):
        if (
            deputy is None
            or SpecialSupervisor.objects.filter(deputy=deputy, institution=institution).exists()
        ):
            continue
        services.special_supervisor_appoint(
            actor=staff, deputy=deputy, institution=institution, term_start=start, term_end=end
        )
    today = timezone.localdate()
    for number, title, courtroom, days_ago, remarks, reply in HEARINGS:
        if HearingAttendance.objects.filter(case_number=number).exists():
            continue
        attendance = services.hearing_record(
            actor=deputy1,
            unit=court,
            case_number=number,
            case_title=title,
            court=courtroom,
            hearing_date=today - dt.timedelta(days=days_ago),
            remarks=remarks,
        )
        if reply:
            services.hearing_reply(actor=officer, attendance=attendance, content=reply)
