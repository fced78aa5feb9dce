"""Public pages of hearings (听证), no login: the notices; one hearing with its sign-up form
while the window is open, its participants, record, report and how the opinions were taken up;
a sign-up's status by receipt number; the hearing as an iCalendar file. Names are masked unless
the citizen agreed; a mobile is never shown. Views call selectors and services only."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress import ics, page_cache
from congress.exceptions import ApplicationError
from congress.pdf import pdf_response
from congress.selectors import district_profile
from supervision import selectors, services
from supervision import selectors_hearings as sel
from supervision.forms import error_to_form
from supervision.forms_hearings import ReceiptLookupForm, SignupForm
from supervision.models_hearings import PublicHearing

PAGE_SIZE = 20


def hearing_list(request):
    return render(
        request,
        "supervision/public/hearing_list.html",
        {
            "page": Paginator(sel.hearings_public(), PAGE_SIZE).get_page(request.GET.get("page")),
            "years": selectors.published_plan_years(),
            "now": timezone.now(),
            "lookup": ReceiptLookupForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def hearing(request, pk: int):
    row = sel.hearing_get_public(pk)
    now = timezone.now()
    signup_open = row.signup_open_at(now)
    form = SignupForm(request.POST or None) if signup_open or request.method == "POST" else None
    if form is not None:
        # The form carries this visitor's CSRF token: never the shared anonymous page cache.
        page_cache.skip(request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signup = services.hearing_signup_create(
                    hearing=row, address=request.META.get("REMOTE_ADDR", ""), **form.cleaned_data
                )
            except ApplicationError as exc:
                error_to_form(form, exc)
                status = getattr(exc, "status_code", 400)
            else:
                messages.success(
                    request,
                    _("报名成功！您的回执编号是 %(receipt)s，请记下以便查询遴选结果。")
                    % {"receipt": signup.receipt},
                )
                return redirect("public:supervision-public-hearing-receipt", signup.receipt)
        else:
            status = 400
    return render(
        request,
        "supervision/public/hearing.html",
        {
            "hearing": row,
            "form": form,
            "signup_open": signup_open,
            "signup_not_yet": row.state == PublicHearing.State.PUBLISHED and now < row.signup_opens,
            "participants": row.participants,
            "record": row.record,
            "counts": sel.stance_counts(row.participants),
        },
        status=status,
    )


def receipt_lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_valid():
        receipt = "".join(form.cleaned_data["receipt"].split()).upper()
        return redirect("public:supervision-public-hearing-receipt", receipt)
    return render(request, "supervision/public/hearing_receipt_lookup.html", {"form": form})


def receipt(request, receipt: str):
    signup = sel.signup_get_by_receipt(receipt)
    return render(
        request,
        "supervision/public/hearing_receipt.html",
        {"signup": signup, "hearing": signup.hearing, "form": ReceiptLookupForm()},
    )


def _hearing_event(request, row) -> ics.Event:
    return ics.Event(
        uid=f"public-hearing-{row.pk}@{request.get_host().split(':')[0]}",
        summary=_("听证会：%(title)s") % {"title": row.title},
        starts_at=row.starts_at,
        ends_at=row.ends_at or row.starts_at + dt.timedelta(hours=2),
        location=row.location,
        description=f"{row.kind_label}\n{row.description}".strip(),
        url=request.build_absolute_uri(reverse("public:supervision-public-hearing", args=[row.pk])),
        stamp=row.published_at or row.updated_at,
        cancelled=row.state == PublicHearing.State.CANCELLED,
    )


def hearing_ics(request, pk: int):
    """The hearing as an iCalendar (RFC 5545) file a phone's calendar imports."""
    row = sel.hearing_get_public(pk)
    response = HttpResponse(
        ics.calendar([_hearing_event(request, row)], name=row.title), content_type=ics.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="hearing-{row.pk}.ics"'
    return response


def hearings_ics(request):
    """Every published hearing in one iCalendar file to subscribe to (the newest 500)."""
    events = [_hearing_event(request, row) for row in sel.hearings_public()[:500]]
    response = HttpResponse(ics.calendar(events, name=_("听证会")), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="hearings.ics"'
    return response


def hearing_report_pdf(request, pk: int):
    """The concluded hearing's report as PDF: the notice's facts, the participants (names as
    each agreed), the report, the record and how the opinions were taken up; 404 before."""
    row = sel.hearing_get_public(pk)
    if row.state != PublicHearing.State.CONCLUDED:
        raise Http404
    return pdf_response(
        "supervision/pdf/hearing_report.html",
        {
            "hearing": row,
            "held_at": row.held_at or row.starts_at,
            "participants": row.participants,
            "record": row.record,
            "district": district_profile(),
        },
        filename=_("听证报告-%(t)s") % {"t": row.title},
        request=request,
    )
