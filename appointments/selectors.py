"""Reads of appointments and composition, and the live composition and town-session checks.

The checks return ``Finding`` rows (ok / warning / error, a Chinese message and the numbers
behind it); the admin dashboard, the portal page, the API and the daily task all show or act
on the same list. Every threshold is a rule (``congress.rules``), read in one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from appointments import workflow
from appointments.models import (
    CommitmentPublicity,
    CommitteeMember,
    LawExam,
    Nomination,
    Vacancy,
)
from congress.i18n import Message, choice_label
from congress.models import Term
from congress.rules import RULES

OK, WARNING, ERROR = "ok", "warning", "error"
# Marked for makemessages; translated when read (Finding.level_label).
LEVEL_LABELS = {OK: gettext_noop("符合"), WARNING: gettext_noop("预警"), ERROR: gettext_noop("不符合")}


@dataclass(frozen=True)
class Finding:
    """One result of a check. ``code`` is stable (tests, API clients, notification keys);
    ``key`` identifies the situation for notifications (e.g. the half-year it is about).
    ``title`` and ``message`` are Messages: rendered in the language of whoever reads them,
    also when the daily job sends them as notices."""

    code: str
    level: str
    title: Message
    message: Message
    numbers: dict = field(default_factory=dict)
    key: str = ""

    @property
    def level_label(self) -> str:
        return _(LEVEL_LABELS[self.level])

    @property
    def is_problem(self) -> bool:
        return self.level != OK

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(title=str(self.title), message=str(self.message), level_label=self.level_label)
        return data


def rules_values(*keys: str) -> dict:
    """Several rules, typed (from the cached rules: ``congress.yearly``)."""
    from congress import yearly

    stored = yearly.stored_rules()
    return {key: RULES[key].typed(stored.get(key, RULES[key].default)) for key in keys}


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


def _percent(ratio: Fraction) -> str:
    return f"{float(ratio) * 100:.1f}%"


# --- nominations --------------------------------------------------------------------------


def nomination_list_staff() -> QuerySet[Nomination]:
    """Every nomination with its steps, for staff (admin, API)."""
    return (
        Nomination.objects.select_related(
            "term", "nominating_body", "publicity", "vote__meeting", "oath__meeting"
        )
        .prefetch_related(Prefetch("exams", queryset=LawExam.objects.order_by("exam_date", "id")))
        .order_by("-nominated_on", "-id")
    )


def nomination_get_staff(*, pk: int) -> Nomination:
    return get_object_or_404(
        nomination_list_staff().prefetch_related("events__actor"),
        pk=pk,
    )


PUBLIC_STAGES = {
    "publicity": (Nomination.Status.PUBLICITY,),
    "voted": (Nomination.Status.APPROVED, Nomination.Status.REJECTED),
    "sworn": (Nomination.Status.SWORN,),
}
# A nominee's details (birth month, gender, current post, exam result) are personal data: they
# are published from the commitment publicity on (a removal, which has no publicity, from the
# vote). Before that — nominated, exam taken or failed — and once withdrawn, a nomination is the
# committee's internal business (PIPL; issue 10, finding 7).
PUBLIC_STATUSES = tuple(status for statuses in PUBLIC_STAGES.values() for status in statuses)


def nomination_list_public(*, stage: str | None = None) -> QuerySet[Nomination]:
    """What the website shows: the nominations from their publicity stage on, with their public
    steps. Exam scores and the event log are not public; only whether the exam was passed."""
    nominations = (
        Nomination.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("nominating_body", "publicity", "vote__meeting", "oath__meeting")
        .order_by("-nominated_on", "-id")
    )
    if stage in PUBLIC_STAGES:
        nominations = nominations.filter(status__in=PUBLIC_STAGES[stage])
    return nominations


def nomination_get_public(*, pk: int) -> Nomination:
    return get_object_or_404(nomination_list_public(), pk=pk)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done" | "current" | "failed" | "todo"
    detail: str = ""


_STATUS_STEP = {
    Nomination.Status.NOMINATED: 0,
    Nomination.Status.EXAM_FAILED: 1,
    Nomination.Status.EXAM_PASSED: 1,
    Nomination.Status.PUBLICITY: 2,
    Nomination.Status.APPROVED: 3,
    Nomination.Status.REJECTED: 3,
    Nomination.Status.SWORN: 4,
}


def nomination_steps(nomination: Nomination) -> list[Step]:
    """The public steps of a nomination with their dates, from the rows already joined by
    ``nomination_list_public`` (no query)."""
    S = Nomination.Status
    status = nomination.status
    publicity = getattr(nomination, "publicity", None)
    vote = getattr(nomination, "vote", None)
    oath = getattr(nomination, "oath", None)
    vote_detail = ""
    if vote is not None:
        vote_detail = _("%(date)s %(outcome)s（赞成 %(f)d，反对 %(a)d，弃权 %(s)d）") % {
            "date": f"{vote.vote_date:%Y-%m-%d}",
            "outcome": vote.get_outcome_display(),
            "f": vote.votes_for,
            "a": vote.votes_against,
            "s": vote.votes_abstain,
        }
    nominated = Step(_("提请"), "done", f"{nomination.nominated_on:%Y-%m-%d}")
    if not nomination.needs_exam_and_oath:
        if status in (S.APPROVED, S.REJECTED):
            return [nominated, Step(_("表决"), "done" if status == S.APPROVED else "failed", vote_detail)]
        return [nominated, Step(_("表决"), "todo")]
    reached = _STATUS_STEP.get(status, 0)
    steps = [nominated]
    if status == S.EXAM_FAILED:
        steps.append(Step(_("法律知识考试"), "failed", _("未合格")))
    else:
        steps.append(
            Step(_("法律知识考试"), "done" if reached >= 1 else "todo", _("合格") if reached >= 1 else "")
        )
    if publicity is not None:
        steps.append(
            Step(
                _("任前公示"),
                "current" if status == S.PUBLICITY else "done",
                f"{publicity.start_date:%Y-%m-%d} — {publicity.end_date:%Y-%m-%d}",
            )
        )
    else:
        steps.append(Step(_("任前公示"), "todo"))
    if vote is not None:
        steps.append(
            Step(_("表决"), "done" if vote.outcome == vote.Outcome.APPROVED else "failed", vote_detail)
        )
    else:
        steps.append(Step(_("表决"), "todo"))
    if status != S.REJECTED:
        steps.append(
            Step(_("宪法宣誓"), "done" if oath else "todo", f"{oath.oath_date:%Y-%m-%d}" if oath else "")
        )
    return steps


def publicity_list_current(*, today: dt.date | None = None) -> QuerySet[CommitmentPublicity]:
    """Publicities running today (the notice board on the public page)."""
    today = today or timezone.localdate()
    return (
        CommitmentPublicity.objects.filter(
            nomination__status=Nomination.Status.PUBLICITY, start_date__lte=today, end_date__gte=today
        )
        .select_related("nomination", "nomination__nominating_body")
        .order_by("end_date", "id")
    )


def publicity_list_ended_waiting(*, today: dt.date) -> QuerySet[CommitmentPublicity]:
    """Publicities whose period is over while the nomination still waits for its vote."""
    return CommitmentPublicity.objects.filter(
        nomination__status=Nomination.Status.PUBLICITY, end_date__lt=today
    ).select_related("nomination")


def open_nomination_choices() -> QuerySet[Nomination]:
    return Nomination.objects.filter(status__in=workflow.OPEN_STATES).order_by("-nominated_on", "-id")


# --- composition (十六) --------------------------------------------------------------------


def committee_member_list(*, term: Term, active_only: bool = True) -> QuerySet[CommitteeMember]:
    members = CommitteeMember.objects.filter(term=term)
    if active_only:
        members = members.filter(is_active=True)
    return members.order_by("sort_order", "id")


def vacancy_list_open(*, term: Term) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(term=term, filled_on__isnull=True)
        .select_related("nomination", "left_member")
        .order_by("since", "id")
    )


def composition_check(term: Term | None, *, vacancies: list[Vacancy] | None = None) -> list[Finding]:
    """The committee's composition measured against the rules (seed 十六):
    re-appointed share ≥ ``composition.reappointed_min_ratio``; resident share ≥
    ``composition.resident_min_ratio`` (error below) and ≥ ``composition.resident_target_ratio``
    (warning below); at least one member for each expertise in ``composition.expertise_required``;
    no vacancy waiting without a nomination. Ratios are exact fractions, so exactly 1/3 passes.

    Queries: rules (1), active members (1), open vacancies with their nominations (1)."""
    if term is None:
        return [
            Finding(
                "no_term",
                WARNING,
                Message(gettext_noop("届次")),
                Message(gettext_noop("尚未设置本届届次，无法检查组成结构。")),
            )
        ]
    rules = rules_values(
        "composition.reappointed_min_ratio",
        "composition.resident_min_ratio",
        "composition.resident_target_ratio",
        "composition.expertise_required",
    )
    members = list(committee_member_list(term=term).values_list("is_resident", "is_reappointed", "expertise"))
    if vacancies is None:
        vacancies = list(vacancy_list_open(term=term))
    total = len(members)
    findings: list[Finding] = []
    if total == 0:
        findings.append(
            Finding(
                "no_members",
                WARNING,
                Message(gettext_noop("组成人员")),
                Message(gettext_noop("%(term)s尚未登记在任的常委会组成人员。"), term=term.name),
                {"total": 0},
                key="no_members",
            )
        )
    else:
        findings.append(
            _ratio_finding_reappointed(members, total, rules["composition.reappointed_min_ratio"])
        )
        findings.append(
            _ratio_finding_resident(
                members,
                total,
                rules["composition.resident_min_ratio"],
                rules["composition.resident_target_ratio"],
            )
        )
        findings.extend(_expertise_findings(members, rules["composition.expertise_required"]))
    findings.append(_vacancy_finding(vacancies))
    return findings


def _ratio_numbers(count: int, total: int, required: Fraction, **extra) -> dict:
    return {
        "count": count,
        "total": total,
        "ratio": round(count / total, 4),
        "required": str(required),
        "required_ratio": round(float(required), 4),
        **extra,
    }


def _ratio_finding_reappointed(members, total: int, minimum: Fraction) -> Finding:
    count = sum(1 for _res, reappointed, _exp in members if reappointed)
    ratio = Fraction(count, total)
    numbers = _ratio_numbers(count, total, minimum)
    params = {"count": count, "total": total, "share": _percent(ratio), "required": _percent(minimum)}
    if ratio >= minimum:
        return Finding(
            "reappointed",
            OK,
            Message(gettext_noop("连任人员比例")),
            Message(
                gettext_noop(
                    "连任人员 %(count)d 人，占组成人员 %(total)d 人的 %(share)s，不低于规定的 %(required)s。"
                ),
                **params,
            ),
            numbers,
            key="reappointed",
        )
    needed = _needed_for(minimum, count, total)
    return Finding(
        "reappointed",
        ERROR,
        Message(gettext_noop("连任人员比例")),
        Message(
            gettext_noop(
                "连任人员 %(count)d 人，仅占组成人员 %(total)d 人的 %(share)s，低于规定的 %(required)s"
                "（至少还需 %(needed)d 人）。"
            ),
            **params,
            needed=needed,
        ),
        {**numbers, "needed": needed},
        key="reappointed",
    )


def _ratio_finding_resident(members, total: int, minimum: Fraction, target: Fraction) -> Finding:
    count = sum(1 for resident, _re, _exp in members if resident)
    ratio = Fraction(count, total)
    numbers = _ratio_numbers(count, total, minimum, target=str(target), target_ratio=round(float(target), 4))
    params = {
        "count": count,
        "total": total,
        "share": _percent(ratio),
        "required": _percent(minimum),
        "target": _percent(target),
    }
    if ratio < minimum:
        needed = _needed_for(minimum, count, total)
        return Finding(
            "resident",
            ERROR,
            Message(gettext_noop("驻会人员比例")),
            Message(
                gettext_noop(
                    "驻会人员 %(count)d 人，仅占组成人员 %(total)d 人的 %(share)s，低于规定的 %(required)s"
                    "（至少还需 %(needed)d 人）。"
                ),
                **params,
                needed=needed,
            ),
            {**numbers, "needed": needed},
            key="resident",
        )
    if ratio < target:
        needed = _needed_for(target, count, total)
        return Finding(
            "resident",
            WARNING,
            Message(gettext_noop("驻会人员比例")),
            Message(
                gettext_noop(
                    "驻会人员 %(count)d 人，占组成人员 %(total)d 人的 %(share)s，已达到 %(required)s，"
                    "但尚未达到 %(target)s 的目标（还需 %(needed)d 人）。"
                ),
                **params,
                needed=needed,
            ),
            {**numbers, "needed": needed},
            key="resident",
        )
    return Finding(
        "resident",
        OK,
        Message(gettext_noop("驻会人员比例")),
        Message(
            gettext_noop(
                "驻会人员 %(count)d 人，占组成人员 %(total)d 人的 %(share)s，已达到 %(target)s 的目标。"
            ),
            **params,
        ),
        numbers,
        key="resident",
    )


def _needed_for(required: Fraction, count: int, total: int) -> int:
    """How many more members with the quality it takes, swapping people within the same total."""
    needed = 0
    while Fraction(count + needed, total) < required and count + needed < total:
        needed += 1
    return needed


def _expertise_findings(members, required: dict[str, str]) -> list[Finding]:
    counts = dict.fromkeys(required, 0)
    for _res, _re, expertise in members:
        for code in expertise or ():
            if code in counts:
                counts[code] += 1
    findings = []
    for code, label in required.items():
        count = counts[code]
        if count:
            findings.append(
                Finding(
                    f"expertise:{code}",
                    OK,
                    Message(gettext_noop("%(label)s专业背景"), label=label),
                    Message(
                        gettext_noop("具有%(label)s专业背景的组成人员 %(count)d 人。"),
                        label=label,
                        count=count,
                    ),
                    {"count": count, "expertise": code},
                    key=f"expertise:{code}",
                )
            )
        else:
            findings.append(
                Finding(
                    f"expertise:{code}",
                    ERROR,
                    Message(gettext_noop("%(label)s专业背景"), label=label),
                    Message(gettext_noop("组成人员中没有具有%(label)s专业背景的人员。"), label=label),
                    {"count": 0, "expertise": code},
                    key=f"expertise:{code}",
                )
            )
    return findings


def _vacancy_finding(vacancies: list[Vacancy]) -> Finding:
    waiting = [v for v in vacancies if v.nomination_id is None]
    numbers = {"open": len(vacancies), "waiting": len(waiting)}
    if waiting:
        detail = Message.join(
            "；",
            (
                Message(
                    gettext_noop("%(position)s，自 %(since)s 起"),
                    position=choice_label(CommitteeMember.Position, v.position),
                    since=f"{v.since:%Y-%m-%d}",
                )
                for v in waiting
            ),
        )
        return Finding(
            "vacancies",
            WARNING,
            Message(gettext_noop("组成人员空缺")),
            Message(
                gettext_noop("有 %(n)d 个空缺尚待推荐提名人选：%(detail)s。"), n=len(waiting), detail=detail
            ),
            {**numbers, "vacancy_ids": [v.pk for v in waiting]},
            key="vacancies:" + ",".join(str(v.pk) for v in waiting),
        )
    if vacancies:
        return Finding(
            "vacancies",
            OK,
            Message(gettext_noop("组成人员空缺")),
            Message(gettext_noop("%(n)d 个空缺均已有提名人选，正在办理任免程序。"), n=len(vacancies)),
            numbers,
            key="vacancies",
        )
    return Finding(
        "vacancies",
        OK,
        Message(gettext_noop("组成人员空缺")),
        Message(gettext_noop("目前没有空缺。")),
        numbers,
        key="vacancies",
    )


# --- the town congress (十八) ---------------------------------------------------------------


@dataclass(frozen=True)
class TownSession:
    pk: int
    title: str
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        # Calendar days, both ends counted: a session on one day lasts one day.
        return (self.end - self.start).days + 1


def _local_date(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def _aware_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def town_sessions(*, year: int) -> list[TownSession]:
    """Town congress sessions (``Meeting(kind="town")``, not cancelled) starting in ``year``.
    One query."""
    from meetings.models import Meeting

    meetings = Meeting.objects.filter(
        kind="town",
        starts_at__gte=_aware_midnight(dt.date(year, 1, 1)),
        starts_at__lt=_aware_midnight(dt.date(year + 1, 1, 1)),
    )
    status_field = Meeting._meta.get_field("status")
    if "cancelled" in {value for value, _label in status_field.choices or ()}:
        meetings = meetings.exclude(status="cancelled")
    sessions = []
    for pk, title, starts_at, ends_at in meetings.order_by("starts_at", "pk").values_list(
        "pk", "title", "starts_at", "ends_at"
    ):
        start = _local_date(starts_at)
        sessions.append(TownSession(pk=pk, title=title, start=start, end=_local_date(ends_at) or start))
    return sessions


def _half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (
        (dt.date(year, 1, 1), dt.date(year, 6, 30))
        if half == 1
        else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    )


def town_session_check(
    year: int, today: dt.date | None = None, *, sessions: list[TownSession] | None = None
) -> list[Finding]:
    """The town congress against the rules (seed 十八): at least ``town.sessions_per_year_min``
    sessions in ``year``, each at least ``town.session_min_days`` calendar days long (a
    same-day session counts as one day), and a warning for every half-year that passes — or is
    passing — without a session. Queries: rules (1), the year's sessions (1)."""
    today = today or timezone.localdate()
    rules = rules_values("town.sessions_per_year_min", "town.session_min_days")
    minimum, min_days = rules["town.sessions_per_year_min"], rules["town.session_min_days"]
    if sessions is None:
        sessions = town_sessions(year=year)
    held = [s for s in sessions if s.start <= today]
    scheduled = [s for s in sessions if s.start > today]
    findings = [_town_count_finding(year, today, minimum, held, scheduled)]
    findings.extend(_town_length_findings(year, sessions, min_days))
    for half in (1, 2):
        finding = _town_half_finding(year, half, today, sessions)
        if finding is not None:
            findings.append(finding)
    return findings


