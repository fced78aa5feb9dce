"""The deputies part of the bench district (issue 14): ten years of one deputy's activity — the
performance record's every source — so the record page and its API are measured over a long
service. ``seed_record`` writes, by ``bulk_create`` (no history: bench data nobody edited), per
year: activities and trainings with the deputy's sign-ups (attended, absent, on leave), closed
meetings the deputy took part in (one in five on leave), reports to voters (published, with
voters' comments), reception days held at a station and citizens' opinions addressed to the
deputy (half closed). Proposals come from the proposals part (deputy1 leads and co-signs them).
Used by ``generate_deputies`` (the bench's part, for deputy1's deputy) and by
``bench/deputies_record.py`` (the in-process measurement on SQLite)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.utils import timezone

from bench.scenarios import Skip

# Activities a year for the deputy (a third trainings) at each scale.
PER_YEAR = {"small": 24, "district": 60, "full": 120}
YEARS = 10


def _at(year: int, day: int, hour: int = 9) -> dt.datetime:
    start = timezone.make_aware(dt.datetime(year, 1, 1, hour))
    return start + dt.timedelta(days=day % 360)


def seed_record(deputy, years: list[int], per_year: int) -> dict:
    """Write ``per_year`` activities a year (and the rest in proportion) for ``deputy`` over
    ``years``; returns the row counts."""
    from congress.models import Organization
    from deputies.models_activities import Activity, ActivitySignup
    from deputies.models_record import VoterComment, VoterReport
    from meetings.models import Meeting, Participant

    now = timezone.now()
    years = [y for y in years if _at(y, 0) < now]
    A, S = Activity.Kind, ActivitySignup.State
    kinds = [A.INSPECTION, A.RESEARCH, A.TRAINING]
    states = [S.ATTENDED, S.ATTENDED, S.ATTENDED, S.ABSENT, S.EXCUSED]
    activities, meetings, reports = [], [], []
    for year in years:
        for i in range(per_year):
            kind = kinds[i % 3]
            starts = _at(year, i * 360 // per_year)
            if starts >= now:
                break
            activities.append(
                Activity(
                    term_id=deputy.term_id,
                    kind=kind,
                    title=f"{year}年基准测试活动{i + 1}",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=3),
                    capacity=30,
                    hours=Decimal("4") if kind == A.TRAINING else Decimal("0"),
                    state=Activity.State.CLOSED,
                )
            )
        for i in range(max(1, per_year // 4)):
            starts = _at(year, 5 + i * 360 // max(1, per_year // 4), 14)
            if starts >= now:
                break
            meetings.append(
                Meeting(
                    kind=Meeting.Kind.STANDING,
                    title=f"{year}年基准测试会议{i + 1}",
                    term_id=deputy.term_id,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    location="第一会议室",
                    status=Meeting.Status.CLOSED,
                )
            )
        held = _at(year, 330, 19)
        if held < now:
            reports.append(
                VoterReport(
                    deputy=deputy,
                    title=f"{year}年度履职情况报告",
                    scheduled_at=held,
                    location="社区活动中心",
                    state=VoterReport.State.PUBLISHED,
                    held_at=held,
                    attendees=40,
                    text="一年来的履职情况……" * 50,
                    published_at=held + dt.timedelta(days=3),
                )
            )
    Activity.objects.bulk_create(activities, batch_size=500)
    ActivitySignup.objects.bulk_create(
        [ActivitySignup(activity=a, deputy=deputy, state=states[n % 5]) for n, a in enumerate(activities)],
        batch_size=500,
    )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    participants = []
    if deputy.user_id:
        participants = [
            Participant(
                meeting=m,
                user_id=deputy.user_id,
                role=Participant.Role.DEPUTY,
                leave_reason="外出" if n % 5 == 4 else "",
                leave_at=m.starts_at - dt.timedelta(days=1) if n % 5 == 4 else None,
            )
            for n, m in enumerate(meetings)
        ]
        Participant.objects.bulk_create(participants, batch_size=500)
    VoterReport.objects.bulk_create(reports)
    comments = [
        VoterComment(report=r, content=f"意见{n}", name="", client_address=None)
        for r in reports
        for n in range(20)
    ]
    VoterComment.objects.bulk_create(comments, batch_size=500)
    counts = {
        "activities": len(activities),
        "meetings": len(meetings),
        "voter_reports": len(reports),
        "voter_comments": len(comments),
    }
    try:
        from liaison.models import Opinion, OpinionCategory, Reception, Station
    except ImportError:  # pragma: no cover - the liaison app not installed
        return counts
    street = (
        deputy.group.organization
        if deputy.group_id
        else Organization.objects.filter(kind=Organization.Kind.STREET).first()
    )
    if street is None:
        return counts
    station, _new = Station.objects.get_or_create(
        name=f"{street.name}基准测试联络站", defaults={"street": street, "address": "基准测试路1号"}
    )
    category = OpinionCategory.objects.order_by("sort_order").first() or OpinionCategory.objects.create(
        code="bench", name="基准测试"
    )
    receptions, opinions = [], []
    for year in years:
        for i in range(max(1, per_year // 6)):
            starts = _at(year, 10 + i * 360 // max(1, per_year // 6))
            if starts >= now:
                break
            receptions.append(
                Reception(station=station, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
            )
        for i in range(per_year):
            created = _at(year, i * 360 // per_year, 10)
            if created >= now:
                break
            closed = i % 2 == 0
            opinions.append(
                Opinion(
                    receipt=f"BM{secrets.token_hex(5).upper()}",
                    channel=Opinion.Channel.RECEPTION,
                    station=station,
                    deputy=deputy,
                    street=street,
                    category=category,
                    content="基准测试社情民意",
                    mobile="13900000000",
                    state=Opinion.State.CLOSED if closed else Opinion.State.HANDLING,
                    closed_at=created + dt.timedelta(days=7) if closed else None,
                    result="已答复" if closed else "",
                    created_at=created,
                )
            )
    Reception.objects.bulk_create(receptions, batch_size=500)
    Reception.deputies.through.objects.bulk_create(
        [Reception.deputies.through(reception_id=r.pk, deputy_id=deputy.pk) for r in receptions],
        batch_size=500,
    )
    Opinion.objects.bulk_create(opinions, batch_size=500)
    counts |= {"receptions": len(receptions), "opinions": len(opinions)}
    return counts


def generate_deputies(scale: str) -> dict:
    """Ten years of activity for deputy1's deputy (the bench's record page)."""
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(user__username="deputy1").select_related("group").first()
    if deputy is None:
        raise Skip("no deputy1: the core part has not run")
    this_year = timezone.localdate().year
    return seed_record(deputy, list(range(this_year - YEARS + 1, this_year + 1)), PER_YEAR.get(scale, 24))


def midterm_job() -> int:
    """The bench's job: staff run a mid-term evaluation over the current term (rolled back)."""
    from congress.models import Term, User
    from deputies.services_record import midterm_evaluation_run

    term = Term.objects.filter(is_current=True).first()
    staff = User.objects.get(username="staff")
    last_year = min(term.end_year, timezone.localdate().year)
    evaluation = midterm_evaluation_run(actor=staff, term=term, last_year=last_year)
    return evaluation.rows.count()
