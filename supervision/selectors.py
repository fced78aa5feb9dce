"""Reads of supervision, scoped to who asks.

Walls: staff and committee members see every record; a unit officer sees the work reports of
the units they act for (all of them, ``congress.units``) and the interpellations passed on to
those units; a signer sees the interpellations they signed; deputies and members see a plan
from the moment it is open for comment. What a user may not see is a 404. The public sees
closed reports (minus withheld parts), answered interpellations and published plans."""

from __future__ import annotations

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404

from congress import roles, units
from supervision import permissions
from supervision.models import (
    FollowUp,
    InquiryCommitment,
    Interpellation,
    InterpellationAnswer,
    InterpellationEvent,
    NormativeDocument,
    PlanComment,
    PlanEvent,
    PlanItem,
    RectificationReport,
    SatisfactionVote,
    SupervisionPlan,
    WorkReport,
    WorkReportAttachment,
    WorkReportEvent,
)
from supervision.models_inspections import InspectionIssue
from supervision.models_judicial import HearingAttendance
from supervision.models_major_matters import MajorMatter
from supervision.workflow import INTERPELLATION_OWED, REPORT_OWED
from supervision.workflow_filings import FILING_UNIT_OWED
from supervision.workflow_inquiries import COMMITMENT_OWED
from supervision.workflow_inspections import ISSUE_OWED
from supervision.workflow_judicial import HEARING_OWED
from supervision.workflow_major_matters import MAJOR_MATTER_OWED

R = WorkReport.State
I = Interpellation.State  # noqa: E741
P = SupervisionPlan.State

# Interpellations a unit sees: once the chairpersons' meeting passed them on.
UNIT_VISIBLE_INTERPELLATION = [I.ACCEPTED, I.ANSWERED, I.REANSWER_REQUESTED, I.CLOSED]
PUBLIC_INTERPELLATION = [I.ANSWERED, I.REANSWER_REQUESTED, I.CLOSED]
# Hearing records a court's or procuratorate's officer sees: those whose remarks were passed on.
UNIT_VISIBLE_HEARING = [HearingAttendance.State.AWAITING_REPLY, HearingAttendance.State.REPLIED]


def officer_unit_ids(user) -> frozenset[int]:
    if not roles.has_role(user, roles.UNIT_OFFICER):
        return frozenset()
    return units.acting_unit_ids(user)


# --- work reports -------------------------------------------------------------------------------


def report_list_visible_to(user) -> QuerySet[WorkReport]:
    reports = WorkReport.objects.select_related("unit", "plan_item", "meeting")
    if permissions.sees_everything(user):
        return reports
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return reports.none()
    return reports.filter(unit_id__in=unit_ids)


def report_get_for_user(user, pk: int) -> WorkReport:
    return get_object_or_404(report_list_visible_to(user), pk=pk)


def report_record_prefetch(*, public: bool = False) -> list:
    """What a report's whole record needs: its rectification reports, votes and follow-ups
    (one query each), and — for the portal — its timeline with the actors."""
    lookups = [
        Prefetch("rectifications", queryset=RectificationReport.objects.order_by("round")),
        Prefetch("votes", queryset=SatisfactionVote.objects.order_by("round")),
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("created_at", "id")),
        Prefetch("attachments", queryset=WorkReportAttachment.objects.order_by("id")),
    ]
    if not public:
        lookups.append(Prefetch("events", queryset=WorkReportEvent.objects.select_related("actor")))
    return lookups


def report_with_record(user, pk: int) -> WorkReport:
    return get_object_or_404(report_list_visible_to(user).prefetch_related(*report_record_prefetch()), pk=pk)


def reports_public() -> QuerySet[WorkReport]:
    """Closed reports, newest first, each with its whole record (withheld parts are blanked by
    the pages and the API, never sent)."""
    return (
        WorkReport.objects.filter(state=R.CLOSED)
        .select_related("unit", "meeting", "plan_item")
        .prefetch_related(*report_record_prefetch(public=True))
        .order_by("-closed_at", "-id")
    )


def report_get_public(pk: int) -> WorkReport:
    return get_object_or_404(reports_public(), pk=pk)


def report_files(report: WorkReport, rectifications: list) -> list:
    """The report's own attachments; each rectification report gets its round's as ``files``
    (from the prefetched ``attachments``: no query)."""
    files = list(report.attachments.all())
    for rectification in rectifications:
        rectification.files = [a for a in files if a.rectification_id == rectification.pk]
    return [a for a in files if a.rectification_id is None]


def report_attachment_get_for_user(user, pk: int) -> WorkReportAttachment:
    """An attachment of a work report ``user`` may download: staff and the unit (the report's
    wall); anyone once the record is public and the part it belongs to (the report or the
    rectification reports) is not withheld. 404 otherwise."""
    attachment = get_object_or_404(WorkReportAttachment.objects.select_related("report"), pk=pk)
    report = attachment.report
    withheld = report.withhold_rectification if attachment.rectification_id else report.withhold_report
    if report.state == R.CLOSED and not withheld:
        return attachment
    if report_list_visible_to(user).filter(pk=report.pk).exists():
        return attachment
    raise Http404