def _town_count_finding(year, today, minimum, held, scheduled) -> Finding:
    numbers = {"year": year, "held": len(held), "scheduled": len(scheduled), "required": minimum}
    title = Message(gettext_noop("镇人代会召开次数"))
    if dt.date(year, 12, 31) < today:
        if len(held) >= minimum:
            return Finding(
                "town_count",
                OK,
                title,
                Message(
                    gettext_noop("%(year)d 年召开镇人民代表大会 %(n)d 次，符合每年不少于 %(m)d 次的规定。"),
                    year=year,
                    n=len(held),
                    m=minimum,
                ),
                numbers,
                key=f"town:{year}:count",
            )
        return Finding(
            "town_count",
            ERROR,
            title,
            Message(
                gettext_noop("%(year)d 年仅召开镇人民代表大会 %(n)d 次，少于每年 %(m)d 次的规定。"),
                year=year,
                n=len(held),
                m=minimum,
            ),
            numbers,
            key=f"town:{year}:count",
        )
    params = {"year": year, "held": len(held), "scheduled": len(scheduled), "m": minimum}
    if len(held) + len(scheduled) >= minimum:
        return Finding(
            "town_count",
            OK,
            title,
            Message(
                gettext_noop(
                    "%(year)d 年已召开 %(held)d 次、已安排 %(scheduled)d 次，可达到每年不少于 %(m)d 次的要求。"
                ),
                **params,
            ),
            numbers,
            key=f"town:{year}:count",
        )
    missing = minimum - len(held) - len(scheduled)
    return Finding(
        "town_count",
        WARNING,
        title,
        Message(
            gettext_noop(
                "%(year)d 年已召开 %(held)d 次、已安排 %(scheduled)d 次，全年应不少于 %(m)d 次，还需安排 %(missing)d 次。"
            ),
            **params,
            missing=missing,
        ),
        {**numbers, "missing": missing},
        key=f"town:{year}:count",
    )


