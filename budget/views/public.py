"""The public budget (推动政府及时公开预决算, issue 13 item 8): approved budgets, adjusted budgets
and final accounts once they exist, drilled down 类 → 款 → 项 with a chart beside a table that
works without JavaScript; each book as CSV (UTF-8 with BOM, for Excel) and the year as a Fiscal
Data Package (``datapackage.json`` + ``budget.csv``) so anyone can take the data out."""

from __future__ import annotations

import csv
import re

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budget import selectors
from budget.economic import economic_name
from budget.models import PUBLIC_STAGES, Book, Side, Stage, side_of
from congress.selectors import district_profile

PARENT_RE = re.compile(r"^\d{3}(\d{2})?$")
# Fiscal Data Package phases (proposed / approved / adjusted / executed).
FDP_PHASE = {
    Stage.DRAFT: "proposed",
    Stage.APPROVED: "approved",
    Stage.ADJUSTED: "adjusted",
    Stage.FINAL: "executed",
}


def index(request):
    years = selectors.public_years()
    return render(request, "budget/public/index.html", {"years": years})


def book(request, year: int):
    """One book of a year at one level: ``book``, ``stage`` (the latest public one by default),
    ``side`` (revenue or expenditure, at the top) and ``parent`` (the line drilled into)."""
    year_stages = selectors.year_stages(year, PUBLIC_STAGES)
    if not year_stages:
        raise Http404
    book_code = request.GET.get("book") if request.GET.get("book") in Book.values else Book.GENERAL
    present = [s for s in Stage.values if any(bs.book == book_code and bs.stage == s for bs in year_stages)]
    books = [
        {"code": b, "label": label, "published": any(bs.book == b for bs in year_stages)}
        for b, label in Book.choices
    ]
    context = {
        "year": year,
        "book": book_code,
        "book_label": Book(book_code).label,
        "books": books,
        "stages": [],
    }
    if not present:
        return render(request, "budget/public/book.html", context)
    stage = request.GET.get("stage") if request.GET.get("stage") in present else present[-1]
    book_stage = next(bs for bs in year_stages if bs.book == book_code and bs.stage == stage)
    parent = request.GET.get("parent", "")
    if parent and not PARENT_RE.match(parent):
        raise Http404
    side = (
        side_of(parent)
        if parent
        else (request.GET.get("side") if request.GET.get("side") in Side.values else Side.EXPENDITURE)
    )
    parent_line = selectors.line_get(book_stage.pk, parent) if parent else None
    if parent and parent_line is None:
        raise Http404
    lines = list(selectors.level_lines(book_stage.pk, parent, None if parent else side))
    total = parent_line.amount if parent_line else sum((line.amount for line in lines), 0)
    grand = selectors.grandchildren(book_stage.pk, [line.code for line in lines if line.has_children])
    base = reverse("public:budget-book", args=[year])
    chart = []
    for line in lines:
        url = f"{base}?book={book_code}&stage={stage}&parent={line.code}" if line.has_children else ""
        line.share = (line.amount / total * 100) if total else None
        line.url = url
        node = {"name": line.name, "value": str(line.amount), "code": line.code, "url": url}
        kids = grand.get(line.code)
        if kids:
            node["children"] = [
                {
                    "name": kid.name,
                    "value": str(kid.amount),
                    "code": kid.code,
                    "url": f"{base}?book={book_code}&stage={stage}&parent={kid.code}"
                    if len(kid.code) < 7
                    else "",
                }
                for kid in kids
            ]
        chart.append(node)
    context.update(
        {
            "stages": [{"code": s, "label": Stage(s).label} for s in present],
            "stage": stage,
            "stage_label": Stage(stage).label,
            "side": side,
            "sides": Side.choices,
            "parent": parent_line,
            "crumbs": selectors.breadcrumbs(book_stage.pk, parent),
            "lines": lines,
            "total": total,
            "chart": {"title": parent_line.name if parent_line else Side(side).label, "data": chart},
            "book_stage": book_stage,
        }
    )
    return render(request, "budget/public/book.html", context)


