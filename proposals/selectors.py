"""Reads of the proposals app, scoped to who asks. Views, the API, the admin and tasks read
through these; the walls live here: a deputy sees own and co-signed proposals, a unit officer
what was assigned to the unit, the government office reviewer what has replies, staff and
committee members everything but the drafts deputies write online (a draft is the deputy's
until submitted; staff see the paper drafts they type in), the public only closed proposals
not withheld. Anything outside a wall is a 404."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congress import caching as congress_caching
from congress import page_cache, roles
from congress.models import Organization
from congress.rules import rule_get
from congress.units import acting_unit_ids, acting_units
from congress.workdays import WorkCalendar
from deputies.models import DeputyGroup
from deputies.selectors import deputy_for_user
from proposals import caching, permissions, search
from proposals.models import (
    Assignment,
    Attachment,
    Category,
    CoSigner,
    ExtensionRequest,
    Proposal,
    ProposalEvent,
    Rating,
    Reply,
    ReturnRequest,
)

P = Proposal.State
A = Assignment.State
OPEN_PROPOSAL_STATES = (P.ASSIGNED, P.REPLY_REVIEW, P.REHANDLING)


def _sees_everything(user) -> bool:
    return roles.has_role(user, roles.STAFF, roles.MEMBER, roles.SYSADMIN)


def _lead_unit_name():
    """The first lead unit's name, as a subquery (no extra query per row)."""
    return Subquery(
        Assignment.objects.filter(proposal=OuterRef("pk"), role=Assignment.Role.LEAD)
        .exclude(state=A.WITHDRAWN)
        .order_by("id")
        .values("unit__name")[:1]
    )


