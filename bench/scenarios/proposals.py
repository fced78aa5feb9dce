"""Proposals (issue 4): the unit inbox, a deputy's list, the public search and a disclosed
proposal, the yearly statistics per unit, the reply review queue; and the daily reminder job
over every open assignment (``proposals.tasks.send_daily_reminders``)."""

from __future__ import annotations

import importlib.util

from bench.scenarios import Context, Job, Page, Skip, reverse_or_skip, scenario

# Page names the proposals app uses or may use (README of the app); the first that exists wins.
STATISTICS_NAMES = ("portal:proposal-statistics", "portal:statistics", "public:proposal-statistics")
SEARCH = "%E7%94%B5%E6%A2%AF"  # 电梯: about 1 in 20 proposals (加装电梯)


@scenario("proposals")
def build(ctx: Context) -> list[Page | Job]:
    from bench.generate import _require, _unit_of

    Proposal, Assignment = _require("proposals", "Proposal", "Assignment")
    unit = _unit_of("unit1").first()
    closed = (
        Proposal.objects.filter(state="closed", is_withheld=False)
        .order_by("-id")
        .values_list("pk", flat=True)
    )
    public_pk = closed.first()
    assignment_pk = (
        Assignment.objects.filter(unit=unit, state__in=["assigned", "handling"])
        .order_by("deadline")
        .values_list("pk", flat=True)
        .first()
    )
    if public_pk is None or assignment_pk is None:
        raise Skip("no generated proposals: the proposals generator has not run")
    inbox = Assignment.objects.filter(unit=unit).count()

    items: list[Page | Job] = []

    def add(name, url_names, *args, query="", user=None, note=""):
        for url_name in (url_names,) if isinstance(url_names, str) else url_names:
            try:
                path = reverse_or_skip(url_name, *args, query=query)
            except Skip:
                continue
            items.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))
            return
        ctx.skip(
            "proposals",
            f"{name}: no URL named {' or '.join(map(repr, (url_names,) if isinstance(url_names, str) else url_names))} yet",
        )

    add(
        "unit inbox (unit officer)",
        "portal:assignment-list",
        user="unit1",
        note=f"{inbox} assignments of the unit",
    )
    add("assignment page (unit officer)", "portal:assignment-detail", assignment_pk, user="unit1")
    add("deputy's proposals (deputy)", "portal:proposal-list", user="deputy1")
    add("reply review queue (gov office)", "portal:review-list", user="govoffice")
    add("public search, first page", "public:proposal-list")
    add("public search 电梯", "public:proposal-list", query=f"q={SEARCH}")
    add("public proposal with reply", "public:proposal-detail", public_pk)
    add("statistics per unit (staff)", STATISTICS_NAMES, user="staff")
    add("public API: search 电梯", "api-public-proposal-list", query=f"search={SEARCH}")

    items.append(
        Job(
            "national batch: 9,235 suggestions to 213 units",
            "bench.national_batch.run",
            note="issue 16 goal ≤ 30 s for the one staff action (batch_seconds); seconds include making the data",
        )
    )
    if importlib.util.find_spec("proposals.tasks") is not None:
        items.append(
            Job("daily reminders", "proposals.tasks.send_daily_reminders", note="all open assignments")
        )
    else:
        ctx.skip("proposals", "proposals.tasks does not exist yet: timing the service instead")
        items.append(
            Job(
                "daily reminders (service)",
                "proposals.services.reminders.send_daily_reminders",
                note="all open assignments; the task module is not there yet",
            )
        )
    return items