class _Echo:
    def write(self, value):
        return value


def _level_columns(code: str, name: str, names: dict) -> list[str]:
    cells = []
    for length in (3, 5, 7):
        if len(code) >= length:
            prefix = code[:length]
            cells += [prefix, name if prefix == code else names.get(prefix, "")]
        else:
            cells += ["", ""]
    return cells


def book_csv(request, year: int, book: str):
    """Every line of a book's public stages, with its level: for people opening it in Excel."""
    if book not in Book.values or not any(
        bs.book == book for bs in selectors.year_stages(year, PUBLIC_STAGES)
    ):
        raise Http404
    header = [
        _("年度"), _("预算类别"), _("阶段"), _("收支"), _("级次"),
        _("类编码"), _("类名称"), _("款编码"), _("款名称"), _("项编码"), _("项名称"), _("金额（元）"),
        _("经济分类科目编码"), _("经济分类科目名称"),
    ]  # fmt: skip
    levels = {1: _("类"), 2: _("款"), 3: _("项")}

    def rows():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(header)
        names: dict[str, str] = {}
        for b, stage, side, code, name, amount, level, economic in selectors.book_export_rows(
            year, PUBLIC_STAGES, [book]
        ):
            names[code] = name
            yield writer.writerow(
                [year, Book(b).label, Stage(stage).label, Side(side).label, levels[level],
                 *_level_columns(code, name, names), f"{amount:.2f}", economic, economic_name(economic)]
            )  # fmt: skip

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{year}-{book}.csv"'
    return response


FDP_FIELDS = [
    ("fiscal_year", "year", "date:fiscal-year", gettext_noop("财政年度")),
    (
        "book",
        "string",
        None,
        gettext_noop(
            "预算类别（general 一般公共预算，fund 政府性基金预算，capital 国有资本经营预算，social_insurance 社会保险基金预算）"
        ),
    ),
    (
        "phase",
        "string",
        "phase:id",
        gettext_noop("阶段（approved 批准预算，adjusted 调整预算，executed 决算）"),
    ),
    ("direction", "string", "direction", gettext_noop("收支方向（revenue 收入，expenditure 支出）")),
    ("level1_code", "string", "functional-classification:generic:level1:code", gettext_noop("类编码")),
    ("level1_label", "string", "functional-classification:generic:level1:label", gettext_noop("类名称")),
    ("level2_code", "string", "functional-classification:generic:level2:code", gettext_noop("款编码")),
    ("level2_label", "string", "functional-classification:generic:level2:label", gettext_noop("款名称")),
    ("level3_code", "string", "functional-classification:generic:level3:code", gettext_noop("项编码")),
    ("level3_label", "string", "functional-classification:generic:level3:label", gettext_noop("项名称")),
    ("amount", "number", "value", gettext_noop("金额（元）")),
    (
        "economic_code",
        "string",
        "economic-classification:generic:code",
        gettext_noop("支出经济分类科目编码（款，五位：部门预算 301…、政府预算 501…），未填写的行为空"),
    ),
    (
        "economic_label",
        "string",
        "economic-classification:generic:label",
        gettext_noop("支出经济分类科目名称"),
    ),
]


def fdp_dictionary() -> list[dict]:
    """The columns of ``budget.csv`` with their meaning in the visitor's language (/opendata/);
    the descriptor itself keeps the Chinese."""
    types = {"year": _("年份（YYYY）"), "string": _("文本"), "number": _("数值（两位小数）")}
    return [
        {"key": name, "type_label": types[kind], "meaning": _(meaning)}
        for name, kind, _ct, meaning in FDP_FIELDS
    ]


def _public_year_or_404(year: int):
    if not selectors.year_stages(year, PUBLIC_STAGES):
        raise Http404


