"""Reads of major-matter reports (seed 九), scoped to who asks.

Walls: staff and committee members see every matter and every list; a unit officer sees the
matters of the units they act for and the agreed lists; anything else is a 404. The public
sees agreed lists and concluded matters not withheld."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from supervision import permissions
from supervision.models_major_matters import (
    MajorMatter,
    MajorMatterEvent,
    MajorMatterList,
    MajorMatterListEvent,
    MajorMatterListItem,
)
from supervision.selectors import officer_unit_ids

L = MajorMatterList.State
M = MajorMatter.State


def matter_list_visible_to(user) -> QuerySet[MajorMatter]:
    rows = MajorMatter.objects.select_related("unit", "list_item", "matter_list", "meeting", "committee")
    if permissions.sees_everything(user):
        return rows
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return rows.none()
    return rows.filter(unit_id__in=unit_ids)


def matter_get_for_user(user, pk: int) -> MajorMatter:
    return get_object_or_404(matter_list_visible_to(user), pk=pk)


def matter_with_record(user, pk: int) -> MajorMatter:
    return get_object_or_404(
        matter_list_visible_to(user)
        .select_related("registered_by")
        .prefetch_related(Prefetch("events", queryset=MajorMatterEvent.objects.select_related("actor"))),
        pk=pk,
    )


def _items() -> Prefetch:
    return Prefetch(
        "items", queryset=MajorMatterListItem.objects.select_related("unit").order_by("order", "id")
    )


def yearly_lists_visible_to(user) -> QuerySet[MajorMatterList]:
    """Staff and members: every list; unit officers: the agreed ones."""
    rows = MajorMatterList.objects.order_by("-year")
    if permissions.sees_everything(user):
        return rows
    if officer_unit_ids(user):
        return rows.filter(state=L.AGREED)
    return rows.none()


def items_to_report(user) -> QuerySet[MajorMatterListItem]:
    """The items of agreed lists the officer's units are to report and have not yet (or whose
    report came back), by planned month: the portal's "to report" list."""
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return MajorMatterListItem.objects.none()
    return (
        MajorMatterListItem.objects.filter(
            unit_id__in=unit_ids, matter_list__state=L.AGREED, dropped_at__isnull=True
        )
        .exclude(matters__state__in=[s for s in M.values if s != M.RETURNED])
        .select_related("matter_list", "unit")
        .order_by("-matter_list__year", "planned_month", "order", "id")
    )


# --- the public ----------------------------------------------------------------------------------


def public_matters() -> QuerySet[MajorMatter]:
    return (
        MajorMatter.objects.filter(state=M.CONCLUDED, withhold_reason="")
        .select_related("unit", "meeting", "matter_list", "list_item")
        .order_by("-concluded_at", "-id")
    )


def public_matter(year: int, pk: int) -> MajorMatter:
    return get_object_or_404(public_matters(), pk=pk, matter_list__year=year)


def public_list_years() -> list[int]:
    return list(
        MajorMatterList.objects.filter(state=L.AGREED).order_by("-year").values_list("year", flat=True)
    )


def public_yearly_list(year: int) -> MajorMatterList:
    """An agreed list with its items (dropped ones with their reasons) and each item's public
    matter, plus the year's public matters outside the list. Four queries."""
    matter_list = get_object_or_404(
        MajorMatterList.objects.filter(state=L.AGREED).prefetch_related(
            _items(),
            Prefetch(
                "events", queryset=MajorMatterListEvent.objects.filter(action__in=["add_item", "drop_item"])
            ),
        ),
        year=year,
    )
    public = {}
    outside = []
    for matter in public_matters().filter(matter_list=matter_list).order_by("id"):
        if matter.list_item_id:
            public[matter.list_item_id] = matter
        else:
            outside.append(matter)
    reported = set(
        MajorMatter.objects.filter(matter_list=matter_list, list_item__isnull=False)
        .exclude(state=M.RETURNED)
        .values_list("list_item_id", flat=True)
    )
    for item in matter_list.items.all():
        item.public_matter = public.get(item.pk)
        item.reported = item.pk in reported
    matter_list.outside = outside
    return matter_list
