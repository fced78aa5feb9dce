"""Reads of the liaison stations, scoped to the reader: the public schedule, a worker's
stations, the opinions each reader may see (staff and members: all; a station worker: their
stations'; a deputy: those addressed to them; a unit officer: those routed to their unit), the
statistics and the counts the performance record reads."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congress import roles, units
from congress.models import Organization
from liaison import permissions
from liaison.models import Opinion, OpinionCategory, Reception, Station, StationRecord

STREET_KINDS = (Organization.Kind.STREET, Organization.Kind.TOWN)


# --- the public ----------------------------------------------------------------------------------


def streets() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True, kind__in=STREET_KINDS).order_by("sort_order", "name")


def _public_deputies():
    from deputies.models import Deputy

    return Prefetch(
        "deputies", queryset=Deputy.objects.filter(is_active=True).only("id", "name").order_by("name")
    )


def stations_public(*, street_id: int | None = None) -> QuerySet[Station]:
    """Active stations with their street and deputies (3 queries for any number)."""
    rows = (
        Station.objects.filter(is_active=True).select_related("street").prefetch_related(_public_deputies())
    )
    if street_id:
        rows = rows.filter(street_id=street_id)
    return rows.order_by("street__sort_order", "sort_order", "id")


def station_get_public(pk: int) -> Station:
    return get_object_or_404(Station.objects.filter(is_active=True).select_related("street"), pk=pk)


def receptions_upcoming(
    *, station_id: int | None = None, deputy_id: int | None = None, now=None
) -> QuerySet[Reception]:
    """Reception days not yet over, soonest first, with their station and deputies."""
    now = now or timezone.now()
    rows = (
        Reception.objects.filter(ends_at__gte=now, station__is_active=True)
        .select_related("station")
        .prefetch_related(_public_deputies())
    )
    if station_id:
        rows = rows.filter(station_id=station_id)
    if deputy_id:
        rows = rows.filter(deputies=deputy_id)
    return rows.order_by("starts_at", "id")


def next_reception_for_deputy(deputy_id: int) -> Reception | None:
    return (
        Reception.objects.filter(ends_at__gte=timezone.now(), deputies=deputy_id, cancelled_reason="")
        .select_related("station")
        .order_by("starts_at")
        .first()
    )


def station_public_records(station: Station) -> list[StationRecord]:
    return list(station.records.filter(is_public=True).order_by("kind", "-recorded_on", "-id"))


def categories() -> QuerySet[OpinionCategory]:
    return OpinionCategory.objects.filter(is_active=True).order_by("sort_order", "id")


def opinion_get_by_receipt(receipt: str) -> Opinion:
    """An opinion by its receipt number (case and spaces forgiven), 404 otherwise."""
    receipt = "".join((receipt or "").split()).upper()
    if not receipt or len(receipt) > 20:
        raise Http404
    return get_object_or_404(
        Opinion.objects.select_related("category", "street", "station", "unit", "deputy"), receipt=receipt
    )


def public_steps(opinion: Opinion) -> list:
    return list(opinion.events.order_by("created_at", "id"))


# --- the portal and the API ----------------------------------------------------------------------


def opinions_visible_to(user) -> QuerySet[Opinion]:
    """The wall: staff and committee members see all; a station worker their stations'; a
    deputy those addressed to them; a unit officer those routed to their unit; nobody else any."""
    rows = Opinion.objects.select_related("category", "street", "station", "unit", "deputy")
    if permissions.sees_all_opinions(user):
        return rows
    wall = Q(pk__in=[])
    stations = permissions.worker_station_ids(user)
    if stations:
        wall |= Q(station_id__in=stations)
    if roles.has_role(user, roles.DEPUTY):
        wall |= Q(deputy__user_id=user.pk)
    if roles.has_role(user, roles.UNIT_OFFICER):
        wall |= Q(unit__in=units.acting_units(user))
    return rows.filter(wall)


def opinion_get_for_user(user, pk) -> Opinion:
    return get_object_or_404(opinions_visible_to(user), pk=pk)


def stations_kept_by(user) -> QuerySet[Station]:
    rows = Station.objects.filter(is_active=True).select_related("street")
    if permissions.is_staff(user):
        return rows.order_by("street__sort_order", "sort_order")
    return rows.filter(pk__in=permissions.worker_station_ids(user)).order_by("sort_order")


def station_get_kept(user, pk) -> Station:
    return get_object_or_404(stations_kept_by(user), pk=pk)


def receptions_of(station: Station) -> QuerySet[Reception]:
    since = timezone.now() - dt.timedelta(days=30)
    return station.receptions.filter(ends_at__gte=since).prefetch_related("deputies").order_by("starts_at")


# --- statistics ----------------------------------------------------------------------------------

_CLOSE_TIME = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())


def _grouped(rows, key: str, label: str) -> list[dict]:
    result = (
        rows.values(key, label)
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(state=Opinion.State.CLOSED)),
            solved=Count("id", filter=Q(citizen_result=Opinion.CitizenResult.SOLVED)),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
            close_time=Avg(_CLOSE_TIME, filter=Q(state=Opinion.State.CLOSED)),
        )
        .order_by("-total", label)
    )
    out = []
    for row in result:
        close_time = row["close_time"]
        out.append(
            {
                "label": row[label] or "—",
                "total": row["total"],
                "closed": row["closed"],
                "solved": row["solved"],
                "reopened": row["reopened"],
                "days_to_close": round(close_time.total_seconds() / 86400, 1) if close_time else None,
            }
        )
    return out


def opinion_statistics(*, year: int | None = None) -> dict:
    """Counts per station, category, street and unit, with the mean days to close: one grouped
    query each, whatever the number of opinions."""
    rows = Opinion.objects.all()
    if year:
        rows = rows.filter(created_at__year=year)
    return {
        "station": _grouped(rows, "station_id", "station__name"),
        "category": _grouped(rows, "category_id", "category__name"),
        "street": _grouped(rows, "street_id", "street__name"),
        "unit": _grouped(rows.exclude(unit=None), "unit_id", "unit__name"),
    }


# --- the performance record ----------------------------------------------------------------------


def deputy_liaison_counts_by_year(deputy, years) -> dict[int, dict[str, int]]:
    """``deputy_liaison_counts`` for several years at once, {year: counts}: two grouped
    queries whatever the number of years (the record page over a long service stays flat)."""
    return deputies_liaison_counts_by_year([deputy], years)[deputy.pk]


def deputies_liaison_counts_by_year(deputies, years) -> dict[int, dict[int, dict[str, int]]]:
    """``deputy_liaison_counts`` for several deputies and years at once, {deputy id: {year:
    counts}}: two queries grouped by deputy and year, whatever the number of either."""
    from django.db.models.functions import ExtractYear

    years = list(years)
    ids = [d.pk for d in deputies]
    result = {
        pk: {year: {"receptions_held": 0, "opinions_collected": 0, "opinions_closed": 0} for year in years}
        for pk in ids
    }
    if not years or not ids:
        return result
    first, last = min(years), max(years)
    held = (
        Reception.objects.filter(
            deputies__in=ids,
            starts_at__year__gte=first,
            starts_at__year__lte=last,
            starts_at__lte=timezone.now(),
            cancelled_reason="",
        )
        .annotate(y=ExtractYear("starts_at"))
        .order_by()
        .values("deputies", "y")
        .annotate(n=Count("id", distinct=True))
    )
    for row in held:
        year = result.get(row["deputies"], {}).get(row["y"])
        if year is not None:
            year["receptions_held"] = row["n"]
    opinions = (
        Opinion.objects.filter(deputy_id__in=ids, created_at__year__gte=first, created_at__year__lte=last)
        .annotate(y=ExtractYear("created_at"))
        .order_by()
        .values("deputy_id", "y")
        .annotate(collected=Count("id"), closed=Count("id", filter=Q(state=Opinion.State.CLOSED)))
    )
    for row in opinions:
        year = result.get(row["deputy_id"], {}).get(row["y"])
        if year is not None:
            year["opinions_collected"] = row["collected"]
            year["opinions_closed"] = row["closed"]
    return result


def deputy_liaison_counts(deputy, year: int) -> dict[str, int]:
    """What a deputy did at the stations in ``year``, for the performance record (履职档案):
    reception days held (not cancelled, already begun), opinions collected (addressed to the
    deputy) and of those closed. Two queries."""
    held = Reception.objects.filter(
        deputies=deputy, starts_at__year=year, starts_at__lte=timezone.now(), cancelled_reason=""
    ).count()
    counts = Opinion.objects.filter(deputy=deputy, created_at__year=year).aggregate(
        collected=Count("id"), closed=Count("id", filter=Q(state=Opinion.State.CLOSED))
    )
    return {
        "receptions_held": held,
        "opinions_collected": counts["collected"],
        "opinions_closed": counts["closed"],
    }
