"""In-process measurement of the performance record (issue 14) on SQLite, next to the bare view:
a deputy with one year of activity and a deputy with ten (``bench.generate_deputies.seed_record``
at small scale, plus five proposals led a year and co-signatures), each in a term as long as its
activity so the page shows every year of it. Per URL: queries of one request (after a warm one) and the median of 20 timed
requests through ``django.test.Client`` (every middleware; page cache off). Prints a Markdown table.

    cp /work/testdb-template.sqlite3 /tmp/bench-deputies.sqlite3   # a migrated database (optional)
    DATABASE_URL=sqlite:////tmp/bench-deputies.sqlite3 DJANGO_SETTINGS_MODULE=bench.settings \\
      DJANGO_DEBUG=1 CONGRESS_PAGE_CACHE=0 .venv/bin/python bench/deputies_record.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 20
TERM_NUMBER = 90  # bench terms of their own: 90 one year long, 91 ten years


def _setup():
    from django.contrib.auth.models import Group

    from bench.generate_deputies import PER_YEAR, seed_record
    from congress import roles
    from congress.models import Organization, Term, User
    from deputies.models import Deputy, DeputyGroup
    from proposals.models import CoSigner, Proposal

    this_year = timezone.localdate().year
    if Term.objects.filter(number=TERM_NUMBER).exists():
        return {
            d.person_key: d for d in Deputy.objects.filter(term__number__in=[TERM_NUMBER, TERM_NUMBER + 1])
        }
    street, _ = Organization.objects.get_or_create(
        name="基准测试街道", defaults={"kind": Organization.Kind.STREET}
    )
    deputies = {}
    for offset, (key, years) in enumerate((("one", 1), ("ten", 10))):
        # A term as long as the activity (ending last year), so the page shows every year of it.
        term = Term.objects.create(
            number=TERM_NUMBER + offset,
            name=f"基准测试届{years}年",
            start_year=this_year - years,
            end_year=this_year - 1,
            is_current=False,
        )
        group = DeputyGroup.objects.create(term=term, name=f"基准测试代表组{years}", organization=street)
        user = User.objects.create_user(username=f"bench_deputy_{key}", password=None)
        user.groups.add(Group.objects.get_or_create(name=roles.DEPUTY)[0])
        deputy = Deputy.objects.create(
            term=term,
            user=user,
            person_key=f"BENCH-{key}",
            name=f"测试代表{key}",
            gender="female",
            group=group,
        )
        deputies[key] = deputy
        span = list(range(this_year - years, this_year))
        seed_record(deputy, span, PER_YEAR["small"])
        for year in span:
            for n in range(5):
                Proposal.objects.create(
                    term=term,
                    lead_deputy=deputy,
                    kind=Proposal.Kind.SUGGESTION,
                    title=f"{year}基准测试建议{key}{n}",
                    content="内容",
                    year=year,
                    state=Proposal.State.SUBMITTED,
                )
    for key, deputy in deputies.items():
        other = deputies["ten"]
        if key == "ten":  # co-signs the other's proposals of its own years
            other = deputies["one"]
        for proposal in Proposal.objects.filter(lead_deputy=other, year__gte=deputy.term.start_year):
            CoSigner.objects.create(proposal=proposal, deputy=deputy, state=CoSigner.State.CONFIRMED)
    return {d.person_key: d for d in Deputy.objects.filter(term__number__in=[TERM_NUMBER, TERM_NUMBER + 1])}


def _measure(client: Client, url: str) -> tuple[int, float, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request's start resets the connection's query log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return queries, statistics.median(times), len(response.content)


def main():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with transaction.atomic():
        deputies = _setup()
    from deputies.models_activities import ActivitySignup

    this_year = timezone.localdate().year
    anonymous, portal = Client(), Client()
    rows = []
    bare = _measure(anonymous, "/bench/bare/")
    rows.append(("bare view `/bench/bare/`", "—", *bare))
    for key in ("BENCH-one", "BENCH-ten"):
        deputy = deputies[key]
        signups = ActivitySignup.objects.filter(deputy=deputy).count()
        label = f"{'1 year' if key.endswith('one') else '10 years'} ({signups} sign-ups)"
        profile = reverse("public:deputy-profile", args=[deputy.pk])
        rows.append(
            (
                f"public deputy page, {this_year - 1}",
                label,
                *_measure(anonymous, f"{profile}?year={this_year - 1}"),
            )
        )
        api = reverse("api-public-deputy-record", args=[deputy.pk])
        rows.append(("public record API", label, *_measure(anonymous, f"{api}?year={this_year - 1}")))
        portal.force_login(deputy.user)
        rows.append(
            ("own record in the portal", label, *_measure(portal, reverse("portal:deputy-my-record")))
        )
    bare_ms = bare[1]
    print(
        f"Runs: warm request, then median of {RUNS}; {connection.vendor}; load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print("| page | activity | queries | median ms | × bare | bytes |")
    print("|---|---|---|---|---|---|")
    for name, label, queries, ms, size in rows:
        print(f"| {name} | {label} | {queries} | {ms:.1f} | {ms / bare_ms:.0f} | {size:,} |")


if __name__ == "__main__":
    main()
