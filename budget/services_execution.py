"""Budget execution monitoring (issue 13 item 5): the monthly execution import (JSON from the
API, the finance bureau's workbook from the admin; all or nothing), the warning rules (editing
one writes a new version), the scan that raises warnings (idempotent: the same rule version, line
and month is one warning however often it runs), and the one-step turning of a warning into a
question to a unit (a tracked item on the case-work kernel, with a deadline from a rule and
reminders) or a supervision plan item.

Order inside each state change: lock, who (403), state (409), input (400)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from budget import permissions
from budget.models import (
    Book,
    BookStage,
    BudgetLine,
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    ExecutionRow,
    FiscalYear,
    Stage,
    WarningRule,
    WarningRuleVersion,
)
from budget.models_execution import RULE_PARAMETERS, RuleKind
from budget.services import CODE_RE, MAX_AMOUNT, LineError, _amount, read_workbook
from budget.workflow_execution import QUESTION
from congress import caching, roles, units
from congress.casework.reminders import UnitDeadlineTexts, remind_unit_deadlines
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error, required_text
from congress.models import Notification, Organization
from congress.notifications import Message, notify_bulk
from congress.rules import rule_get
from congress.workdays import deadline_after

NOT_STAFF = gettext_lazy("仅限人大常委会预算工作机构的工作人员操作。")
NOT_UNIT = gettext_lazy("只有被询问单位的联络员可以答复。")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
PORTAL_QUESTIONS = "portal:budget-questions"
OWN_OFFICES = (
    Organization.Kind.COMMITTEE_OFFICE,
    Organization.Kind.WORKING_COMMITTEE,
    Organization.Kind.PARTY_OFFICE,
)


def _require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except Exception:  # a page not mounted (a test app): the notice goes without a link
        return ""


# --- the monthly execution import ----------------------------------------------------------------


class ExecutionImportError(ApplicationError):
    """The rows were refused whole; ``errors`` names each bad row."""

    default_code = "invalid_rows"

    def __init__(self, errors: list[LineError], *, message=None):
        self.errors = errors
        message = message or _("有 %(n)d 处错误，未导入任何执行数。") % {"n": len(errors)}
        super().__init__(message, extra={"rows": [e.as_dict() for e in errors]})


def _check_rows(fiscal_year: FiscalYear, raw: list, numbers: list[int]) -> tuple[dict, list[LineError]]:
    known = dict(fiscal_year.codes.values_list("code", "retired"))
    errors: list[LineError] = []
    clean: dict[str, Decimal] = {}
    for item, number in zip(raw, numbers, strict=True):
        if not isinstance(item, dict):
            errors.append(LineError(number, "", _("每一行应包含科目编码和执行数。")))
            continue
        code = str(item.get("code") or "").strip()
        amount = _amount(item.get("amount"))
        bad = []
        if not CODE_RE.match(code):
            bad.append(_("科目编码“%(code)s”格式不正确：应为 3、5 或 7 位数字。") % {"code": code})
        elif code not in known:
            bad.append(
                _("科目编码 %(code)s 不在%(year)s年度科目表中。") % {"code": code, "year": fiscal_year.year}
            )
        elif code in clean:
            bad.append(_("科目编码 %(code)s 重复出现。") % {"code": code})
        if amount is None:
            bad.append(_("执行数应为数字（单位：元）。"))
        elif amount < 0:
            bad.append(_("执行数不能为负数。"))
        elif amount != amount.quantize(CENT):
            bad.append(_("执行数最多保留两位小数。"))
        elif amount > MAX_AMOUNT:
            bad.append(_("执行数超出范围。"))
        errors += [LineError(number, code, message) for message in bad]
        if not bad:
            clean[code] = amount
    if not raw:
        errors.append(LineError(0, "", _("没有任何执行数。")))
    errors.sort(key=lambda e: (e.line, e.code))
    return clean, errors


@transaction.atomic
def execution_import(
    *,
    fiscal_year: FiscalYear,
    book: str,
    month: int,
    rows: list,
    actor,
    source: str = "",
    numbers: list[int] | None = None,
    scan: bool = True,
) -> ExecutionMonth:
    """Store one month's execution of a book whole or not at all: every code in the year's list,
    amounts yuan, not negative, each code once; any bad row refuses the whole month
    (``ExecutionImportError`` naming each). Importing a month again replaces it (its history
    keeps who and when). Then the year's warnings are scanned again."""
    if book not in Book.values:
        raise field_error("book", _("预算类别应为 general、fund、capital 或 social_insurance。"))
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise field_error("month", _("月份应为 1 至 12。"))
    numbers = numbers or list(range(1, len(rows) + 1))
    clean, errors = _check_rows(fiscal_year, rows, numbers)
    if errors:
        raise ExecutionImportError(errors)
    record = (
        ExecutionMonth.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, book=book, month=month)
        .first()
    )
    if record is None:
        record = ExecutionMonth(fiscal_year=fiscal_year, book=book, month=month)
    else:
        record.rows.all().delete()
    record.row_count = len(clean)
    record.source = source[:100]
    record.imported_at = timezone.now()
    record.imported_by = actor if getattr(actor, "pk", None) else None
    record._history_user = record.imported_by
    record.save()
    ExecutionRow.objects.bulk_create(
        [
            ExecutionRow(execution_month_id=record.pk, code=code, amount=amount)
            for code, amount in clean.items()
        ],
        batch_size=2000,
    )
    caching.bump_on_commit("budget")
    if scan:
        warnings_scan(fiscal_year=fiscal_year, books=[book])
    return record


