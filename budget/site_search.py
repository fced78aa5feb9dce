"""The public budgets in the site-wide search (``congress.site_search``): the lines (科目) of the
public stages (approved, adjusted, final accounts — never a draft) whose name or code holds
every word, latest year first; each leads to the level of its book where it is shown."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budget.models import PUBLIC_STAGES, Book, BudgetLine, Side, Stage
from congress.site_search import Hit, matching, register_search


def search_budget_lines(words):
    return (
        BudgetLine.objects.filter(book_stage__stage__in=PUBLIC_STAGES)
        .filter(matching(words, ["name", "code"]))
        .select_related("book_stage__fiscal_year")
        .order_by("-book_stage__fiscal_year__year", "book_stage__book", "book_stage__stage", "code", "id")
    )


def budget_line_hit(line) -> Hit:
    book_stage = line.book_stage
    year = book_stage.fiscal_year.year
    where = {"book": book_stage.book, "stage": book_stage.stage}
    where.update({"parent": line.parent_code} if line.parent_code else {"side": line.side})
    facts = [
        _("%(year)s年") % {"year": year},
        Book(book_stage.book).label,
        Stage(book_stage.stage).label,
        Side(line.side).label,
        _("%(amount)s 元") % {"amount": f"{line.amount:,.2f}"},
    ]
    return Hit(
        title=f"{line.code} {line.name}",
        url=f"{reverse('public:budget-book', args=[year])}?{urlencode(where)}",
        meta=" · ".join(str(fact) for fact in facts),
    )


def register() -> None:
    register_search("budget", _("预决算"), search_budget_lines, 80, hit=budget_line_hit)
