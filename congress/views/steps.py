"""The POST of a step on a portal page (submit, answer, send back …): the form's data go to a
service; a refusal stays on the form, shown again on the page; success is flashed and the
browser sent back to the page (post/redirect/get)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from congress.exceptions import ApplicationError
from congress.forms import error_to_form


def form_step(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict], object],
    *,
    success: str,
    done: str,
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run ``call(form.cleaned_data)`` when the form is valid: then flash ``success`` and
    redirect to ``done``. An invalid form or an ``ApplicationError`` (its field errors put on
    the form) gives ``page()``, the page drawn again with the bound form (status 400)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect(done)
    return page()
