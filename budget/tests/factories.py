"""Test data for the budget: years through the service (they start with the shipped code list)
and books built from a year's codes, each parent the sum of its children."""

from __future__ import annotations

from decimal import Decimal

from budget import services
from budget.models import ClassificationCode, FiscalYear


def fiscal_year(year: int = 2026, actor=None) -> FiscalYear:
    found = FiscalYear.objects.filter(year=year).first()
    return found or services.fiscal_year_create(year=year, actor=actor)


def book_lines(fy: FiscalYear, prefixes=("205",), leaf=Decimal("100.00")) -> list[dict]:
    """Every code of the year under ``prefixes`` (类 codes), leaves at ``leaf`` yuan, parents
    the sums; amounts as decimal strings like the API takes them."""
    codes = list(
        ClassificationCode.objects.filter(fiscal_year=fy, retired=False)
        .filter(code__regex=r"^(" + "|".join(prefixes) + ")")
        .order_by("code")
        .values_list("code", "name")
    )
    known = {c for c, _ in codes}
    amounts: dict[str, Decimal] = {}
    for code, _name in sorted(codes, key=lambda c: -len(c[0])):
        has_children = any(k != code and k.startswith(code) and len(k) == len(code) + 2 for k in known)
        if not has_children:
            amounts[code] = leaf
    # parents: sum of direct children, bottom up
    for length in (5, 3):
        for code in known:
            if len(code) == length and code not in amounts:
                amounts[code] = sum(
                    (amounts[k] for k in known if len(k) == length + 2 and k.startswith(code)), Decimal(0)
                )
    return [{"code": c, "name": n, "amount": f"{amounts[c]:.2f}"} for c, n in codes]


def import_book(
    fy, *, book="general", stage="approved", prefixes=("205",), actor=None, leaf=Decimal("100.00")
):
    return services.book_stage_import(
        fiscal_year=fy, book=book, stage=stage, lines=book_lines(fy, prefixes, leaf), actor=actor
    )


def workbook_file(rows, *, name="budget.xlsx", header=("科目编码", "科目名称", "预算数")):
    """The finance bureau's workbook as openpyxl writes it: a title, a unit line, the header
    and ``rows``; a file object with a name, as an upload."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["区级一般公共预算支出表"])
    sheet.append(["单位：元"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return data
