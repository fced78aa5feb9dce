"""The budget part of the bench district (issue 13): one fiscal year whose general budget has
20,000 lines in two stages (approved and final) — the shipped national code list plus synthetic
codes (类 300–339, 20 款 each, 24 项 each: 40 + 800 + 19,200 lines), every parent the sum of its
children — so a level's page and API can be measured against a book far larger than a
district's (some 1,000 lines). Rows by ``bulk_create``: no history."""

from __future__ import annotations

import random
from decimal import Decimal

from bench.scenarios import Skip

YEAR = 2026
LEI, KUAN, XIANG = 40, 20, 24  # 40 + 800 + 19,200 = 20,040 lines


def synthetic_codes() -> list[tuple[str, str]]:
    codes = []
    for i in range(LEI):
        lei = f"{300 + i}"
        codes.append((lei, f"基准测试类{i + 1}"))
        for j in range(1, KUAN + 1):
            kuan = f"{lei}{j:02d}"
            codes.append((kuan, f"基准测试款{i + 1}-{j}"))
            codes += [(f"{kuan}{k:02d}", f"基准测试项{i + 1}-{j}-{k}") for k in range(1, XIANG + 1)]
    return codes


def book_lines(rng: random.Random, factor: float = 1.0) -> list[dict]:
    """The 20,040 lines as the API takes them, leaves random, parents summed."""
    codes = synthetic_codes()
    amounts: dict[str, Decimal] = {code: Decimal(0) for code, _name in codes if len(code) < 7}
    for code, _name in codes:
        if len(code) == 7:
            amount = Decimal(int(rng.uniform(1e5, 5e7) * factor))
            amounts[code] = amount
            amounts[code[:5]] += amount
            amounts[code[:3]] += amount
    return [{"code": c, "name": n, "amount": f"{amounts[c]:.2f}"} for c, n in codes]


def generate_budget(scale: str) -> dict:
    from django.apps import apps

    if not apps.is_installed("budget") or not hasattr(apps.get_app_config("budget"), "models_module"):
        raise Skip("the budget app has no models")
    from budget import services
    from budget.models import BookStage, BudgetLine, ClassificationCode, FiscalYear

    fy = FiscalYear.objects.filter(year=YEAR).first() or services.fiscal_year_create(year=YEAR, actor=None)
    ClassificationCode.objects.bulk_create(
        [services._code_row(fy, code, name) for code, name in synthetic_codes()],
        batch_size=5000,
        ignore_conflicts=True,
    )
    rng = random.Random(13)
    total = 0
    for stage, factor in (("approved", 1.0), ("final", 0.95)):
        lines = book_lines(rng, factor)
        BookStage.objects.filter(fiscal_year=fy, book="general", stage=stage).delete()
        from django.utils import timezone

        book_stage = BookStage.objects.create(
            fiscal_year=fy,
            book="general",
            stage=stage,
            line_count=len(lines),
            source="bench",
            imported_at=timezone.now(),
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    book_stage=book_stage,
                    code=line["code"],
                    name=line["name"],
                    amount=Decimal(line["amount"]),
                    level={3: 1, 5: 2, 7: 3}[len(line["code"])],
                    parent_code={3: "", 5: line["code"][:3], 7: line["code"][:5]}[len(line["code"])],
                    side="expenditure",
                )
                for line in lines
            ],
            batch_size=5000,
        )
        total += len(lines)
    return {"budget_lines": total, "_analyze": ["budget_budgetline", "budget_classificationcode"]}


def import_20000_lines() -> None:
    """The bench job: the draft stage of the 20,040-line book through the import service (every
    check: codes in the list, amounts, parents equal to the sums), as the API's POST does."""
    from budget import services
    from budget.models import FiscalYear

    fy = FiscalYear.objects.get(year=YEAR)
    services.book_stage_import(
        fiscal_year=fy,
        book="general",
        stage="draft",
        lines=book_lines(random.Random(7)),
        actor=None,
        source="bench",
    )


def execution_rows(rng: random.Random) -> list[dict]:
    """A month's execution of 20,000 codes as the API takes them: every 项 of the synthetic
    book (19,200), each spent at 75–100 % of its approved amount — so by November (time share
    91.7 %) about one in fourteen lags by more than the default 15 points — and the first 800
    codes of the shipped national list, which have no budget line (the no-budget rule's
    warnings)."""
    from budget.services import read_edition, shipped_editions

    approved = {line["code"]: Decimal(line["amount"]) for line in book_lines(random.Random(13))}
    rows = [
        {"code": code, "amount": f"{approved[code] * Decimal(str(round(rng.uniform(0.75, 1.0), 4))):.2f}"}
        for code, _name in synthetic_codes()
        if len(code) == 7
    ]
    national = [code for code, _name in read_edition(shipped_editions()[max(shipped_editions())])][:800]
    return rows + [{"code": code, "amount": f"{rng.uniform(1e4, 4e6):.2f}"} for code in national]


def import_20000_execution_rows() -> None:
    """The bench job: one month's execution of 20,000 rows through the import service (every
    check: codes in the year's list, amounts, each code once) and the warning scan it runs
    after (the seed's three rules over the 20,040-line book), as the API's POST does."""
    from budget import services_execution
    from budget.models import FiscalYear

    fy = FiscalYear.objects.get(year=YEAR)
    services_execution.ensure_default_rules()
    services_execution.execution_import(
        fiscal_year=fy,
        book="general",
        month=11,
        rows=execution_rows(random.Random(11)),
        actor=None,
        source="bench",
    )
