"""The portal's side-by-side view of a book's stages (draft, approved, adjusted, final): each
line's amount per stage, its change from the first stage shown and its share of the level —
for staff, committee members and deputies, drilled down 类 → 款 → 项."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from budget import permissions, selectors
from budget.models import Book, FiscalYear, Side, Stage, side_of

PARENT_RE = re.compile(r"^\d{3}(\d{2})?$")


@login_required
def compare(request):
    if not permissions.can_read_all_stages(request.user):
        raise PermissionDenied
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    book = request.GET.get("book") if request.GET.get("book") in Book.values else Book.GENERAL
    parent = request.GET.get("parent", "")
    if not PARENT_RE.match(parent):
        parent = ""
    side = (
        side_of(parent)
        if parent
        else (request.GET.get("side") if request.GET.get("side") in Side.values else Side.EXPENDITURE)
    )
    stages = selectors.available_stages(year, book, Stage.values)
    table = (
        selectors.comparison(year=year, book=book, parent=parent, side=side, stages=stages)
        if stages
        else None
    )
    economic = (
        selectors.economic_breakdown(year=year, book=book, parent=parent, stages=stages)
        if table and side == Side.EXPENDITURE
        else []
    )
    if not any(row["code"] for row in economic):
        economic = []  # no line of this level carries an economic code
    crumbs = [{"code": c, "name": c} for c in [parent[:n] for n in (3, 5) if n <= len(parent)]]
    if table and parent:
        names = selectors.code_names(year, [c["code"] for c in crumbs])
        for crumb in crumbs:
            crumb["name"] = names.get(crumb["code"], crumb["code"])
    return render(
        request,
        "budget/portal/compare.html",
        {
            "years": years,
            "year": year,
            "book": book,
            "books": Book.choices,
            "side": side,
            "sides": Side.choices,
            "parent": parent,
            "crumbs": crumbs,
            "table": table,
            "economic": economic,
        },
    )
