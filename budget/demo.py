"""Demo budget: a district's two years of the four books on the shipped national code list —
2025 with its draft, approved, adjusted budgets and final accounts, 2026 with its draft and the
approved budget — imported through the real service as the demo staff account would (so the
checks, the history and the data version are what users see). Sizes are a district's (some 600
lines in the general budget); the figures are fictional, drawn from a fixed seed, every parent
the sum of its children, revenue balancing expenditure where a budget must balance.
Idempotent: a stage already there is left alone."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from budget import services
from budget.models import Book, BookStage, ClassificationCode, FiscalYear, Stage
from congress.demo import register_demo_loader
from congress.models import User

YI = Decimal(100_000_000)  # 亿元

# Each book: (prefixes of revenue codes, of expenditure codes, codes left out) and the target
# totals of its expenditure 类 in 亿元 (revenue is scaled to balance).
GENERAL_EXCLUDE = (
    "10301",
    "10306",
    "1050402",
    "21208",
    "21210",
    "21211",
    "21213",
    "21214",
    "22960",
    "23104",
    "23204",
    "23304",
)
BOOKS = {
    Book.GENERAL: {
        "revenue": {"101": 62, "103": 9, "105": 4, "110": 25},
        "expenditure": {
            "201": 18, "203": 0.8, "204": 12, "205": 45, "206": 14, "207": 6, "208": 30, "210": 22,
            "211": 5, "212": 25, "213": 1.5, "214": 4, "215": 8, "216": 6, "217": 0.5, "220": 2,
            "221": 9, "222": 0.3, "224": 2.5, "227": 2, "229": 3, "230": 20, "231": 5, "232": 1.5,
        },
        "exclude": GENERAL_EXCLUDE,
    },
    Book.FUND: {
        "revenue": {"10301": 85, "1050402": 15},
        "expenditure": {"21208": 62, "21210": 4, "21213": 6, "21214": 3, "22960": 2, "23104": 8, "23204": 2},
        "exclude": (),
    },
    Book.CAPITAL: {
        "revenue": {"10306": 1},
        "expenditure": {"223": 2.6},
        "exclude": (),
    },
    Book.SOCIAL_INSURANCE: {
        "revenue": {"102": 1},
        "expenditure": {"209": 148},
        "exclude": (),
        "surplus": Decimal("1.06"),  # the funds take in a little more than they pay out
    },
}  # fmt: skip


def _codes(fy: FiscalYear) -> dict[str, str]:
    return dict(ClassificationCode.objects.filter(fiscal_year=fy, retired=False).values_list("code", "name"))


def _subtree(codes: dict[str, str], prefix: str, exclude) -> list[str]:
    """The codes at and under ``prefix`` with their ancestors, minus the excluded branches."""
    chosen = {c for c in codes if c.startswith(prefix) and not any(c.startswith(x) for x in exclude)}
    for code in list(chosen):
        for length in (3, 5):
            if len(code) > length and code[:length] in codes:
                chosen.add(code[:length])
    return sorted(chosen)


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)  # whole yuan: how the bureau reports


def _leaves(codes: list[str]) -> list[str]:
    known = set(codes)
    return [c for c in codes if not any(k != c and k.startswith(c) for k in known)]


def _roll_up(leaves: dict[str, Decimal], codes: list[str]) -> dict[str, Decimal]:
    amounts = dict(leaves)
    for length in (5, 3):
        for code in codes:
            if len(code) == length and code not in amounts:
                amounts[code] = sum((a for c, a in leaves.items() if c.startswith(code)), Decimal(0))
    return amounts


def draft_book(fy: FiscalYear, book: str, rng: random.Random) -> dict[str, Decimal]:
    """Leaf amounts for a book's draft (parents not yet summed)."""
    spec = BOOKS[book]
    codes = _codes(fy)
    leaves: dict[str, Decimal] = {}
    expenditure_total = Decimal(0)
    for prefix, target in spec["expenditure"].items():
        subtree = _subtree(codes, prefix, spec["exclude"])
        part = _spread(_leaves(subtree), Decimal(str(target)) * YI, rng)
        leaves.update(part)
        expenditure_total += sum(part.values())
    revenue_total = expenditure_total * spec.get("surplus", Decimal(1))
    weights = sum(Decimal(str(w)) for w in spec["revenue"].values())
    for prefix, weight in spec["revenue"].items():
        subtree = _subtree(codes, prefix, spec["exclude"])
        leaves.update(_spread(_leaves(subtree), revenue_total * Decimal(str(weight)) / weights, rng))
    return leaves


