"""Reads of filed normative documents, scoped to who asks.

Walls: staff and committee members see every filing with its review record and the experts'
opinions; a unit's officer sees the filings of the units they act for (the review opinions
addressed to them, not the staff's consultations); anyone else sees nothing in the portal (404).
The public register shows every filed document with its state and, once concluded, the outcome
and the conclusion; citizens read their suggestion by its receipt number.

Lists never read the documents' full text (deferred): a page is the same few queries whether
the register holds a hundred documents or ten thousand."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from supervision import permissions
from supervision.models import FilingEvent, FilingOpinion, FilingSuggestion, NormativeDocument
from supervision.selectors import consultations_of, officer_unit_ids

F = NormativeDocument.State
# The columns a list shows (the full texts are not read).
LIST_FIELDS = (
    "id",
    "unit_id",
    "unit__name",
    "title",
    "doc_number",
    "published_on",
    "filed_on",
    "late",
    "days_late",
    "state",
    "outcome",
    "review_due",
    "correction_due",
    "reviewed_at",
)
SEARCH_LIMIT = 100


def sees_all_filings(user) -> bool:
    return permissions.sees_everything(user)


def _list_rows() -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.select_related("unit").only(*LIST_FIELDS)


def search_filter(query: str) -> Q | None:
    """Every word (split on spaces) in the title, the 文号 or the issuing body's name, in any
    case: one plain ``LIKE`` per word over the stored lower-case ``search_text`` (a 10,000-row
    scan takes milliseconds; a two-character Chinese word cannot use a trigram index anyway)."""
    words = [w for w in (query or "").split()[:5] if w][:5]
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word[:SEARCH_LIMIT].lower())
    return condition


def filing_list_visible_to(user, *, search: str = "", state: str = "") -> QuerySet[NormativeDocument]:
    rows = _list_rows()
    if not sees_all_filings(user):
        unit_ids = officer_unit_ids(user)
        if not unit_ids:
            return rows.none()
        rows = rows.filter(unit_id__in=unit_ids)
    condition = search_filter(search)
    if condition is not None:
        rows = rows.filter(condition)
    if state in F.values:
        rows = rows.filter(state=state)
    return rows.order_by("-filed_on", "-id")


def _scope(user) -> QuerySet[NormativeDocument]:
    rows = NormativeDocument.objects.select_related("unit", "filed_by")
    if sees_all_filings(user):
        return rows
    unit_ids = officer_unit_ids(user)
    return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()


def filing_get_for_user(user, pk: int) -> NormativeDocument:
    return get_object_or_404(_scope(user), pk=pk)


def filing_with_record(user, pk: int) -> NormativeDocument:
    """The filing with its opinions, suggestions (staff and members) and timeline; staff and
    members also get ``consultations``. A constant number of queries."""
    lookups = [
        Prefetch("opinions", queryset=FilingOpinion.objects.select_related("author")),
        Prefetch("events", queryset=FilingEvent.objects.select_related("actor")),
    ]
    if sees_all_filings(user):
        lookups.append(
            Prefetch("suggestions", queryset=FilingSuggestion.objects.order_by("created_at", "id"))
        )
    filing = get_object_or_404(_scope(user).prefetch_related(*lookups), pk=pk)
    filing.consultation_list = list(consultations_of(filing)) if sees_all_filings(user) else []
    return filing


# --- the public register ----------------------------------------------------------------------------


def register(*, search: str = "", state: str = "", year: int | None = None) -> QuerySet[NormativeDocument]:
    """Every filed document, newest filing first, searched by words in the title, 文号 or the
    issuing body."""
    rows = _list_rows()
    condition = search_filter(search)
    if condition is not None:
        rows = rows.filter(condition)
    if state in F.values:
        rows = rows.filter(state=state)
    if year:
        rows = rows.filter(filed_on__year=year)
    return rows.order_by("-filed_on", "-id")


def filing_get_public(pk: int) -> NormativeDocument:
    return get_object_or_404(NormativeDocument.objects.select_related("unit"), pk=pk)


def suggestion_by_receipt(receipt: str) -> FilingSuggestion:
    receipt = (receipt or "").strip().upper()[:20]
    return get_object_or_404(
        FilingSuggestion.objects.select_related("filing", "filing__unit"), receipt=receipt
    )


def suggestion_list_visible_to(user) -> QuerySet[FilingSuggestion]:
    rows = FilingSuggestion.objects.select_related("filing", "filing__unit")
    return rows if sees_all_filings(user) else rows.none()


def suggestion_by_receipt_or_none(receipt: str) -> FilingSuggestion | None:
    receipt = (receipt or "").strip().upper()[:20]
    return FilingSuggestion.objects.select_related("filing", "filing__unit").filter(receipt=receipt).first()
