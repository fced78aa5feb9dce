"""The performance record (履职档案, seed 十四), gathered from what the portal already knows —
never typed by hand: proposals led and co-signed (proposals), meetings attended (meetings),
activities, trainings and their hours, leave and absences (activities), reports to voters, and —
when the liaison app is installed — reception days held and citizens' opinions collected and
closed. Counted per year and over the term; the yearly score weighs them by the rule
``deputies.record_score_weights``.

Each source is one grouped query for all the years asked, so a record page costs the same
number of queries whatever the deputy did and however many years are asked (the liaison
counts too: two grouped queries)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from congress.rules import rule_get
from deputies.models import Deputy
from deputies.models_activities import Activity, ActivitySignup
from deputies.models_record import VoterReport
from deputies.rules import RECORD_ITEMS

LIAISON_ITEMS = ("receptions_held", "opinions_collected", "opinions_closed")


def liaison_counts_provider():
    """Extension point for the liaison stations' counts (receptions held, opinions collected and
    closed): ``liaison.selectors.deputies_liaison_counts_by_year(deputies, years)`` ({deputy id:
    {year: counts}}) when the liaison app is installed, else None — and then those items are left
    out of the record and the score, never shown as zeros."""
    # Installed as an app, not merely importable: an app's models load only when it is installed.
    if not apps.is_installed("liaison"):
        return None
    selectors = importlib.import_module("liaison.selectors")
    return getattr(selectors, "deputies_liaison_counts_by_year", None)


def record_item_codes() -> list[str]:
    """The items the record counts here: every item, the liaison ones only with their source."""
    has_liaison = liaison_counts_provider() is not None
    return [code for code in RECORD_ITEMS if has_liaison or code not in LIAISON_ITEMS]


def _years_of(term) -> list[int]:
    last = min(term.end_year, timezone.localdate().year)
    return list(range(term.start_year, max(last, term.start_year) + 1))


def deputy_record_counts(deputy: Deputy, years: list[int]) -> dict[int, dict[str, Decimal | int]]:
    """{year: {item code: count}} for ``years``; training hours as a Decimal."""
    return deputies_record_counts([deputy], years)[deputy.pk]


def deputies_record_counts(deputies, years: list[int]) -> dict[int, dict[int, dict[str, Decimal | int]]]:
    """{deputy id: {year: {item code: count}}} for several deputies at once: each source is one
    query grouped by deputy and year, so the count of queries is the same for one deputy as for
    a term's hundreds (the mid-term evaluation reads them a chunk at a time)."""
    from meetings.models import Meeting, Participant
    from proposals.models import CoSigner, Proposal

    deputies = list(deputies)
    codes = record_item_codes()
    counts: dict[int, dict[int, dict]] = {
        d.pk: {year: dict.fromkeys(codes, 0) for year in years} for d in deputies
    }
    if not years or not deputies:
        return counts
    first, last = min(years), max(years)
    ids = list(counts)

    def add(rows, deputy_key: str, year_key: str, code: str, value_key: str = "n"):
        for row in rows:
            year = counts.get(row[deputy_key], {}).get(row[year_key])
            if year is not None:
                year[code] += row[value_key] or 0

    # Proposals the deputy led (submitted: drafts are not yet an act of duty), and co-signed.
    add(
        Proposal.objects.filter(lead_deputy_id__in=ids, year__gte=first, year__lte=last)
        .exclude(state=Proposal.State.DRAFT)
        .order_by()
        .values("lead_deputy_id", "year")
        .annotate(n=Count("id")),
        "lead_deputy_id",
        "year",
        "proposals_lead",
    )
    add(
        CoSigner.objects.filter(
            deputy_id__in=ids,
            state=CoSigner.State.CONFIRMED,
            proposal__year__gte=first,
            proposal__year__lte=last,
        )
        .exclude(proposal__state=Proposal.State.DRAFT)
        .order_by()
        .values("deputy_id", "proposal__year")
        .annotate(n=Count("id")),
        "deputy_id",
        "proposal__year",
        "proposals_cosigned",
    )
    # Meetings the deputy's account took part in that were held (closed): attended, or on
    # leave asked in the portal before the meeting (``meetings.services.participant_request_leave``).
    by_user = {d.user_id: d.pk for d in deputies if d.user_id}
    if by_user:
        rows = (
            Participant.objects.filter(
                user_id__in=list(by_user),
                meeting__status=Meeting.Status.CLOSED,
                meeting__starts_at__year__gte=first,
                meeting__starts_at__year__lte=last,
            )
            .annotate(y=ExtractYear("meeting__starts_at"))
            .order_by()
            .values("user_id", "y")
            .annotate(
                n=Count("id", filter=Q(leave_at__isnull=True)),
                leave=Count("id", filter=Q(leave_at__isnull=False)),
            )
        )
        for row in rows:
            year = counts[by_user[row["user_id"]]].get(row["y"])
            if year is not None:
                year["meetings_attended"] += row["n"]
                year["meetings_leave"] += row["leave"]
    # Activities and trainings: attended, absent, on leave, and the trainings' hours.
    S = ActivitySignup.State
    rows = (
        ActivitySignup.objects.filter(
            deputy_id__in=ids,
            state__in=[S.ATTENDED, S.ABSENT, S.EXCUSED],
            activity__starts_at__year__gte=first,
            activity__starts_at__year__lte=last,
        )
        .annotate(y=ExtractYear("activity__starts_at"))
        .order_by()
        .values("deputy_id", "y", "state", "activity__kind")
        .annotate(n=Count("id"), hours=Sum("activity__hours"))
    )
    for row in rows:
        year = counts[row["deputy_id"]].get(row["y"])
        if year is None:
            continue
        training = row["activity__kind"] == Activity.Kind.TRAINING
        if row["state"] == S.ATTENDED:
            year["trainings_attended" if training else "activities_attended"] += row["n"]
            if training:
                year["training_hours"] += row["hours"] or Decimal("0")
        elif row["state"] == S.ABSENT:
            year["activities_absent"] += row["n"]
        else:
            year["activities_excused"] += row["n"]
    # Reports to voters held (and published).
    add(
        VoterReport.objects.filter(
            deputy_id__in=ids, state__in=[VoterReport.State.HELD, VoterReport.State.PUBLISHED]
        )
        .annotate(y=ExtractYear(Coalesce("held_at", "scheduled_at")))
        .filter(y__gte=first, y__lte=last)
        .order_by()
        .values("deputy_id", "y")
        .annotate(n=Count("id")),
        "deputy_id",
        "y",
        "voter_reports",
    )
    provider = liaison_counts_provider()
    if provider is not None:
        for deputy_id, by_year in provider(deputies, years).items():
            for year, values in by_year.items():
                found = counts.get(deputy_id, {}).get(year)
                if found is None:
                    continue
                for code, value in values.items():
                    if code in found:
                        found[code] = value
    return counts