def _spread(leaves: list[str], total: Decimal, rng: random.Random) -> dict[str, Decimal]:
    weights = [Decimal(str(round(rng.lognormvariate(0, 1.1), 4))) for _ in leaves]
    scale = total / sum(weights)
    return {code: _yuan(w * scale) for code, w in zip(leaves, weights, strict=True)}


def _vary(leaves: dict[str, Decimal], rng: random.Random, low: float, high: float, share: float = 1.0):
    return {
        code: _yuan(amount * Decimal(str(round(rng.uniform(low, high), 4))))
        if rng.random() < share
        else amount
        for code, amount in leaves.items()
    }


# The economic classification (政府预算支出经济分类) of an expenditure 项, by the kind of 项 its
# last two digits usually are: 行政运行, 一般行政管理事务, 机关服务, 事业运行, 其他.
ECONOMIC_BY_ITEM = {"01": "50101", "02": "50201", "03": "50205", "50": "50501", "99": "50299"}
ECONOMIC_OTHERS = ("50299", "50901", "50502", "50302")


def economic_of(code: str) -> str:
    if len(code) != 7 or not code.startswith("2"):
        return ""
    return ECONOMIC_BY_ITEM.get(code[-2:]) or ECONOMIC_OTHERS[int(code) % len(ECONOMIC_OTHERS)]


def _lines(fy: FiscalYear, leaves: dict[str, Decimal], economic: bool = False) -> list[dict]:
    codes = _codes(fy)
    tree = sorted({c for leaf in leaves for c in (leaf[:3], leaf[:5], leaf) if c in codes})
    amounts = _roll_up(leaves, tree)
    lines = [{"code": c, "name": codes[c], "amount": f"{amounts[c]:.2f}"} for c in tree]
    if economic:  # the general budget's expenditure 项 carry their economic classification
        for line in lines:
            line["economic_code"] = economic_of(line["code"]) if line["code"] in leaves else ""
    return lines


def _import(fy, book, stage, leaves, actor):
    if BookStage.objects.filter(fiscal_year=fy, book=book, stage=stage).exists():
        return
    services.book_stage_import(
        fiscal_year=fy,
        book=book,
        stage=stage,
        lines=_lines(fy, leaves, economic=book == Book.GENERAL),
        actor=actor,
        source="演示数据",
    )


@transaction.atomic
def load_budget_demo() -> None:
    actor = User.objects.filter(username="staff").first()
    years = {}
    for year in (2025, 2026):
        years[year] = FiscalYear.objects.filter(year=year).first() or services.fiscal_year_create(
            year=year, actor=actor
        )
    for index, book in enumerate(Book.values):
        rng = random.Random(2025 * 10 + index)  # the same figures on every machine
        draft = draft_book(years[2025], book, rng)
        adjusted = _vary(draft, rng, 0.85, 1.2, share=0.12)
        final = _vary(adjusted, rng, 0.86, 1.02)
        for stage, leaves in (
            (Stage.DRAFT, draft),
            (Stage.APPROVED, draft),
            (Stage.ADJUSTED, adjusted),
            (Stage.FINAL, final),
        ):
            _import(years[2025], book, stage, leaves, actor)
        draft_2026 = _vary(draft, rng, 0.95, 1.08)
        for stage in (Stage.DRAFT, Stage.APPROVED):
            _import(years[2026], book, stage, draft_2026, actor)


def register() -> None:
    from budget.demo_audit import load_audit_demo
    from budget.demo_execution import load_execution_demo
    from budget.demo_review import load_review_demo

    register_demo_loader(load_budget_demo)
    register_demo_loader(load_audit_demo)
    register_demo_loader(load_execution_demo)
    register_demo_loader(load_review_demo)