# --- interpellations ----------------------------------------------------------------------------


def _with_signers(rows: QuerySet[Interpellation]) -> QuerySet[Interpellation]:
    return rows.prefetch_related("signers")


def interpellation_list_visible_to(user) -> QuerySet[Interpellation]:
    rows = Interpellation.objects.select_related("unit", "meeting")
    if permissions.sees_everything(user):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    visible = Q(signers=user)
    unit_ids = officer_unit_ids(user)
    if unit_ids:
        visible |= Q(unit_id__in=unit_ids, state__in=UNIT_VISIBLE_INTERPELLATION)
    return rows.filter(pk__in=Interpellation.objects.filter(visible).values("pk"))


def with_signer_ids(interpellation: Interpellation) -> Interpellation:
    """Keep the signers' ids on the row so ``permissions.is_signer`` reads no more."""
    interpellation.signer_ids = {signer.pk for signer in interpellation.signers.all()}
    return interpellation


def interpellation_get_for_user(user, pk: int) -> Interpellation:
    row = get_object_or_404(_with_signers(interpellation_list_visible_to(user)), pk=pk)
    return with_signer_ids(row)


def interpellation_with_record(user, pk: int) -> Interpellation:
    rows = _with_signers(interpellation_list_visible_to(user)).prefetch_related(
        Prefetch(
            "answers", queryset=InterpellationAnswer.objects.select_related("meeting").order_by("round")
        ),
        Prefetch("events", queryset=InterpellationEvent.objects.select_related("actor")),
    )
    return with_signer_ids(get_object_or_404(rows, pk=pk))


def interpellations_public() -> QuerySet[Interpellation]:
    return (
        Interpellation.objects.filter(state__in=PUBLIC_INTERPELLATION)
        .select_related("unit", "meeting")
        .prefetch_related(
            "signers",
            Prefetch(
                "answers", queryset=InterpellationAnswer.objects.select_related("meeting").order_by("round")
            ),
        )
        .order_by("-decided_at", "-id")
    )


def interpellation_get_public(pk: int) -> Interpellation:
    return get_object_or_404(interpellations_public(), pk=pk)


# --- the unit's inbox ---------------------------------------------------------------------------


def _owed_deadline(owed: dict[str, str]) -> Case:
    return Case(
        *[When(state=state, then=F(field) if field else Value(None)) for state, field in owed.items()],
        default=Value(None),
        output_field=DateField(),
    )


def unit_inbox(user, *, open_only: bool = True) -> QuerySet:
    """What the officer's units owe (or, with ``open_only=False``, every item of theirs): work
    reports, interpellations, deputies' court-hearing remarks and inquiry commitments in one
    list, as rows of ``kind, pk, title, state, owed_by, unit_name``, open ones first by
    deadline (``owed_by``: the deadline the unit owes the row by, none once it is not owed —
    not ``deadline``, a field of some of these models). One query per page (a UNION),
    whatever the data."""
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return WorkReport.objects.none().values("pk")
    reports = WorkReport.objects.filter(unit_id__in=unit_ids)
    interpellations = Interpellation.objects.filter(
        unit_id__in=unit_ids, state__in=UNIT_VISIBLE_INTERPELLATION
    )
    commitments = InquiryCommitment.objects.filter(unit_id__in=unit_ids).annotate(
        title=Substr("content", 1, 60)
    )
    if open_only:
        reports = reports.filter(state__in=list(REPORT_OWED))
        interpellations = interpellations.filter(state__in=list(INTERPELLATION_OWED))
        commitments = commitments.filter(state__in=list(COMMITMENT_OWED))

    def shape(rows, kind: str, owed: dict[str, str]):
        return (
            rows.annotate(
                kind=Value(kind, output_field=CharField()),
                owed_by=_owed_deadline(owed),
                is_open=Case(
                    When(state__in=list(owed), then=Value(0)), default=Value(1), output_field=IntegerField()
                ),
                unit_name=F("unit__name"),
            )
            .values("kind", "pk", "title", "state", "owed_by", "unit_name", "is_open", "updated_at")
            .order_by()
        )

    hearings = HearingAttendance.objects.filter(unit_id__in=unit_ids, state__in=UNIT_VISIBLE_HEARING)
    if open_only:
        hearings = hearings.filter(state__in=list(HEARING_OWED))
    hearings = hearings.annotate(title=F("case_title"))
    matters = MajorMatter.objects.filter(unit_id__in=unit_ids)
    if open_only:
        matters = matters.filter(state__in=list(MAJOR_MATTER_OWED))
    issues = InspectionIssue.objects.filter(unit_id__in=unit_ids).with_title()
    if open_only:
        issues = issues.owed()
    filings = NormativeDocument.objects.filter(unit_id__in=unit_ids)
    if open_only:
        filings = filings.filter(state__in=list(FILING_UNIT_OWED))
    return (
        shape(reports, "report", REPORT_OWED)
        .union(
            shape(interpellations, "interpellation", INTERPELLATION_OWED),
            shape(hearings, "hearing", HEARING_OWED),
            shape(commitments, "commitment", COMMITMENT_OWED),
            shape(matters, "major_matter", MAJOR_MATTER_OWED),
            shape(issues, "inspection_issue", ISSUE_OWED),
            shape(filings, "filing", FILING_UNIT_OWED),
            all=True,
        )
        .order_by("is_open", "owed_by", "-updated_at", "pk")
    )


