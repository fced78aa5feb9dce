"""Reads of budget execution: a level of a book with its execution to a month and the rate
against the share of the year elapsed (one query for the budget, one for the execution, sums by
the database), the warnings (staff, members and deputies), the questions to units (staff all, a
unit officer their units' only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Sum
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from budget import permissions
from budget.models import (
    CODE_LENGTHS,
    LEVEL_OF_LENGTH,
    BookStage,
    BudgetLine,
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    ExecutionRow,
    FiscalYear,
)
from budget.services_execution import reference_stage
from congress import units

HUNDRED = Decimal(100)


def reads_warnings(user) -> bool:
    """Staff, committee members and deputies read the execution and its warnings."""
    return permissions.can_read_all_stages(user)


def warnings_visible_to(user, *, year: int | None = None):
    rows = BudgetWarning.objects.select_related(
        "fiscal_year", "rule", "rule_version", "question", "question__unit", "plan_item"
    )
    if not reads_warnings(user):
        return rows.none()
    if year is not None:
        rows = rows.filter(fiscal_year__year=year)
    return rows.order_by("-fiscal_year__year", "-month", "book", "code", "rule_id", "id")


def warning_get(user, pk: int) -> BudgetWarning:
    return get_object_or_404(warnings_visible_to(user), pk=pk)


def questions_visible_to(user):
    """Staff all; a unit officer their units' questions only; anyone else none."""
    rows = ExecutionQuestion.objects.select_related("unit", "warning", "warning__fiscal_year")
    if permissions.is_staff(user):
        return rows
    unit_ids = units.acting_unit_ids(user) if permissions.reads_findings(user) else frozenset()
    return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()


def question_get(user, pk: int) -> ExecutionQuestion:
    return get_object_or_404(questions_visible_to(user), pk=pk)


@dataclass
class ExecutionLine:
    code: str
    name: str
    budget: Decimal
    executed: Decimal
    has_children: bool

    @property
    def rate(self) -> Decimal | None:
        return (self.executed * HUNDRED / self.budget).quantize(Decimal("0.1")) if self.budget else None

    @property
    def bar(self) -> int:
        """The rate bar's width, 0–100."""
        return max(0, min(100, int(self.rate or 0)))


def execution_months(fiscal_year: FiscalYear) -> dict[str, int]:
    """book -> the last month imported."""
    return dict(
        ExecutionMonth.objects.filter(fiscal_year=fiscal_year).values_list("book").annotate(m=Max("month"))
    )


def execution_level(
    fiscal_year: FiscalYear, book: str, month: int, parent: str = ""
) -> tuple[str | None, list]:
    """The lines under ``parent`` (the top level without it) of the budget the execution is
    measured against (adjusted once there is one, else approved), each with its execution from
    January to ``month`` summed by the database over the codes under it. Codes spent on with no
    budget line appear too (budget 0). Two queries whatever the book's size."""
    stages = dict(BookStage.objects.filter(fiscal_year=fiscal_year, book=book).values_list("stage", "id"))
    stage = reference_stage(stages)
    level = LEVEL_OF_LENGTH.get(len(parent), 0) + 1 if parent else 1
    length = CODE_LENGTHS.get(level)
    if length is None:
        return stage, []
    budget_rows = []
    if stage is not None:
        budget_rows = list(
            BudgetLine.objects.filter(book_stage_id=stages[stage], parent_code=parent)
            .annotate(
                has_children=Exists(
                    BudgetLine.objects.filter(book_stage_id=stages[stage], parent_code=OuterRef("code"))
                )
            )
            .order_by("code")
            .values_list("code", "name", "amount", "has_children")
        )
    executed_rows = (
        ExecutionRow.objects.filter(
            execution_month__fiscal_year=fiscal_year,
            execution_month__book=book,
            execution_month__month__lte=month,
            code__startswith=parent,
        )
        .annotate(prefix=Substr("code", 1, length))
        .values("prefix")
        .annotate(total=Sum("amount"), deepest=Max("code"))
        .values_list("prefix", "total", "deepest")
    )
    executed = {prefix: (total, deepest) for prefix, total, deepest in executed_rows if len(prefix) == length}
    lines = []
    seen = set()
    child_prefixes = {code[:length] for code in executed}
    for code, name, amount, has_children in budget_rows:
        seen.add(code)
        total, deepest = executed.get(code, (Decimal(0), code))
        lines.append(ExecutionLine(code, name, amount, total, has_children or len(deepest) > length))
    names = (
        dict(fiscal_year.codes.filter(code__in=child_prefixes - seen).values_list("code", "name"))
        if child_prefixes - seen
        else {}
    )
    for code in sorted(child_prefixes - seen):
        total, deepest = executed[code]
        lines.append(ExecutionLine(code, names.get(code, ""), Decimal(0), total, len(deepest) > length))
    lines.sort(key=lambda line: line.code)
    return stage, lines
