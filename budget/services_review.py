"""The preliminary review (初审): remarks and questions on the lines of a book's stage, the
answering unit's answers, the committee's review report, thematic reviews.

Who: staff, committee members and deputies comment and ask (``permissions.may_review``); an
officer of the unit a question is put to answers it (the unit named by the rule
``budget.review_answering_unit``, the finance bureau); the asker or staff withdraw a question
still owed. Staff write the report and the thematic reviews. A question is a tracked item
(``budget.workflow_review``): its deadline from the rule ``budget.review_answer_deadline``
(working days), reminders in the budget's daily scan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from budget import permissions
from budget.models import BookStage, BudgetLine, ClassificationCode, FiscalYear, ReviewComment, ReviewQuestion
from budget.models_review import ReviewReport, ThematicReview
from budget.workflow_review import QUESTION
from congress import roles, units
from congress.casework.reminders import UnitDeadlineTexts, remind_unit_deadlines
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import PermissionDeniedError, field_error, required_text
from congress.models import Notification, Organization, User
from congress.notifications import Message, notify_bulk
from congress.rules import rule_get
from congress.workdays import deadline_after

NOT_REVIEWER = gettext_lazy("仅限人大常委会工作人员、常委会组成人员和人大代表提出初审意见和询问。")
NOT_ANSWERER = gettext_lazy("只有被询问单位的联络员可以答复，且只能答复本单位的询问。")
NOT_ASKER = gettext_lazy("只有提问人或工作人员可以撤回询问。")
NOT_STAFF = gettext_lazy("仅限人大常委会预算工作机构的工作人员操作。")
NO_ANSWERING_UNIT = gettext_lazy("尚未设置初审询问的答复单位（业务规则“初审询问答复单位”）。")
PORTAL_PAGE = "portal:budget-review-questions"
TEXT_LIMIT = 5000


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except Exception:  # a page not mounted: the notice goes without a link
        return ""


def _notify(user_ids, *, key: str, title, body="", url="", level=Notification.Level.INFO) -> None:
    notify_bulk([(uid, key, title, body, url, level) for uid in sorted(set(user_ids))])


def answering_unit() -> Organization | None:
    """The unit questions go to (the finance bureau), named by the rule."""
    name = (rule_get("budget.review_answering_unit") or {}).get("unit", "")
    return Organization.objects.filter(name=name, is_active=True).first() if name else None


def answer_deadline(start: dt.date) -> dt.date:
    return deadline_after(start, rule_get("budget.review_answer_deadline"))


def _line(fiscal_year: FiscalYear, book: str, stage: str, code: str) -> tuple[str, str]:
    """Check the place a remark points to: the stage exists, the code is one of its lines."""
    stage_row = BookStage.objects.filter(fiscal_year=fiscal_year, book=book, stage=stage).first()
    if stage_row is None:
        raise field_error("stage", _("该年度尚无这一预算表。"))
    code = (code or "").strip()
    if not code:
        return "", ""
    name = BudgetLine.objects.filter(book_stage=stage_row, code=code).values_list("name", flat=True).first()
    if name is None:
        raise field_error("code", _("预算表中没有科目 %(code)s。") % {"code": code[:20]})
    return code, name


@transaction.atomic
def comment_add(
    *, actor: User, fiscal_year: FiscalYear, book: str, stage: str, code: str = "", text: str
) -> ReviewComment:
    """A reviewer's remark on a line (or the whole book); nothing is owed for it."""
    if not permissions.may_review(actor):
        raise PermissionDeniedError(NOT_REVIEWER, code="not_reviewer")
    code, name = _line(fiscal_year, book, stage, code)
    text = required_text(text, "text", _("请填写意见。"), limit=TEXT_LIMIT)
    return create_tracked(
        ReviewComment,
        actor=actor,
        fiscal_year=fiscal_year,
        book=book,
        stage=stage,
        code=code,
        line_name=name,
        author=actor,
        text=text,
    )


