"""Reads of the preliminary review, the state-assets reports and the performance evaluations,
scoped to the user: reviewers (staff, members, deputies) read every question and remark; an
officer of the answering unit the questions put to their units only; a unit officer the
state-assets opinions their units owe. The public reads deliberated reports and published
evaluations and thematic reviews. Each list is a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from budget import permissions
from budget.models import (
    AssetOpinion,
    AssetReport,
    PerformanceEvaluation,
    PerformanceIndicator,
    ReviewComment,
    ReviewQuestion,
    ReviewReport,
    ThematicReview,
)
from budget.models_assets import OPINION_OWED
from congress import roles, units


def questions_visible_to(user):
    """Questions the user may read with their unit, asker and year: reviewers all, an officer of
    a unit the questions put to it, anyone else none."""
    rows = ReviewQuestion.objects.select_related("unit", "author", "fiscal_year", "answered_by")
    if permissions.may_review(user):
        return rows
    if roles.has_role(user, roles.UNIT_OFFICER):
        unit_ids = units.acting_unit_ids(user)
        return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()
    return rows.none()


def question_get(user, pk: int) -> ReviewQuestion:
    return get_object_or_404(questions_visible_to(user), pk=pk)


def comments_visible_to(user):
    rows = ReviewComment.objects.select_related("author", "fiscal_year")
    return rows if permissions.may_review(user) else rows.none()


def line_remarks(user, *, year: int, book: str, stage: str, code: str) -> dict:
    """A line's remarks and questions (two queries)."""
    where = dict(fiscal_year__year=year, book=book, stage=stage, code=code)
    return {
        "comments": list(comments_visible_to(user).filter(**where).order_by("created_at", "id")),
        "questions": list(questions_visible_to(user).filter(**where).order_by("created_at", "id")),
    }


def remark_counts(*, year: int, book: str, stage: str, codes) -> dict[str, dict[str, int]]:
    """For the lines of a level: how many remarks and questions each has (two grouped queries)."""
    where = dict(fiscal_year__year=year, book=book, stage=stage, code__in=list(codes))
    counts: dict[str, dict[str, int]] = {}
    for code, n in (
        ReviewComment.objects.filter(**where).values_list("code").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(code, {})["comments"] = n
    for code, n, open_ in (
        ReviewQuestion.objects.filter(**where)
        .values_list("code")
        .annotate(n=Count("id"), open=Count("id", filter=Q(state=ReviewQuestion.State.ASKED)))
        .order_by()
    ):
        counts.setdefault(code, {}).update(questions=n, open=open_)
    return counts


def review_reports(year: int):
    return ReviewReport.objects.select_related("fiscal_year").filter(fiscal_year__year=year)


def review_report_get(pk: int) -> ReviewReport:
    return get_object_or_404(ReviewReport.objects.select_related("fiscal_year"), pk=pk)


def thematic_reviews_public(year: int):
    return (
        ThematicReview.objects.select_related("fiscal_year", "hearing")
        .filter(fiscal_year__year=year, published=True)
        .order_by("topic", "id")
    )


# --- state assets and performance ----------------------------------------------------------------


def _public_opinions():
    return Prefetch("opinions", queryset=AssetOpinion.objects.select_related("unit").order_by("id"))


def asset_reports_public(year: int):
    """The year's deliberated reports with their opinions (two queries)."""
    return (
        AssetReport.objects.filter(year=year, deliberated_on__isnull=False)
        .prefetch_related(_public_opinions())
        .order_by("kind")
    )


def public_asset_years() -> list[int]:
    return list(
        AssetReport.objects.filter(deliberated_on__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def asset_opinions_visible_to(user):
    """Opinions that owe (or owed) an answer: staff all, a unit officer their units' only."""
    rows = AssetOpinion.objects.select_related("report", "unit").exclude(state=AssetOpinion.State.NOTED)
    if permissions.is_staff(user):
        return rows
    if roles.has_role(user, roles.UNIT_OFFICER):
        unit_ids = units.acting_unit_ids(user)
        return rows.filter(unit_id__in=unit_ids) if unit_ids else rows.none()
    return rows.none()


def asset_opinion_get(user, pk: int) -> AssetOpinion:
    return get_object_or_404(asset_opinions_visible_to(user), pk=pk)


def owed_opinion_count(user) -> int:
    return asset_opinions_visible_to(user).filter(state__in=OPINION_OWED).count()


def evaluations_public(year: int):
    """The year's published evaluations with unit and indicators (two queries)."""
    return (
        PerformanceEvaluation.objects.filter(year=year, published=True)
        .select_related("unit")
        .prefetch_related(Prefetch("indicators", queryset=PerformanceIndicator.objects.order_by("id")))
        .order_by("-score", "project", "id")
    )


def public_evaluation_years() -> list[int]:
    return list(
        PerformanceEvaluation.objects.filter(published=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def require_any(rows) -> list:
    """A public page of nothing is a 404 (a year not yet published)."""
    rows = list(rows)
    if not rows:
        raise Http404
    return rows


# --- a unit's budget inbox ---------------------------------------------------------------------------


def unit_inbox(user):
    """What the officer's units owe in the budget, soonest deadline first: audit findings to
    rectify, preliminary-review and execution questions to answer, state-assets opinions to
    report on — one
    ``UNION`` query of (kind, pk, title, deadline, state) rows whatever the data."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Substr

    from budget.models import AuditFinding, ExecutionQuestion

    unit_ids = units.acting_unit_ids(user) if roles.has_role(user, roles.UNIT_OFFICER) else frozenset()
    if not unit_ids:
        return []

    def part(model, kind, text_field, **where):
        return (
            model.objects.filter(unit_id__in=unit_ids, **where)
            .order_by()
            .annotate(
                kind=Value(kind, output_field=CharField()), title=Substr(text_field, 1, 60), due=F("deadline")
            )
            .values_list("kind", "pk", "title", "due", "state")
        )

    findings = part(AuditFinding, "audit_finding", "description", state__in=AuditFinding.OWED_STATES)
    questions = part(ReviewQuestion, "review_question", "text", state=ReviewQuestion.State.ASKED)
    opinions = part(AssetOpinion, "asset_opinion", "text", state__in=OPINION_OWED)
    execution = part(ExecutionQuestion, "execution_question", "question", state=ExecutionQuestion.State.ASKED)
    rows = findings.union(questions, opinions, execution, all=True).order_by("due", "pk")
    return [dict(zip(("kind", "pk", "title", "deadline", "state"), row, strict=True)) for row in rows]


def audit_year_summary(year: int) -> dict:
    """The yearly audit-rectification report's figures: per unit, how many findings in each
    state and the amounts (one grouped query), and the findings themselves (one query)."""
    from django.db.models import Sum

    from budget.models import AuditFinding

    rows = (
        AuditFinding.objects.filter(year=year)
        .values("unit__name", "state")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("unit__name", "state")
    )
    states = list(AuditFinding.State.choices)
    units_: dict[str, dict] = {}
    for row in rows:
        unit = units_.setdefault(row["unit__name"], {"name": row["unit__name"], "counts": {}, "total": 0})
        unit["counts"][row["state"]] = row["n"]
        unit["total"] += row["n"]
    for unit in units_.values():
        unit["cells"] = [unit["counts"].get(code, 0) for code, _label in states]
    totals = [sum(u["counts"].get(code, 0) for u in units_.values()) for code, _label in states]
    findings = list(
        AuditFinding.objects.filter(year=year).select_related("unit").order_by("unit__name", "id")
    )
    return {"states": states, "units": list(units_.values()), "totals": totals, "findings": findings}
