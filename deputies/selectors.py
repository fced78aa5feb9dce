"""Reads of the deputies registry, scoped to who asks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Term
from congress.site_search import matching
from deputies.models import Constituency, Deputy, DeputyGroup
from deputies.permissions import can_view_deputy_registry


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


def deputy_for_user(user) -> Deputy | None:
    """The deputy record of a logged-in deputy in the latest term they serve; cached per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_congress_deputy"):
        user._congress_deputy = (
            Deputy.objects.select_related("term", "group", "constituency")
            .filter(user=user)
            .order_by("-term__number")
            .first()
        )
    return user._congress_deputy


def deputy_directory(*, term: Term, search: str = "", group_id: int | None = None) -> QuerySet[Deputy]:
    """Serving deputies of a term for the public directory. Loads only what the directory
    shows; a field reaches the page only if it is in ``public_fields`` (Deputy.public_value)."""
    deputies = (
        Deputy.objects.filter(term=term, is_active=True)
        .select_related("group", "constituency")
        .only(
            "id",
            "name",
            "gender",
            "ethnicity",
            "party",
            "occupation",
            "specialty",
            "sector",
            "education",
            "birth_date",
            "photo",
            "phone",
            "email",
            "public_fields",
            "group__name",
            "constituency__name",
            "constituency__number",
        )
        .order_by("group__sort_order", "group__name", "name", "id")
    )
    if group_id:
        deputies = deputies.filter(group_id=group_id)
    if search:
        # Only searches fields that are public for every deputy, so search cannot reveal
        # a field a deputy chose to hide.
        deputies = deputies.filter(Q(name__icontains=search) | Q(group__name__icontains=search))
    return deputies


def deputy_search_public(words: list[str]) -> QuerySet[Deputy]:
    """Serving deputies of the current term (as ``current_term`` picks it, in a subquery)
    whose name, group or the group's street/town contains every word — fields public for every
    deputy, so a search never reveals one a deputy chose to hide (phone, occupation …). Ordered
    as the directory; loads only what a search result shows."""
    term = Term.objects.order_by("-is_current", "-number").values("pk")[:1]
    return (
        Deputy.objects.filter(term=Subquery(term), is_active=True)
        .filter(matching(words, ["name", "group__name", "group__organization__name"]))
        .select_related("group__organization")
        .only("id", "name", "group__name", "group__organization__name")
        .order_by("group__sort_order", "group__name", "name", "id")
    )


def deputy_groups_of(term: Term) -> QuerySet[DeputyGroup]:
    return DeputyGroup.objects.filter(term=term).order_by("sort_order", "name")


def deputy_directory_summary() -> dict:
    """Numbers for the public home: the current term and how many deputies serve in it."""
    term = current_term()
    if term is None:
        return {"term": None, "count": 0, "groups": 0}
    counts = Deputy.objects.filter(term=term, is_active=True).aggregate(
        count=Count("id"), groups=Count("group", distinct=True)
    )
    return {"term": term, **counts}


def deputy_get_public(*, pk: int) -> Deputy:
    return get_object_or_404(
        Deputy.objects.select_related("term", "group", "constituency"), pk=pk, is_active=True
    )


def constituencies_of(term: Term) -> QuerySet[Constituency]:
    return Constituency.objects.filter(term=term).order_by("number")


# --- the registry as committee staff and members see it (resource database, seed 十四) ---


def deputy_registry_list(*, user) -> QuerySet[Deputy]:
    """Every deputy of every term with all fields, for committee staff and members; nothing
    for anyone else. Filters (term, group, sector, education, job, specialty) are applied by
    the caller on this queryset."""
    if not can_view_deputy_registry(user):
        return Deputy.objects.none()
    return Deputy.objects.select_related("term", "group", "constituency").order_by(
        "-term__number", "group__sort_order", "group__name", "name", "id"
    )


def deputy_list_visible_to(user) -> QuerySet[Deputy]:
    """Deputy rows ``user`` may open one by one: the whole registry for staff and members,
    a deputy's own rows for a deputy, nothing for anyone else (foreign ids are 404)."""
    if can_view_deputy_registry(user):
        return deputy_registry_list(user=user)
    if not getattr(user, "is_authenticated", False):
        return Deputy.objects.none()
    return Deputy.objects.select_related("term", "group", "constituency").filter(user=user)


def deputy_get_visible(*, user, pk: int) -> Deputy:
    return get_object_or_404(deputy_list_visible_to(user), pk=pk)


# --- structure statistics (seed 十二) ---


@dataclass(frozen=True)
class StatRow:
    label: str
    count: int
    share: float  # percent of the term's serving deputies, one decimal


@dataclass(frozen=True)
class StatDimension:
    key: str
    title: str
    rows: list[StatRow]
    chart: str  # "pie" or "bar": how the page draws it


AGE_BANDS = (
    # (label, youngest age, oldest age) in completed years; None is open-ended
    (_("35岁及以下"), None, 35),
    (_("36—45岁"), 36, 45),
    (_("46—55岁"), 46, 55),
    (_("56—60岁"), 56, 60),
    (_("61岁及以上"), 61, None),
)
UNKNOWN = _("未填写")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band_expression(today: dt.date) -> Case:
    """A CASE that puts each deputy in an age band by birth date as of ``today``: someone is
    at most N years old when born after the same day N+1 years ago."""
    whens = [When(birth_date__isnull=True, then=Value("unknown"))]
    for index, (_label, youngest, oldest) in enumerate(AGE_BANDS):
        condition = Q()
        if oldest is not None:
            condition &= Q(birth_date__gt=_years_before(today, oldest + 1))
        if youngest is not None:
            condition &= Q(birth_date__lte=_years_before(today, youngest))
        whens.append(When(condition, then=Value(str(index))))
    return Case(*whens, default=Value("unknown"), output_field=CharField())


