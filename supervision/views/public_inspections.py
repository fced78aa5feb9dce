"""Public pages of law-enforcement inspections, no login: deliberated and closed inspections
with their groups, visits, report and opinions, the issue list and how each issue was
rectified (the unit's report once staff evaluated it), and the law-amendment suggestions with
the municipal congress's answer."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from supervision import selectors
from supervision import selectors_inspections as sel
from supervision.views.inspections import inspection_document

PAGE_SIZE = 20


def inspection_list(request):
    return render(
        request,
        "supervision/public/inspection_list.html",
        {
            "page": Paginator(sel.inspections_public_list(), PAGE_SIZE).get_page(request.GET.get("page")),
            "years": selectors.published_plan_years(),
            "tab": "inspections",
        },
    )


def inspection(request, pk: int):
    row = sel.inspection_get_public(pk)
    issues = list(row.issues.all())
    return render(
        request,
        "supervision/public/inspection.html",
        {
            "inspection": row,
            "groups": list(row.groups.all()),
            "visits": list(row.visits.all()),
            "issues": [
                # What the public reads of a rectification: reports staff have evaluated.
                {"issue": issue, "rounds": [r for r in issue.rectifications.all() if r.outcome]}
                for issue in issues
            ],
            "accepted": sum(1 for issue in issues if issue.state == issue.State.ACCEPTED),
            "amendments": [a for a in row.amendments.all() if a.state != a.State.DRAFTED],
        },
    )


def inspection_pdf(request, pk: int):
    return inspection_document(request, sel.inspection_get_public(pk), public=True)