def execution_import_workbook(
    *, fiscal_year: FiscalYear, book: str, month: int, file, actor
) -> ExecutionMonth:
    """The admin's import: the workbook's first sheet (a code column and an amount column such as
    “金额” or “执行数”; amounts in 万元 converted), row numbers as Excel shows them."""
    try:
        lines, numbers = read_workbook(file)
    except ApplicationError as exc:
        raise ExecutionImportError([], message=exc.message) from exc
    name = getattr(file, "name", "") or ""
    return execution_import(
        fiscal_year=fiscal_year,
        book=book,
        month=month,
        rows=[{"code": line["code"], "amount": line["amount"]} for line in lines],
        numbers=numbers,
        actor=actor,
        source=_("Excel：%(name)s") % {"name": Path(name).name} if name else "Excel",
    )


# --- warning rules -------------------------------------------------------------------------------


def _clean_parameters(kind: str, parameters: dict) -> dict:
    spec = RULE_PARAMETERS.get(kind)
    if spec is None:
        raise field_error("kind", _("请选择预警规则类型。"))
    clean = {}
    for name, (_label, default) in spec.items():
        value = _amount((parameters or {}).get(name, default))
        if value is None or value < 0:
            raise field_error(name, _("参数应为不小于 0 的数字。"))
        clean[name] = str(value.normalize()) if value != value.to_integral() else int(value)
    return clean


@transaction.atomic
def rule_create(*, actor, name: str, kind: str, parameters: dict | None = None) -> WarningRule:
    """Staff add a rule: version 1 holds its parameters (defaults where none given)."""
    if actor is not None:
        _require_staff(actor)
    name = required_text(name, "name", _("请填写规则名称。"), limit=100)
    clean = _clean_parameters(kind, parameters or {})
    rule = create_tracked(WarningRule, actor=actor, name=name, kind=kind)
    WarningRuleVersion.objects.create(rule=rule, version=1, parameters=clean, created_by=_user(actor))
    return rule


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def rule_update(
    *, actor, rule: WarningRule, parameters: dict, name: str | None = None, active=None, reason: str = ""
) -> WarningRuleVersion:
    """Edit a rule: new parameters make a new version (the old one stays, with the warnings it
    raised); the name and switching it on or off are kept in the rule's history."""
    _require_staff(actor)
    rule = lock(rule)
    changed = []
    if name is not None and name.strip() and name.strip() != rule.name:
        rule.name, changed = name.strip()[:100], [*changed, "name"]
    if active is not None and bool(active) != rule.active:
        rule.active, changed = bool(active), [*changed, "active"]
    if changed:
        rule._history_user = actor
        rule.save(update_fields=changed)
    current = rule_current_version(rule)
    clean = _clean_parameters(rule.kind, parameters)
    if current is not None and current.parameters == clean:
        return current
    return WarningRuleVersion.objects.create(
        rule=rule,
        version=(current.version if current else 0) + 1,
        parameters=clean,
        reason=(reason or "").strip()[:200],
        created_by=actor,
    )