@transaction.atomic
def question_ask(
    *,
    actor: User,
    fiscal_year: FiscalYear,
    book: str,
    stage: str,
    code: str = "",
    text: str,
    today: dt.date | None = None,
) -> ReviewQuestion:
    """A reviewer asks the answering unit about a line; the unit owes an answer by the rule's
    deadline and its officers are told."""
    if not permissions.may_review(actor):
        raise PermissionDeniedError(NOT_REVIEWER, code="not_reviewer")
    code, name = _line(fiscal_year, book, stage, code)
    text = required_text(text, "text", _("请填写问题。"), limit=TEXT_LIMIT)
    unit = answering_unit()
    if unit is None:
        raise field_error("unit", NO_ANSWERING_UNIT)
    deadline = answer_deadline(today or timezone.localdate())
    question = create_tracked(
        ReviewQuestion,
        actor=actor,
        fiscal_year=fiscal_year,
        book=book,
        stage=stage,
        code=code,
        line_name=name,
        unit=unit,
        author=actor,
        text=text,
        deadline=deadline,
    )
    record_event(
        question, QUESTION, "ask", actor=actor, from_state="", note=_("答复期限：%(d)s") % {"d": deadline}
    )
    _notify(
        units.unit_user_ids([unit.pk], role=roles.UNIT_OFFICER).get(unit.pk, []),
        key=f"budget:review-question:{question.pk}:asked",
        title=Message(gettext_noop("预算初审询问：%(t)s"), t=question.summary),
        body=Message(gettext_noop("请于 %(d)s 前答复。"), d=deadline),
        url=_url(PORTAL_PAGE),
        level=Notification.Level.REMINDER,
    )
    return question


@transaction.atomic
def question_answer(*, actor: User, question: ReviewQuestion, answer: str) -> ReviewQuestion:
    """The answering unit's officer answers a question put to their unit; the asker is told."""
    question = lock(question)
    if not permissions.answers_question(actor, question):
        raise PermissionDeniedError(NOT_ANSWERER, code="not_answering_unit")
    QUESTION.check(question, "answer")
    answer = required_text(answer, "answer", _("请填写答复。"), limit=20000)
    question = transition(
        question,
        QUESTION,
        "answer",
        actor=actor,
        locked=True,
        changes={"answer": answer, "answered_by": actor, "answered_at": timezone.now()},
    )
    _notify(
        [question.author_id],
        key=f"budget:review-question:{question.pk}:answered",
        title=Message(gettext_noop("预算初审询问已答复：%(t)s"), t=question.summary),
        url=_url(PORTAL_PAGE),
    )
    return question


@transaction.atomic
def question_withdraw(*, actor: User, question: ReviewQuestion, reason: str = "") -> ReviewQuestion:
    """The asker (or staff) withdraws a question still owed; the unit owes nothing more."""
    question = lock(question)
    if not permissions.may_withdraw_question(actor, question):
        raise PermissionDeniedError(NOT_ASKER, code="not_asker")
    QUESTION.check(question, "withdraw")
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise field_error("reason", _("内容不能超过%(n)d字。") % {"n": 2000})
    return transition(question, QUESTION, "withdraw", actor=actor, locked=True, note=reason)


# --- the review report and thematic reviews (staff) -------------------------------------------------


def _require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


REPORT_FIELDS = ("title", "text", "adopted_on")


@transaction.atomic
def report_save(
    *,
    actor: User,
    fiscal_year: FiscalYear,
    stage: str,
    title: str,
    text: str,
    adopted_on: dt.date | None = None,
    report: ReviewReport | None = None,
) -> ReviewReport:
    """Staff write (or revise) the preliminary review report of a year's stage; one per stage."""
    _require_staff(actor)
    title = required_text(title, "title", _("请填写标题。"), limit=200)
    text = required_text(text, "text", _("请填写报告正文。"), limit=100000)
    if report is None:
        report = ReviewReport.objects.filter(fiscal_year=fiscal_year, stage=stage).first()
    if report is None:
        return create_tracked(
            ReviewReport,
            actor=actor,
            fiscal_year=fiscal_year,
            stage=stage,
            title=title,
            text=text,
            adopted_on=adopted_on,
            author=actor,
        )
    report.title, report.text, report.adopted_on = title, text, adopted_on
    save_tracked(report, REPORT_FIELDS, actor=actor)
    return report


