"""Portal pages of filing review. Units: their filings (what they owe first: the corrected text
by its deadline), a form to file a normative document, a filing's page with the review opinions
article by article and the form to submit the corrected text (what changed shown against the
filed text). Staff and members: every filing, with the experts' opinions, and the year's
statistics (CSV too). Views call selectors and services only; a form with errors comes back
with the input kept (400)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress import roles
from congress.exceptions import ApplicationError
from congress.files import file_response
from congress.pdf import pdf_response
from congress.selectors import district_profile
from congress.units import acting_unit_list
from congress.views.steps import form_step
from supervision import permissions, selectors
from supervision import selectors_filings as sel
from supervision.forms import error_to_form
from supervision.forms_filings import CorrectionForm, FilingForm
from supervision.models import NormativeDocument
from supervision.models_filings import text_diff
from supervision.services import filings as svc
from supervision.workflow_filings import FILING

PAGE_SIZE = 20
F = NormativeDocument.State


def _may_see_filings(user) -> bool:
    return sel.sees_all_filings(user) or bool(selectors.officer_unit_ids(user))


def _issuing_units_of(user):
    return [u for u in acting_unit_list(user) if u.kind in svc.ISSUING_KINDS]


@login_required
def filing_list(request):
    user = request.user
    if not _may_see_filings(user):
        raise Http404
    show = request.GET.get("show") if request.GET.get("show") in ("owed", "all") else "all"
    search = (request.GET.get("q") or "").strip()[:100]
    rows = sel.filing_list_visible_to(user, search=search)
    if show == "owed":
        owed = F.CORRECTION_REQUESTED if not sel.sees_all_filings(user) else F.FILED
        rows = rows.filter(state=owed).order_by("review_due" if owed == F.FILED else "correction_due", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    horizon = selectors.due_horizon(today)
    items = [
        {
            "f": row,
            "tone": selectors.deadline_tone(
                deadline=row.deadline, is_open=row.deadline is not None, today=today, horizon=horizon
            ),
        }
        for row in page
    ]
    return render(
        request,
        "supervision/portal/filing_list.html",
        {
            "page": page,
            "items": items,
            "show": show,
            "q": search,
            "may_file": roles.has_role(user, roles.UNIT_OFFICER) and bool(_issuing_units_of(user)),
            "sees_all": sel.sees_all_filings(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def filing_new(request):
    """A unit's officer files a normative document."""
    user = request.user
    own = _issuing_units_of(user)
    if not roles.has_role(user, roles.UNIT_OFFICER) or not own:
        raise Http404
    unit_queryset = NormativeDocument._meta.get_field("unit").related_model.objects.filter(
        pk__in=[u.pk for u in own]
    )
    form = FilingForm(
        request.POST or None,
        request.FILES or None,
        unit_queryset=unit_queryset,
        initial={"unit": own[0].pk} if len(own) == 1 else None,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                filing = svc.filing_create(actor=user, **form.cleaned_data)
            except ApplicationError as exc:
                error_to_form(form, exc)
            else:
                if filing.late:
                    messages.warning(
                        request,
                        _("已报备。该文件超过报备期限（%(d)s）%(n)d 天，已记为逾期报备。")
                        % {"d": filing.filing_due, "n": filing.days_late},
                    )
                else:
                    messages.success(request, _("已报备，审查结论将通知本单位。"))
                return redirect("portal:supervision-filing", filing.pk)
        return render(request, "supervision/portal/filing_form.html", {"form": form}, status=400)
    return render(request, "supervision/portal/filing_form.html", {"form": form})


def _filing_page(request, filing, *, form=None, status: int = 200):
    user = request.user
    correction_form = None
    if permissions.acts_for_unit(user, filing) and FILING.can(filing, "submit_correction", user):
        correction_form = form or CorrectionForm(
            initial={"corrected_text": filing.corrected_text or filing.text}
        )
    opinions = list(filing.opinions.all())
    by_article: dict = {}
    for opinion in opinions:
        by_article.setdefault(opinion.article, []).append(opinion)
    articles = [{"a": a, "opinions": by_article.get(a.number, [])} for a in filing.articles()]
    today = timezone.localdate()
    return render(
        request,
        "supervision/portal/filing_detail.html",
        {
            "filing": filing,
            "articles": articles,
            "general_opinions": by_article.get(None, []),
            "diff": text_diff(filing.text, filing.corrected_text) if filing.corrected_text else [],
            "correction_form": correction_form,
            "consultations": filing.consultation_list,
            "suggestions": list(filing.suggestions.all()) if sel.sees_all_filings(user) else [],
            "events": list(filing.events.all()),
            "tone": selectors.deadline_tone(
                deadline=filing.deadline,
                is_open=filing.deadline is not None,
                today=today,
                horizon=selectors.due_horizon(today),
            ),
            "is_staff": permissions.is_staff(user),
        },
        status=status,
    )


@login_required
def filing_detail(request, pk: int):
    return _filing_page(request, sel.filing_with_record(request.user, pk))


@login_required
@require_POST
def filing_correction(request, pk: int):
    """The unit submits the corrected text."""
    filing = sel.filing_with_record(request.user, pk)
    form = CorrectionForm(request.POST)
    return form_step(
        request,
        form,
        lambda data: svc.filing_submit_correction(actor=request.user, filing=filing, **data),
        success=_("纠正后文本已报送，等待审查确认。"),
        done=reverse("portal:supervision-filing", args=[filing.pk]),
        page=lambda: _filing_page(request, filing, form=form, status=400),
    )


@login_required
def filing_pdf(request, pk: int):
    filing = sel.filing_get_for_user(request.user, pk)
    return file_response(filing.pdf, filename=filing.pdf_name or f"{filing.doc_number}.pdf")


def filing_opinion_document(request, filing: NormativeDocument, *, opinions: list):
    """The review opinion (备案审查意见书) as PDF: the conclusion addressed to the issuing unit
    and, for the unit and staff, the article-by-article opinions; 404 before the review."""
    if not filing.outcome:
        raise Http404
    return pdf_response(
        "supervision/pdf/filing_opinion.html",
        {"filing": filing, "opinions": opinions, "district": district_profile()},
        filename=_("备案审查意见书-%(t)s") % {"t": filing.title},
        request=request,
    )


@login_required
def filing_opinion_pdf(request, pk: int):
    filing = sel.filing_with_record(request.user, pk)
    return filing_opinion_document(request, filing, opinions=list(filing.opinions.all()))


@login_required
def filing_statistics(request):
    """The year's figures for the work report (staff and members); ``?format=csv`` downloads."""
    if not sel.sees_all_filings(request.user):
        raise Http404
    this_year = timezone.localdate().year
    raw = request.GET.get("year") or ""
    year = int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else this_year
    years = list(range(this_year, this_year - 5, -1))
    figures = svc.filing_statistics(year=year)
    rows = [(_(label), figures[name]) for name, label in svc.STATISTICS_COLUMNS]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="filings-{year}.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with the mark
        writer = csv.writer(response)
        writer.writerow([_("年度"), *[label for label, _v in rows]])
        writer.writerow([year, *[value for _l, value in rows]])
        return response
    return render(
        request, "supervision/portal/filing_statistics.html", {"year": year, "years": years, "rows": rows}
    )
