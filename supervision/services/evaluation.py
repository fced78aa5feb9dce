"""Post-supervision evaluation (监督后评估, seed 四).

Staff create a questionnaire for a closed supervision item (a closed work report or
interpellation — ``EVALUABLE``), write its questions (data: single choice with its options, a
1–5 rating, free text) while it is drafted, open it, and close it. While open it is answered:

- by **deputies** signed in to the portal — one answer per account;
- by **the public** on the website or the API, no login — one answer per device (a random
  token the site keeps in a signed cookie; its digest is stored, never the token) and at most
  the rule's number of answers a day from one network address (its keyed digest is stored,
  never the address).

Closing tallies it (``supervision.selectors_evaluation.evaluation_results``): the results are
published with the item's public page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import caching, roles
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.models import User
from congress.rules import rule_get
from supervision.models import Interpellation, WorkReport
from supervision.models_evaluation import (
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
)
from supervision.services._common import NOT_STAFF, field_error, require_staff, required_text
from supervision.workflow_evaluation import EVALUATION

E = Evaluation.State
Q = EvaluationQuestion.Kind

# What may be evaluated, and the state it must have reached.
EVALUABLE = {WorkReport: WorkReport.State.CLOSED, Interpellation: Interpellation.State.CLOSED}


class AlreadyAnswered(ApplicationError):
    default_code = "already_answered"
    status_code = 409


class TooManyAnswers(ApplicationError):
    default_code = "throttled"
    status_code = 429


def _digest(value: str, purpose: str) -> str:
    """A keyed digest (the token or the address is never stored)."""
    key = f"supervision.evaluation.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def evaluation_create(*, actor: User, target, title: str, intro: str = "") -> Evaluation:
    """Staff start an evaluation of a closed supervision item (one per item)."""
    require_staff(actor)
    closed = EVALUABLE.get(type(target))
    if closed is None or target.pk is None:
        raise field_error("target", _("只能评估专项工作报告或质询案。"))
    if target.state != closed:
        raise field_error("target", _("监督事项办结后才能开展监督后评估。"), code="not_closed")
    target_type = ContentType.objects.get_for_model(target)
    if Evaluation.objects.filter(target_type=target_type, target_id=target.pk).exists():
        raise field_error("target", _("该监督事项已有监督后评估。"), code="duplicate")
    title = required_text(title, "title", _("请填写评估名称。"))[:200]
    evaluation = create_tracked(
        Evaluation,
        actor=actor,
        target_type=target_type,
        target_id=target.pk,
        title=title,
        intro=(intro or "").strip(),
        created_by=actor,
        validate=False,
    )
    record_event(evaluation, EVALUATION, "create", actor=actor, from_state="")
    return evaluation


def _question_values(kind: str, text: str, choices, required: bool) -> dict:
    if kind not in Q.values:
        raise field_error("kind", _("题型无效。"))
    text = required_text(text, "text", _("请填写题目。"))[:300]
    if isinstance(choices, str):
        choices = choices.splitlines()
    choices = [str(c).strip()[:100] for c in (choices or []) if str(c).strip()]
    if kind == Q.CHOICE:
        if len(choices) < 2:
            raise field_error("choices", _("单选题至少需要两个选项。"), code="too_few_choices")
        if len(set(choices)) != len(choices):
            raise field_error("choices", _("选项不能重复。"), code="duplicate_choices")
    else:
        choices = []
    return {"kind": kind, "text": text, "choices": choices, "required": bool(required)}


@transaction.atomic
def evaluation_question_add(
    *, actor: User, evaluation: Evaluation, kind: str, text: str, choices=(), required: bool = True
) -> EvaluationQuestion:
    """Staff add a question while the questionnaire is drafted."""
    evaluation = lock(evaluation)
    require_staff(actor)
    EVALUATION.check(evaluation, "edit")
    values = _question_values(kind, text, choices, required)
    last = evaluation.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = create_tracked(
        EvaluationQuestion, actor=actor, evaluation=evaluation, order=last + 1, **values
    )
    record_event(
        evaluation, EVALUATION, "edit", actor=actor, note=_("增加问题：%(q)s") % {"q": question.text}
    )
    return question


@transaction.atomic
def evaluation_question_update(
    *,
    actor: User,
    question: EvaluationQuestion,
    kind: str,
    text: str,
    choices=(),
    required: bool = True,
    order=None,
) -> EvaluationQuestion:
    """Staff change a question while the questionnaire is drafted."""
    evaluation = lock(question.evaluation)
    require_staff(actor)
    EVALUATION.check(evaluation, "edit")
    values = _question_values(kind, text, choices, required)
    if order is not None:
        values["order"] = order
    for name, value in values.items():
        setattr(question, name, value)
    question._history_user = actor
    question.save()
    record_event(
        evaluation, EVALUATION, "edit", actor=actor, note=_("修改问题：%(q)s") % {"q": question.text}
    )
    return question


@transaction.atomic
def evaluation_question_delete(*, actor: User, question: EvaluationQuestion) -> None:
    evaluation = lock(question.evaluation)
    require_staff(actor)
    EVALUATION.check(evaluation, "edit")
    record_event(
        evaluation, EVALUATION, "edit", actor=actor, note=_("删除问题：%(q)s") % {"q": question.text}
    )
    question._history_user = actor
    question.delete()


@transaction.atomic
def evaluation_open(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Staff open a drafted questionnaire with at least one question."""
    evaluation = lock(evaluation)
    require_staff(actor)
    EVALUATION.check(evaluation, "open")
    if not evaluation.questions.exists():
        raise ApplicationError(_("请先设置评估问题。"), code="no_questions")
    return transition(
        evaluation,
        EVALUATION,
        "open",
        actor=actor,
        locked=True,
        changes={"opened_at": timezone.now()},
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def evaluation_close(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Staff close an open evaluation; its results are published with the item."""
    require_staff(actor)
    return transition(
        evaluation,
        EVALUATION,
        "close",
        actor=actor,
        changes={"closed_at": timezone.now()},
        permission_message=NOT_STAFF,
    )


def _parse_answers(questions: list[EvaluationQuestion], answers: dict) -> list[dict]:
    """``answers`` maps a question's id (int or str) to the answer: the option's number (from 0)
    for a single choice, 1–5 for a rating, text for free text. Field errors are keyed
    ``q<id>``."""
    given = {str(key): value for key, value in (answers or {}).items()}
    known = {str(q.pk) for q in questions}
    strangers = sorted(set(given) - known)
    if strangers:
        raise field_error("answers", _("问卷中没有这些问题：%(ids)s") % {"ids": "、".join(strangers)})
    rows, errors = [], {}
    for question in questions:
        raw = given.get(str(question.pk))
        blank = raw is None or (isinstance(raw, str) and not raw.strip())
        if blank:
            if question.required:
                errors[f"q{question.pk}"] = [_("此题必答。")]
            continue
        row = {"question": question}
        if question.kind == Q.TEXT:
            row["text"] = str(raw).strip()[:5000]
        else:
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = None
            if question.kind == Q.CHOICE:
                if number is None or not 0 <= number < len(question.choices):
                    errors[f"q{question.pk}"] = [_("请选择一个选项。")]
                    continue
                row["choice"] = number
            else:
                if number is None or not 1 <= number <= EvaluationQuestion.RATING_MAX:
                    errors[f"q{question.pk}"] = [_("请评1至5分。")]
                    continue
                row["rating"] = number
        rows.append(row)
    if errors:
        raise ApplicationError(_("请检查问卷中标出的问题。"), code="invalid_answers", extra=errors)
    if not rows:
        raise ApplicationError(
            _("请至少回答一个问题。"), code="empty", extra={"answers": [_("请至少回答一个问题。")]}
        )
    return rows


def _save(evaluation: Evaluation, rows: list[dict], **response_values) -> EvaluationResponse:
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(evaluation=evaluation, **response_values)
            EvaluationAnswer.objects.bulk_create([EvaluationAnswer(response=response, **row) for row in rows])
            caching.bump_on_commit("supervision")  # the public tally (page cache)
    except IntegrityError:
        raise AlreadyAnswered(_("您已经提交过这份问卷，每人（每台设备）只能提交一次。")) from None
    return response


def _open_for_answers(evaluation: Evaluation) -> tuple[Evaluation, list[EvaluationQuestion]]:
    """The evaluation locked (an answer never lands after staff closed it) and its questions."""
    evaluation = lock(evaluation)
    EVALUATION.check(evaluation, "answer")
    return evaluation, list(evaluation.questions.order_by("order", "id"))


@transaction.atomic
def evaluation_answer_as_deputy(*, actor: User, evaluation: Evaluation, answers: dict) -> EvaluationResponse:
    """A deputy answers in the portal, once per account."""
    if not roles.has_role(actor, roles.DEPUTY):
        raise PermissionDeniedError(_("仅限人大代表在工作平台填写。"), code="not_deputy")
    evaluation, questions = _open_for_answers(evaluation)
    rows = _parse_answers(questions, answers)
    return _save(evaluation, rows, source=EvaluationResponse.Source.DEPUTY, respondent=actor)


@transaction.atomic
def evaluation_answer_as_public(
    *, evaluation: Evaluation, answers: dict, device_token: str, address: str, now: dt.datetime | None = None
) -> EvaluationResponse:
    """A member of the public answers without an account: once per device (``device_token``,
    the random value of the site's signed cookie) and at most the rule's number a day from one
    network address (``address``: the client's, as ``ClientAddressMiddleware`` found it)."""
    if not device_token:
        raise ApplicationError(_("无法识别您的设备，请允许本网站使用Cookie后重试。"), code="no_device")
    evaluation, questions = _open_for_answers(evaluation)
    rows = _parse_answers(questions, answers)
    address_digest = _digest(address or "", "address")
    since = (now or timezone.now()) - dt.timedelta(days=1)
    limit = rule_get("supervision.evaluation_answers_per_address")
    recent = EvaluationResponse.objects.filter(
        evaluation=evaluation, address_digest=address_digest, submitted_at__gte=since
    ).count()
    if recent >= limit:
        raise TooManyAnswers(_("来自您所在网络的答卷已达上限，请明天再试。"))
    return _save(
        evaluation,
        rows,
        source=EvaluationResponse.Source.PUBLIC,
        device=_digest(device_token, "device"),
        address_digest=address_digest,
    )


def device_answered(evaluation: Evaluation, device_token: str) -> bool:
    return (
        bool(device_token)
        and EvaluationResponse.objects.filter(
            evaluation=evaluation, device=_digest(device_token, "device")
        ).exists()
    )
