"""Deputies II (issue 14): deputy1's performance record over ten years of activity (every
source: activities, trainings, meetings and leave, reports to voters, receptions, opinions,
proposals) — the public deputy page with the record, a past year, the public record API, the
deputy's own record and reports to voters in the portal; the public stations and the opinion
categories. Job: a mid-term evaluation over every serving deputy of the current term."""

from __future__ import annotations

from bench.scenarios import Context, Job, Page, Skip, reverse_or_skip, scenario


@scenario("deputies")
def build(ctx: Context) -> list[Page | Job]:
    from django.utils import timezone

    from deputies.models import Deputy
    from deputies.models_activities import ActivitySignup

    deputy = Deputy.objects.filter(user__username="deputy1").first()
    if deputy is None:
        raise Skip("no deputy1: the core part has not run")
    signups = ActivitySignup.objects.filter(deputy=deputy).count()
    if not signups:
        raise Skip("no activity for deputy1: the deputies generator has not run")
    past = max(deputy.term.start_year, timezone.localdate().year - 1)
    items: list[Page | Job] = []

    def add(name, url_name, *args, query="", user=None, note=""):
        try:
            path = reverse_or_skip(url_name, *args, query=query)
        except Skip as exc:
            ctx.skip("deputies", str(exc))
            return
        items.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))

    add("public deputy page with the record", "public:deputy-profile", deputy.pk, note=f"{signups} sign-ups")
    add("public deputy page, a past year", "public:deputy-profile", deputy.pk, query=f"year={past}")
    add("public record API", "api-public-deputy-record", deputy.pk, query=f"year={past}")
    add("own record (deputy1)", "portal:deputy-my-record", user="deputy1")
    add("own reports to voters (deputy1)", "portal:deputy-voter-reports", user="deputy1")
    add("public stations API", "api-public-stations")
    items.append(
        Job(
            "mid-term evaluation of the current term",
            "bench.generate_deputies.midterm_job",
            note="every serving deputy's record over the term so far",
        )
    )
    return items
