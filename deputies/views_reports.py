"""The deputy's reports to voters in the portal (向原选区选民报告履职情况, seed 十四): the
reports scheduled for them (staff schedule them in the admin, or the deputy here), recording
that one was held, writing and publishing its text, and reading the voters' comments. Views
parse and render; ``deputies.services_record`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress.exceptions import ApplicationError
from congress.forms import error_to_form
from deputies.forms import VoterReportHoldForm, VoterReportScheduleForm, VoterReportTextForm
from deputies.models_record import VoterReport
from deputies.selectors import deputy_for_user
from deputies.selectors_record import voter_report_get_own, voter_reports_of
from deputies.services_record import (
    voter_report_hold,
    voter_report_publish,
    voter_report_schedule,
)

R = VoterReport.State


def _own_deputy(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    return deputy


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    """The deputy's reports, newest first, and a form to schedule one."""
    deputy = _own_deputy(request)
    form = VoterReportScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = voter_report_schedule(actor=request.user, deputy=deputy, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("已安排向选民报告。"))
            return redirect("portal:deputy-voter-report", report.pk)
    return render(
        request,
        "deputies/reports/list.html",
        {"deputy": deputy, "reports": list(voter_reports_of(deputy)), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    """One report: held → record it; held → write and publish the text; published → the text
    and the voters' comments (hidden ones marked). A form with errors keeps what was typed."""
    deputy = _own_deputy(request)
    report = voter_report_get_own(deputy=deputy, pk=pk)
    hold_form = VoterReportHoldForm(
        request.POST if request.POST.get("step") == "hold" else None,
        initial={"held_at": report.scheduled_at, "attendees": report.attendees},
    )
    text_form = VoterReportTextForm(
        request.POST if request.POST.get("step") == "publish" else None, initial={"text": report.text}
    )
    if request.method == "POST":
        step = request.POST.get("step")
        form = hold_form if step == "hold" else text_form if step == "publish" else None
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if step == "hold":
                    voter_report_hold(actor=request.user, report=report, **form.cleaned_data)
                    messages.success(request, _("已登记召开，请撰写并公开报告内容。"))
                else:
                    voter_report_publish(actor=request.user, report=report, text=form.cleaned_data["text"])
                    messages.success(request, _("报告内容已在您的公开页面发布，选民可以评议。"))
            except ApplicationError as exc:
                error_to_form(form, exc)
            else:
                return redirect("portal:deputy-voter-report", report.pk)
    comments = list(report.comments.order_by("created_at", "id")) if report.state == R.PUBLISHED else []
    return render(
        request,
        "deputies/reports/detail.html",
        {
            "deputy": deputy,
            "report": report,
            "hold_form": hold_form,
            "text_form": text_form,
            "comments": comments,
            "may_hold": report.state == R.SCHEDULED,
            "may_publish": report.state == R.HELD,
        },
    )
