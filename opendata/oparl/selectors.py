"""What the OParl API may show: the same records the public website shows, read through the
domain apps' public selectors, with what each OParl object needs loaded up front (a list page
costs the same number of queries whatever it holds).

Every function returns a queryset ordered by primary key (stable pages) whose rows the builders
in ``opendata.oparl.objects`` turn into OParl objects without another query."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from budget.models import PUBLIC_STAGES, BookStage
from congress.models import Organization, Term
from deputies.models import Deputy, DeputyGroup
from meetings.models import AgendaItem, Meeting, MeetingDocument
from meetings.selectors import meeting_list_public
from proposals.models import Assignment, Attachment, CoSigner, Reply
from proposals.selectors import public_proposals
from supervision.models import Interpellation, WorkReport
from supervision.models_filings import NormativeDocument
from supervision.models_inquiries import Inquiry
from supervision.models_inspections import Inspection
from supervision.selectors import PUBLIC_INTERPELLATION, reports_public
from supervision.selectors_inspections import PUBLIC_STATES as PUBLIC_INSPECTION

# The two bodies (OParl ``Body``): the people's congress, whose deputies, groups and proposals
# are its own, and its standing committee, which meets between sessions and supervises.
CONGRESS = "congress"
STANDING = "standing-committee"
BODIES = (CONGRESS, STANDING)

# Which meetings belong to which body (the town's congress meets as a congress too).
MEETING_KINDS = {
    CONGRESS: (Meeting.Kind.CONGRESS, Meeting.Kind.TOWN),
    STANDING: (Meeting.Kind.STANDING, Meeting.Kind.CHAIRPERSONS),
}


def terms() -> QuerySet[Term]:
    return Term.objects.order_by("pk")


# --- people and organizations ------------------------------------------------------------------


def persons() -> QuerySet[Deputy]:
    """Serving deputies as their public page shows them (``deputy_get_public``): public fields
    only are read by the builder (``Deputy.public_value``); the term and the group come along."""
    return Deputy.objects.filter(is_active=True).select_related("term", "group").order_by("pk")


def memberships() -> QuerySet[Deputy]:
    """A deputy's membership of their deputy group (one per serving deputy with a group)."""
    return persons().filter(group__isnull=False)


def units() -> QuerySet[Organization]:
    """The committee's own offices and working committees, 一府两院 and the handling units: the
    names the public pages show (attendance by unit, replies by unit)."""
    return Organization.objects.select_related("parent").order_by("pk")


def deputy_groups() -> QuerySet[DeputyGroup]:
    return (
        DeputyGroup.objects.select_related("term")
        .prefetch_related(
            Prefetch(
                "deputies",
                queryset=Deputy.objects.filter(is_active=True).only("id", "group_id").order_by("pk"),
                to_attr="serving",
            )
        )
        .order_by("pk")
    )


# --- meetings ------------------------------------------------------------------------------------


def _public_documents():
    return MeetingDocument.objects.filter(is_public=True).order_by("pk")


def meetings(body: str | None = None) -> QuerySet[Meeting]:
    """Published meetings (``meeting_list_public``) with their agenda and public documents."""
    rows = (
        meeting_list_public()
        .only(
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "status",
            "created_at",
            "updated_at",
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")),
            Prefetch("documents", queryset=_public_documents()),
        )
        .order_by("pk")
    )
    return rows.filter(kind__in=MEETING_KINDS[body]) if body else rows


def _public_meeting_ids(body: str | None):
    return meetings(body).values("pk")


def agenda_items(body: str | None = None) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(meeting__in=_public_meeting_ids(body))
        .select_related("meeting")
        .order_by("pk")
    )


def meeting_files(body: str | None = None) -> QuerySet[MeetingDocument]:
    return _public_documents().filter(meeting__in=_public_meeting_ids(body)).select_related("meeting")