def _town_length_findings(year, sessions: list[TownSession], min_days: int) -> list[Finding]:
    short = [s for s in sessions if s.days < min_days]
    findings = [
        Finding(
            "town_session_length",
            ERROR,
            Message(gettext_noop("镇人代会会期")),
            Message(
                gettext_noop("“%(title)s”（%(start)s）会期 %(days)d 天，少于规定的 %(m)d 天。"),
                title=s.title,
                start=f"{s.start:%Y-%m-%d}",
                days=s.days,
                m=min_days,
            ),
            {"meeting": s.pk, "days": s.days, "required": min_days},
            key=f"town:session:{s.pk}:short",
        )
        for s in short
    ]
    if sessions and not short:
        findings.append(
            Finding(
                "town_session_length",
                OK,
                Message(gettext_noop("镇人代会会期")),
                Message(gettext_noop("%(year)d 年各次会议会期均不少于 %(m)d 天。"), year=year, m=min_days),
                {"required": min_days, "sessions": [s.days for s in sessions]},
                key=f"town:{year}:length",
            )
        )
    return findings


def _town_half_finding(year, half, today, sessions: list[TownSession]) -> Finding | None:
    start, end = _half_bounds(year, half)
    if start > today:
        return None
    label = Message(gettext_noop("上半年")) if half == 1 else Message(gettext_noop("下半年"))
    in_half = [s for s in sessions if start <= s.start <= end]
    numbers = {"year": year, "half": half, "sessions": len(in_half)}
    title = Message(gettext_noop("%(year)d 年%(half)s"), year=year, half=label)
    if in_half:
        dates = "、".join(f"{s.start:%m-%d}" for s in in_half)
        verb = (
            Message(gettext_noop("已召开")) if in_half[0].start <= today else Message(gettext_noop("已安排"))
        )
        return Finding(
            "town_half",
            OK,
            title,
            Message(
                gettext_noop("%(half)s%(verb)s镇人民代表大会（%(dates)s）。"),
                half=label,
                verb=verb,
                dates=dates,
            ),
            numbers,
            key=f"town:{year}:h{half}",
        )
    if end < today:
        return Finding(
            "town_half_missed",
            WARNING,
            title,
            Message(gettext_noop("%(year)d 年%(half)s已过，未召开镇人民代表大会。"), year=year, half=label),
            numbers,
            key=f"town:{year}:h{half}:missed",
        )
    days_left = (end - today).days
    return Finding(
        "town_half_pending",
        WARNING,
        title,
        Message(
            gettext_noop("%(half)s尚未召开或安排镇人民代表大会，距半年结束还有 %(days)d 天，请及时安排。"),
            half=label,
            days=days_left,
        ),
        {**numbers, "days_left": days_left},
        key=f"town:{year}:h{half}:pending",
    )


