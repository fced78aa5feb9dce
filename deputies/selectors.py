"""Reads of the deputies registry, scoped to who asks."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from congress.models import Term
from deputies.models import Deputy, DeputyGroup


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


def deputy_for_user(user) -> Deputy | None:
    """The deputy record of a logged-in deputy in the latest term they serve; cached per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_congress_deputy"):
        user._congress_deputy = (
            Deputy.objects.select_related("term", "group").filter(user=user).order_by("-term__number").first()
        )
    return user._congress_deputy


def deputy_directory(*, term: Term, search: str = "", group_id: int | None = None) -> QuerySet[Deputy]:
    """Serving deputies of a term for the public directory. Loads only what the directory
    shows; a field reaches the page only if it is in ``public_fields`` (Deputy.public_value)."""
    deputies = (
        Deputy.objects.filter(term=term, is_active=True)
        .select_related("group", "constituency")
        .only(
            "id",
            "name",
            "gender",
            "ethnicity",
            "party",
            "occupation",
            "specialty",
            "sector",
            "education",
            "birth_date",
            "photo",
            "public_fields",
            "group__name",
            "constituency__name",
            "constituency__number",
        )
        .order_by("group__sort_order", "group__name", "name", "id")
    )
    if group_id:
        deputies = deputies.filter(group_id=group_id)
    if search:
        # Only searches fields that are public for every deputy, so search cannot reveal
        # a field a deputy chose to hide.
        deputies = deputies.filter(Q(name__icontains=search) | Q(group__name__icontains=search))
    return deputies


def deputy_groups_of(term: Term) -> QuerySet[DeputyGroup]:
    return DeputyGroup.objects.filter(term=term).order_by("sort_order", "name")


def deputy_directory_summary() -> dict:
    """Numbers for the public home: the current term and how many deputies serve in it."""
    term = current_term()
    if term is None:
        return {"term": None, "count": 0, "groups": 0}
    counts = Deputy.objects.filter(term=term, is_active=True).aggregate(
        count=Count("id"), groups=Count("group", distinct=True)
    )
    return {"term": term, **counts}


def deputy_get_public(*, pk: int) -> Deputy:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Deputy.objects.select_related("term", "group", "constituency"), pk=pk, is_active=True
    )