def score_rules() -> tuple[dict, int]:
    """The score's two rules (weights, cap), read once for many years (each read is a cache get)."""
    return rule_get("deputies.record_score_weights"), rule_get("deputies.record_score_max")


def score_of(counts: dict, rules: tuple[dict, int] | None = None) -> Decimal:
    """The yearly score: each item's count times its weight (rule 年度履职评分项目及分值), summed,
    never below zero, capped by the rule 年度履职评分上限 (0: no cap), to one decimal. ``rules``:
    ``score_rules()`` when scoring many years."""
    weights, cap = rules or score_rules()
    total = sum(
        (
            Decimal(str(counts.get(code, 0))) * Decimal(weight)
            for code, weight in weights.items()
            if code in counts
        ),
        Decimal("0"),
    )
    if cap:
        total = min(total, Decimal(cap))
    return max(total, Decimal("0")).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RecordItem:
    code: str
    label: str
    count: Decimal | int


@dataclass
class YearRecord:
    year: int
    items: list[RecordItem]
    score: Decimal


def _items(counts: dict) -> list[RecordItem]:
    return [RecordItem(code, str(RECORD_ITEMS[code]), counts[code]) for code in counts]


def public_record_codes(deputy: Deputy) -> list[str]:
    """The record's items the deputy left public (all but ``record_hidden_items``)."""
    hidden = set(deputy.record_hidden_items or ())
    return [code for code in record_item_codes() if code not in hidden]


def deputy_record(deputy: Deputy, year: int | None = None, *, public: bool = False) -> dict:
    """The record of one deputy for the page and the API: every year of the deputy's term up to
    now, with its items and score, the term's totals, and the year asked (default: this year,
    or the term's last). ``public``: only the items the deputy marked public (the public page
    and API); the scores are the rule's over every item either way."""
    years = _years_of(deputy.term)
    if year not in years:
        year = years[-1]
    by_year = deputy_record_counts(deputy, years)
    shown = public_record_codes(deputy) if public else record_item_codes()

    def _shown(counts: dict) -> list[RecordItem]:
        return [item for item in _items(counts) if item.code in shown]

    rules = score_rules()
    records = [YearRecord(y, _shown(by_year[y]), score_of(by_year[y], rules)) for y in years]
    totals = dict.fromkeys(record_item_codes(), 0)
    for counts in by_year.values():
        for code, value in counts.items():
            totals[code] += value
    return {
        "deputy": deputy,
        "year": year,
        "years": years,
        "current": next(r for r in records if r.year == year),
        "by_year": records,
        "term_items": _shown(totals),
        "term_average": (sum((r.score for r in records), Decimal("0")) / len(records)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        ),
    }


def published_voter_reports(deputy: Deputy):
    """The deputy's published reports to voters with how many comments show: one query."""
    return (
        VoterReport.objects.filter(deputy=deputy, state=VoterReport.State.PUBLISHED)
        .annotate(comment_count=Count("comments", filter=Q(comments__is_hidden=False)))
        .order_by("-held_at", "-id")
    )


def voter_reports_of(deputy: Deputy):
    """Every report of the deputy, newest first, with its comment counts (shown, hidden): one
    query — the deputy's portal list."""
    return (
        VoterReport.objects.filter(deputy=deputy)
        .annotate(
            comment_count=Count("comments", filter=Q(comments__is_hidden=False)),
            hidden_count=Count("comments", filter=Q(comments__is_hidden=True)),
        )
        .order_by("-scheduled_at", "-id")
    )


def voter_report_get_own(*, deputy: Deputy, pk: int) -> VoterReport:
    """One of the deputy's own reports; another deputy's is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(VoterReport.objects.select_related("deputy"), deputy=deputy, pk=pk)