# --- the dashboard ------------------------------------------------------------------------


@dataclass
class Dashboard:
    term: Term | None
    composition: list[Finding]
    town: list[Finding]
    year: int
    vacancies: list[Vacancy]
    sessions: list[TownSession]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.composition + self.town if f.is_problem]

    @property
    def warning_count(self) -> int:
        return len(self.problems)


def dashboard_get(*, today: dt.date | None = None, year: int | None = None) -> Dashboard:
    """Both checks for the current term and ``year`` (default: this year), with the open
    vacancies and the year's town sessions they were computed from.
    Queries: term (1), composition: rules, members, vacancies (3), town: rules, sessions (2)."""
    today = today or timezone.localdate()
    year = year or today.year
    term = current_term()
    vacancies = list(vacancy_list_open(term=term)) if term else []
    sessions = town_sessions(year=year)
    return Dashboard(
        term=term,
        composition=composition_check(term, vacancies=vacancies),
        town=town_session_check(year, today, sessions=sessions),
        year=year,
        vacancies=vacancies,
        sessions=sessions,
    )


def dashboard_counts(*, today: dt.date | None = None) -> tuple[int, list[Finding]]:
    """The problems of both checks (for the portal home panel). Queries: term (1),
    composition (3), town (2)."""
    today = today or timezone.localdate()
    problems = [
        f for f in composition_check(current_term()) + town_session_check(today.year, today) if f.is_problem
    ]
    return len(problems), problems