def meeting_locations(body: str | None = None) -> QuerySet[Meeting]:
    """Each published meeting's place (OParl ``Location``), read from the meeting row."""
    rows = meeting_list_public().only("id", "kind", "location", "created_at", "updated_at").order_by("pk")
    return rows.filter(kind__in=MEETING_KINDS[body]) if body else rows


# --- papers ----------------------------------------------------------------------------------------


def _confirmed_replies():
    return Reply.objects.filter(state=Reply.State.CONFIRMED).exclude(
        assignment__state=Assignment.State.WITHDRAWN
    )


def proposals():
    """Disclosed proposals (closed, not withheld: ``public_proposals``) with their units, their
    confirmed replies and co-signers."""
    return (
        public_proposals()
        .select_related("lead_deputy", "category")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(state=Assignment.State.WITHDRAWN)
                .select_related("unit")
                .prefetch_related(
                    Prefetch(
                        "replies",
                        queryset=Reply.objects.filter(state=Reply.State.CONFIRMED)
                        .only("id", "assignment_id")
                        .order_by("pk"),
                        to_attr="public_replies",
                    )
                )
                .order_by("role", "id"),
                to_attr="public_assignments",
            ),
            Prefetch(
                "cosigners",
                queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
                .select_related("deputy")
                .only("id", "proposal_id", "deputy__id", "deputy__is_active"),
                to_attr="confirmed_cosigners",
            ),
        )
        .order_by("pk")
    )


def replies():
    """Confirmed replies of disclosed proposals, as the proposal's public page shows them, with
    their files."""
    return (
        _confirmed_replies()
        .filter(assignment__proposal__in=public_proposals().values("pk"))
        .select_related("assignment__unit", "assignment__proposal")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("pk")
    )


def reply_files() -> QuerySet[Attachment]:
    """The files of those replies (a proposal's own files stay in the portal)."""
    return (
        Attachment.objects.filter(reply__in=replies().values("pk"))
        .select_related("reply")
        .only("id", "name", "created_at", "reply__id", "reply__assignment_id")
        .order_by("pk")
    )


def consultations():
    """Each unit a disclosed proposal was assigned to (lead, assisting, joint)."""
    return (
        Assignment.objects.exclude(state=Assignment.State.WITHDRAWN)
        .filter(proposal__in=public_proposals().values("pk"))
        .select_related("unit", "proposal")
        .only("id", "role", "created_at", "updated_at", "unit__id", "proposal__id")
        .order_by("pk")
    )


def work_reports() -> QuerySet[WorkReport]:
    """Closed work reports (``reports_public``): the record the public page shows."""
    return reports_public().select_related(None).select_related("unit").prefetch_related(None).order_by("pk")


def interpellations() -> QuerySet[Interpellation]:
    """Interpellations once answered (``interpellations_public``'s states)."""
    return (
        Interpellation.objects.filter(state__in=PUBLIC_INTERPELLATION).select_related("unit").order_by("pk")
    )


def inquiries() -> QuerySet[Inquiry]:
    """Held special inquiries (``inquiries_public``)."""
    return Inquiry.objects.filter(state=Inquiry.State.HELD).order_by("pk")


def inspections() -> QuerySet[Inspection]:
    """Law-enforcement inspections once deliberated (``inspections_public_list``'s states)."""
    return Inspection.objects.filter(state__in=PUBLIC_INSPECTION).order_by("pk")


def filings() -> QuerySet[NormativeDocument]:
    """The public register of filed normative documents (every filing is on it)."""
    return NormativeDocument.objects.select_related("unit").defer("text", "search_text").order_by("pk")


def budgets() -> QuerySet[BookStage]:
    """The budget books the public sees (approved, adjusted, final accounts)."""
    return BookStage.objects.filter(stage__in=PUBLIC_STAGES).select_related("fiscal_year").order_by("pk")


def filing_files() -> QuerySet[NormativeDocument]:
    return filings().exclude(Q(pdf="") | Q(pdf__isnull=True))
