"""Writes of the performance record's own rows (seed 十四): reports to voters (scheduled, held,
published, voters' comments) and the mid-term evaluation staff run over a term's records."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error, required_text
from congress.models import Term, User
from congress.rules import rule_get
from deputies import permissions
from deputies.models import Deputy
from deputies.models_record import MidTermEvaluation, MidTermEvaluationRow, VoterComment, VoterReport
from deputies.selectors_record import deputies_record_counts, score_of, score_rules
from deputies.workflow_record import MIDTERM, VOTER_REPORT

R = VoterReport.State


def _text(value, field: str, message, limit: int) -> str:
    return required_text(value, field, message, limit=limit)


@transaction.atomic
def voter_report_schedule(
    *, actor: User, deputy: Deputy, title: str, scheduled_at: dt.datetime | None, location: str
) -> VoterReport:
    """The deputy (or staff for them) schedules a report to the voters of the constituency."""
    probe = VoterReport(deputy=deputy)
    VOTER_REPORT.check_permission(probe, "schedule", actor, _("只能为本人安排向选民报告。"))
    title = _text(title, "title", _("请填写标题。"), 200)
    location = _text(location, "location", _("请填写地点。"), 200)
    if scheduled_at is None:
        raise field_error("scheduled_at", _("请填写报告时间。"), code="required")
    report = create_tracked(
        VoterReport,
        actor=actor,
        reason=_("安排报告"),
        validate=False,
        deputy=deputy,
        title=title,
        scheduled_at=scheduled_at,
        location=location,
        created_by=actor,
    )
    record_event(report, VOTER_REPORT, "schedule", actor=actor, from_state="")
    return report


@transaction.atomic
def voter_report_hold(
    *, actor: User, report: VoterReport, held_at: dt.datetime | None = None, attendees: int | None = None
) -> VoterReport:
    """Record that the report was held (not in the future), with how many voters came."""
    report = lock(VoterReport, report.pk, related=("deputy",))
    VOTER_REPORT.check_permission(report, "hold", actor)
    VOTER_REPORT.check(report, "hold")
    held_at = held_at or report.scheduled_at
    if held_at > timezone.now():
        raise field_error("held_at", _("召开时间不能晚于现在。"))
    if attendees is not None and attendees < 0:
        raise field_error("attendees", _("人数不能为负数。"))
    return transition(
        report,
        VOTER_REPORT,
        "hold",
        actor=actor,
        locked=True,
        changes={"held_at": held_at, "attendees": attendees},
    )


@transaction.atomic
def voter_report_publish(*, actor: User, report: VoterReport, text: str) -> VoterReport:
    """Publish the report's text on the deputy's public page, where voters comment on it."""
    report = lock(VoterReport, report.pk, related=("deputy",))
    VOTER_REPORT.check_permission(report, "publish", actor)
    VOTER_REPORT.check(report, "publish")
    text = _text(text, "text", _("请填写报告内容。"), 20000)
    return transition(
        report,
        VOTER_REPORT,
        "publish",
        actor=actor,
        locked=True,
        changes={"text": text, "published_at": timezone.now()},
    )


@transaction.atomic
def voter_report_cancel(*, actor: User, report: VoterReport, reason: str) -> VoterReport:
    report = lock(VoterReport, report.pk, related=("deputy",))
    VOTER_REPORT.check_permission(report, "cancel", actor)
    VOTER_REPORT.check(report, "cancel")
    reason = _text(reason, "reason", _("请填写取消原因。"), 500)
    return transition(report, VOTER_REPORT, "cancel", actor=actor, locked=True, note=reason)


def _valid_address(address: str) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def voter_comment_add(
    *, report: VoterReport, content: str, name: str = "", address: str = ""
) -> VoterComment:
    """A voter comments on a published report: no account, the name optional. One network
    address (``address``: the client's, from ``REMOTE_ADDR`` behind trusted proxies) sends at
    most the rule's number of comments an hour (选民评议意见每小时条数上限); beyond it the
    comment is refused with code ``too_many`` and the page keeps what was typed."""
    if report.state != R.PUBLISHED:
        raise ApplicationError(_("报告尚未公开，不能评议。"), code="not_published")
    content = _text(content, "content", _("请填写您的意见。"), 2000)
    name = (name or "").strip()
    if len(name) > 50:
        raise field_error("name", _("署名不能超过 50 字。"))
    address = _valid_address(address)
    limit = rule_get("deputies.voter_comment_limit_per_hour")
    if address and limit:
        since = timezone.now() - dt.timedelta(hours=1)
        sent = VoterComment.objects.filter(client_address=address, created_at__gte=since).count()
        if sent >= limit:
            raise ApplicationError(
                _("您所在的网络一小时内已提交 %(n)d 条评议意见，请稍后再试。您填写的内容仍保留在下方。")
                % {"n": sent},
                code="too_many",
            )
    return VoterComment.objects.create(report=report, content=content, name=name, client_address=address)


# --- mid-term evaluation ---


MIDTERM_CHUNK = 500  # deputies whose records are read together: a term's deputies in one or a few chunks


def _grade(average: Decimal, thresholds: dict | None = None) -> str:
    thresholds = thresholds or rule_get("deputies.midterm_grade_thresholds")
    G = MidTermEvaluationRow.Grade
    for code in (G.EXCELLENT, G.GOOD, G.BASIC):
        if average >= Decimal(thresholds[code]):
            return code
    return G.POOR


def _jsonable(counts: dict) -> dict:
    return {code: (str(value) if isinstance(value, Decimal) else value) for code, value in counts.items()}


@transaction.atomic
def midterm_evaluation_run(
    *, actor: User, term: Term, last_year: int | None = None, title: str = ""
) -> MidTermEvaluation:
    """Staff gather every serving deputy's record over the term so far (its first year to
    ``last_year``, default last year) into one row each: the counts summed, the yearly scores
    averaged, and a grade by the rule's thresholds (届中评估等次分数线). Staff then write their
    assessment per deputy and conclude."""
    if not permissions.can_manage_activities(actor):
        raise PermissionDeniedError(_("只有常委会工作人员可以开展届中评估。"), code="not_staff")
    last_year = last_year or timezone.localdate().year - 1
    if not term.start_year <= last_year <= term.end_year:
        raise field_error(
            "last_year",
            _("截止年度应在本届任期内（%(a)d—%(b)d）。") % {"a": term.start_year, "b": term.end_year},
        )
    years = list(range(term.start_year, last_year + 1))
    evaluation = create_tracked(
        MidTermEvaluation,
        actor=actor,
        reason=_("汇总履职档案"),
        validate=False,
        term=term,
        title=(title or "").strip()[:200] or _("%(t)s届中评估") % {"t": term.name},
        first_year=years[0],
        last_year=last_year,
        run_by=actor,
    )
    rows = []
    deputies = list(Deputy.objects.filter(term=term, is_active=True).select_related("term").order_by("id"))
    rules = score_rules()
    thresholds = rule_get("deputies.midterm_grade_thresholds")
    for start in range(0, len(deputies), MIDTERM_CHUNK):
        chunk = deputies[start : start + MIDTERM_CHUNK]
        record = deputies_record_counts(chunk, years)  # a query per source for the chunk
        for deputy in chunk:
            by_year = record[deputy.pk]
            scores = [score_of(counts, rules) for counts in by_year.values()]
            totals: dict = {}
            for counts in by_year.values():
                for code, value in counts.items():
                    totals[code] = totals.get(code, 0) + value
            average = (sum(scores, Decimal("0")) / len(scores)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            rows.append(
                MidTermEvaluationRow(
                    evaluation=evaluation,
                    deputy=deputy,
                    counts=_jsonable(totals),
                    score=average,
                    grade=_grade(average, thresholds),
                )
            )
    bulk_create_with_history(rows, MidTermEvaluationRow, default_change_reason=_("汇总履职档案"))
    record_event(
        evaluation, MIDTERM, "run", actor=actor, from_state="", note=_("%(n)d 位代表") % {"n": len(rows)}
    )
    return evaluation


@transaction.atomic
def midterm_row_assess(
    *, actor: User, row: MidTermEvaluationRow, grade: str, assessment: str
) -> MidTermEvaluationRow:
    """Staff set a deputy's grade (the computed one is a proposal) and write the assessment."""
    evaluation = lock(MidTermEvaluation, row.evaluation_id)
    MIDTERM.check_permission(evaluation, "assess", actor)
    MIDTERM.check(evaluation, "assess")
    if grade not in MidTermEvaluationRow.Grade.values:
        raise field_error("grade", _("请选择评估等次。"), code="required")
    row.grade, row.assessment = grade, (assessment or "").strip()[:5000]
    save_tracked(row, ["grade", "assessment"], actor=actor, reason=_("填写评估意见"))
    record_event(evaluation, MIDTERM, "assess", actor=actor, note=str(row.deputy))
    return row


@transaction.atomic
def midterm_evaluation_conclude(*, actor: User, evaluation: MidTermEvaluation) -> MidTermEvaluation:
    evaluation = lock(evaluation)
    return transition(
        evaluation, MIDTERM, "conclude", actor=actor, locked=True, changes={"concluded_at": timezone.now()}
    )
