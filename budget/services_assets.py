"""State-owned assets reports, the committee's opinions on them, and performance evaluations.

Staff record a kind's yearly report with its figures and mark it deliberated (public from
then); they add the committee's review opinions — one naming a unit owes that unit's report on
how it handled the opinion by the rule ``budget.asset_opinion_deadline`` (a tracked item,
``budget.workflow_assets``), which staff accept or send back. A key project's performance
evaluation carries indicators with weights and scores; the total and the grade are computed
here, never typed; it is public once published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from budget import permissions
from budget.models import AssetOpinion, AssetReport, PerformanceEvaluation, PerformanceIndicator
from budget.models_assets import OPINION_OWED
from budget.workflow_assets import OPINION
from congress import roles, units
from congress.casework.reminders import UnitDeadlineTexts, remind_unit_deadlines
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import PermissionDeniedError, field_error, required_text
from congress.models import Notification, Organization, User
from congress.notifications import Message, notify_bulk
from congress.rules import rule_get
from congress.workdays import deadline_after

NOT_STAFF = gettext_lazy("仅限人大常委会预算工作机构的工作人员操作。")
NOT_UNIT = gettext_lazy("只有办理单位的联络员可以反馈办理情况。")
PORTAL_PAGE = "portal:budget-asset-opinions"
ADMIN_PAGE = "admin:budget_assetopinion_change"
MAX_AMOUNT = Decimal("9999999999999999.99")


def _require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except Exception:
        return ""


def _notify(user_ids, *, key: str, title, body="", url="", level=Notification.Level.INFO) -> None:
    notify_bulk([(uid, key, title, body, url, level) for uid in sorted(set(user_ids))])


def _officer_ids(unit_id: int) -> list[int]:
    return units.unit_user_ids([unit_id], role=roles.UNIT_OFFICER).get(unit_id, [])


def _amount(value, field: str):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise field_error(field, _("金额应为数字（单位：元）。")) from None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise field_error(field, _("金额超出范围。"))
    return amount.quantize(Decimal("0.01"))


def _figures(value) -> dict:
    """Other figures of a report: name → number as text (kept as given, checked to be numbers)."""
    if not value:
        return {}
    if not isinstance(value, dict) or len(value) > 50:
        raise field_error("figures", _("其他指标应为“名称: 数值”的对照表（最多50项）。"))
    result = {}
    for name, number in value.items():
        name = str(name).strip()[:100]
        try:
            Decimal(str(number))
        except (InvalidOperation, ValueError):
            raise field_error("figures", _("指标“%(n)s”的数值应为数字。") % {"n": name}) from None
        if name:
            result[name] = str(number)
    return result


REPORT_FIELDS = (
    "year",
    "kind",
    "title",
    "total_assets",
    "total_liabilities",
    "net_assets",
    "figures",
    "summary",
    "deliberated_on",
)


@transaction.atomic
def asset_report_save(
    *,
    actor: User,
    year: int,
    kind: str,
    title: str,
    total_assets=None,
    total_liabilities=None,
    net_assets=None,
    figures=None,
    summary: str = "",
    deliberated_on: dt.date | None = None,
    report: AssetReport | None = None,
) -> AssetReport:
    """Staff record (or revise) one kind's yearly report; net assets default to assets less
    liabilities; ``deliberated_on`` makes it public."""
    _require_staff(actor)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise field_error("year", _("年度应在 2000 至 2100 之间。"))
    if kind not in AssetReport.Kind.values:
        raise field_error("kind", _("请选择资产类别。"))
    title = required_text(title, "title", _("请填写报告标题。"), limit=200)
    assets, liabilities = (
        _amount(total_assets, "total_assets"),
        _amount(total_liabilities, "total_liabilities"),
    )
    net = _amount(net_assets, "net_assets")
    if net is None and assets is not None and liabilities is not None:
        net = assets - liabilities
    duplicate = AssetReport.objects.filter(year=year, kind=kind).exclude(pk=getattr(report, "pk", None))
    if duplicate.exists():
        raise field_error("kind", _("该年度已有这一类别的报告。"))
    values = dict(
        year=year,
        kind=kind,
        title=title,
        total_assets=assets,
        total_liabilities=liabilities,
        net_assets=net,
        figures=_figures(figures),
        summary=(summary or "").strip(),
        deliberated_on=deliberated_on,
    )
    if report is None:
        return create_tracked(AssetReport, actor=actor, created_by=actor, **values)
    for field, value in values.items():
        setattr(report, field, value)
    save_tracked(report, REPORT_FIELDS, actor=actor)
    return report


def opinion_deadline(start: dt.date) -> dt.date:
    return deadline_after(start, rule_get("budget.asset_opinion_deadline"))


@transaction.atomic
def opinion_create(
    *,
    actor: User,
    report: AssetReport,
    text: str,
    unit: Organization | None = None,
    today: dt.date | None = None,
) -> AssetOpinion:
    """Staff record the committee's opinion on a report. With ``unit`` the unit owes its
    handling report by the rule's deadline (tracked, its officers told); without, it is noted."""
    _require_staff(actor)
    text = required_text(text, "text", _("请填写审议意见。"), limit=5000)
    if unit is not None and not unit.is_active:
        raise field_error("unit", _("请选择有效的办理单位。"))
    if unit is None:
        return create_tracked(
            AssetOpinion, actor=actor, report=report, text=text, state=AssetOpinion.State.NOTED
        )
    deadline = opinion_deadline(today or timezone.localdate())
    opinion = create_tracked(
        AssetOpinion,
        actor=actor,
        report=report,
        text=text,
        unit=unit,
        deadline=deadline,
        state=AssetOpinion.State.OPEN,
    )
    record_event(
        opinion, OPINION, "create", actor=actor, from_state="", note=_("反馈期限：%(d)s") % {"d": deadline}
    )
    _notify(
        _officer_ids(unit.pk),
        key=f"budget:asset-opinion:{opinion.pk}:sent",
        title=Message(gettext_noop("国有资产审议意见交办：%(t)s"), t=opinion.summary),
        body=Message(gettext_noop("请于 %(d)s 前反馈办理情况。"), d=deadline),
        url=_url(PORTAL_PAGE),
        level=Notification.Level.REMINDER,
    )
    return opinion