class _PkInArray(Expression):
    """``<row>.id = ANY(ARRAY(<subquery>))`` on PostgreSQL, ``id IN (<subquery>)`` elsewhere.
    The array is computed once and, unlike ``IN (subquery)``, can be one arm of a ``BitmapOr``
    next to another index condition (``lead_deputy_id = …``): a deputy's proposals are then
    read through two indexes instead of testing each of a million rows, and PostgreSQL
    estimates them sensibly when further filters come on top (the portal home's drafts)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, queryset, pk=None):
        super().__init__()
        self.subquery = queryset if isinstance(queryset, Subquery) else Subquery(queryset)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk, self.subquery]

    def set_source_expressions(self, exprs):
        self.pk, self.subquery = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sub_sql, sub_params = compiler.compile(self.subquery)
        return f"{pk_sql} IN {sub_sql}", [*pk_params, *sub_params]

    def as_postgresql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sub_sql, sub_params = compiler.compile(self.subquery)
        return f"{pk_sql} = ANY(ARRAY{sub_sql})", [*pk_params, *sub_params]


def _unsubmitted_drafts_hidden(user) -> Q:
    """What staff and members see of the drafts: none written online (an online draft is the
    lead deputy's and the invited co-signers' until it is submitted); staff also see the paper
    drafts they type in for deputies (``source=paper``)."""
    q = ~Q(state=P.DRAFT)
    if permissions.is_staff(user):
        q |= Q(source=Proposal.Source.PAPER)
    return q


def _wall_deputy(user, everything: bool):
    """The deputy record whose proposals the user sees. It costs a query the first time: staff
    and members who are no deputies skip it (their roles are already read)."""
    return deputy_for_user(user) if not everything or roles.has_role(user, roles.DEPUTY) else None


def proposal_visibility_filter(user) -> Q:
    """The Q a user's proposals satisfy.

    Staff and members: everything but other people's online drafts (``_unsubmitted_drafts_hidden``).
    Others, index-friendly at a million proposals: ``lead_deputy_id = …`` OR the id is in one
    array of the other id sets (co-signed, assigned to the unit), never an ``OR`` with a
    subquery, which makes PostgreSQL test every proposal."""
    everything = _sees_everything(user)
    q = _unsubmitted_drafts_hidden(user) if everything else Q(pk__in=[])
    ids = []
    deputy = _wall_deputy(user, everything)
    if deputy is not None:
        q |= Q(lead_deputy=deputy)
        ids.append(
            CoSigner.objects.filter(deputy=deputy)
            .exclude(state=CoSigner.State.DECLINED)
            .order_by()
            .values("proposal_id")
        )
    if everything:
        # Assigned or replied proposals are never drafts: the first arm has them.
        return (q | Q(_PkInArray(ids[0]))) if ids else q
    if roles.has_role(user, roles.UNIT_OFFICER):
        ids.append(
            Assignment.objects.filter(unit__in=acting_units(user))
            .exclude(state=A.WITHDRAWN)
            .order_by()
            .values("proposal_id")
        )
    if ids:
        q |= Q(_PkInArray(ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0]))
    if permissions.is_reply_reviewer(user):
        q |= Q(Exists(Reply.objects.filter(assignment__proposal=OuterRef("pk"), kind=Reply.Kind.REPLY)))
    return q


def _visible_proposals(user) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(proposal_visibility_filter(user))


def proposal_list_visible_to(
    user, *, state: str | None = None, search: str = "", kind: str | None = None
) -> QuerySet[Proposal]:
    """Proposals the user may see, newest first, with the lead deputy, category and the first
    lead unit's name (``lead_unit_name``) in the same query. ``content`` is deferred: no list
    shows it (reading it on a row costs a query)."""
    proposals = _visible_proposals(user)
    if state:
        proposals = proposals.filter(state=state)
    if kind:
        proposals = proposals.filter(kind=kind)
    if search:
        proposals = proposals.filter(Q(title__icontains=search) | Q(serial__icontains=search))
    return (
        proposals.select_related("lead_deputy", "category")
        .defer("content")
        .annotate(lead_unit_name=_lead_unit_name())
        .order_by("-created_at", "-id")
    )


# What a row of the portal's list shows (``proposals/partials/proposal_rows.html``): a row of
# the proposal, the lead deputy and the category is some 60 columns, each compiled into the
# query and turned into a field of an instance (issue 16: a third of the page's Python).
ROW_FIELDS = (
    "id",
    "title",
    "serial",
    "kind",
    "state",
    "created_at",
    "lead_deputy_id",
    "lead_deputy__name",
    "category__name",
)


def proposal_rows_visible_to(
    user, *, state: str | None = None, search: str = "", kind: str | None = None
) -> QuerySet[Proposal]:
    """``proposal_list_visible_to`` with only the columns the portal's list shows."""
    return proposal_list_visible_to(user, state=state, search=search, kind=kind).only(*ROW_FIELDS)


def proposal_list_count(user, proposals: QuerySet[Proposal], *, filters: tuple) -> int:
    """``proposals.count()`` for a ``proposal_list_visible_to(user, …filters)`` queryset, kept in
    Django's cache for ``CONGRESS_LIST_COUNT_CACHE_SECONDS`` (0: not kept) under what the wall
    and the filters depend on outside the proposals data (the user, their roles, deputy record
    and units, the filters), stored with the proposals data version it was counted at: every
    proposals write bumps that version when it commits, so a count read is exact. The version
    and the count come in one round trip to the cache, and nothing is compiled on a hit (issue 16)."""
    seconds = getattr(settings, "CONGRESS_LIST_COUNT_CACHE_SECONDS", 0)
    if not seconds or not getattr(user, "is_authenticated", False):
        return proposals.count()
    deputy = _wall_deputy(user, _sees_everything(user))
    unit_ids = (
        sorted(acting_unit_ids(user)) if roles.has_role(user, roles.UNIT_OFFICER, roles.REVIEWER) else []
    )
    wall = (user.pk, sorted(roles.role_names(user)), deputy.pk if deputy else None, unit_ids, filters)
    key = f"proposals:portal-count:v1:{hashlib.sha256(repr(wall).encode()).hexdigest()[:32]}"
    versions, found = congress_caching.data_versions_with([caching.NAMESPACE], [key])
    # Read before counting: a write committed meanwhile leaves a count stored under the old version.
    version = versions[caching.NAMESPACE]
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    count = proposals.count()
    cache.set(key, (version, count), seconds)
    return count