def _codes(fiscal_year: FiscalYear, codes) -> list[str]:
    """The codes a thematic review covers, each in the year's list (one query)."""
    if isinstance(codes, str):
        codes = codes.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    if not isinstance(codes, list | tuple):
        raise field_error("codes", _("涉及科目应为科目编码列表。"))
    wanted = list(dict.fromkeys(str(c).strip() for c in codes if str(c).strip()))
    if len(wanted) > 200:
        raise field_error("codes", _("涉及科目最多200个。"))
    known = set(
        ClassificationCode.objects.filter(fiscal_year=fiscal_year, code__in=wanted).values_list(
            "code", flat=True
        )
    )
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise field_error(
            "codes",
            _("%(year)s年度科目表中没有：%(codes)s")
            % {"year": fiscal_year.year, "codes": "、".join(unknown[:10])},
        )
    return sorted(wanted)


THEMATIC_FIELDS = ("fiscal_year", "topic", "codes", "findings", "report", "hearing", "published")


@transaction.atomic
def thematic_review_save(
    *,
    actor: User,
    fiscal_year: FiscalYear | None,
    topic: str,
    codes=(),
    findings: str = "",
    report: str = "",
    hearing=None,
    published: bool = False,
    review: ThematicReview | None = None,
) -> ThematicReview:
    """Staff record (or revise) a thematic review: codes checked against the year's list; a
    review published needs its report; the hearing linked must be a budget hearing."""
    _require_staff(actor)
    if fiscal_year is None:
        raise field_error("fiscal_year", _("请选择年度。"))
    topic = required_text(topic, "topic", _("请填写审查专题。"), limit=200)
    codes = _codes(fiscal_year, list(codes or []) if not isinstance(codes, str) else codes)
    findings, report = (findings or "").strip(), (report or "").strip()
    if published and not report:
        raise field_error("report", _("公开前请填写专题审查报告。"))
    if hearing is not None and hearing.kind != "budget":
        raise field_error("hearing", _("只能关联预算听证。"))
    values = dict(
        fiscal_year=fiscal_year,
        topic=topic,
        codes=codes,
        findings=findings,
        report=report,
        hearing=hearing,
        published=bool(published),
    )
    if review is None:
        return create_tracked(ThematicReview, actor=actor, created_by=actor, **values)
    for field, value in values.items():
        setattr(review, field, value)
    save_tracked(review, THEMATIC_FIELDS, actor=actor)
    return review


# --- the daily scan ---------------------------------------------------------------------------------


def send_question_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the answering unit's officers one working day before a question's deadline (the
    answer period is days, not months: one reminder is enough), and once it has passed tell them
    and staff. Idempotent per (question, deadline, milestone)."""
    return remind_unit_deadlines(
        kind="budget.review_question_due",
        items=ReviewQuestion.objects.filter(state=ReviewQuestion.State.ASKED).annotate(
            title=Substr("text", 1, 60)
        ),
        texts=UnitDeadlineTexts(
            due_title=gettext_noop("到期提醒：预算初审询问 · %(t)s"),
            due_body=gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期答复。"),
            overdue_title=gettext_noop("已逾期：%(t)s"),
            overdue_body=gettext_noop("%(unit)s对预算初审询问“%(t)s”的答复已超过期限（%(d)s）。"),
        ),
        url=_url(PORTAL_PAGE),
        milestones=[1],
        today=today or timezone.localdate(),
    )
