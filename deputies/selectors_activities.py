"""Reads of activities and sign-ups, scoped to who asks (seed 十四)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from deputies import permissions
from deputies.models_activities import Activity, ActivitySignup
from deputies.selectors import deputy_for_user

S = ActivitySignup.State


def _with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.annotate(
        registered_count=Count("signups", filter=Q(signups__state__in=ActivitySignup.SEATED_STATES)),
        waitlisted_count=Count("signups", filter=Q(signups__state=S.WAITLISTED)),
    )


def activity_list_visible_to(user) -> QuerySet[Activity]:
    """Activities a user sees: staff every one, deputies those of the terms they serve in;
    nobody else (the portal and the API answer 404/empty)."""
    activities = _with_counts(Activity.objects.select_related("term"))
    if permissions.can_manage_activities(user):
        return activities
    deputy = deputy_for_user(user)
    if deputy is None or not permissions.is_deputy(user):
        return Activity.objects.none()
    return activities.filter(term_id=deputy.term_id)


def activity_get_for_user(user, pk: int) -> Activity:
    return get_object_or_404(activity_list_visible_to(user), pk=pk)


def own_signups(user, activity_ids) -> dict[int, ActivitySignup]:
    """The caller's live or settled sign-up per activity (the latest, cancelled ones only when no
    other): one query for a page of activities."""
    deputy = deputy_for_user(user)
    if deputy is None:
        return {}
    rows = ActivitySignup.objects.filter(deputy=deputy, activity_id__in=list(activity_ids)).order_by(
        "activity_id", "created_at", "id"
    )
    found: dict[int, ActivitySignup] = {}
    for row in rows:
        current = found.get(row.activity_id)
        if current is None or current.state == S.CANCELLED:
            found[row.activity_id] = row
    return found


def waitlist_position(signup: ActivitySignup) -> int | None:
    if signup.state != S.WAITLISTED:
        return None
    ahead = ActivitySignup.objects.filter(activity_id=signup.activity_id, state=S.WAITLISTED).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.id)
    )
    return ahead.count() + 1


def signup_list_for_activity(user, activity: Activity) -> QuerySet[ActivitySignup]:
    """The roll of an activity: staff only (deputies see their own line)."""
    if not permissions.can_manage_activities(user):
        return ActivitySignup.objects.none()
    return (
        ActivitySignup.objects.filter(activity=activity)
        .select_related("deputy", "deputy__group")
        .order_by("state", "created_at", "id")
    )


def signup_get_for_user(user, pk: int) -> ActivitySignup:
    """A sign-up the caller may act on: their own, or any for staff (404 otherwise)."""
    rows = ActivitySignup.objects.select_related("deputy", "activity")
    if not permissions.can_manage_activities(user):
        deputy = deputy_for_user(user)
        if deputy is None:
            raise Http404
        rows = rows.filter(deputy__user=user)
    return get_object_or_404(rows, pk=pk)
