"""Reads of post-supervision evaluation (监督后评估).

Who sees what: staff and members every evaluation; deputies and the public the open and closed
ones (a drafted questionnaire is a 404); the results once closed (staff also while open, in the
admin). The tally is a constant number of queries whatever the number of answers: the counts
per source, and one grouped aggregate over the answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from supervision import permissions
from supervision.models_evaluation import Evaluation, EvaluationAnswer, EvaluationQuestion, EvaluationResponse

E = Evaluation.State
VISIBLE = [E.OPEN, E.CLOSED]


def _with_questions(rows: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    return rows.prefetch_related(
        Prefetch("questions", queryset=EvaluationQuestion.objects.order_by("order", "id"))
    ).select_related("target_type")


def evaluation_list_visible_to(user) -> QuerySet[Evaluation]:
    rows = Evaluation.objects.all()
    if permissions.sees_everything(user):
        return rows
    return rows.filter(state__in=VISIBLE)


def evaluation_get_for_user(user, pk: int) -> Evaluation:
    return get_object_or_404(_with_questions(evaluation_list_visible_to(user)), pk=pk)


def evaluation_get_public(pk: int) -> Evaluation:
    return get_object_or_404(_with_questions(Evaluation.objects.filter(state__in=VISIBLE)), pk=pk)


def evaluations_public() -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(state__in=VISIBLE).order_by("state", "-opened_at", "-id")


def evaluations_open() -> QuerySet[Evaluation]:
    """Evaluations taking answers now, newest first (the public index invites to them)."""
    return (
        Evaluation.objects.filter(state=E.OPEN).only("id", "title", "opened_at").order_by("-opened_at", "-id")
    )


def evaluation_of(target) -> Evaluation | None:
    """The open or closed evaluation of a supervision item, with its questions (two queries),
    or None."""
    target_type = ContentType.objects.get_for_model(target)  # cached by Django after the first
    return (
        _with_questions(
            Evaluation.objects.filter(state__in=VISIBLE, target_type=target_type, target_id=target.pk)
        )
        .order_by()
        .first()
    )


def deputy_answered(evaluation: Evaluation, user) -> bool:
    return EvaluationResponse.objects.filter(evaluation=evaluation, respondent=user).exists()


@dataclass
class QuestionResult:
    question: EvaluationQuestion
    answered: int = 0
    choices: list[tuple[str, int, float]] = field(default_factory=list)  # label, count, share %
    mean: float | None = None
    ratings: list[tuple[int, int]] = field(default_factory=list)  # score, count
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    responses: int
    deputies: int
    public: int
    questions: list[QuestionResult]


def evaluation_results(evaluation: Evaluation, *, with_texts: bool = False) -> Results:
    """The tally: answers per source; per question the counts (and shares) of each option, the
    mean rating with its distribution, the number of written answers (their text only
    ``with_texts``, for staff: free text is not published unread). Two queries (three with
    the texts), whatever the number of answers; the questions come prefetched."""
    by_source = dict(
        EvaluationResponse.objects.filter(evaluation=evaluation)
        .values_list("source")
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped = (
        EvaluationAnswer.objects.filter(response__evaluation=evaluation)
        .values("question_id", "choice", "rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    results = {q.pk: QuestionResult(question=q) for q in evaluation.questions.all()}
    counts: dict[int, dict] = {pk: {} for pk in results}
    for row in grouped:
        result = results.get(row["question_id"])
        if result is None:
            continue
        result.answered += row["n"]
        key = row["choice"] if result.question.kind == EvaluationQuestion.Kind.CHOICE else row["rating"]
        if key is not None:
            counts[row["question_id"]][key] = counts[row["question_id"]].get(key, 0) + row["n"]
    for pk, result in results.items():
        question, tally = result.question, counts[pk]
        if question.kind == EvaluationQuestion.Kind.CHOICE:
            total = sum(tally.values())
            result.choices = [
                (label, tally.get(i, 0), round(100 * tally.get(i, 0) / total, 1) if total else 0.0)
                for i, label in enumerate(question.choices)
            ]
        elif question.kind == EvaluationQuestion.Kind.RATING:
            total = sum(tally.values())
            result.ratings = [
                (score, tally.get(score, 0)) for score in range(EvaluationQuestion.RATING_MAX, 0, -1)
            ]
            result.mean = round(sum(s * n for s, n in tally.items()) / total, 2) if total else None
    if with_texts:
        for question_id, text in (
            EvaluationAnswer.objects.filter(response__evaluation=evaluation)
            .exclude(text="")
            .order_by("response__submitted_at", "id")
            .values_list("question_id", "text")
        ):
            if question_id in results:
                results[question_id].texts.append(text)
    deputies = by_source.get(EvaluationResponse.Source.DEPUTY, 0)
    public = by_source.get(EvaluationResponse.Source.PUBLIC, 0)
    return Results(
        responses=deputies + public, deputies=deputies, public=public, questions=list(results.values())
    )
