"""The public register of normative documents (规范性文件备案审查), no login: every filed document
with its state and outcome, searched by words in the title, 文号 or issuing body; a document's
page with its articles, the conclusion once reviewed and the form for a review suggestion
(审查建议) against the document or one article; the receipt lookup."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import page_cache
from congress.exceptions import ApplicationError
from congress.files import file_response
from supervision import selectors
from supervision import selectors_filings as sel
from supervision.forms import error_to_form
from supervision.forms_filings import ReceiptForm, SuggestionForm
from supervision.models import NormativeDocument
from supervision.services import filings as svc

PAGE_SIZE = 20


def filing_list(request):
    search = (request.GET.get("q") or "").strip()[:100]
    state = request.GET.get("state") or ""
    page = Paginator(sel.register(search=search, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/public/filing_list.html",
        {
            "page": page,
            "q": search,
            "state": state if state in NormativeDocument.State.values else "",
            "states": NormativeDocument.State.choices,
            "years": selectors.published_plan_years(),
        },
    )


def _filing_page(request, filing, *, form=None, status: int = 200):
    page_cache.skip(request)  # the suggestion form carries the visitor's CSRF token
    return render(
        request,
        "supervision/public/filing.html",
        {
            "filing": filing,
            "articles": filing.articles(),
            "form": form
            or SuggestionForm(filing=filing, initial={"article": request.GET.get("article") or ""}),
        },
        status=status,
    )


def filing(request, pk: int):
    return _filing_page(request, sel.filing_get_public(pk))


@require_POST
def filing_suggest(request, pk: int):
    filing = sel.filing_get_public(pk)
    form = SuggestionForm(request.POST, filing=filing)
    if form.is_valid():
        try:
            suggestion = svc.suggestion_submit(
                filing=filing, address=request.META.get("REMOTE_ADDR", ""), **form.cleaned_data
            )
        except ApplicationError as exc:
            error_to_form(form, exc)
            return _filing_page(request, filing, form=form, status=getattr(exc, "status_code", 400))
        messages.success(request, _("审查建议已受理。请记下回执编号，凭它查询答复。"))
        return redirect(f"{reverse('public:supervision-filing-receipt')}?receipt={suggestion.receipt}")
    return _filing_page(request, filing, form=form, status=400)


def receipt(request):
    form = ReceiptForm(request.GET or None)
    suggestion = None
    if form.is_bound and form.is_valid():
        suggestion = sel.suggestion_by_receipt_or_none(form.cleaned_data["receipt"])
        if suggestion is None:
            form.add_error("receipt", _("找不到该回执编号，请核对后再查。"))
    return render(request, "supervision/public/filing_receipt.html", {"form": form, "suggestion": suggestion})


def filing_pdf(request, pk: int):
    filing = sel.filing_get_public(pk)
    return file_response(filing.pdf, filename=filing.pdf_name or f"{filing.doc_number}.pdf")


def filing_opinion_pdf(request, pk: int):
    """The review opinion as the public reads it: the conclusion (the article-by-article
    working opinions stay in the portal)."""
    from supervision.views.filings import filing_opinion_document

    return filing_opinion_document(request, sel.filing_get_public(pk), opinions=[])
