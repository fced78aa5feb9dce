"""The portal's execution pages (issue 13 item 5):

- ``/portal/budget/execution/``: a book's execution to its last month, line by line with the
  rate against the share of the year elapsed (bars), drilled down 类 → 款 → 项 — staff, members
  and deputies;
- ``/portal/budget/warnings/``: the warnings with what became of each; staff turn one into a
  question to a unit or a supervision item in one step;
- ``/portal/budget/questions/``: a unit's questions (staff see all), each answered here.
Thin: reads through ``selectors_execution``, writes through ``services_execution``."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from budget import permissions, selectors_execution
from budget import services_execution as services
from budget.models import Book, ExecutionQuestion, FiscalYear
from budget.workflow_execution import QUESTION
from congress.exceptions import ApplicationError
from congress.models import Organization

PARENT_RE = re.compile(r"^\d{3}(\d{2})?$")


def _year_and_book(request):
    years = list(FiscalYear.objects.order_by("-year"))
    wanted = request.GET.get("year", "")
    year = next((y for y in years if str(y.year) == wanted), years[0] if years else None)
    book = request.GET.get("book") if request.GET.get("book") in Book.values else Book.GENERAL
    return years, year, book


@login_required
def execution(request):
    if not selectors_execution.reads_warnings(request.user):
        raise PermissionDenied
    years, year, book = _year_and_book(request)
    parent = request.GET.get("parent", "")
    parent = parent if PARENT_RE.match(parent) else ""
    month = stage = None
    lines = []
    if year is not None:
        month = selectors_execution.execution_months(year).get(book)
        if month:
            stage, lines = selectors_execution.execution_level(year, book, month, parent)
    time_share = (Decimal(month) * 100 / 12).quantize(Decimal("0.1")) if month else None
    crumbs = [parent[:n] for n in (3, 5) if n <= len(parent)]
    names = dict(year.codes.filter(code__in=crumbs).values_list("code", "name")) if year and crumbs else {}
    return render(
        request,
        "budget/portal/execution.html",
        {
            "years": [y.year for y in years],
            "year": year.year if year else None,
            "book": book,
            "books": Book.choices,
            "month": month,
            "stage": stage,
            "time_share": time_share,
            "lines": lines,
            "parent": parent,
            "crumbs": [{"code": c, "name": names.get(c, "")} for c in crumbs],
        },
    )


def _units():
    return Organization.objects.filter(is_active=True).exclude(kind__in=services.OWN_OFFICES).order_by("name")


@login_required
def warnings(request):
    if not selectors_execution.reads_warnings(request.user):
        raise PermissionDenied
    years, year, book = _year_and_book(request)
    rows = selectors_execution.warnings_visible_to(request.user, year=year.year if year else None)
    if request.GET.get("open") == "1":
        rows = rows.filter(question=None, plan_item=None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    staff = permissions.is_staff(request.user)
    return render(
        request,
        "budget/portal/warnings.html",
        {
            "years": [y.year for y in years],
            "year": year.year if year else None,
            "page": page,
            "staff": staff,
            "units": list(_units().values_list("pk", "name")) if staff else [],
            "open_only": request.GET.get("open") == "1",
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/portal/budget/warnings/") else "portal:budget-warnings")


@login_required
@require_POST
def warning_ask(request, pk: int):
    warning = selectors_execution.warning_get(request.user, pk)
    unit = (
        _units().filter(pk=request.POST.get("unit") or 0).first()
        if request.POST.get("unit", "").isdecimal()
        else None
    )
    try:
        services.warning_ask_unit(
            actor=request.user, warning=warning, unit=unit, question=request.POST.get("question", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已转为向%(unit)s询问。") % {"unit": unit.name})
    return _back(request)


@login_required
@require_POST
def warning_supervise(request, pk: int):
    warning = selectors_execution.warning_get(request.user, pk)
    try:
        services.warning_to_supervision(actor=request.user, warning=warning)
    except ApplicationError as exc:
        messages.error(
            request, " ".join(str(m) for ms in (exc.extra or {}).values() for m in ms) or exc.message
        )
    else:
        messages.success(request, _("已列入本年度监督工作计划。"))
    return _back(request)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("答复内容"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("请填写答复内容。"),
            "max_length": gettext_lazy("内容过长。"),
        },
    )


def _questions_page(request, bound: dict | None = None):
    if not permissions.reads_findings(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = []
    for question in selectors_execution.questions_visible_to(request.user).order_by("deadline", "id")[:500]:
        can_answer = QUESTION.can(question, "answer", request.user)
        rows.append(
            {
                "question": question,
                "overdue": question.state == ExecutionQuestion.State.ASKED and question.deadline < today,
                "form": (bound or {}).get(question.pk) or (AnswerForm() if can_answer else None),
            }
        )
    return render(request, "budget/portal/questions.html", {"rows": rows})


@login_required
def questions(request):
    return _questions_page(request)


@login_required
@require_POST
def question_answer(request, pk: int):
    question = selectors_execution.question_get(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("答复已报送。"))
            return redirect("portal:budget-questions")
    return _questions_page(request, {question.pk: form})
