"""Demo budget execution (issue 13 item 5): the 2026 general budget's monthly execution up to
last month, imported through the real service as the demo staff account would; most lines spend
close to the time share, some lag far behind, a few codes spend with no budget line. The three
rules of the seed are set up, the scan runs once at the end, and two warnings become questions
to 区教育局 (``unit1``): one answered, one waiting; a draft adjustment of the book waits for
approval. Idempotent: a month already there is left
alone; the questions are asked once."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from budget import services_execution as services
from budget.models import (
    Adjustment,
    Book,
    BookStage,
    BudgetLine,
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    FiscalYear,
    Stage,
)
from congress.models import Organization, User

YEAR = 2026
EDU = "区教育局"
# Branches of the code list with no line in the demo's general budget (the land-sale fund's
# spending, 城乡社区 of the fund book): a few of their codes spend anyway.
NO_BUDGET_BRANCHES = ("21208", "21213")


def last_month(today=None) -> int:
    today = today or timezone.localdate()
    if today.year == YEAR:
        return max(today.month - 1, 1)
    return 12 if today.year > YEAR else 3


@transaction.atomic
def load_execution_demo() -> None:
    actor = User.objects.filter(username="staff").first()
    fy = FiscalYear.objects.filter(year=YEAR).first()
    stage = BookStage.objects.filter(fiscal_year=fy, book=Book.GENERAL, stage=Stage.APPROVED).first()
    if fy is None or stage is None:
        return
    services.ensure_default_rules()
    budget = dict(
        BudgetLine.objects.filter(book_stage=stage, side="expenditure")
        .exclude(code__in=BudgetLine.objects.filter(book_stage=stage).values("parent_code"))
        .values_list("code", "amount")
    )
    extra = [
        code
        for code in fy.codes.filter(level=3, retired=False, parent_code__in=NO_BUDGET_BRANCHES)
        .order_by("code")
        .values_list("code", flat=True)
        if code not in budget
    ][:3]
    rng = random.Random(YEAR)
    pace = {
        code: Decimal(str(round(rng.choice([0.35, 0.6, 0.9, 1.0, 1.0, 1.05]), 2))) for code in sorted(budget)
    }
    done = set(
        ExecutionMonth.objects.filter(fiscal_year=fy, book=Book.GENERAL).values_list("month", flat=True)
    )
    for month in range(1, last_month() + 1):
        if month in done:
            continue
        rows = []
        for code in sorted(budget):
            amount = (
                budget[code] * pace[code] / 12 * Decimal(str(round(rng.uniform(0.8, 1.2), 3)))
            ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            rows.append({"code": code, "amount": str(amount)})
        rows += [{"code": code, "amount": f"{rng.randint(20, 400) * 1000}.00"} for code in extra]
        services.execution_import(
            fiscal_year=fy,
            book=Book.GENERAL,
            month=month,
            rows=rows,
            actor=actor,
            source="演示数据",
            scan=False,
        )
    services.warnings_scan(fiscal_year=fy)
    _questions(actor)
    _adjustment(actor, fy, budget)


def _adjustment(actor, fy, budget) -> None:
    """A draft adjustment of the 2026 general budget (staff approve it in the admin)."""
    from budget.services_adjustment import adjustment_create

    if actor is None or Adjustment.objects.filter(fiscal_year=fy).exists():
        return
    chosen = [code for code in sorted(budget) if code.startswith(("205", "208", "212"))][:3]
    factors = (Decimal("1.25"), Decimal("1.08"), Decimal("0.7"))
    reasons = ("新增学位建设", "提高城乡居民基本养老保险基础养老金", "项目调减，资金统筹用于民生支出")
    adjustment_create(
        actor=actor,
        fiscal_year=fy,
        book=Book.GENERAL,
        title="2026年区级一般公共预算调整方案（草案）",
        reason="根据上级转移支付增加和重点项目实施进度，提请区人大常委会审查批准预算调整方案。",
        lines=[
            {"code": code, "after": str((budget[code] * f).quantize(Decimal("1"))), "reason": r}
            for code, f, r in zip(chosen, factors, reasons, strict=False)
        ],
    )


def _questions(actor) -> None:
    unit = Organization.objects.filter(name=EDU).first()
    if actor is None or unit is None or ExecutionQuestion.objects.exists():
        return
    warnings = list(
        BudgetWarning.objects.filter(fiscal_year__year=YEAR, code__startswith="205", question=None).order_by(
            "code"
        )[:2]
    )
    for index, warning in enumerate(warnings):
        question = services.warning_ask_unit(actor=actor, warning=warning, unit=unit)
        officer = User.objects.filter(username="unit1").first()
        if index == 0 and officer is not None:
            services.question_answer(
                actor=officer,
                question=question,
                answer="该项目因校舍改造工程招标延后，资金支付相应推迟；工程已于本月开工，预计年底前执行到位。",
            )
