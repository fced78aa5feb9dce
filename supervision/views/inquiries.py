"""Portal pages of inquiries. Members and deputies: the inquiries, and a question to a unit at
an open one. Units: the inquiries that asked them (only their own questions), the answer of
their head or deputy head with what they committed to, and each commitment's page to report
it fulfilled. Views call selectors and services only; a form with errors comes back with the
input kept (400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import roles
from congress.exceptions import ApplicationError
from congress.views.steps import form_step
from supervision import permissions, selectors, services
from supervision import selectors_inquiries as sel
from supervision.forms import error_to_form
from supervision.forms_inquiries import AnswerForm, CommitmentForm, CommitmentReportForm, QuestionForm
from supervision.models import InquiryCommitment
from supervision.workflow_inquiries import COMMITMENT, COMMITMENT_OWED, INQUIRY, QUESTION

PAGE_SIZE = 20


def _asks_in_person(user) -> bool:
    return roles.has_role(user, roles.MEMBER, roles.DEPUTY)


@login_required
def inquiry_list(request):
    user = request.user
    rows = sel.inquiry_list_visible_to(user).order_by("-created_at", "-id")
    if not _asks_in_person(user) and not permissions.is_staff(user) and not rows.exists():
        raise Http404
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/portal/inquiry_list.html", {"page": page})


def _inquiry_page(request, inquiry, *, bound=None, status: int = 200):
    """The inquiry with the questions the user may see; ``bound`` is (question pk or None,
    form name, form) of a form that came back with errors."""
    user = request.user
    target, name, form = bound or (None, "", None)
    questions = []
    for question in inquiry.questions.all():
        is_unit = permissions.acts_for_unit(user, question)
        mine = target == question.pk
        answer_form = commit_form = None
        if is_unit and QUESTION.can(question, "answer", user):
            answer_form = form if mine and name == "answer" else AnswerForm(prefix=f"q{question.pk}")
        if is_unit and QUESTION.can(question, "commit", user):
            commit_form = form if mine and name == "commit" else CommitmentForm(prefix=f"q{question.pk}")
        questions.append(
            {
                "q": question,
                "commitments": list(question.commitments.all()),
                "answer_form": answer_form,
                "commit_form": commit_form,
            }
        )
    ask_form = None
    if _asks_in_person(user) and INQUIRY.can(inquiry, "ask", user):
        ask_form = form if name == "ask" else QuestionForm()
    return render(
        request,
        "supervision/portal/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "questions": questions,
            "ask_form": ask_form,
            "events": list(inquiry.events.all()),
        },
        status=status,
    )


@login_required
def inquiry_detail(request, pk: int):
    return _inquiry_page(request, sel.inquiry_with_record(request.user, pk))


@login_required
@require_POST
def inquiry_ask(request, pk: int):
    """A member or deputy puts a question to a unit."""
    inquiry = sel.inquiry_with_record(request.user, pk)
    if not _asks_in_person(request.user):
        raise Http404
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(actor=request.user, inquiry=inquiry, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("询问已提出，被询问单位将由负责人应询。"))
            return redirect("portal:supervision-inquiry", inquiry.pk)
    return _inquiry_page(request, inquiry, bound=(None, "ask", form), status=400)


def _question_step(request, pk: int, *, name: str, form_class, call, success: str):
    question = sel.question_get_for_user(request.user, pk)
    form = form_class(request.POST, prefix=f"q{question.pk}")
    return form_step(
        request,
        form,
        lambda data: call(question, data),
        success=success,
        done=reverse("portal:supervision-inquiry", args=[question.inquiry_id]),
        page=lambda: _inquiry_page(
            request,
            sel.inquiry_with_record(request.user, question.inquiry_id),
            bound=(question.pk, name, form),
            status=400,
        ),
    )


@login_required
@require_POST
def question_answer(request, pk: int):
    return _question_step(
        request,
        pk,
        name="answer",
        form_class=AnswerForm,
        call=lambda q, data: services.question_answer(actor=request.user, question=q, **data),
        success=_("答复已录入。"),
    )


@login_required
@require_POST
def question_commit(request, pk: int):
    return _question_step(
        request,
        pk,
        name="commit",
        form_class=CommitmentForm,
        call=lambda q, data: services.commitment_add(actor=request.user, question=q, **data),
        success=_("承诺事项已录入，请按期落实并报告。"),
    )


def _commitment_page(request, commitment: InquiryCommitment, *, form=None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    tone = selectors.deadline_tone(
        deadline=commitment.deadline,
        is_open=commitment.state in COMMITMENT_OWED,
        today=today,
        horizon=selectors.due_horizon(today),
    )
    can_report = COMMITMENT.can(commitment, "report", user)
    return render(
        request,
        "supervision/portal/commitment_detail.html",
        {
            "commitment": commitment,
            "question": commitment.question,
            "inquiry": commitment.question.inquiry,
            "tone": tone,
            "is_unit": permissions.acts_for_unit(user, commitment),
            "events": list(commitment.events.all()),
            "form": form or (CommitmentReportForm() if can_report else None),
        },
        status=status,
    )


@login_required
def commitment_detail(request, pk: int):
    return _commitment_page(request, sel.commitment_with_record(request.user, pk))


@login_required
@require_POST
def commitment_report(request, pk: int):
    commitment = sel.commitment_with_record(request.user, pk)
    form = CommitmentReportForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_report(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("落实情况已报告，等待常委会工作人员核实。"))
            return redirect("portal:supervision-commitment", commitment.pk)
    return _commitment_page(request, commitment, form=form, status=400)