def _rows(counts: list[tuple[str, int]], total: int) -> list[StatRow]:
    return [StatRow(str(label), n, round(100 * n / total, 1) if total else 0.0) for label, n in counts]


def deputy_structure_statistics(*, term: Term, today: dt.date | None = None) -> dict:
    """Counts and shares of a term's serving deputies by age band, gender, education,
    sector, party, ethnicity and deputy group: one aggregated query per dimension, so the
    cost does not grow with the number of deputies."""
    today = today or timezone.localdate()
    # order_by() clears Meta.ordering, which would otherwise join groups and split the GROUP BY.
    serving = Deputy.objects.filter(term=term, is_active=True).order_by()

    def by(field: str) -> dict:
        return {row[field]: row["n"] for row in serving.values(field).annotate(n=Count("id"))}

    ages = {
        row["band"]: row["n"]
        for row in serving.annotate(band=_age_band_expression(today)).values("band").annotate(n=Count("id"))
    }
    total = sum(ages.values())

    def choice_counts(counts: dict, choices) -> list[tuple[str, int]]:
        ordered = [(label, counts.get(value, 0)) for value, label in choices]
        missing = sum(n for value, n in counts.items() if value not in dict(choices))
        return ordered + ([(UNKNOWN, missing)] if missing else [])

    def text_counts(counts: dict) -> list[tuple[str, int]]:
        known = sorted(((k, n) for k, n in counts.items() if k), key=lambda kn: (-kn[1], kn[0]))
        blank = sum(n for k, n in counts.items() if not k)
        return known + ([(UNKNOWN, blank)] if blank else [])

    age_counts = [(label, ages.get(str(i), 0)) for i, (label, _y, _o) in enumerate(AGE_BANDS)]
    if ages.get("unknown"):
        age_counts.append((UNKNOWN, ages["unknown"]))

    group_rows = (
        serving.values("group_id", "group__name", "group__sort_order")
        .annotate(n=Count("id"))
        .order_by("group__sort_order", "group__name")
    )
    group_counts = [(row["group__name"] or _("未分组"), row["n"]) for row in group_rows]

    dimensions = [
        StatDimension("age", _("年龄"), _rows(age_counts, total), "bar"),
        StatDimension(
            "gender", _("性别"), _rows(choice_counts(by("gender"), Deputy.Gender.choices), total), "pie"
        ),
        StatDimension(
            "education",
            _("学历"),
            _rows(choice_counts(by("education"), Deputy.Education.choices), total),
            "bar",
        ),
        StatDimension(
            "sector", _("代表结构"), _rows(choice_counts(by("sector"), Deputy.Sector.choices), total), "bar"
        ),
        StatDimension("party", _("党派"), _rows(text_counts(by("party")), total), "pie"),
        StatDimension("ethnicity", _("民族"), _rows(text_counts(by("ethnicity")), total), "pie"),
        StatDimension("group", _("代表组"), _rows(group_counts, total), "bar"),
    ]
    return {"term": term, "total": total, "dimensions": dimensions}


def deputy_photo_get(*, user, pk: int) -> Deputy:
    """A deputy whose photo ``user`` may see: a serving deputy who marked it public, for
    anyone; otherwise those who open the record (staff, members, the deputy). 404 otherwise."""
    deputy = get_object_or_404(Deputy.objects.only("id", "photo", "public_fields", "is_active"), pk=pk)
    if deputy.photo and deputy.is_active and "photo" in deputy.public_fields:
        return deputy
    if deputy.photo and deputy_list_visible_to(user).filter(pk=pk).exists():
        return deputy
    raise Http404


# --- the resource database (代表资源信息库, seed 十四) ---

RESOURCE_WORD_SPLIT = re.compile(r"[\s,，、;；]+")


def resource_words(text: str) -> list[str]:
    """The words of a search, split on spaces and Chinese or Latin commas; a word is one or more
    characters (a single character such as 医 is a word too). At most eight."""
    return [word for word in RESOURCE_WORD_SPLIT.split((text or "").strip()) if word][:8]


def deputy_resource_search(
    *, user, words: list[str], term: Term | None = None, group_id: int | None = None, sector: str = ""
) -> QuerySet[Deputy]:
    """Serving deputies whose occupation, sector, specialty, skills or group hold every word (each
    word in any of them), for committee staff picking deputies for an inspection or a hearing.
    Nobody else: none."""
    from deputies.permissions import can_search_deputy_resources

    if not can_search_deputy_resources(user):
        return Deputy.objects.none()
    deputies = Deputy.objects.filter(is_active=True).select_related("group", "term")
    if term is not None:
        deputies = deputies.filter(term=term)
    if group_id:
        deputies = deputies.filter(group_id=group_id)
    if sector in Deputy.Sector.values:
        deputies = deputies.filter(sector=sector)
    sector_labels = [(code, str(label)) for code, label in Deputy.Sector.choices]
    for word in words:
        matching_sectors = [code for code, label in sector_labels if word in label]
        deputies = deputies.filter(
            Q(occupation__icontains=word)
            | Q(specialty__icontains=word)
            | Q(skills__icontains=word)
            | Q(group__name__icontains=word)
            | Q(sector__in=matching_sectors)
        )
    return deputies.order_by("group__sort_order", "group__name", "name", "id")
