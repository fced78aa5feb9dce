"""Public pages of inquiries, no login: held inquiries with every question, the answer (who
answered, head or deputy head) and the commitments with how they were kept."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from supervision import selectors
from supervision import selectors_inquiries as sel

PAGE_SIZE = 20


def inquiry_list(request):
    return render(
        request,
        "supervision/public/inquiry_list.html",
        {
            "page": Paginator(sel.inquiries_public_list(), PAGE_SIZE).get_page(request.GET.get("page")),
            "years": selectors.published_plan_years(),
        },
    )


def inquiry(request, pk: int):
    row = sel.inquiry_get_public(pk)
    return render(
        request, "supervision/public/inquiry.html", {"inquiry": row, "questions": list(row.questions.all())}
    )