class CompiledRows:
    """The rows of a ``values()`` queryset for a paginator, compiled to SQL once: the count and
    the page run that one SQL (Django compiles a queryset again for each, and compiling the
    inbox's seven-part UNION cost more than running it). Rows as dicts, each value converted
    as the ORM converts it (dates on SQLite)."""

    def __init__(self, queryset):
        self.db = queryset.db
        self.empty = queryset.query.is_empty()  # none(): no SQL to run
        if self.empty:
            return
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, self.params = compiler.as_sql()
        self.converters = compiler.get_converters([col for col, *_ in compiler.select[: compiler.col_count]])
        self.compiler = compiler

    def count(self) -> int:
        if self.empty:
            return 0
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) rows", self.params)
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[dict]:
        start, stop = key.start or 0, key.stop
        if self.empty:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"{self.sql} LIMIT %s OFFSET %s", (*self.params, stop - start, start))
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [dict(zip(names, row, strict=True)) for row in rows]


def unit_owed_count(user) -> int:
    return unit_inbox(user, open_only=True).count()


# --- the plan -----------------------------------------------------------------------------------


def _plan_items() -> Prefetch:
    return Prefetch(
        "items",
        queryset=PlanItem.objects.select_related("committee", "meeting")
        .prefetch_related("units")
        .order_by("order", "id"),
    )


def plan_list_visible_to(user) -> QuerySet[SupervisionPlan]:
    plans = SupervisionPlan.objects.order_by("-year")
    if permissions.is_staff(user):
        return plans
    if permissions.can_comment_plan(user) or permissions.sees_everything(user):
        return plans.exclude(state=P.DRAFTED)
    return plans.none()


def plan_with_items(user, pk: int) -> SupervisionPlan:
    return get_object_or_404(
        plan_list_visible_to(user).prefetch_related(
            _plan_items(),
            Prefetch("comments", queryset=PlanComment.objects.select_related("author", "item")),
            Prefetch("events", queryset=PlanEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )


def plans_open_for_comment() -> QuerySet[SupervisionPlan]:
    return SupervisionPlan.objects.filter(state=P.OPEN_FOR_COMMENT).order_by("-year")


def plan_published(year: int) -> SupervisionPlan:
    return get_object_or_404(
        SupervisionPlan.objects.filter(state=P.PUBLISHED).prefetch_related(_plan_items()), year=year
    )


def published_plan_years() -> list[int]:
    return list(
        SupervisionPlan.objects.filter(state=P.PUBLISHED).values_list("year", flat=True).order_by("-year")
    )


# --- colours ------------------------------------------------------------------------------------


def due_horizon(today=None):
    """An owed item whose deadline is on or before this date is "due soon": within the largest
    reminder milestone (rule ``supervision.reminder_milestones``, working days) — the same
    meaning as the proposals inbox's colours. Two queries: the rule and the calendar."""
    from django.utils import timezone

    from congress.rules import rule_get
    from congress.workdays import WorkCalendar

    today = today or timezone.localdate()
    milestones = rule_get("supervision.reminder_milestones")
    return WorkCalendar().add_workdays(today, max(milestones) if milestones else 10)


def deadline_tone(*, deadline, is_open: bool, today, horizon) -> str:
    """ "overdue" past the deadline, "due" within the horizon (open items), "ok" when the
    unit owes nothing more."""
    if not is_open:
        return "ok"
    if deadline is None:
        return ""
    if deadline < today:
        return "overdue"
    if deadline <= horizon:
        return "due"
    return ""


# --- public lists (only what the list pages show) -----------------------------------------------


def reports_public_list() -> QuerySet[WorkReport]:
    """Closed reports for the public list page: the row only (one query per page)."""
    return (
        WorkReport.objects.filter(state=R.CLOSED)
        .select_related("unit", "meeting")
        .only("id", "title", "unit__name", "meeting__title", "closed_at", "submitted_at", "round", "state")
        .order_by("-closed_at", "-id")
    )


def interpellations_public_list() -> QuerySet[Interpellation]:
    return (
        Interpellation.objects.filter(state__in=PUBLIC_INTERPELLATION)
        .select_related("unit")
        .only("id", "title", "unit__name", "state", "decided_at", "created_at")
        .order_by("-decided_at", "-id")
    )


def consultations_of(subject, user=None):
    """The experts consulted on ``subject`` with their written opinions, for staff and committee
    members (anyone else, when ``user`` is given, gets none): one query."""
    from django.contrib.contenttypes.models import ContentType

    from supervision.models import Consultation

    if user is not None and not permissions.sees_everything(user):
        return Consultation.objects.none()
    return Consultation.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("expert")