def rule_current_version(rule: WarningRule) -> WarningRuleVersion | None:
    return rule.versions.order_by("-version").first()


DEFAULT_RULES = [
    (gettext_noop("执行进度落后时间进度超过15个百分点"), RuleKind.BEHIND_SCHEDULE, {"points": 15}),
    (gettext_noop("无预算支出"), RuleKind.NO_BUDGET, {"min_amount": 0}),
    (gettext_noop("预算调整幅度超过20%"), RuleKind.ADJUSTMENT_SHARE, {"percent": 20}),
]


def ensure_default_rules() -> None:
    """The three rules of the seed, once (the demo and a fresh portal)."""
    for name, kind, parameters in DEFAULT_RULES:
        if not WarningRule.objects.filter(kind=kind).exists():
            rule_create(actor=None, name=_(name), kind=kind, parameters=parameters)


# --- the scan ------------------------------------------------------------------------------------


@dataclass
class Hit:
    code: str
    name: str
    message: str
    figures: dict


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _fig(value) -> str:
    return f"{Decimal(value):.2f}"


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}"


def reference_stage(stages: dict[str, int]) -> str | None:
    """The budget a month's execution is measured against: the adjusted budget once there is
    one, the approved budget before."""
    for stage in (Stage.ADJUSTED, Stage.APPROVED):
        if stage in stages:
            return stage
    return None


def _leaves(amounts: dict[str, Decimal]) -> list[str]:
    parents = {code[: len(code) - 2] for code in amounts if len(code) > 3}
    return [code for code in amounts if code not in parents]


def _rule_behind_schedule(params, *, month, budget, executed, names, skip=frozenset()) -> list[Hit]:
    """Each leaf line with a budget whose execution rate lags the share of the year elapsed
    (month / 12) by more than ``points`` percentage points."""
    points = Decimal(str(params["points"]))
    time_share = Decimal(month) * HUNDRED / 12
    hits = []
    for code in _leaves(budget):
        amount = budget[code]
        if amount <= 0 or code in skip:
            continue
        spent = executed.get(code, Decimal(0))
        rate = spent * HUNDRED / amount
        gap = time_share - rate
        if gap > points:
            hits.append(
                Hit(
                    code,
                    names.get(code, ""),
                    _(
                        "截至%(m)d月执行率 %(rate)s%%，落后时间进度（%(share)s%%）%(gap)s 个百分点，超过 %(n)s 个百分点。"
                    )
                    % {
                        "m": month,
                        "rate": _pct(rate),
                        "share": _pct(time_share),
                        "gap": _pct(gap),
                        "n": params["points"],
                    },
                    {
                        "budget": _fig(amount),
                        "executed": _fig(spent),
                        "rate": _pct(rate),
                        "time_share": _pct(time_share),
                        "gap": _pct(gap),
                    },
                )
            )
    return hits


def _rule_no_budget(params, *, month, budget, executed, names, skip=frozenset()) -> list[Hit]:
    """Spending of more than ``min_amount`` yuan on a code with no budget (no line, or zero)."""
    floor = Decimal(str(params["min_amount"]))
    hits = []
    for code, spent in executed.items():
        if spent > floor and budget.get(code, Decimal(0)) <= 0 and code not in skip:
            hits.append(
                Hit(
                    code,
                    names.get(code, ""),
                    _("科目未列预算，截至%(m)d月已支出 %(spent)s 元。")
                    % {"m": month, "spent": _money(spent)},
                    {"budget": _fig(budget.get(code, Decimal(0))), "executed": _fig(spent)},
                )
            )
    return hits


def _rule_adjustment_share(params, *, approved, adjusted, names, skip=frozenset()) -> list[Hit]:
    """Leaf lines whose adjusted budget differs from the approved one by more than ``percent``
    per cent of the approved amount."""
    if not approved or not adjusted:
        return []
    limit = Decimal(str(params["percent"]))
    hits = []
    for code in _leaves(approved):
        before = approved[code]
        if before <= 0 or code in skip:
            continue
        after = adjusted.get(code, Decimal(0))
        share = abs(after - before) * HUNDRED / before
        if share > limit:
            hits.append(
                Hit(
                    code,
                    names.get(code, ""),
                    _("调整预算 %(after)s 元比批准预算 %(before)s 元变动 %(share)s%%，超过 %(n)s%%。")
                    % {
                        "after": _money(after),
                        "before": _money(before),
                        "share": _pct(share),
                        "n": params["percent"],
                    },
                    {"approved": _fig(before), "adjusted": _fig(after), "share": _pct(share)},
                )
            )
    return hits


