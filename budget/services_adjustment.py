"""Budget adjustments (预算调整, issue 13 item 4): staff write a proposal for one book of a year —
each line's amount after the adjustment and why, the amount before read from the book's current
budget (the last adjusted stage, else the approved one) — and record its approval at a
standing-committee meeting (the meeting, or its date, and the resolution number). Approval
produces the book's ``adjusted`` stage: the current budget's leaves with these lines applied, the
parents summed again from their children, stored through the stage import (whole or not at all,
history kept); then the warnings are scanned again (the adjustment-share rule).

Order inside each state change: lock, who (403), state (409), input (400)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from budget import permissions
from budget.models import (
    Adjustment,
    AdjustmentLine,
    Book,
    BookStage,
    BudgetLine,
    FiscalYear,
    Stage,
)
from budget.services import CODE_RE, MAX_AMOUNT, LineError, _amount, book_stage_import
from budget.services_execution import NOT_STAFF, reference_stage, warnings_scan
from budget.workflow_execution import ADJUSTMENT
from congress.casework.services import lock, record_event, transition
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error, required_text


class AdjustmentLinesError(ApplicationError):
    default_code = "invalid_lines"

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__(
            _("有 %(n)d 处错误，调整方案未保存。") % {"n": len(errors)},
            extra={"lines": [e.as_dict() for e in errors]},
        )


def _require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


def base_stage(fiscal_year: FiscalYear, book: str) -> BookStage | None:
    """The budget an adjustment starts from: the last adjusted stage, else the approved one."""
    stages = {s.stage: s for s in BookStage.objects.filter(fiscal_year=fiscal_year, book=book)}
    chosen = reference_stage({k: v.pk for k, v in stages.items()})
    return stages.get(chosen) if chosen else None


def _base_amounts(stage: BookStage) -> dict[str, Decimal]:
    return dict(BudgetLine.objects.filter(book_stage=stage).values_list("code", "amount"))


def parse_lines(text: str) -> list[dict]:
    """Lines pasted from a sheet: ``科目编码  调整后金额  理由`` (tab, comma or spaces)."""
    rows = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.replace("\t", ",").replace("，", ",").split(",")]
        if len(parts) == 1:
            parts = raw.split(None, 2)
        code, after, reason = (parts + ["", "", ""])[:3]
        rows.append({"code": code.strip(), "after": after.strip(), "reason": reason.strip()})
    return rows


def _check(fiscal_year: FiscalYear, base: dict[str, Decimal], lines: list) -> tuple[list, list[LineError]]:
    codes = dict(fiscal_year.codes.values_list("code", "name"))
    retired = set(fiscal_year.codes.filter(retired=True).values_list("code", flat=True))
    parents = {code[: len(code) - 2] for code in base if len(code) > 3}
    errors, clean, seen = [], [], set()
    for number, item in enumerate(lines, start=1):
        if not isinstance(item, dict):
            errors.append(LineError(number, "", _("每一行应包含科目编码、调整后金额和理由。")))
            continue
        code = str(item.get("code") or "").strip()
        after = _amount(item.get("after"))
        bad = []
        if not CODE_RE.match(code):
            bad.append(_("科目编码“%(code)s”格式不正确：应为 3、5 或 7 位数字。") % {"code": code})
        elif code not in codes or code in retired:
            bad.append(
                _("科目编码 %(code)s 不在%(year)s年度科目表中。") % {"code": code, "year": fiscal_year.year}
            )
        elif code in parents:
            bad.append(_("科目 %(code)s 有下级科目：请调整最末级科目，上级科目自动汇总。") % {"code": code})
        elif code in seen:
            bad.append(_("科目编码 %(code)s 重复出现。") % {"code": code})
        if after is None:
            bad.append(_("调整后金额应为数字（单位：元）。"))
        elif after < 0:
            bad.append(_("金额不能为负数。"))
        elif after != after.quantize(Decimal("0.01")) or after > MAX_AMOUNT:
            bad.append(_("金额最多保留两位小数。"))
        errors += [LineError(number, code, m) for m in bad]
        if not bad:
            seen.add(code)
            before = base.get(code, Decimal(0))
            clean.append(
                {
                    "code": code,
                    "name": codes[code],
                    "before": before,
                    "after": after,
                    "reason": str(item.get("reason") or "").strip()[:500],
                }
            )
    if not lines:
        errors.append(LineError(0, "", _("没有任何调整明细。")))
    return clean, errors


@transaction.atomic
def adjustment_create(
    *, actor, fiscal_year: FiscalYear, book: str, title: str, reason: str, lines: list
) -> Adjustment:
    """Staff write a proposal: each line's amount after the adjustment (the amount before is
    the current budget's); all lines or none."""
    _require_staff(actor)
    if book not in Book.values:
        raise field_error("book", _("预算类别应为 general、fund、capital 或 social_insurance。"))
    title = required_text(title, "title", _("请填写调整方案名称。"), limit=200)
    reason = required_text(reason, "reason", _("请填写调整理由。"), limit=20000)
    stage = base_stage(fiscal_year, book)
    if stage is None:
        raise field_error("book", _("这本预算还没有批准预算，无法调整。"))
    clean, errors = _check(fiscal_year, _base_amounts(stage), lines)
    if errors:
        raise AdjustmentLinesError(errors)
    # Not ``create_tracked``: its ``reason`` is the history's change reason, this model's a field.
    adjustment = Adjustment(fiscal_year=fiscal_year, book=book, title=title, reason=reason, created_by=actor)
    adjustment._history_user = actor
    adjustment.save()
    # The lines are the official before/after figures: each gets its history row (who, when).
    bulk_create_with_history(
        [AdjustmentLine(adjustment=adjustment, **line) for line in clean], AdjustmentLine, default_user=actor
    )
    record_event(adjustment, ADJUSTMENT, "create", actor=actor, from_state="")
    return adjustment