def _replies_for(user) -> QuerySet[Reply]:
    """Replies a user may read: the deputy and the public read confirmed ones; the units their
    own; the reviewer and staff all."""
    replies = Reply.objects.select_related("assignment__unit", "reviewed_by").order_by("submitted_at", "id")
    if _sees_everything(user) or permissions.is_reply_reviewer(user):
        return replies
    own_units = acting_units(user)
    return replies.filter(Q(state=Reply.State.CONFIRMED) | Q(assignment__unit__in=own_units))


def proposal_get_for_user(user, pk: int) -> Proposal:
    """One proposal the user may see, with everything its page shows prefetched (co-signers,
    assignments with their contacts and requests, replies the user may read with their
    attachments, ratings, attachments and the timeline); 404 outside the user's wall."""
    return get_object_or_404(
        _visible_proposals(user)
        .select_related("lead_deputy", "category", "term", "merged_into", "oversight_committee", "created_by")
        .annotate(lead_unit_name=_lead_unit_name())
        .prefetch_related(
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy").order_by("id")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").order_by("role", "id"),
            ),
            Prefetch(
                "assignments__replies",
                queryset=_replies_for(user).prefetch_related("attachments"),
                to_attr="visible_replies",
            ),
            Prefetch("assignments__contacts"),
            Prefetch("assignments__extension_requests"),
            Prefetch("assignments__return_requests"),
            Prefetch(
                "ratings", queryset=Rating.objects.select_related("deputy").order_by("handling_round", "id")
            ),
            Prefetch(
                "events", queryset=ProposalEvent.objects.select_related("actor").order_by("created_at", "id")
            ),
            "attachments",
            "oversight_deputies",
        ),
        pk=pk,
    )


def proposal_registration_queue() -> QuerySet[Proposal]:
    """Submitted proposals waiting for staff to register them, oldest first."""
    return (
        Proposal.objects.filter(state=P.SUBMITTED)
        .select_related("lead_deputy", "category")
        .order_by("submitted_at", "id")
    )


def cosign_invitations_for_user(user) -> QuerySet[CoSigner]:
    deputy = deputy_for_user(user)
    if deputy is None:
        return CoSigner.objects.none()
    return (
        CoSigner.objects.filter(
            deputy=deputy, state=CoSigner.State.INVITED, proposal__state__in=[P.DRAFT, P.SUBMITTED]
        )
        .select_related("proposal", "proposal__lead_deputy")
        # what the invitation's row and the home's panel show
        .only(
            "id",
            "state",
            "proposal_id",
            "proposal__title",
            "proposal__kind",
            "proposal__lead_deputy__name",
        )
        .order_by("-created_at", "-id")
    )


def proposals_awaiting_rating(user) -> QuerySet[Proposal]:
    """Replied proposals this deputy (lead or confirmed co-signer) has not rated in this round."""
    deputy = deputy_for_user(user)
    if deputy is None:
        return Proposal.objects.none()
    confirmed = (
        CoSigner.objects.filter(deputy=deputy, state=CoSigner.State.CONFIRMED)
        .order_by()
        .values("proposal_id")
    )
    rated = Rating.objects.filter(
        proposal=OuterRef("pk"), deputy=deputy, handling_round=OuterRef("handling_round")
    )
    return (
        Proposal.objects.filter(Q(lead_deputy=deputy) | Q(_PkInArray(confirmed)), state=P.REPLIED)
        .exclude(Exists(rated))
        .only("id", "title", "rating_deadline")  # what the list and the home's panel show
        .order_by("rating_deadline", "id")
    )


# --- units ------------------------------------------------------------------------------------------


def assignment_visibility_filter(user) -> Q | None:
    if _sees_everything(user):
        return None
    q = Q(pk__in=[])
    if roles.has_role(user, roles.UNIT_OFFICER, roles.REVIEWER):
        q |= Q(unit__in=acting_units(user))
    if permissions.is_reply_reviewer(user):
        q |= Q(Exists(Reply.objects.filter(assignment=OuterRef("pk"), kind=Reply.Kind.REPLY)))
    return q


