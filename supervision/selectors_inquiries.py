"""Reads of inquiries, scoped to who asks.

Walls: staff, committee members and deputies see every inquiry with all its questions (they
ask them); a unit officer sees the inquiries that put a question to one of their units, and
in them only those questions, and only their units' commitments; anyone else sees nothing
(404). The public sees held inquiries with their whole record."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.db.models import Q as DQ
from django.shortcuts import get_object_or_404

from congress import roles
from supervision import permissions
from supervision.models import CommitmentEvent, Inquiry, InquiryCommitment, InquiryEvent, InquiryQuestion
from supervision.selectors import officer_unit_ids

Q = Inquiry.State


def sees_all_inquiries(user) -> bool:
    return permissions.sees_everything(user) or roles.has_role(user, roles.DEPUTY)


def _question_rows(user) -> QuerySet[InquiryQuestion]:
    rows = InquiryQuestion.objects.select_related("unit", "asker")
    if sees_all_inquiries(user):
        return rows
    unit_ids = officer_unit_ids(user)
    return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()


def inquiry_list_visible_to(user) -> QuerySet[Inquiry]:
    rows = Inquiry.objects.select_related("meeting", "committee")
    if sees_all_inquiries(user):
        return rows
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return rows.none()
    return rows.filter(pk__in=InquiryQuestion.objects.filter(unit_id__in=unit_ids).values("inquiry_id"))


def _record_prefetch(user, *, public: bool = False) -> list:
    commitments = InquiryCommitment.objects.select_related("unit").order_by("due_date", "id")
    if not public and not sees_all_inquiries(user):
        commitments = commitments.filter(unit_id__in=officer_unit_ids(user))
    questions = InquiryQuestion.objects.select_related("unit", "asker") if public else _question_rows(user)
    lookups = [
        Prefetch(
            "questions",
            queryset=questions.order_by("asked_at", "id").prefetch_related(
                Prefetch("commitments", queryset=commitments)
            ),
        )
    ]
    if not public:
        events = InquiryEvent.objects.select_related("actor")
        if not sees_all_inquiries(user):
            # A unit's timeline: the inquiry's own steps and those on its questions only.
            events = events.filter(
                DQ(question__isnull=True) | DQ(question__unit_id__in=officer_unit_ids(user))
            )
        lookups.append(Prefetch("events", queryset=events))
    return lookups


def inquiry_list_with_record(user) -> QuerySet[Inquiry]:
    """The inquiries the user may see, each with the questions they may see (API list)."""
    return inquiry_list_visible_to(user).prefetch_related(*_record_prefetch(user)[:1])


def inquiry_get_for_user(user, pk: int) -> Inquiry:
    return get_object_or_404(inquiry_list_visible_to(user), pk=pk)


def inquiry_with_record(user, pk: int) -> Inquiry:
    """The inquiry with the questions the user may see (a unit: its own), each with its
    commitments, and the timeline: a constant number of queries."""
    return get_object_or_404(inquiry_list_visible_to(user).prefetch_related(*_record_prefetch(user)), pk=pk)


def question_get_for_user(user, pk: int) -> InquiryQuestion:
    return get_object_or_404(_question_rows(user).select_related("inquiry"), pk=pk)


def commitment_list_visible_to(user) -> QuerySet[InquiryCommitment]:
    rows = InquiryCommitment.objects.select_related("unit", "question__inquiry")
    if sees_all_inquiries(user):
        return rows
    unit_ids = officer_unit_ids(user)
    return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()


def commitment_get_for_user(user, pk: int) -> InquiryCommitment:
    return get_object_or_404(commitment_list_visible_to(user), pk=pk)


def commitment_with_record(user, pk: int) -> InquiryCommitment:
    return get_object_or_404(
        commitment_list_visible_to(user).prefetch_related(
            Prefetch("events", queryset=CommitmentEvent.objects.select_related("actor"))
        ),
        pk=pk,
    )


def inquiries_public() -> QuerySet[Inquiry]:
    """Held inquiries, newest first, each with its questions, answers and commitments."""
    return (
        Inquiry.objects.filter(state=Q.HELD)
        .select_related("meeting")
        .prefetch_related(*_record_prefetch(None, public=True))
        .order_by("-held_at", "-id")
    )


def inquiries_public_list() -> QuerySet[Inquiry]:
    """Held inquiries for the public list page: the row only (one query per page)."""
    return (
        Inquiry.objects.filter(state=Q.HELD)
        .select_related("meeting")
        .only("id", "title", "kind", "state", "held_at", "meeting__title", "meeting__starts_at")
        .order_by("-held_at", "-id")
    )


def inquiry_get_public(pk: int) -> Inquiry:
    return get_object_or_404(inquiries_public(), pk=pk)


def inquiries_open() -> QuerySet[Inquiry]:
    """Inquiries taking questions, the soonest meeting first."""
    return Inquiry.objects.filter(state=Q.OPEN).select_related("meeting").order_by("meeting__starts_at", "id")
