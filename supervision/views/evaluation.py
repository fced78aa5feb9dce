"""Pages of post-supervision evaluation (监督后评估).

Website (no login): the questionnaire while open — one answer per device (a random token in a
signed cookie the page sets) and a per-address daily limit, both kept by the service — and the
results once closed; the item's public page shows them too. Portal: deputies answer once per
account and read the results. Views call selectors and services only."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress.exceptions import ApplicationError
from supervision import permissions, selectors_evaluation, services
from supervision.forms import error_to_form
from supervision.forms_evaluation import AnswerForm
from supervision.models_evaluation import Evaluation
from supervision.services.evaluation import device_answered

DEVICE_COOKIE = "congress_device"
DEVICE_SALT = "supervision.evaluation.device"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600


def device_token(request) -> tuple[str, bool]:
    """The device's token from its signed cookie, or a new one (``True``: set it)."""
    token = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)
    if token:
        return token, False
    return secrets.token_urlsafe(24), True


def remember_device(response, token: str):
    response.set_signed_cookie(
        DEVICE_COOKIE,
        token,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def target_url(evaluation: Evaluation, namespace: str = "public") -> str:
    names = {"workreport": "supervision-report", "interpellation": "supervision-interpellation"}
    name = names.get(evaluation.target_type.model)
    try:
        return reverse(f"{namespace}:{name}", args=[evaluation.target_id]) if name else ""
    except NoReverseMatch:
        return ""


def _context(evaluation, form, *, answered: bool, staff_texts: bool = False) -> dict:
    closed = evaluation.state == Evaluation.State.CLOSED
    return {
        "evaluation": evaluation,
        "form": None if closed or answered else form,
        "answered": answered,
        "results": selectors_evaluation.evaluation_results(evaluation, with_texts=staff_texts)
        if closed
        else None,
        "target_url": target_url(evaluation),
    }


@require_http_methods(["GET", "POST"])
def public_evaluation(request, pk: int):
    evaluation = selectors_evaluation.evaluation_get_public(pk)
    questions = list(evaluation.questions.all())
    token, new = device_token(request)
    form = AnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if evaluation.state != Evaluation.State.OPEN:
            raise Http404
        if form.is_valid():
            try:
                services.evaluation_answer_as_public(
                    evaluation=evaluation,
                    answers=form.answers(),
                    device_token=token,
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except ApplicationError as exc:
                error_to_form(form, exc)
                status = getattr(exc, "status_code", 400)
            else:
                messages.success(request, _("感谢您参与评估，答卷已提交。"))
                return remember_device(redirect("public:supervision-evaluation", evaluation.pk), token)
        else:
            status = 400
    answered = not new and evaluation.state == Evaluation.State.OPEN and device_answered(evaluation, token)
    response = render(
        request,
        "supervision/public/evaluation.html",
        _context(evaluation, form, answered=answered),
        status=status,
    )
    return remember_device(response, token) if new else response


@login_required
def portal_evaluation_list(request):
    user = request.user
    if not (permissions.is_deputy(user) or permissions.sees_everything(user)):
        raise Http404
    rows = selectors_evaluation.evaluation_list_visible_to(user).select_related("target_type")
    return render(request, "supervision/portal/evaluation_list.html", {"evaluations": rows[:50]})


@login_required
@require_http_methods(["GET", "POST"])
def portal_evaluation(request, pk: int):
    user = request.user
    evaluation = selectors_evaluation.evaluation_get_for_user(user, pk)
    can_answer = permissions.is_deputy(user) and evaluation.state == Evaluation.State.OPEN
    answered = can_answer and selectors_evaluation.deputy_answered(evaluation, user)
    form = AnswerForm(request.POST or None, questions=list(evaluation.questions.all()))
    status = 200
    if request.method == "POST":
        if not can_answer:
            raise Http404
        if form.is_valid():
            try:
                services.evaluation_answer_as_deputy(
                    actor=user, evaluation=evaluation, answers=form.answers()
                )
            except ApplicationError as exc:
                error_to_form(form, exc)
                status = getattr(exc, "status_code", 400)
            else:
                messages.success(request, _("感谢您参与评估，答卷已提交。"))
                return redirect("portal:supervision-evaluation", evaluation.pk)
        else:
            status = 400
    context = _context(evaluation, form if can_answer else None, answered=answered)
    return render(request, "supervision/portal/evaluation.html", context, status=status)