def _stage_amounts(stage_id: int | None) -> tuple[dict[str, Decimal], dict[str, str]]:
    if stage_id is None:
        return {}, {}
    amounts, names = {}, {}
    for code, name, amount in BudgetLine.objects.filter(book_stage_id=stage_id).values_list(
        "code", "name", "amount"
    ):
        amounts[code], names[code] = amount, name
    return amounts, names


def executed_to(fiscal_year_id: int, book: str, month: int) -> dict[str, Decimal]:
    """Each code's execution from January to ``month`` (the database sums)."""
    rows = (
        ExecutionRow.objects.filter(
            execution_month__fiscal_year_id=fiscal_year_id,
            execution_month__book=book,
            execution_month__month__lte=month,
        )
        .values_list("code")
        .annotate(total=Sum("amount"))
    )
    return dict(rows)


def current_versions() -> list[WarningRuleVersion]:
    """The newest version of each active rule (one query)."""
    latest = (
        WarningRuleVersion.objects.filter(rule__active=True)
        .values("rule_id")
        .annotate(top=Max("version"))
        .values_list("rule_id", "top")
    )
    wanted = dict(latest)
    if not wanted:
        return []
    versions = WarningRuleVersion.objects.select_related("rule").filter(rule_id__in=wanted)
    return [v for v in versions if v.version == wanted[v.rule_id]]


@transaction.atomic
def warnings_scan(*, fiscal_year: FiscalYear | None = None, books=None) -> int:
    """Run every active rule's current version over a year's books (every year with execution
    or an adjusted budget when none is given) and store what they find. Idempotent: a warning is
    one row per (rule version, year, book, month, code); a rerun adds nothing. Returns how many
    warnings are new."""
    versions = current_versions()
    if not versions:
        return 0
    years = [fiscal_year] if fiscal_year is not None else list(FiscalYear.objects.all())
    before = BudgetWarning.objects.count()
    for fy in years:
        stages_by_book: dict[str, dict[str, int]] = {}
        for stage_id, book, stage in BookStage.objects.filter(fiscal_year=fy).values_list(
            "id", "book", "stage"
        ):
            stages_by_book.setdefault(book, {})[stage] = stage_id
        last_month = dict(
            ExecutionMonth.objects.filter(fiscal_year=fy).values_list("book").annotate(m=Max("month"))
        )
        for book in books or Book.values:
            stages = stages_by_book.get(book, {})
            month = last_month.get(book)
            hits: list[tuple[WarningRuleVersion, int, Hit]] = []
            # What earlier scans stored (one query): the rules skip those lines, so a rerun builds
            # and writes nothing for them.
            stored: dict[tuple[int, int], set[str]] = {}
            for version_id, month_, code in BudgetWarning.objects.filter(
                fiscal_year=fy, book=book, rule_version__in=versions
            ).values_list("rule_version_id", "month", "code"):
                stored.setdefault((version_id, month_), set()).add(code)
            approved, names = _stage_amounts(stages.get(Stage.APPROVED))
            adjusted, adjusted_names = _stage_amounts(stages.get(Stage.ADJUSTED))
            names = {**names, **adjusted_names}
            if month is not None:
                budget = adjusted if Stage.ADJUSTED in stages else approved
                executed = executed_to(fy.pk, book, month)
                if any(v.rule.kind != RuleKind.ADJUSTMENT_SHARE for v in versions):
                    missing = set(executed) - set(names)
                    if missing:
                        names.update(dict(fy.codes.filter(code__in=missing).values_list("code", "name")))
                for version in versions:
                    check = {
                        RuleKind.BEHIND_SCHEDULE: _rule_behind_schedule,
                        RuleKind.NO_BUDGET: _rule_no_budget,
                    }.get(version.rule.kind)
                    if check is not None:
                        found = check(
                            version.parameters,
                            month=month,
                            budget=budget,
                            executed=executed,
                            names=names,
                            skip=stored.get((version.pk, month), frozenset()),
                        )
                        hits += [(version, month, hit) for hit in found]
            for version in versions:
                if version.rule.kind == RuleKind.ADJUSTMENT_SHARE:
                    found = _rule_adjustment_share(
                        version.parameters,
                        approved=approved,
                        adjusted=adjusted,
                        names=names,
                        skip=stored.get((version.pk, 0), frozenset()),
                    )
                    # An adjustment is the year's, not a month's: month 0.
                    hits += [(version, 0, hit) for hit in found]
            if not hits:
                continue
            BudgetWarning.objects.bulk_create(
                [
                    BudgetWarning(
                        fiscal_year_id=fy.pk,
                        book=book,
                        month=month_,
                        code=hit.code,
                        name=hit.name[:100],
                        rule_id=version.rule_id,
                        rule_version_id=version.pk,
                        figures=hit.figures,
                        message=hit.message[:300],
                    )
                    for version, month_, hit in hits
                ],
                batch_size=1000,
                ignore_conflicts=True,
            )
    caching.bump_on_commit("budget")
    # ``ignore_conflicts`` does not tell new rows from old: count before and after.
    return BudgetWarning.objects.count() - before


