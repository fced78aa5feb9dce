"""The POST of a portal step (congress.views.steps.form_step): a valid form runs the service,
flashes and redirects; a refusal or an invalid form draws the page again with the form bound,
its errors on the fields, and nothing flashed."""

from django import forms
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from congress.exceptions import ApplicationError
from congress.views.steps import form_step


class NoteForm(forms.Form):
    note = forms.CharField(max_length=10)


def _post(data):
    request = RequestFactory().post("/step/", data)
    request._messages = CookieStorage(request)
    return request


def _step(request, form, call):
    return form_step(
        request,
        form,
        call,
        success="已保存。",
        done="/done/",
        page=lambda: HttpResponse("page", status=400),
    )


def test_a_valid_form_runs_the_service_then_flashes_and_redirects():
    # given
    request, calls = _post({"note": "好"}), []
    # when
    response = _step(request, NoteForm(request.POST), calls.append)
    # then
    assert calls == [{"note": "好"}]
    assert response.status_code == 302 and response.url == "/done/"
    assert [str(m) for m in request._messages] == ["已保存。"]


def test_a_refusal_stays_on_the_form_and_the_page_is_drawn_again():
    def refuse(data):
        raise ApplicationError("不能保存。", extra={"note": ["备注与记录不符。"]})

    request = _post({"note": "好"})
    form = NoteForm(request.POST)
    response = _step(request, form, refuse)
    assert response.status_code == 400
    assert form.errors == {"note": ["备注与记录不符。"]}
    assert list(request._messages) == []


def test_an_invalid_form_calls_no_service():
    request, calls = _post({"note": ""}), []
    form = NoteForm(request.POST)
    response = _step(request, form, calls.append)
    assert response.status_code == 400 and calls == []
    assert "note" in form.errors
