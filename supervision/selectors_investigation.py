"""Reads of special-question investigations: staff and committee members see every one; a
deputy on an investigation committee sees that one; the public sees concluded ones (404
otherwise)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from supervision import permissions
from supervision.models import Investigation, InvestigationEvent

V = Investigation.State


def _with_people(rows: QuerySet[Investigation]) -> QuerySet[Investigation]:
    return rows.select_related("meeting").prefetch_related("proposers", "committee_members")


def investigation_list_visible_to(user) -> QuerySet[Investigation]:
    rows = _with_people(Investigation.objects.all())
    if permissions.sees_everything(user):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    return rows.filter(pk__in=Investigation.objects.filter(committee_members=user).values("pk"))


def investigation_get_for_user(user, pk: int) -> Investigation:
    return get_object_or_404(investigation_list_visible_to(user), pk=pk)


def investigation_with_record(user, pk: int) -> Investigation:
    rows = investigation_list_visible_to(user).prefetch_related(
        Prefetch("events", queryset=InvestigationEvent.objects.select_related("actor"))
    )
    return get_object_or_404(rows, pk=pk)


def investigations_public() -> QuerySet[Investigation]:
    return _with_people(Investigation.objects.filter(state=V.CONCLUDED)).order_by("-concluded_at", "-id")


def investigation_get_public(pk: int) -> Investigation:
    return get_object_or_404(investigations_public(), pk=pk)