def warnings_scan_all() -> dict[str, int]:
    """The daily scan: every year's warnings (idempotent) and the questions' reminders."""
    return {"warnings": warnings_scan(), **question_reminders()}


# --- from a warning: a question to a unit, or a supervision item ---------------------------------


class AlreadyHandled(ApplicationError):
    status_code = 409


def _unhandled(warning: BudgetWarning) -> BudgetWarning:
    warning = lock(warning)
    if warning.question_id or warning.plan_item_id:
        raise AlreadyHandled(_("该预警已经处理。"), code="already_handled")
    return warning


def question_deadline(start: dt.date) -> dt.date:
    return deadline_after(start, rule_get("budget.execution_question_deadline"))


def _officer_ids(unit_id: int) -> list[int]:
    return units.unit_user_ids([unit_id], role=roles.UNIT_OFFICER).get(unit_id, [])


@transaction.atomic
def warning_ask_unit(
    *,
    actor,
    warning: BudgetWarning,
    unit: Organization | None,
    question: str = "",
    today: dt.date | None = None,
) -> ExecutionQuestion:
    """Staff turn a warning into a question to the unit that spends the line, in one step: the
    question (the warning's text unless they write one) is owed an answer by a deadline from the
    rule ``budget.execution_question_deadline``; the unit's officers are told; the warning keeps
    the link."""
    _require_staff(actor)
    warning = _unhandled(warning)
    if unit is None or not unit.is_active or unit.kind in OWN_OFFICES:
        raise field_error("unit", _("请选择被询问的单位（政府部门、街道或镇等）。"))
    text = (question or "").strip() or _("%(code)s %(name)s：%(message)s请说明原因及下一步措施。") % {
        "code": warning.code,
        "name": warning.name,
        "message": warning.message,
    }
    if len(text) > 5000:
        raise field_error("question", _("内容不能超过%(n)d字。") % {"n": 5000})
    deadline = question_deadline(today or timezone.localdate())
    item = create_tracked(
        ExecutionQuestion, actor=actor, unit=unit, question=text, deadline=deadline, created_by=actor
    )
    record_event(
        item, QUESTION, "create", actor=actor, from_state="", note=_("答复期限：%(d)s") % {"d": deadline}
    )
    warning.question = item
    warning.handled_at = timezone.now()
    warning._history_user = actor
    warning.save(update_fields=["question", "handled_at"])
    notify_bulk(
        [
            (
                uid,
                f"budget:execution-question:{item.pk}:asked",
                Message(gettext_noop("预算执行询问：%(t)s"), t=f"{warning.code} {warning.name}"),
                Message(gettext_noop("请于 %(d)s 前在门户答复。"), d=deadline),
                _url(PORTAL_QUESTIONS),
                Notification.Level.REMINDER,
            )
            for uid in _officer_ids(unit.pk)
        ]
    )
    return item