def adjusted_lines(adjustment: Adjustment, base: dict[str, Decimal], names: dict[str, str]) -> list[dict]:
    """The base budget's leaves with the adjustment applied, every parent summed again."""
    parents = {code[: len(code) - 2] for code in base if len(code) > 3}
    leaves = {code: amount for code, amount in base.items() if code not in parents}
    for line in adjustment.lines.all():
        leaves[line.code] = line.after
    totals: dict[str, Decimal] = {}
    for code, amount in leaves.items():
        for length in sorted({3, 5, len(code)}):
            if length <= len(code) and code[:length] in names:
                totals[code[:length]] = totals.get(code[:length], Decimal(0)) + amount
    return [
        {"code": code, "name": names.get(code, ""), "amount": f"{totals[code]:.2f}"}
        for code in sorted(totals)
    ]


@transaction.atomic
def adjustment_approve(
    *,
    actor,
    adjustment: Adjustment,
    approved_on: dt.date | None = None,
    resolution: str = "",
    meeting=None,
) -> Adjustment:
    """Record the meeting's approval and produce the book's adjusted stage (the base budget with
    these lines, parents summed again, stored whole); the warnings are scanned again."""
    adjustment = lock(adjustment)
    _require_staff(actor)
    ADJUSTMENT.check(adjustment, "approve")
    if meeting is not None and approved_on is None:
        approved_on = timezone.localdate(meeting.starts_at)
    if approved_on is None:
        raise field_error("approved_on", _("请填写批准日期或选择批准的会议。"))
    resolution = (resolution or "").strip()[:100]
    stage = base_stage(adjustment.fiscal_year, adjustment.book)
    names = dict(adjustment.fiscal_year.codes.values_list("code", "name"))
    names.update(dict(BudgetLine.objects.filter(book_stage=stage).values_list("code", "name")))
    lines = adjusted_lines(adjustment, _base_amounts(stage), names)
    book_stage_import(
        fiscal_year=adjustment.fiscal_year,
        book=adjustment.book,
        stage=Stage.ADJUSTED,
        lines=lines,
        actor=actor,
        source=_("预算调整：%(t)s") % {"t": adjustment.title},
    )
    adjustment = transition(
        adjustment,
        ADJUSTMENT,
        "approve",
        actor=actor,
        locked=True,
        changes={
            "approved_on": approved_on,
            "resolution": resolution,
            "meeting": meeting,
            "approved_at": timezone.now(),
        },
        note=resolution,
    )
    warnings_scan(fiscal_year=adjustment.fiscal_year, books=[adjustment.book])
    return adjustment
