"""Reads of law-enforcement inspections, scoped to who asks.

Walls: staff and committee members see every inspection and issue; deputies see every
inspection (they sign up to its groups) and the issues of the public ones and of those they
are in a group of; a unit officer sees the inspections that listed an issue against one of
their units, and in them only their units' issues; anyone else nothing (404). The public sees
deliberated and closed inspections with their whole issue list and how each was rectified."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.db.models import Q as DQ
from django.shortcuts import get_object_or_404

from congress import roles
from supervision import permissions
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionEvent,
    InspectionGroup,
    InspectionGroupMember,
    InspectionIssue,
    InspectionIssueEvent,
    InspectionVisit,
    IssueRectification,
)
from supervision.selectors import officer_unit_ids

S = Inspection.State
PUBLIC_STATES = [S.DELIBERATED, S.CLOSED]


def _is_deputy(user) -> bool:
    return roles.has_role(user, roles.DEPUTY)


def sees_all(user) -> bool:
    return permissions.sees_everything(user)


# --- issues --------------------------------------------------------------------------------------


def issue_list_visible_to(user) -> QuerySet[InspectionIssue]:
    """Issues the user may see, with their unit and inspection (two joins, one query)."""
    rows = InspectionIssue.objects.select_related("unit", "inspection")
    if sees_all(user):
        return rows
    wall = DQ(pk__in=[])
    unit_ids = officer_unit_ids(user)
    if unit_ids:
        wall |= DQ(unit_id__in=unit_ids)
    if _is_deputy(user):
        mine = InspectionGroupMember.objects.filter(user=user).values("group__inspection_id")
        wall |= DQ(inspection__state__in=PUBLIC_STATES) | DQ(inspection_id__in=mine)
    if not unit_ids and not _is_deputy(user):
        return rows.none()
    return rows.filter(wall)


def issue_get_for_user(user, pk: int) -> InspectionIssue:
    return get_object_or_404(issue_list_visible_to(user), pk=pk)


def issue_with_record(user, pk: int) -> InspectionIssue:
    """The issue with its rectification reports (every round) and its timeline."""
    return get_object_or_404(
        issue_list_visible_to(user).prefetch_related(
            InspectionIssue.rounds_prefetch(IssueRectification.objects.select_related("submitted_by")),
            Prefetch("events", queryset=InspectionIssueEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )


# --- inspections ---------------------------------------------------------------------------------


def inspection_list_visible_to(user) -> QuerySet[Inspection]:
    rows = Inspection.objects.select_related("committee", "meeting")
    if sees_all(user) or _is_deputy(user):
        return rows
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return rows.none()
    return rows.filter(pk__in=InspectionIssue.objects.filter(unit_id__in=unit_ids).values("inspection_id"))


def inspection_get_for_user(user, pk: int) -> Inspection:
    return get_object_or_404(inspection_list_visible_to(user), pk=pk)


def _groups() -> Prefetch:
    return Prefetch(
        "groups",
        queryset=InspectionGroup.objects.prefetch_related(
            Prefetch("memberships", queryset=InspectionGroupMember.objects.select_related("user"))
        ),
    )


def _issues(queryset) -> Prefetch:
    return Prefetch(
        "issues",
        queryset=queryset.order_by("number", "id").prefetch_related(InspectionIssue.rounds_prefetch()),
    )


def sees_timeline(user) -> bool:
    return sees_all(user) or _is_deputy(user)


def inspection_with_record(user, pk: int) -> Inspection:
    """The inspection with its groups and their members, visits, the issues the user may see
    (each with its rectification reports), amendment suggestions and timeline: a constant
    number of queries."""
    issues = issue_list_visible_to(user).select_related(None).select_related("unit")
    lookups = [
        _groups(),
        Prefetch("visits", queryset=InspectionVisit.objects.select_related("group")),
        _issues(issues),
        Prefetch("amendments", queryset=AmendmentSuggestion.objects.order_by("id")),
    ]
    if sees_timeline(user):
        lookups.append(
            Prefetch(
                "events",
                queryset=InspectionEvent.objects.filter(amendment__isnull=True).select_related("actor"),
            )
        )
    return get_object_or_404(inspection_list_visible_to(user).prefetch_related(*lookups), pk=pk)


def inspections_forming() -> QuerySet[Inspection]:
    """Inspections whose groups are still being formed (deputies may sign up), with their
    groups and members."""
    return (
        Inspection.objects.filter(state__in=[S.PREPARING, S.INSPECTING])
        .prefetch_related(_groups())
        .order_by("-year", "-created_at", "-id")
    )


def inspections_for_portal(user) -> QuerySet[Inspection]:
    """The portal list: every inspection the user may see, with the number of issues."""
    return (
        inspection_list_visible_to(user)
        .annotate(issue_count=Count("issues"))
        .order_by("-year", "-created_at", "-id")
    )


def group_get_for_signup(pk: int) -> InspectionGroup:
    """A group a deputy may sign up to or withdraw from (the service checks the state)."""
    return get_object_or_404(InspectionGroup.objects.select_related("inspection"), pk=pk)


def my_memberships(user, inspection_ids) -> dict[int, InspectionGroupMember]:
    """The user's membership per inspection (one query)."""
    rows = InspectionGroupMember.objects.filter(user=user, group__inspection_id__in=list(inspection_ids))
    return {row.group.inspection_id: row for row in rows.select_related("group")}


# --- public --------------------------------------------------------------------------------------


def inspections_public_list() -> QuerySet[Inspection]:
    """Deliberated and closed inspections, newest first, with their issue counts (one query)."""
    return (
        Inspection.objects.filter(state__in=PUBLIC_STATES)
        .annotate(
            issue_count=Count("issues"),
            accepted_count=Count("issues", filter=DQ(issues__state=InspectionIssue.State.ACCEPTED)),
        )
        .order_by("-year", "-deliberated_at", "-id")
    )


def inspection_get_public(pk: int) -> Inspection:
    """A public inspection with its groups, visits, issues and how each was rectified, and its
    amendment suggestions."""
    return get_object_or_404(
        Inspection.objects.filter(state__in=PUBLIC_STATES)
        .select_related("meeting", "committee")
        .prefetch_related(
            _groups(),
            Prefetch("visits", queryset=InspectionVisit.objects.select_related("group")),
            _issues(InspectionIssue.objects.select_related("unit")),
            Prefetch("amendments", queryset=AmendmentSuggestion.objects.order_by("id")),
        ),
        pk=pk,
    )
