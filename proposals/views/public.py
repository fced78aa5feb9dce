"""The public website's pages: search of the disclosed replies (closed and not withheld) with
live results, and one disclosed proposal with its public replies. Anything else is a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from congress import page_cache
from congress.files import file_response
from congress.pdf import official_pdf_response
from proposals import selectors
from proposals import selectors_pages as pages
from proposals.documents import reply_letters
from proposals.models import Reply
from proposals.views._common import int_param, paginate, text_param


@page_cache.public_reads("proposals")  # closed, not withheld proposals only
def proposal_list(request):
    """Search by words (title, content, serial, deputy, unit), year, unit and category."""
    filters = {
        "query": text_param(request, "q", 100),
        "year": int_param(request, "year"),
        "unit": int_param(request, "unit"),
        "category": int_param(request, "category"),
    }
    page = paginate(request, pages.public_search_rows(**filters))
    context = {"page": page, **filters}
    if request.htmx:
        return render(request, "proposals/public/partials/results.html", context)
    context.update(
        {
            "years": selectors.public_years(),
            "units": list(selectors.handling_units().only("id", "name")),
            "categories": list(pages.active_categories()),
        }
    )
    return render(request, "proposals/public/list.html", context)


@page_cache.public_reads("proposals")
def proposal_detail(request, pk: int):
    proposal = selectors.public_proposal_get(pk)
    assignments = list(proposal.assignments.all())
    has_letter = any(r.kind == Reply.Kind.REPLY for a in assignments for r in a.public_replies)
    return render(
        request,
        "proposals/public/detail.html",
        {"proposal": proposal, "assignments": assignments, "has_letter": has_letter},
    )


def reply_pdf(request, pk: int):
    """The reply letter(s) of a disclosed proposal as a PDF (GB/T 9704); 404 for a proposal the
    public may not read or one without a confirmed reply."""
    proposal = selectors.public_proposal_get(pk)
    letters = reply_letters(proposal)
    if not letters:
        raise Http404
    return official_pdf_response(
        letters, filename=_("答复函-%(title)s") % {"title": proposal.title}, request=request
    )


def attachment_download(request, pk: int):
    """A proposal's or a reply's file, for whoever may see it (``attachment_get_for_user``):
    always as an attachment under the uploader's file name."""
    attachment = selectors.attachment_get_for_user(request.user, pk)
    return file_response(attachment.file, filename=attachment.name)
