"""The preliminary review in the portal (phone first):

- ``review``: a book's stage drilled down 类 → 款 → 项, each line with how many remarks and
  questions it has; a line opens its page with the remarks, the questions and their answers, and
  the two forms (remark, question to the finance bureau) — staff, members and deputies.
- ``questions``: the questions the user may read; the finance bureau's officer answers those
  put to its unit here, an asker withdraws their own.
- ``asset_opinions``: the state-assets review opinions a unit owes a handling report on.
- ``review_report_pdf``: the committee's preliminary review report as PDF (reviewers)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from budget import permissions, selectors, selectors_review
from budget import services_assets as assets
from budget import services_review as services
from budget.models import Book, FiscalYear, ReviewQuestion, Stage
from budget.models_assets import OPINION_OWED
from budget.workflow_assets import OPINION
from budget.workflow_review import QUESTION
from congress.exceptions import ApplicationError
from congress.forms import error_to_form
from congress.pdf import pdf_response

CODE_RE = re.compile(r"^\d{3}(\d{2}(\d{2})?)?$")
LIST_LIMIT = 200


def _text_field(label, message, max_length=5000):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": message, "max_length": gettext_lazy("内容过长。")},
    )


class RemarkForm(forms.Form):
    KIND_CHOICES = [("question", gettext_lazy("向财政部门询问")), ("comment", gettext_lazy("提出意见"))]
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=KIND_CHOICES, initial="question")
    text = _text_field(gettext_lazy("内容"), gettext_lazy("请填写内容。"))


class AnswerForm(forms.Form):
    answer = _text_field(gettext_lazy("答复"), gettext_lazy("请填写答复。"), 20000)


class HandlingForm(forms.Form):
    handling = _text_field(gettext_lazy("办理情况"), gettext_lazy("请填写办理情况。"), 20000)


def _require_reviewer(user) -> None:
    if not permissions.may_review(user):
        raise PermissionDenied


def _choice(value, allowed, default):
    return value if value in allowed else default


@login_required
def review(request):
    _require_reviewer(request.user)
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    book = _choice(request.GET.get("book"), Book.values, Book.GENERAL)
    stages = selectors.available_stages(year, book, Stage.values)
    stage = _choice(request.GET.get("stage"), stages, stages[0] if stages else Stage.DRAFT)
    parent = request.GET.get("parent", "")
    if not CODE_RE.match(parent) or len(parent) == 7:
        parent = ""
    lines, crumbs = [], []
    if stages:
        book_stage = selectors.book_stage_get(year=year, book=book, stage=stage)
        lines = list(selectors.level_lines(book_stage.pk, parent))
        crumbs = selectors.breadcrumbs(book_stage.pk, parent)
        counts = selectors_review.remark_counts(
            year=year, book=book, stage=stage, codes=[x.code for x in lines]
        )
        for line in lines:
            line.remarks = counts.get(line.code, {})
    return render(
        request,
        "budget/portal/review.html",
        {
            "years": years,
            "year": year,
            "book": book,
            "books": Book.choices,
            "stage": stage,
            "stages": [(s, Stage(s).label) for s in stages],
            "parent": parent,
            "crumbs": crumbs,
            "lines": lines,
            "reports": list(selectors_review.review_reports(year)),
        },
    )


def _line_page(request, year: int, book: str, stage: str, code: str, form=None, status=200):
    if book not in Book.values or stage not in Stage.values or not CODE_RE.match(code):
        raise Http404
    book_stage = selectors.book_stage_get(year=year, book=book, stage=stage)
    line = selectors.line_get(book_stage.pk, code)
    if line is None:
        raise Http404
    remarks = selectors_review.line_remarks(request.user, year=year, book=book, stage=stage, code=code)
    for question in remarks["questions"]:
        question.can_withdraw = QUESTION.can(question, "withdraw", request.user)
    return render(
        request,
        "budget/portal/review_line.html",
        {
            "book_stage": book_stage,
            "line": line,
            "form": form or RemarkForm(),
            "back": reverse("portal:budget-review")
            + f"?year={year}&book={book}&stage={stage}&parent={line.parent_code}",
            **remarks,
        },
        status=status,
    )


@login_required
def review_line(request, year: int, book: str, stage: str, code: str):
    _require_reviewer(request.user)
    if request.method != "POST":
        return _line_page(request, year, book, stage, code)
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        raise Http404
    form = RemarkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        service = services.question_ask if data["kind"] == "question" else services.comment_add
        try:
            service(
                actor=request.user,
                fiscal_year=fiscal_year,
                book=book,
                stage=stage,
                code=code,
                text=data["text"],
            )
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("询问已提交，财政部门将按期答复。") if data["kind"] == "question" else _("意见已提交。"),
            )
            return redirect(request.path)
    return _line_page(request, year, book, stage, code, form=form, status=400)


def _questions_page(request, bound: dict | None = None, status=200):
    if not permissions.reads_questions(request.user):
        raise PermissionDenied
    rows = selectors_review.questions_visible_to(request.user)
    mine = request.GET.get("mine") == "1"
    if mine:
        rows = rows.filter(author=request.user)
    state = request.GET.get("state")
    if state in ReviewQuestion.State.values:
        rows = rows.filter(state=state)
    today = timezone.localdate()
    items = []
    for question in rows.order_by("-created_at", "-id")[:LIST_LIMIT]:
        can_answer = QUESTION.can(question, "answer", request.user)
        items.append(
            {
                "q": question,
                "overdue": question.state == ReviewQuestion.State.ASKED and question.deadline < today,
                "form": (bound or {}).get(question.pk) or (AnswerForm() if can_answer else None),
                "can_withdraw": QUESTION.can(question, "withdraw", request.user),
            }
        )
    return render(
        request,
        "budget/portal/review_questions.html",
        {
            "items": items,
            "mine": mine,
            "state": state,
            "states": ReviewQuestion.State.choices,
            "reviewer": permissions.may_review(request.user),
        },
        status=status,
    )


@login_required
def questions(request):
    return _questions_page(request)


@login_required
@require_POST
def question_answer(request, pk: int):
    question = selectors_review.question_get(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ApplicationError as exc:
            if exc.status_code == 403:
                raise PermissionDenied from exc
            error_to_form(form, exc)
        else:
            messages.success(request, _("答复已提交。"))
            return redirect("portal:budget-review-questions")
    return _questions_page(request, {question.pk: form}, status=400)


@login_required
@require_POST
def question_withdraw(request, pk: int):
    question = selectors_review.question_get(request.user, pk)
    try:
        services.question_withdraw(actor=request.user, question=question)
    except ApplicationError as exc:
        if exc.status_code == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("询问已撤回。"))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/portal/")
        else "portal:budget-review-questions"
    )


@login_required
def review_report_pdf(request, pk: int):
    if not permissions.can_read_all_stages(request.user):
        raise PermissionDenied
    report = selectors_review.review_report_get(pk)
    return pdf_response(
        "budget/pdf/review_report.html",
        {"report": report},
        filename=f"{report.fiscal_year.year}-{report.stage}-初审报告",
        request=request,
    )


# --- state-assets opinions a unit owes ---------------------------------------------------------------


def _opinions_page(request, bound: dict | None = None, status=200):
    if not (permissions.is_staff(request.user) or permissions.reads_findings(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    items = []
    for opinion in selectors_review.asset_opinions_visible_to(request.user).order_by("deadline", "id")[
        :LIST_LIMIT
    ]:
        owed = opinion.state in OPINION_OWED
        items.append(
            {
                "o": opinion,
                "overdue": owed and opinion.deadline < today,
                "form": (bound or {}).get(opinion.pk)
                or (HandlingForm() if OPINION.can(opinion, "answer", request.user) else None),
            }
        )
    return render(request, "budget/portal/asset_opinions.html", {"items": items}, status=status)


@login_required
def asset_opinions(request):
    return _opinions_page(request)


@login_required
@require_POST
def asset_opinion_answer(request, pk: int):
    opinion = selectors_review.asset_opinion_get(request.user, pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        try:
            assets.opinion_answer(actor=request.user, opinion=opinion, handling=form.cleaned_data["handling"])
        except ApplicationError as exc:
            if exc.status_code == 403:
                raise PermissionDenied from exc
            error_to_form(form, exc)
        else:
            messages.success(request, _("办理情况已反馈。"))
            return redirect("portal:budget-asset-opinions")
    return _opinions_page(request, {opinion.pk: form}, status=400)


@login_required
def unit_inbox(request):
    """What the officer's units owe in the budget, soonest deadline first (one UNION query)."""
    from budget.panels import item_url, kind_label
    from congress import roles

    if not roles.has_role(request.user, roles.UNIT_OFFICER):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [
        {**row, "url": item_url(row), "what": kind_label(row["kind"]), "overdue": row["deadline"] < today}
        for row in selectors_review.unit_inbox(request.user)
    ]
    return render(request, "budget/portal/unit_inbox.html", {"rows": rows})


@login_required
def audit_year_report_pdf(request, year: int):
    """The yearly audit-rectification report to the committee (审计查出问题整改情况报告): per
    unit, the findings in each state, then each finding with its state — staff and members."""
    from congress import roles

    if not roles.has_role(request.user, roles.STAFF, roles.MEMBER):
        raise PermissionDenied
    summary = selectors_review.audit_year_summary(year)
    if not summary["findings"]:
        raise Http404
    return pdf_response(
        "budget/pdf/audit_year_report.html",
        {"year": year, **summary},
        filename=f"{year}-审计查出问题整改情况",
        request=request,
    )
