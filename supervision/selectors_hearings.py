"""Reads of public hearings (听证), scoped to who asks.

Walls: staff and committee members see every hearing with its sign-ups (mobiles included: staff
contact the participants); nobody else sees a drafted one. The public sees every hearing whose
notice was published (published, selected, held, concluded, cancelled), its selected
participants and record with names masked unless the citizen agreed, and one sign-up by its
receipt number — never a mobile."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from supervision import permissions
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing

H = PublicHearing.State
S = HearingSignup.State
PUBLIC_STATES = [H.PUBLISHED, H.SELECTED, H.HELD, H.CONCLUDED, H.CANCELLED]


def hearing_list_visible_to(user) -> QuerySet[PublicHearing]:
    rows = PublicHearing.objects.select_related("organizer", "plan_item")
    return rows if permissions.sees_everything(user) else rows.none()


def hearing_get_for_user(user, pk) -> PublicHearing:
    return get_object_or_404(hearing_list_visible_to(user), pk=pk)


def hearings_public() -> QuerySet[PublicHearing]:
    """Published notices, soonest coming first then the past ones, with their sign-up counts
    (one query whatever the number)."""
    return (
        PublicHearing.objects.filter(state__in=PUBLIC_STATES)
        .select_related("organizer")
        .annotate(
            signup_count=Count("signups"),
            selected_count=Count("signups", filter=Q(signups__state=S.SELECTED)),
        )
        .order_by("-starts_at", "-id")
    )


def hearings_open_for_signup(now) -> QuerySet[PublicHearing]:
    return (
        PublicHearing.objects.filter(state=H.PUBLISHED, signup_opens__lte=now, signup_closes__gt=now)
        .select_related("organizer")
        .order_by("signup_closes", "id")
    )


def home_section() -> list[PublicHearing]:
    """The public home's hearings open for sign-up now, closing soonest first (one query)."""
    from django.utils import timezone

    return list(hearings_open_for_signup(timezone.now())[:3])


def hearing_get_public(pk) -> PublicHearing:
    """One published hearing with its selected participants and its record (three queries)."""
    return get_object_or_404(
        PublicHearing.objects.filter(state__in=PUBLIC_STATES)
        .select_related("organizer", "plan_item")
        .annotate(signup_count=Count("signups"))
        .prefetch_related(
            Prefetch(
                "signups",
                queryset=HearingSignup.objects.filter(state=S.SELECTED)
                .select_related("street")
                .order_by("stance", "created_at", "id"),
                to_attr="participants",
            ),
            Prefetch(
                "speeches",
                queryset=HearingSpeech.objects.select_related("signup").order_by("order", "id"),
                to_attr="record",
            ),
        ),
        pk=pk,
    )


def signup_get_by_receipt(receipt: str) -> HearingSignup:
    """A sign-up by its receipt number (case and spaces forgiven), 404 otherwise."""
    receipt = "".join((receipt or "").split()).upper()
    if not receipt or len(receipt) > 20:
        raise Http404
    return get_object_or_404(HearingSignup.objects.select_related("hearing", "street"), receipt=receipt)


def signup_list_for_staff(hearing: PublicHearing) -> list[HearingSignup]:
    return list(hearing.signups.select_related("street").order_by("created_at", "id"))


def stance_counts(signups) -> dict[str, dict[str, int]]:
    """Per stance: how many signed up and how many were selected (for the notice's summary)."""
    counts = {stance: {"signed": 0, "selected": 0} for stance in HearingSignup.Stance.values}
    for signup in signups:
        counts[signup.stance]["signed"] += 1
        if signup.state == S.SELECTED:
            counts[signup.stance]["selected"] += 1
    return counts
