"""Reads of the shared core, scoped to the user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from congress.holiday_notice import ParsedDay
from congress.models import ApiToken, CalendarDay, NewsItem, Organization


def handling_unit_list() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True, is_handling_unit=True).order_by("sort_order", "name")


def news_list_public(*, kind: str | None = None) -> QuerySet[NewsItem]:
    items = NewsItem.objects.filter(is_published=True).only(
        "id", "kind", "title", "summary", "issue_number", "published_at"
    )
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-published_at", "-id")


def district_profile():
    """The district's profile row; an unsaved default where staff have not filled it in yet.
    Kept in the cache until it is saved again (``congress.yearly``): no query on most pages."""
    from congress import yearly
    from congress.models import DistrictProfile

    return yearly.district_profile() or DistrictProfile(
        name="本区", congress_name="区人民代表大会常务委员会", short_name="区人大"
    )


@dataclass(frozen=True)
class CalendarYearChanges:
    """What saving a year's days does to the table (节假日与调休): the admin previews it, the
    save applies it."""

    created: list  # ParsedDay not in the table yet
    updated: list  # (CalendarDay, ParsedDay) where the table says otherwise
    unchanged: list  # ParsedDay already in the table as read
    others: list  # CalendarDay rows of the year that the text does not mention


def calendar_year_changes(*, year: int, days: Sequence[ParsedDay]) -> CalendarYearChanges:
    """Compare the days read for ``year`` with the table (one query)."""
    dates = [day.date for day in days]
    existing = {
        row.date: row
        for row in CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=dates)).order_by("date")
    }
    created, updated, unchanged = [], [], []
    for day in days:
        row = existing.get(day.date)
        if row is None:
            created.append(day)
        elif row.is_workday != day.is_workday or row.name != day.name:
            updated.append((row, day))
        else:
            unchanged.append(day)
    mentioned = set(dates)
    others = [row for date, row in existing.items() if date.year == year and date not in mentioned]
    return CalendarYearChanges(created, updated, unchanged, others)


def login_failures_from_address(*, address: str, minutes: int) -> int:
    """Failed logins (any usernames) from ``address`` in the last ``minutes``, from django-axes'
    failure records (database: the count holds without the cache)."""
    import datetime as dt

    from axes.models import AccessFailureLog
    from django.utils import timezone

    since = timezone.now() - dt.timedelta(minutes=minutes)
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()


def api_token_list_for_user(user) -> QuerySet:
    """The user's own API tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_get_for_user(*, user, pk) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(api_token_list_for_user(user), pk=pk)


def api_token_for_key(key: str):
    """The token in force for ``key`` with its user, or None (unknown, expired, revoked)."""
    from django.utils import timezone

    return (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