def datapackage(request, year: int):
    """The year's public budget as a Fiscal Data Package: the descriptor names every column's
    meaning (FDP 1.0 ``columnType``) and the OpenSpending model (measures and dimensions)."""
    _public_year_or_404(year)
    district = district_profile()
    csv_url = request.build_absolute_uri(reverse("public:budget-datapackage-csv", args=[year]))
    descriptor = {
        "profile": "fiscal-data-package",
        "name": f"district-budget-{year}",
        "title": f"{district.name}{year}年度预算和决算",
        "description": "政府收支分类科目（类、款、项）口径的批准预算、调整预算和决算，金额单位为元；只含末级科目行，上级科目为其合计；支出行有支出经济分类科目的，另列其编码和名称。",
        "countryCode": "CN",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "homepage": request.build_absolute_uri(reverse("public:budget-book", args=[year])),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": "budget",
                "path": "budget.csv",
                "url": csv_url,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": n, "type": t, **({"columnType": ct} if ct else {}), "description": d}
                        for n, t, ct, d in FDP_FIELDS
                    ],
                    "primaryKey": ["book", "phase", "direction", "level1_code", "level2_code", "level3_code"],
                },
            }
        ],
        "model": {
            "measures": {"amount": {"source": "amount", "currency": "CNY", "title": "金额（元）"}},
            "dimensions": {
                "functional-classification": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {
                        "level1_code": {"source": "level1_code"},
                        "level1_label": {"source": "level1_label", "labelfor": "level1_code"},
                        "level2_code": {"source": "level2_code", "parent": "level1_code"},
                        "level2_label": {"source": "level2_label", "labelfor": "level2_code"},
                        "level3_code": {"source": "level3_code", "parent": "level2_code"},
                        "level3_label": {"source": "level3_label", "labelfor": "level3_code"},
                    },
                    "primaryKey": ["level1_code", "level2_code", "level3_code"],
                },
                "economic-classification": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {
                        "economic_code": {"source": "economic_code"},
                        "economic_label": {"source": "economic_label", "labelfor": "economic_code"},
                    },
                    "primaryKey": ["economic_code"],
                },
                "date": {
                    "dimensionType": "datetime",
                    "attributes": {"fiscal_year": {"source": "fiscal_year"}},
                    "primaryKey": ["fiscal_year"],
                },
                "phase": {
                    "dimensionType": "fact",
                    "attributes": {"phase": {"source": "phase"}},
                    "primaryKey": ["phase"],
                },
                "book": {
                    "dimensionType": "fact",
                    "attributes": {"book": {"source": "book"}},
                    "primaryKey": ["book"],
                },
                "direction": {
                    "dimensionType": "fact",
                    "attributes": {"direction": {"source": "direction"}},
                    "primaryKey": ["direction"],
                },
            },
        },
    }
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def datapackage_csv(request, year: int):
    """The package's data: one row per leaf line (a line with no children in its stage), so
    summing the column never counts a parent and its children twice."""
    _public_year_or_404(year)

    def rows():
        writer = csv.writer(_Echo())
        yield writer.writerow([name for name, *_rest in FDP_FIELDS])
        names: dict[str, str] = {}  # the current stage's names so far: a line's ancestors come first
        group = pending = None
        for row in selectors.book_export_rows(year, PUBLIC_STAGES):
            b, stage, _side, code, name, *_rest = row
            if pending is not None and not ((b, stage) == group and code.startswith(pending[3])):
                yield _fdp_row(year, pending, names, writer)
            if (b, stage) != group:
                group, names = (b, stage), {}
            names[code] = name
            pending = row
        if pending is not None:
            yield _fdp_row(year, pending, names, writer)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="budget-{year}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _fdp_row(year, row, names, writer):
    b, stage, side, code, name, amount, _level, economic = row
    return writer.writerow(
        [
            year,
            b,
            FDP_PHASE[stage],
            side,
            *_level_columns(code, name, names),
            f"{amount:.2f}",
            economic,
            economic_name(economic),
        ]
    )
