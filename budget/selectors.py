"""Reads of the budget: a level of a book's stage, stages side by side, totals — each one query
whatever the book's size, sums done by the database. Walls: drafts for staff, members and
deputies only; the public sees approved, adjusted and final stages once they exist."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Exists, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404

from budget import permissions
from budget.economic import economic_name
from budget.models import (
    PUBLIC_STAGES,
    AuditFinding,
    Book,
    BookStage,
    BudgetLine,
    FiscalYear,
    Side,
    Stage,
)
from budget.permissions import can_read_all_stages
from congress import units


def visible_stages(user) -> tuple[str, ...]:
    return tuple(Stage.values) if can_read_all_stages(user) else tuple(PUBLIC_STAGES)


def fiscal_year_get(pk: int) -> FiscalYear:
    try:
        return FiscalYear.objects.get(pk=pk)
    except FiscalYear.DoesNotExist as exc:
        raise Http404 from exc


def book_stage_get(*, year: int, book: str, stage: str, stages=None) -> BookStage:
    """The stage (404 if it is not there or not in ``stages``, the caller's visible stages)."""
    if stages is not None and stage not in stages:
        raise Http404
    found = (
        BookStage.objects.select_related("fiscal_year")
        .filter(fiscal_year__year=year, book=book, stage=stage)
        .first()
    )
    if found is None:
        raise Http404
    return found


def level_lines(book_stage_id: int, parent: str = "", side: str | None = None):
    """The children of ``parent`` ("" for the top level) with ``has_children``: one query."""
    children = BudgetLine.objects.filter(
        book_stage_id=OuterRef("book_stage_id"), parent_code=OuterRef("code")
    )
    lines = BudgetLine.objects.filter(book_stage_id=book_stage_id, parent_code=parent)
    if side:
        lines = lines.filter(side=side)
    return lines.annotate(has_children=Exists(children)).order_by("code")


def line_get(book_stage_id: int, code: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(book_stage_id=book_stage_id, code=code).first()


def stage_totals(book_stage_ids) -> dict[int, dict[str, Decimal]]:
    """Revenue and expenditure totals of each stage (the sums of its 类), by the database."""
    rows = (
        BudgetLine.objects.filter(book_stage_id__in=list(book_stage_ids), level=1)
        .values("book_stage_id", "side")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        totals.setdefault(row["book_stage_id"], {})[row["side"]] = row["total"]
    return totals


def year_stages(year: int, stages) -> list[BookStage]:
    return list(
        BookStage.objects.filter(fiscal_year__year=year, stage__in=list(stages)).select_related("fiscal_year")
    )


def public_years() -> list[int]:
    """Years with at least one public stage, latest first."""
    return list(
        FiscalYear.objects.filter(book_stages__stage__in=PUBLIC_STAGES)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    )


def comparison(*, year: int, book: str, parent: str, side: str, stages) -> dict:
    """Stages side by side on one level: each child's amount per stage, the change from the
    first stage shown to each later one, and each amount's share of the level's total in its
    stage. Two queries: the rows (one conditional sum per stage) and the level totals."""
    stages = [s for s in Stage.values if s in stages]
    base = BudgetLine.objects.filter(
        book_stage__fiscal_year__year=year,
        book_stage__book=book,
        book_stage__stage__in=stages,
        parent_code=parent,
    )
    if not parent:
        base = base.filter(side=side)
    sums = {s: Sum("amount", filter=Q(book_stage__stage=s)) for s in stages}
    rows = list(
        base.values("code")
        .annotate(name=Max("name"), economic_code=Max("economic_code"), **sums)
        .order_by("code")
    )
    grandchildren = set(
        BudgetLine.objects.filter(
            book_stage__fiscal_year__year=year,
            book_stage__book=book,
            book_stage__stage__in=stages,
            parent_code__in=[r["code"] for r in rows],
        )
        .values_list("parent_code", flat=True)
        .distinct()
    )
    totals = {s: sum((r[s] or Decimal(0) for r in rows), Decimal(0)) for s in stages}
    result = []
    for row in rows:
        cells = []
        first = next((row[s] for s in stages if row[s] is not None), None)
        for s in stages:
            amount = row[s]
            share = (amount / totals[s] * 100) if amount is not None and totals[s] else None
            change = (amount - first) if amount is not None and first is not None else None
            rate = (change / first * 100) if change is not None and first else None
            cells.append({"stage": s, "amount": amount, "share": share, "change": change, "rate": rate})
        result.append(
            {
                "code": row["code"],
                "name": row["name"],
                "cells": cells,
                "has_children": row["code"] in grandchildren,
                "economic_code": row["economic_code"],
                "economic_name": economic_name(row["economic_code"]),
            }
        )
    return {
        "stages": [{"code": s, "label": Stage(s).label, "total": totals[s]} for s in stages],
        "rows": result,
    }


def codes_under(parent: str) -> Q:
    """The lines whose code starts with ``parent`` (every line for ""), written also as a range
    of codes (codes are 3, 5 or 7 digits) so PostgreSQL reads only them from the (book stage,
    code) index: ``LIKE '320%'`` alone read every line of the stage (34 ms against 2 ms on the
    bench's 20,040-line book)."""
    if not parent:
        return Q()
    return Q(code__startswith=parent, code__gte=parent, code__lte=parent + "9" * (7 - len(parent)))


def economic_breakdown(*, year: int, book: str, parent: str, stages, digits: int = 3) -> list[dict]:
    """The expenditure under ``parent`` (all of it for "") by economic classification — its 类
    (``digits`` 3) or 款 (5) — one conditional sum per stage, by the database in one query. Only
    the lines with no children in their stage are summed, so no yuan is counted twice; lines
    with no economic code come under "" (未列经济分类)."""
    stages = [s for s in Stage.values if s in stages]
    children = BudgetLine.objects.filter(
        book_stage_id=OuterRef("book_stage_id"), parent_code=OuterRef("code")
    )
    leaves = BudgetLine.objects.filter(
        book_stage__fiscal_year__year=year,
        book_stage__book=book,
        book_stage__stage__in=stages,
        side=Side.EXPENDITURE,
    ).filter(codes_under(parent), ~Exists(children))
    sums = {s: Sum("amount", filter=Q(book_stage__stage=s)) for s in stages}
    rows = (
        leaves.annotate(economic=Substr("economic_code", 1, digits))
        .values("economic")
        .annotate(**sums)
        .order_by("economic")
    )
    return [
        {
            "code": row["economic"],
            "name": economic_name(row["economic"]),
            "cells": [{"stage": s, "amount": row[s]} for s in stages],
            "amounts": {s: row[s] for s in stages},
        }
        for row in rows
    ]


def available_stages(year: int, book: str, stages) -> list[str]:
    present = set(
        BookStage.objects.filter(fiscal_year__year=year, book=book, stage__in=list(stages)).values_list(
            "stage", flat=True
        )
    )
    return [s for s in Stage.values if s in present]


def breadcrumbs(book_stage_id: int | None, parent: str) -> list[dict]:
    """The path from the top to ``parent`` (one query)."""
    if not parent:
        return []
    codes = [parent[:n] for n in (3, 5, 7) if n <= len(parent)]
    names = {}
    if book_stage_id is not None:
        names = dict(
            BudgetLine.objects.filter(book_stage_id=book_stage_id, code__in=codes).values_list("code", "name")
        )
    return [{"code": c, "name": names.get(c, c)} for c in codes]


def book_export_rows(year: int, stages, books=None):
    """Every line of the given stages of a year, for CSV and the data package (one query,
    streamed): ``(book, stage, side, code, name, amount, level, economic_code)``."""
    lines = BudgetLine.objects.filter(book_stage__fiscal_year__year=year, book_stage__stage__in=list(stages))
    if books:
        lines = lines.filter(book_stage__book__in=list(books))
    return lines.values_list(
        "book_stage__book", "book_stage__stage", "side", "code", "name", "amount", "level", "economic_code"
    ).order_by("book_stage__book", "book_stage__stage", "code")


BOOK_LABELS = dict(Book.choices)
SIDE_LABELS = dict(Side.choices)


def public_line_rows(book_stage_ids, *, chunk_size: int = 2000):
    """Every line of the given stages, stage after stage in the order given and by code within
    a stage, as tuples ``(book_stage_id, code, name, amount, level, parent_code, economic_code)``
    read in chunks (one query; a server-side cursor on PostgreSQL): the public book streams
    them without holding the book in memory."""
    ids = list(book_stage_ids)
    position = Case(*(When(book_stage_id=pk, then=Value(i)) for i, pk in enumerate(ids)))
    return (
        BudgetLine.objects.filter(book_stage_id__in=ids)
        .order_by(position, "code")
        .values_list("book_stage_id", "code", "name", "amount", "level", "parent_code", "economic_code")
        .iterator(chunk_size=chunk_size)
    )


def grandchildren(book_stage_id: int, codes) -> dict[str, list]:
    """The children of each of ``codes`` (one query), for the chart's second ring: rows with
    ``code``, ``name`` and ``amount`` only — the top level of a book has 800 of them, and
    building a model instance each was a third of the page's time."""
    found: dict[str, list] = {}
    if not codes:
        return found
    rows = (
        BudgetLine.objects.filter(book_stage_id=book_stage_id, parent_code__in=list(codes))
        .order_by("code")
        .values_list("parent_code", "code", "name", "amount", named=True)
    )
    for line in rows:
        found.setdefault(line.parent_code, []).append(line)
    return found


def code_names(year: int, codes) -> dict[str, str]:
    from budget.models import ClassificationCode

    return dict(
        ClassificationCode.objects.filter(fiscal_year__year=year, code__in=list(codes)).values_list(
            "code", "name"
        )
    )


# --- audit findings ------------------------------------------------------------------------------


def audit_findings_visible_to(user):
    """Findings the user may see, with their unit and rectification reports: staff all, a unit
    officer their units' only, anyone else none (the views answer 403 for them)."""
    rows = AuditFinding.objects.select_related("unit").prefetch_related(AuditFinding.rounds_prefetch())
    if permissions.is_staff(user):
        return rows
    unit_ids = units.acting_unit_ids(user) if permissions.reads_findings(user) else frozenset()
    return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()


def audit_finding_get(user, pk: int):
    return get_object_or_404(audit_findings_visible_to(user), pk=pk)