def _open_first():
    """0 for an open assignment, 1 otherwise: the inbox's first sort key (and the second column
    of the ``assignment_inbox_order`` index, which is built from this very expression)."""
    return Case(
        When(state__in=Assignment.OPEN_STATES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _unit_ids(user) -> list[int]:
    """The ids of the units the user acts for, read once per request (``congress.units``)."""
    return sorted(acting_unit_ids(user))


def assignment_list_for_user(
    user, *, open_only: bool = False, state: str | None = None
) -> QuerySet[Assignment]:
    """The unit inbox: the assignments of the units the user acts for (withdrawn ones left out),
    open ones first, each group by deadline, with proposal, lead deputy and unit joined.

    Two queries: the user's unit ids first (guardian's subquery would leave PostgreSQL guessing
    how many units match, and it then sorts every open assignment of the district), then the
    page, which for one unit reads just its rows from the ``assignment_inbox_order`` index."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    assignments = Assignment.objects.filter(unit_id__in=_unit_ids(user)).exclude(state=A.WITHDRAWN)
    if open_only:
        assignments = assignments.filter(state__in=Assignment.OPEN_STATES)
    if state:
        assignments = assignments.filter(state=state)
    return (
        assignments.annotate(open_first=_open_first())
        .select_related("proposal", "proposal__lead_deputy", "unit")
        .order_by("open_first", "deadline", "id")
    )


# The columns of a proposal's assignments that the assignment and reply review pages show
# beside the one at hand (issue 16: a whole row of the assignment and its unit is ~45 columns).
SIBLING_FIELDS = (
    "id",
    "proposal_id",
    "unit_id",
    "unit__name",
    "role",
    "state",
    "deadline",
    "opinion",
    "opinion_sent_at",
)


def assignment_get_for_user(user, pk: int) -> Assignment:
    """One assignment the user may see (own unit, the reviewer's replies, staff), with its
    contacts, replies, requests and siblings prefetched; 404 otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise_404()
    assignments = Assignment.objects.all()
    wall = assignment_visibility_filter(user)
    if wall is not None:
        assignments = assignments.filter(wall)
    return get_object_or_404(
        assignments.select_related(
            "proposal", "proposal__lead_deputy", "proposal__category", "unit"
        ).prefetch_related(
            "contacts",
            Prefetch(
                "replies",
                queryset=Reply.objects.select_related("reviewed_by").prefetch_related("attachments"),
            ),
            "extension_requests",
            "return_requests",
            Prefetch(
                "proposal__assignments",
                # What the pages show of the other units' parts (``siblings``, ``opinions``).
                queryset=Assignment.objects.select_related("unit")
                .only(*SIBLING_FIELDS)
                .order_by("role", "id"),
                to_attr="all_assignments",
            ),
        ),
        pk=pk,
    )


def raise_404():
    from django.http import Http404

    raise Http404


def review_queue_for_user(user) -> QuerySet[Reply]:
    """Replies waiting for the government office reviewer, oldest first."""
    if not permissions.is_reply_reviewer(user):
        return Reply.objects.none()
    return (
        Reply.objects.filter(state=Reply.State.REVIEW, kind=Reply.Kind.REPLY)
        .select_related(
            "assignment", "assignment__unit", "assignment__proposal", "assignment__proposal__lead_deputy"
        )
        .order_by("submitted_at", "id")
    )


def reply_get_for_review(user, pk: int) -> Reply:
    if not permissions.is_reply_reviewer(user):
        raise_404()
    return get_object_or_404(
        Reply.objects.select_related("assignment", "assignment__unit", "assignment__proposal"), pk=pk
    )


def pending_requests() -> dict[str, QuerySet]:
    """Return and extension requests waiting for staff."""
    return {
        "returns": ReturnRequest.objects.filter(state=ReturnRequest.State.PENDING)
        .select_related("assignment__unit", "assignment__proposal")
        .order_by("created_at"),
        "extensions": ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING)
        .select_related("assignment__unit", "assignment__proposal")
        .order_by("created_at"),
    }


# --- the public ------------------------------------------------------------------------------------------


def public_proposals() -> QuerySet[Proposal]:
    """What the public may read: closed and not withheld."""
    return Proposal.objects.filter(state=P.CLOSED, is_withheld=False)


class _NgramMatch(Expression):
    """``<proposal row>.search_vector @@ '<n-grams>'::tsquery`` on PostgreSQL (``proposals.search``).
    The column is not a model field, so the row's table alias is taken from its ``id`` column,
    which keeps the condition right when the queryset is used as a subquery."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, tsquery: str, pk=None):
        super().__init__()
        self.tsquery = tsquery
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        sql = f"{table}.search_vector @@ %s::tsquery"
        if _walk_newest_first(compiler.query):
            # Neither indexable nor estimated in this form (PostgreSQL assumes one row in two
            # matches), so PostgreSQL walks the newest rows and tests each.
            sql = f"COALESCE({sql}, FALSE)"
        return sql, [*pk_params, self.tsquery]


WALK_MIN_MATCHES = 5000  # matches of a search from which a page may walk (see below)
WALK_PAGE_SHARE = 20  # ... if the page ends within the first 1/20 of the matches


def _walk_newest_first(query) -> bool:
    """Whether a page of a search is cheaper read by walking the newest-closed index and
    testing each row than through the n-gram index. PostgreSQL cannot tell: it multiplies the
    frequencies of a word's character pairs (电梯 and 梯加 are far from independent), so for
    a frequent word it expects a few dozen matches, takes them all from the GIN index and
    sorts them, visiting tens of thousands of rows for twenty. The count, read first by every
    paginator, says how many there are: with at least ``WALK_MIN_MATCHES`` matches and a page
    within the first twentieth of them (``WALK_PAGE_SHARE``), the walk reads a few hundred rows."""
    count = getattr(query, "public_search_count", None)
    if count is None or count < WALK_MIN_MATCHES or query.high_mark is None:
        return False
    return query.high_mark * WALK_PAGE_SHARE <= count


def _term_matches(term: str) -> Q:
    """``term`` is a substring of the title, content, serial, the category's name, the lead
    deputy's name, the lead deputy's group (代表组) or its street/town (街道/镇), or the name of
    a handling unit (not withdrawn) — the fields of ``search.DOCUMENT_SQL``. The matching
    units, categories and groups are found once: the ``LIMIT`` (far above any district's
    number of them) keeps PostgreSQL from folding those searches into the per-proposal test,
    where it would scan them again for each candidate; the proposal row only compares its
    ``category_id`` and its deputy's ``group_id`` (no join added)."""
    units = Organization.objects.filter(name__icontains=term).order_by().values("pk")[:100_000]
    unit_match = Exists(
        Assignment.objects.filter(proposal=OuterRef("pk"), unit__in=units).exclude(state=A.WITHDRAWN)
    )
    categories = Category.objects.filter(name__icontains=term).order_by().values("pk")[:100_000]
    groups = (
        DeputyGroup.objects.filter(Q(name__icontains=term) | Q(organization__name__icontains=term))
        .order_by()
        .values("pk")[:100_000]
    )
    return (
        Q(title__icontains=term)
        | Q(content__icontains=term)
        | Q(serial__icontains=term)
        | Q(category__in=categories)
        | Q(lead_deputy__name__icontains=term)
        | Q(lead_deputy__group__in=groups)
        | unit_match
    )


class PublicSearchQuerySet(QuerySet):
    """``count()`` kept in Django's cache per query and data version (``proposals.caching``):
    counting the matches of a frequent word visits every matching row (tens of thousands at a
    million proposals), while the page itself reads twenty. A write through the services
    makes the next count fresh; ten minutes at most otherwise. The count also tells the page
    how to read its rows (``_walk_newest_first``)."""

    COUNT_TIMEOUT = 600

    def count(self) -> int:
        if self._result_cache is not None:
            return len(self._result_cache)
        sql, params = self.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        # What the count reads: the public proposals and the names of units, deputies, groups.
        names = ("congress", "deputies", caching.PUBLIC_NAMESPACE)
        versions = congress_caching.data_versions(names)
        page_cache.note(*names)
        key = f"proposals:public-count:{':'.join(versions[name] for name in names)}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count()
            cache.set(key, count, self.COUNT_TIMEOUT)
        self.query.public_search_count = count  # kept by the page sliced from this queryset
        return count


def public_proposal_search(
    query: str = "",
    *,
    year: int | None = None,
    unit: int | None = None,
    category: int | None = None,
    deputy: int | str | None = None,
) -> QuerySet[Proposal]:
    """Search the disclosed proposals, newest closed first: every word of ``query`` (split at
    white space) is a substring of the title, content, serial, the category's name, the lead
    deputy's name, group or street, or a handling unit's name. On PostgreSQL the words are looked up in the n-gram index
    (``proposals.search``: one GIN lookup, then the real substring checked on the candidates
    for words longer than two characters); elsewhere the same conditions run as ``icontains``.
    One query for the page plus one count (cached: ``PublicSearchQuerySet``); the first lead
    unit's name comes along as ``lead_unit_name``."""
    proposals = PublicSearchQuerySet(Proposal, query=public_proposals().query.chain())
    if year:
        proposals = proposals.filter(year=year)
    if category:
        proposals = proposals.filter(category_id=category)
    if unit:
        proposals = proposals.filter(
            Exists(
                Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=unit).exclude(state=A.WITHDRAWN)
            )
        )
    if deputy:
        if str(deputy).isdecimal():
            proposals = proposals.filter(lead_deputy_id=int(deputy))
        else:
            proposals = proposals.filter(lead_deputy__name__icontains=str(deputy))
    words = search.terms(query)
    if words and connection.vendor == "postgresql":
        proposals = proposals.filter(_NgramMatch(search.tsquery(words)))
        words = [word for word in words if len(word) > 2]  # n-grams are exact up to two characters
    for word in words:
        proposals = proposals.filter(_term_matches(word))
    return (
        proposals.select_related("lead_deputy", "category")
        .only(
            "id",
            "serial",
            "kind",
            "title",
            "year",
            "state",
            "closed_at",
            "closed_as",
            "final_satisfaction",
            "lead_deputy__id",
            "lead_deputy__name",
            "category__id",
            "category__name",
        )
        .annotate(lead_unit_name=_lead_unit_name())
        .order_by("-closed_at", "-id")
    )


def public_proposal_get(pk: int) -> Proposal:
    """A disclosed proposal with its confirmed replies (and follow-up reports); 404 otherwise."""
    return get_object_or_404(
        public_proposals()
        .select_related("lead_deputy", "category")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(state=A.WITHDRAWN)
                .select_related("unit")
                .order_by("role", "id"),
            ),
            Prefetch(
                "assignments__replies",
                queryset=Reply.objects.filter(state=Reply.State.CONFIRMED)
                .prefetch_related("attachments")
                .order_by("submitted_at", "id"),
                to_attr="public_replies",
            ),
            Prefetch(
                "cosigners",
                queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED).select_related("deputy"),
                to_attr="confirmed_cosigners",
            ),
        ),
        pk=pk,
    )