@transaction.atomic
def warning_to_supervision(*, actor, warning: BudgetWarning, plan=None, committee=None):
    """Staff turn a warning into an item of the year's supervision plan (计划预算审查监督), in one
    step; the warning keeps the link. The plan is the warning's year's unless given, the
    committee the budget working committee unless given."""
    from supervision.models import PlanItem, SupervisionPlan
    from supervision.services.plan import plan_item_add

    _require_staff(actor)
    warning = _unhandled(warning)
    plan = plan or SupervisionPlan.objects.filter(year=warning.fiscal_year.year).first()
    if plan is None:
        raise field_error("plan", _("%(year)s年度还没有监督工作计划。") % {"year": warning.fiscal_year.year})
    if committee is None:
        committees = Organization.objects.filter(kind=Organization.Kind.WORKING_COMMITTEE, is_active=True)
        committee = committees.filter(name__contains="预算").first() or committees.first()
    item = plan_item_add(
        actor=actor,
        plan=plan,
        kind=PlanItem.Kind.BUDGET,
        title=_("预算执行监督：%(code)s %(name)s") % {"code": warning.code, "name": warning.name},
        committee=committee,
        description=warning.message,
        reason=_("由预算执行预警转入：%(m)s") % {"m": warning.message},
    )
    warning.plan_item = item
    warning.handled_at = timezone.now()
    warning._history_user = actor
    warning.save(update_fields=["plan_item", "handled_at"])
    return item


@transaction.atomic
def question_answer(*, actor, question: ExecutionQuestion, answer: str) -> ExecutionQuestion:
    """The unit's officer answers in the portal; staff are told."""
    question = lock(question)
    if not permissions.acts_for_unit(actor, question):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    QUESTION.check(question, "answer")
    answer = required_text(answer, "answer", _("请填写答复内容。"), limit=20000)
    question = transition(
        question,
        QUESTION,
        "answer",
        actor=actor,
        locked=True,
        changes={"answer": answer, "answered_at": timezone.now(), "answered_by": actor},
    )
    notify_bulk(
        [
            (
                uid,
                f"budget:execution-question:{question.pk}:answered:{question.answered_at:%Y%m%d%H%M%S}",
                Message(gettext_noop("单位已答复预算执行询问：%(t)s"), t=str(question)),
                "",
                _url("admin:budget_executionquestion_change", question.pk),
                Notification.Level.INFO,
            )
            for uid in units.staff_user_ids()
        ]
    )
    return question


@transaction.atomic
def question_close(*, actor, question: ExecutionQuestion, note: str = "") -> ExecutionQuestion:
    question = lock(question)
    _require_staff(actor)
    QUESTION.check(question, "close")
    return transition(question, QUESTION, "close", actor=actor, locked=True, note=(note or "").strip()[:2000])


@transaction.atomic
def question_ask_again(
    *, actor, question: ExecutionQuestion, reason: str, today: dt.date | None = None
) -> ExecutionQuestion:
    """Staff find the answer wanting: asked again with the reason and a new deadline."""
    question = lock(question)
    _require_staff(actor)
    QUESTION.check(question, "ask_again")
    reason = required_text(reason, "reason", _("请说明继续询问的理由。"), limit=2000)
    deadline = question_deadline(today or timezone.localdate())
    return transition(
        question,
        QUESTION,
        "ask_again",
        actor=actor,
        locked=True,
        changes={"deadline": deadline},
        note=_("%(r)s（新的答复期限：%(d)s）") % {"r": reason, "d": deadline},
    )


def question_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the unit's officers before an answer is due (milestones from the rule); once it
    has passed, tell them and staff once. Idempotent per (question, deadline, milestone)."""
    sent = remind_unit_deadlines(
        kind="budget.execution_question_due",
        items=ExecutionQuestion.objects.filter(state=ExecutionQuestion.State.ASKED).annotate(
            title=Substr("question", 1, 40)
        ),
        texts=UnitDeadlineTexts(
            due_title=gettext_noop("到期提醒：预算执行询问 · %(t)s"),
            due_body=gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期答复。"),
            overdue_title=gettext_noop("已逾期：预算执行询问 · %(t)s"),
            overdue_body=gettext_noop("%(unit)s未在期限（%(d)s）前答复。"),
        ),
        url=_url(PORTAL_QUESTIONS),
        milestones=rule_get("budget.execution_question_milestones"),
        today=today or timezone.localdate(),
    )
    return {"question_reminders": sent["reminders"], "question_overdue": sent["overdue"]}
