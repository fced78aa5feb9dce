"""Demo appointments and composition: the 17th committee (31 serving members, resident share
17/31 ≈ 54.8% — above the 50% floor, below the 60% target, so one composition warning shows),
a member who retired with the vacancy waiting on a nomination, three nominations at different
stages (one sworn, one in publicity now, one just nominated) and one town congress session in
the first half of this year (so the second-half reminder is visible). Idempotent: rows are found
by natural keys and nothing users entered is touched. Everything is entered through the
services by the demo staff account, as a staff member would."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from appointments import services
from appointments.models import CommitteeMember, Nomination, Vacancy
from congress.models import Organization, Term, User

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰建国文斌欣晨浩嘉思远宇佳"

# (position, resident, re-appointed, expertise) for the 31 serving members:
# 17 resident, 12 re-appointed, law ×4, finance ×3, governance ×5.
P = CommitteeMember.Position
MEMBERS = (
    [(P.CHAIR, True, True, [])]
    + [(P.VICE_CHAIR, True, True, ["governance"])] * 2
    + [(P.VICE_CHAIR, True, False, ["law"]), (P.VICE_CHAIR, False, True, ["finance"])]
    + [(P.VICE_CHAIR, False, False, [])]
    + [(P.MEMBER, True, True, ["law"])] * 2
    + [(P.MEMBER, True, True, ["finance"])]
    + [(P.MEMBER, True, True, [])] * 3
    + [(P.MEMBER, True, False, ["governance"])] * 2
    + [(P.MEMBER, True, False, [])] * 5
    + [(P.MEMBER, False, True, ["law"])]
    + [(P.MEMBER, False, True, [])]
    + [(P.MEMBER, False, False, ["finance"]), (P.MEMBER, False, False, ["governance"])]
    + [(P.MEMBER, False, False, [])] * 8
)
TOWN_SESSION_TITLE = "华泾镇第十八届人民代表大会第{n}次会议"


def _names(count: int) -> list[str]:
    rng = random.Random(1617)
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if name not in names:
            names.append(name)
    return names


def _org(name: str) -> Organization | None:
    return Organization.objects.filter(name=name).first()


@transaction.atomic
def load_appointments_demo() -> None:
    term = Term.objects.filter(number=17).first() or Term.objects.filter(is_current=True).first()
    if term is None:
        return
    staff = User.objects.filter(username="staff", is_active=True).first()
    if staff is None:
        return
    today = timezone.localdate()
    vacancy = _load_committee(staff, term, today)
    _load_nominations(staff, term, today, vacancy)
    _load_town_session(staff, today)


def _load_committee(staff: User, term: Term, today: dt.date) -> Vacancy | None:
    if CommitteeMember.objects.filter(term=term).exists():
        return Vacancy.objects.filter(term=term, filled_on__isnull=True, nomination__isnull=True).first()
    names = _names(len(MEMBERS) + 1)
    start = dt.date(term.start_year, 1, 15)
    for index, (position, resident, reappointed, expertise) in enumerate(MEMBERS):
        services.committee_member_create(
            actor=staff,
            term=term,
            name=names[index],
            gender="female" if index % 4 == 1 else "male",
            position=position,
            is_resident=resident,
            is_reappointed=reappointed,
            expertise=expertise,
            start_date=start,
            sort_order=index + 1,
        )
    retired = services.committee_member_create(
        actor=staff,
        term=term,
        name=names[-1],
        gender="male",
        position=P.MEMBER,
        is_resident=True,
        is_reappointed=False,
        expertise=["finance"],
        start_date=start,
        sort_order=len(MEMBERS) + 1,
    )
    left_on = min(today - dt.timedelta(days=40), dt.date(today.year, 8, 31))
    return services.committee_member_leave(
        actor=staff, member_id=retired.pk, end_date=max(left_on, start), reason="到龄退休"
    )


def _nominate(
    staff, term, today, *, person_name, proposed_post, body, days_ago, **extra
) -> Nomination | None:
    if Nomination.objects.filter(term=term, person_name=person_name, proposed_post=proposed_post).exists():
        return None
    nominating_body = _org(body)
    if nominating_body is None:
        return None
    return services.nomination_create(
        actor=staff,
        term=term,
        person_name=person_name,
        proposed_post=proposed_post,
        nominating_body=nominating_body,
        nominated_on=today - dt.timedelta(days=days_ago),
        **extra,
    )


def _past_standing_meeting(after: dt.date):
    from meetings.models import Meeting

    return (
        Meeting.objects.filter(
            kind=Meeting.Kind.STANDING, starts_at__date__gt=after, starts_at__lt=timezone.now()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def _load_nominations(staff: User, term: Term, today: dt.date, vacancy: Vacancy | None) -> None:
    commitment = (
        "本人郑重承诺：坚决维护宪法权威，忠于国家，忠于人民；依法履行职责，自觉接受区人大及其常委会的监督，"
        "接受人民群众的监督；勤勉尽责，廉洁奉公，努力做好本职工作，决不辜负组织和人民的信任。"
    )
    sworn = _nominate(
        staff,
        term,
        today,
        person_name="陈立新",
        proposed_post="区财政局局长",
        body="上海市徐汇区人民政府",
        days_ago=75,
        kind=Nomination.Kind.APPOINTMENT,
        gender="male",
        birth_date=dt.date(1975, 6, 12),
        current_post="区财政局副局长",
    )
    if sworn is not None:
        services.nomination_record_exam(
            actor=staff, nomination_id=sworn.pk, exam_date=today - dt.timedelta(days=68), score=88
        )
        publicity = services.nomination_start_publicity(
            actor=staff, nomination_id=sworn.pk, text=commitment, start_date=today - dt.timedelta(days=64)
        )
        meeting = _past_standing_meeting(publicity.end_date)
        vote_day = today - dt.timedelta(days=40)
        services.nomination_record_vote(
            actor=staff,
            nomination_id=sworn.pk,
            vote_date=vote_day,
            meeting=meeting,
            votes_for=29,
            votes_against=0,
            votes_abstain=1,
        )
        services.nomination_record_oath(
            actor=staff,
            nomination_id=sworn.pk,
            oath_date=vote_day,
            meeting=meeting,
            administered_by="区人大常委会主任",
        )

    current = _nominate(
        staff,
        term,
        today,
        person_name="林慧敏",
        proposed_post="区教育局局长",
        body="上海市徐汇区人民政府",
        days_ago=12,
        kind=Nomination.Kind.APPOINTMENT,
        gender="female",
        birth_date=dt.date(1978, 3, 5),
        current_post="区教育局党组书记、副局长",
    )
    if current is not None:
        services.nomination_record_exam(
            actor=staff, nomination_id=current.pk, exam_date=today - dt.timedelta(days=6), score=92
        )
        services.nomination_start_publicity(
            actor=staff,
            nomination_id=current.pk,
            text=commitment.replace("本职工作", "教育工作，办好人民满意的教育"),
            start_date=today - dt.timedelta(days=2),
        )

    _nominate(
        staff,
        term,
        today,
        person_name="吴振华",
        proposed_post="区人大常委会委员（补选）",
        body="区人大常委会办公室",
        days_ago=3,
        kind=Nomination.Kind.ELECTION,
        gender="male",
        birth_date=dt.date(1972, 11, 20),
        current_post="区人大常委会财政经济工作委员会副主任",
        vacancy=vacancy,
    )


def _load_town_session(staff: User, today: dt.date) -> None:
    from meetings import services as meeting_services
    from meetings.models import Meeting

    if Meeting.objects.filter(kind=Meeting.Kind.TOWN, starts_at__year=today.year).exists():
        return
    day = dt.date(today.year, 3, 18) if today > dt.date(today.year, 3, 25) else today - dt.timedelta(days=5)
    tz = timezone.get_current_timezone()
    number = min(max(5 + 2 * (today.year - 2026), 1), 10)
    meeting = meeting_services.meeting_create(
        actor=staff,
        kind=Meeting.Kind.TOWN,
        title=TOWN_SESSION_TITLE.format(n="一二三四五六七八九十"[number - 1]),
        starts_at=dt.datetime.combine(day, dt.time(9), tz),
        ends_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(17), tz),
        location="华泾镇人民政府大礼堂",
        is_schedule_published=True,
    )
    meeting_services.meeting_close(meeting=meeting, actor=staff)
