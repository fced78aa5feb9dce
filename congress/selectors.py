"""Reads of the shared core, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from congress.models import NewsItem, Organization


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
    """The district's profile row; an unsaved default where staff have not filled it in yet."""
    from congress.models import DistrictProfile

    return DistrictProfile.objects.filter(pk=1).first() or DistrictProfile(
        name="本区", congress_name="区人民代表大会常务委员会", short_name="区人大"
    )
