"""The budget (issue 13): a 20,040-line general budget (bench/generate_budget.py) read level by
level — the public drill-down page at the top, a 类 and a 款, the lines API, the public book API
(every line of two stages), the portal's stages side by side — each a constant number of
queries whatever the book's size, totals summed by the database; and a job importing the
20,040 lines through the import service with all its checks."""

from __future__ import annotations

from bench.scenarios import Context, Job, Page, Skip, reverse_or_skip, scenario


@scenario("budget")
def build(ctx: Context) -> list[Page | Job]:
    from django.apps import apps

    if not apps.is_installed("budget"):
        raise Skip("no budget app")
    from bench.generate_budget import YEAR
    from budget.models import BookStage

    if not BookStage.objects.filter(
        fiscal_year__year=YEAR, book="general", stage="approved", source="bench"
    ).exists():
        raise Skip("the budget generator has not run")
    items: list[Page | Job] = []

    def add(name, url_name, *args, query="", user=None, note=""):
        try:
            path = reverse_or_skip(url_name, *args, query=query)
        except Skip as exc:
            ctx.skip("budget", str(exc))
            return
        items.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))

    add("public budget, top level", "public:budget-book", YEAR, note="40 类 of 20,040 lines")
    add(
        "public budget, one 类",
        "public:budget-book",
        YEAR,
        query="parent=320",
        note="20 款 + 480 项 in the chart",
    )
    add("public budget, one 款", "public:budget-book", YEAR, query="parent=32010&stage=final", note="24 项")
    add(
        "lines API, one 款",
        "api-budget-lines",
        query=f"year={YEAR}&book=general&stage=approved&parent=32010",
        user="deputy1",
    )
    add(
        "public book API (every line, 2 stages)",
        "api-public-budget",
        YEAR,
        query="book=general",
        note="40,080 lines",
    )
    add(
        "stages side by side, one 类",
        "portal:budget-compare",
        query=f"year={YEAR}&book=general&parent=320",
        user="member",
    )
    items.append(
        Job(
            "import a 20,040-line book",
            "bench.generate_budget.import_20000_lines",
            note="every check, one transaction",
        )
    )
    items.append(
        Job(
            "import a month's execution, 20,000 rows",
            "bench.generate_budget.import_20000_execution_rows",
            note="every check and the warning scan after it, one transaction",
        )
    )
    add(
        "execution per line, one 类",
        "portal:budget-execution",
        query=f"year={YEAR}&book=general&parent=320",
        user="member",
        note="needs the execution job's month; else the empty page",
    )
    return items