@transaction.atomic
def opinion_answer(*, actor: User, opinion: AssetOpinion, handling: str) -> AssetOpinion:
    """The unit reports how it handled the opinion; staff are told."""
    opinion = lock(opinion)
    if not permissions.acts_for_unit(actor, opinion):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    OPINION.check(opinion, "answer")
    handling = required_text(handling, "handling", _("请填写办理情况。"), limit=20000)
    opinion = transition(
        opinion,
        OPINION,
        "answer",
        actor=actor,
        locked=True,
        changes={"handling": handling, "handled_at": timezone.now()},
    )
    _notify(
        units.staff_user_ids(),
        key=f"budget:asset-opinion:{opinion.pk}:answered:{opinion.handled_at:%Y%m%d%H%M%S}",
        title=Message(gettext_noop("国有资产审议意见已反馈办理情况：%(t)s"), t=opinion.summary),
        url=_url(ADMIN_PAGE, opinion.pk),
    )
    return opinion


@transaction.atomic
def opinion_accept(*, actor: User, opinion: AssetOpinion, reason: str = "") -> AssetOpinion:
    opinion = lock(opinion)
    _require_staff(actor)
    OPINION.check(opinion, "accept")
    reason = (reason or "").strip()[:2000]
    return transition(
        opinion, OPINION, "accept", actor=actor, locked=True, changes={"evaluation": reason}, note=reason
    )


@transaction.atomic
def opinion_redo(
    *, actor: User, opinion: AssetOpinion, reason: str, today: dt.date | None = None
) -> AssetOpinion:
    """Staff send the handling report back with a reason; a new deadline from the rule."""
    opinion = lock(opinion)
    _require_staff(actor)
    OPINION.check(opinion, "redo")
    reason = required_text(reason, "reason", _("请说明退回的理由。"), limit=2000)
    deadline = opinion_deadline(today or timezone.localdate())
    opinion = transition(
        opinion,
        OPINION,
        "redo",
        actor=actor,
        locked=True,
        changes={"evaluation": reason, "deadline": deadline},
        note=_("%(r)s（新的反馈期限：%(d)s）") % {"r": reason, "d": deadline},
    )
    _notify(
        _officer_ids(opinion.unit_id),
        key=f"budget:asset-opinion:{opinion.pk}:redo:{deadline}",
        title=Message(gettext_noop("国有资产审议意见退回重新反馈：%(t)s"), t=opinion.summary),
        body=Message(gettext_noop("退回理由：%(r)s。请于 %(d)s 前再次反馈。"), r=reason, d=deadline),
        url=_url(PORTAL_PAGE),
        level=Notification.Level.WARNING,
    )
    return opinion


# --- performance evaluation ----------------------------------------------------------------------


def grade_of(score: Decimal | None) -> str:
    G = PerformanceEvaluation.Grade
    if score is None:
        return ""
    return G.EXCELLENT if score >= 90 else G.GOOD if score >= 80 else G.PASS if score >= 60 else G.POOR


