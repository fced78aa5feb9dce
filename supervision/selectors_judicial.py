"""Reads of the court and procuratorate supervision (seed 十), scoped to who asks.

Walls: staff and committee members see everything; a deputy sees the hearings they recorded;
an officer of the court or procuratorate sees the hearing records whose remarks were passed to
their unit (not a deputy's bare attendance). Anything else is a 404. The public sees the
special supervisors serving today."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from supervision import permissions
from supervision.models_judicial import HearingAttendance, SpecialSupervisor
from supervision.selectors import UNIT_VISIBLE_HEARING, officer_unit_ids

H = HearingAttendance.State
S = SpecialSupervisor.State


def hearing_list_visible_to(user) -> QuerySet[HearingAttendance]:
    rows = HearingAttendance.objects.select_related("unit", "deputy")
    if permissions.sees_everything(user):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    visible = Q(deputy=user)
    unit_ids = officer_unit_ids(user)
    if unit_ids:
        visible |= Q(unit_id__in=unit_ids, state__in=UNIT_VISIBLE_HEARING)
    return rows.filter(visible)


def hearing_get_for_user(user, pk: int) -> HearingAttendance:
    return get_object_or_404(hearing_list_visible_to(user), pk=pk)


def hearing_with_record(user, pk: int) -> HearingAttendance:
    return get_object_or_404(
        hearing_list_visible_to(user)
        .select_related("replied_by")
        .prefetch_related(
            # The timeline with its actors: one query.
            "events__actor"
        ),
        pk=pk,
    )


def special_supervisors_serving(today=None) -> QuerySet[SpecialSupervisor]:
    """Serving today (appointed, not ended, within the term), by institution: the public list."""
    today = today or timezone.localdate()
    return (
        SpecialSupervisor.objects.filter(state=S.SERVING, term_start__lte=today, term_end__gte=today)
        .select_related("institution", "deputy", "deputy__group")
        .order_by("institution__sort_order", "institution_id", "deputy__name", "id")
    )


def special_supervisor_list(user) -> QuerySet[SpecialSupervisor]:
    """Every appointment, ended ones with their reasons, for staff and members; for anyone else
    signed in the public list (those serving today)."""
    if permissions.sees_everything(user):
        return SpecialSupervisor.objects.select_related("institution", "deputy")
    return special_supervisors_serving()
