"""Public pages of special-question investigations, no login: concluded ones with the
proposal, the decision, the committee of deputies, the findings report and the resolution."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from supervision import selectors
from supervision import selectors_investigation as sel


def investigation_list(request):
    return render(
        request,
        "supervision/public/investigation_list.html",
        {
            "page": Paginator(sel.investigations_public(), 20).get_page(request.GET.get("page")),
            "years": selectors.published_plan_years(),
        },
    )


def investigation(request, pk: int):
    row = sel.investigation_get_public(pk)
    return render(
        request,
        "supervision/public/investigation.html",
        {
            "investigation": row,
            "proposers": list(row.proposers.all()),
            "members": list(row.committee_members.all()),
        },
    )