def _indicators(rows) -> list[dict]:
    """Indicator rows checked: a name and target each, weights summing to 100, scores within
    their weight. Errors name the row (第 n 行)."""
    if not isinstance(rows, list | tuple) or not rows:
        raise field_error("indicators", _("请至少填写一项绩效指标。"))
    if len(rows) > 100:
        raise field_error("indicators", _("绩效指标最多100项。"))
    result, errors = [], []
    for number, row in enumerate(rows, start=1):
        row = row if isinstance(row, dict) else {}
        name, target = str(row.get("name") or "").strip(), str(row.get("target") or "").strip()
        try:
            weight = Decimal(str(row.get("weight")))
            score = None if row.get("score") in (None, "") else Decimal(str(row.get("score")))
        except (InvalidOperation, ValueError):
            errors.append(_("第 %(n)d 行：分值和得分应为数字。") % {"n": number})
            continue
        if not name or not target:
            errors.append(_("第 %(n)d 行：请填写指标和目标值。") % {"n": number})
        elif not weight.is_finite() or weight <= 0 or weight > 100:
            errors.append(_("第 %(n)d 行：分值应大于 0 且不超过 100。") % {"n": number})
        elif score is not None and (not score.is_finite() or score < 0 or score > weight):
            errors.append(_("第 %(n)d 行：得分应在 0 至分值之间。") % {"n": number})
        else:
            result.append(
                {
                    "name": name[:200],
                    "target": target[:200],
                    "actual": str(row.get("actual") or "").strip()[:200],
                    "weight": weight.quantize(Decimal("0.01")),
                    "score": None if score is None else score.quantize(Decimal("0.01")),
                }
            )
    if not errors and sum(r["weight"] for r in result) != 100:
        errors.append(_("各项指标分值合计应为 100。"))
    if errors:
        raise field_error("indicators", " ".join(errors))
    return result


EVALUATION_FIELDS = (
    "year",
    "project",
    "unit",
    "code",
    "budget_amount",
    "goal",
    "conclusion",
    "published",
    "score",
    "grade",
)


@transaction.atomic
def evaluation_save(
    *,
    actor: User,
    year: int,
    project: str,
    unit: Organization | None,
    indicators,
    code: str = "",
    budget_amount=None,
    goal: str = "",
    conclusion: str = "",
    published: bool = False,
    evaluation: PerformanceEvaluation | None = None,
) -> PerformanceEvaluation:
    """Staff record (or revise) a key project's evaluation with its indicators (replaced whole);
    the total score is the sum of the indicators' scores once all are scored, the grade follows
    from it. A published evaluation must be fully scored."""
    _require_staff(actor)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise field_error("year", _("年度应在 2000 至 2100 之间。"))
    project = required_text(project, "project", _("请填写项目名称。"), limit=200)
    if unit is None:
        raise field_error("unit", _("请选择项目单位。"))
    rows = _indicators(indicators)
    scored = all(r["score"] is not None for r in rows)
    if published and not scored:
        raise field_error("published", _("各项指标评分后才能公开。"))
    score = sum(r["score"] for r in rows) if scored else None
    values = dict(
        year=year,
        project=project,
        unit=unit,
        code=(code or "").strip()[:7],
        budget_amount=_amount(budget_amount, "budget_amount"),
        goal=(goal or "").strip(),
        conclusion=(conclusion or "").strip(),
        published=bool(published),
        score=score,
        grade=grade_of(score),
    )
    if evaluation is None:
        evaluation = create_tracked(PerformanceEvaluation, actor=actor, created_by=actor, **values)
    else:
        for field, value in values.items():
            setattr(evaluation, field, value)
        save_tracked(evaluation, EVALUATION_FIELDS, actor=actor)
        for old in evaluation.indicators.all():  # one by one: each deletion kept in history
            old._history_user = actor
            old.delete()
    for row in rows:
        create_tracked(PerformanceIndicator, actor=actor, validate=False, evaluation=evaluation, **row)
    return evaluation


# --- the daily scan ------------------------------------------------------------------------------


def send_opinion_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind a unit before its handling report on an opinion is due (the audit's milestones,
    ``budget.audit_reminder_milestones``), and tell it and staff once the deadline passed."""
    return remind_unit_deadlines(
        kind="budget.asset_opinion_due",
        items=AssetOpinion.objects.filter(state__in=OPINION_OWED).annotate(title=Substr("text", 1, 60)),
        texts=UnitDeadlineTexts(
            due_title=gettext_noop("到期提醒：国有资产审议意见 · %(t)s"),
            due_body=gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期反馈办理情况。"),
            overdue_title=gettext_noop("已逾期：%(t)s"),
            overdue_body=gettext_noop("%(unit)s对国有资产审议意见“%(t)s”的办理情况反馈已超过期限（%(d)s）。"),
        ),
        url=_url(PORTAL_PAGE),
        milestones=rule_get("budget.audit_reminder_milestones"),
        today=today or timezone.localdate(),
    )
