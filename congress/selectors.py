"""Reads of the shared core, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from congress.models import NewsItem, Organization, User

ACT_FOR_UNIT = "congress.act_for_unit"


def units_for_user(user: User) -> QuerySet[Organization]:
    """The units this user acts for (an unevaluated queryset, usable as a subquery):
    empty for anyone but unit officers and reviewers."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return get_objects_for_user(user, ACT_FOR_UNIT, klass=Organization, accept_global_perms=False)


def unit_for_user(user: User) -> Organization | None:
    """The one unit an officer acts for, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_congress_unit"):
        user._congress_unit = units_for_user(user).order_by("pk").first()
    return user._congress_unit


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