def _distinct_years(where: str, params: list) -> list[int]:
    """The distinct ``year`` values of the proposals matching ``where``, newest first, read as
    a loose index scan (one index probe per year: "the largest year below the last one")
    rather than a ``DISTINCT`` over every row."""
    table = Proposal._meta.db_table
    sql = f"""
        WITH RECURSIVE years(year) AS (
            SELECT max(year) FROM {table} WHERE {where}
            UNION ALL
            SELECT (SELECT max(year) FROM {table} WHERE {where} AND year < years.year)
            FROM years WHERE years.year IS NOT NULL
        )
        SELECT year FROM years WHERE year IS NOT NULL"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        return [row[0] for row in cursor.fetchall()]


def public_years() -> list[int]:
    """Years with disclosed proposals, newest first (index ``proposal_public``)."""
    return _distinct_years("state = %s AND is_withheld = %s", [P.CLOSED, False])


# --- oversight and statistics -----------------------------------------------------------------------------


def oversight_dashboard(*, today: dt.date | None = None, limit: int = 50) -> dict:
    """For staff: open assignments overdue and at risk (due within the largest reminder
    milestone), proposals under oversight (督办), and counts. Five queries."""
    today = today or timezone.localdate()
    milestones = rule_get("proposals.reminder_milestones")
    horizon_days = max(milestones) if milestones else 15
    horizon = WorkCalendar().add_workdays(today, horizon_days)
    open_assignments = Assignment.objects.filter(state__in=Assignment.OPEN_STATES).select_related(
        "unit", "proposal", "proposal__lead_deputy", "proposal__oversight_committee"
    )
    overdue = open_assignments.filter(deadline__lt=today).order_by("deadline", "id")
    at_risk = open_assignments.filter(deadline__gte=today, deadline__lte=horizon).order_by("deadline", "id")
    counts = Assignment.objects.filter(state__in=Assignment.OPEN_STATES).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(deadline__lt=today)),
        at_risk=Count("id", filter=Q(deadline__gte=today, deadline__lte=horizon)),
    )
    key = (
        Proposal.objects.filter(state__in=OPEN_PROPOSAL_STATES + (P.REPLIED,))
        .filter(Q(is_key_oversight=True) | Q(oversight_committee__isnull=False) | ~Q(oversight_leader=""))
        .select_related("lead_deputy", "oversight_committee")
        .annotate(lead_unit_name=_lead_unit_name())
        .order_by("-is_key_oversight", "id")
    )
    return {
        "today": today,
        "horizon": horizon,
        "horizon_days": horizon_days,
        "counts": counts,
        "overdue": list(overdue[:limit]),
        "at_risk": list(at_risk[:limit]),
        "overseen": list(key[:limit]),
        "review_waiting": Reply.objects.filter(state=Reply.State.REVIEW, kind=Reply.Kind.REPLY).count(),
    }


class UnitStatistics(list):
    """The rows of ``unit_statistics`` (a list of dicts), with ``year`` and ``as_of``: when they
    were computed (统计截至)."""

    def __init__(self, rows=(), *, year: int, as_of: dt.datetime):
        super().__init__(rows)
        self.year = year
        self.as_of = as_of


STATISTICS_TIMEOUT = 600  # seconds; writes through the services refresh it at once


def unit_statistics(year: int) -> UnitStatistics:
    """Per handling unit for one year (the government's year-end assessment): assignments
    received, lead assignments, replied on time, share of each reply class, satisfaction rate of
    the lead deputies' ratings, re-handled, still overdue; ``.as_of`` says when.

    One aggregate query over the year's assignments (seconds at a million proposals), so the
    result is kept in Django's cache per year and day (overdue counts change with the date),
    keyed by the data version (``proposals.caching``): any write through the services makes
    the next reader compute it afresh, and it is never kept longer than ten minutes. Without
    writes, the staff read it from the cache: no query."""
    today = timezone.localdate()
    key = f"proposals:unit-statistics:{year}:{today.isoformat()}:{caching.data_version()}"
    page_cache.note(caching.NAMESPACE)
    cached = cache.get(key)
    if cached is None:
        cached = {"rows": _unit_statistics_rows(year, today), "as_of": timezone.now()}
        cache.set(key, cached, STATISTICS_TIMEOUT)
    return UnitStatistics(cached["rows"], year=year, as_of=cached["as_of"])


def _unit_statistics_rows(year: int, today: dt.date) -> list[dict]:
    classes = [c["code"] for c in rule_get("proposals.reply_classes")]
    lead = Q(role=Assignment.Role.LEAD)
    aggregates = {
        "received": Count("id"),
        "lead": Count("id", filter=lead),
        "replied": Count("id", filter=lead & Q(first_replied_at__isnull=False)),
        "on_time": Count("id", filter=lead & Q(answered_on_time=True)),
        "rehandled": Count("id", filter=lead & Q(handling_round__gt=1)),
        "overdue": Count("id", filter=Q(state__in=Assignment.OPEN_STATES, deadline__lt=today)),
        "rated": Count("id", filter=lead & Q(proposal__closed_as=Proposal.ClosedAs.RATED)),
        "satisfied": Count(
            "id",
            filter=lead
            & Q(
                proposal__closed_as=Proposal.ClosedAs.RATED,
                proposal__final_satisfaction__in=[
                    Rating.Satisfaction.SATISFIED,
                    Rating.Satisfaction.BASICALLY_SATISFIED,
                ],
            ),
        ),
    }
    for code in classes:
        aggregates[f"class_{code}"] = Count("id", filter=lead & Q(reply_class=code))
    rows = (
        Assignment.objects.filter(proposal__year=year)
        .exclude(state=A.WITHDRAWN)
        .values("unit_id", "unit__name", "unit__sort_order")
        .annotate(**aggregates)
        .order_by("unit__sort_order", "unit__name")
    )
    result = []
    for row in rows:
        classified = sum(row[f"class_{c}"] for c in classes)
        result.append(
            {
                "unit_id": row["unit_id"],
                "unit": row["unit__name"],
                "received": row["received"],
                "lead": row["lead"],
                "replied": row["replied"],
                "on_time": row["on_time"],
                "on_time_rate": _rate(row["on_time"], row["replied"]),
                "classes": {c: row[f"class_{c}"] for c in classes},
                "class_shares": {c: _rate(row[f"class_{c}"], classified) for c in classes},
                "rated": row["rated"],
                "satisfied": row["satisfied"],
                "satisfaction_rate": _rate(row["satisfied"], row["rated"]),
                "rehandled": row["rehandled"],
                "overdue": row["overdue"],
            }
        )
    return result


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def statistics_years() -> list[int]:
    """Years with proposals, newest first (index ``proposal_year``)."""
    return _distinct_years("1 = 1", [])


def handling_units() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True, is_handling_unit=True).order_by("sort_order", "name")


def attachment_get_for_user(user, pk: int) -> Attachment:
    """An attachment ``user`` may download, under the same walls as the pages that list it:
    a proposal's own files with the proposal (portal wall); a reply's files with the reply
    (``_replies_for``) — and for anyone, a confirmed reply's files once the proposal is public.
    404 otherwise."""
    attachment = get_object_or_404(Attachment.objects.select_related("reply"), pk=pk)
    reply = attachment.reply
    if reply is not None and reply.state == Reply.State.CONFIRMED:
        if public_proposals().filter(pk=attachment.proposal_id).exists():
            return attachment
    if (
        getattr(user, "is_authenticated", False)
        and _visible_proposals(user).filter(pk=attachment.proposal_id).exists()
    ):
        if reply is None or _replies_for(user).filter(pk=reply.pk).exists():
            return attachment
    raise Http404


def public_replies_recent(limit: int) -> QuerySet[Reply]:
    """The newest confirmed replies of disclosed proposals, as their public pages show them
    (the RSS feed of replies): one query with the proposal and the unit."""
    return (
        Reply.objects.filter(
            state=Reply.State.CONFIRMED,
            assignment__proposal__state=P.CLOSED,
            assignment__proposal__is_withheld=False,
        )
        .exclude(assignment__state=A.WITHDRAWN)
        .select_related("assignment__proposal", "assignment__unit")
        .only(
            "id",
            "content",
            "submitted_at",
            "reviewed_at",
            "assignment__id",
            "assignment__proposal__id",
            "assignment__proposal__title",
            "assignment__unit__id",
            "assignment__unit__name",
        )
        .order_by("-reviewed_at", "-id")[:limit]
    )
