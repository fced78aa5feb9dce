"""Small reads the proposals pages need beyond ``proposals.selectors``: the co-signer picker,
the unit inbox's "due soon" horizon, the return window and the filter option lists. Pure reads."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congress.rules import rule_get
from congress.workdays import WorkCalendar, deadline_after
from deputies.models import Deputy
from deputies.selectors import deputy_for_user
from proposals import selectors
from proposals.models import Assignment, Category, ContactLog, CoSigner, Proposal

PICKER_LIMIT = 20


def cosigner_candidates(user, *, query: str = "", exclude: tuple[int, ...] = ()) -> QuerySet[Deputy]:
    """Serving deputies of the caller's term a lead deputy may invite (not the caller, not those
    already picked), matching ``query`` in the name or the deputy group, at most 20."""
    lead = deputy_for_user(user)
    if lead is None:
        return Deputy.objects.none()
    deputies = (
        Deputy.objects.filter(term_id=lead.term_id, is_active=True)
        .exclude(pk=lead.pk)
        .exclude(pk__in=list(exclude))
        .select_related("group")
        .only("id", "name", "group__name")
        .order_by("group__sort_order", "name", "id")
    )
    query = (query or "").strip()
    if query:
        deputies = deputies.filter(Q(name__icontains=query) | Q(group__name__icontains=query))
    return deputies[:PICKER_LIMIT]


def cosigner_labels(user, ids) -> list[tuple[int, str]]:
    """(id, "name（group）") of the given deputies of the caller's term, in the given order."""
    lead = deputy_for_user(user)
    wanted = [int(pk) for pk in ids if str(pk).isdecimal()]
    if lead is None or not wanted:
        return []
    found = {
        d.pk: d
        for d in Deputy.objects.filter(pk__in=wanted, term_id=lead.term_id)
        .select_related("group")
        .only("id", "name", "group__name")
    }
    return [(pk, deputy_label(found[pk])) for pk in dict.fromkeys(wanted) if pk in found]


def deputy_label(deputy: Deputy) -> str:
    return f"{deputy.name}（{deputy.group.name}）" if deputy.group_id else deputy.name


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).only("id", "name").order_by("sort_order", "name")


def due_horizon(today: dt.date | None = None) -> dt.date:
    """An open assignment whose deadline is on or before this date is "due soon": within the
    largest reminder milestone (rule ``proposals.reminder_milestones``, working days). Two
    queries: the rule and the calendar overrides."""
    today = today or timezone.localdate()
    milestones = rule_get("proposals.reminder_milestones")
    return WorkCalendar().add_workdays(today, max(milestones) if milestones else 15)


def return_window_end(assignment: Assignment) -> dt.date:
    """The last day a unit may ask to return the assignment (rule ``proposals.return_window``)."""
    return deadline_after(assignment.assigned_at, rule_get("proposals.return_window"))


def cosign_invitation_get_for_user(user, pk: int) -> CoSigner:
    """One co-sign row of the caller's own deputy record (any state); 404 otherwise."""
    deputy = deputy_for_user(user)
    if deputy is None:
        raise Http404
    return get_object_or_404(
        CoSigner.objects.select_related("proposal", "proposal__lead_deputy", "deputy"), pk=pk, deputy=deputy
    )


def contacts_of(assignment: Assignment) -> QuerySet[ContactLog]:
    """The contact log of an assignment the caller already holds (read through the wall)."""
    return ContactLog.objects.filter(assignment=assignment).order_by("date", "id")


def public_search_rows(**filters) -> QuerySet[Proposal]:
    """``selectors.public_proposal_search`` with the first lead unit's confirmed reply class
    (``lead_reply_class``) in the same query, for the public result rows."""
    lead_class = Subquery(
        Assignment.objects.filter(proposal=OuterRef("pk"), role=Assignment.Role.LEAD)
        .exclude(state=Assignment.State.WITHDRAWN)
        .order_by("id")
        .values("reply_class")[:1]
    )
    return selectors.public_proposal_search(**filters).annotate(lead_reply_class=lead_class)
