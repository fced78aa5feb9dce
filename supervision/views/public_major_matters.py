"""Public pages of major-matter reports, no login: the yearly lists agreed with the government
(items, who reports, when; dropped items with their reasons) and each concluded matter's
record (report, the committee's opinion, the government's feedback)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from supervision import selectors
from supervision import selectors_major_matters as sel


def index(request):
    """The latest agreed list; with none yet, the page says so."""
    years = sel.public_list_years()
    if years:
        return redirect("public:supervision-major-matter-year", years[0])
    return render(
        request,
        "supervision/public/major_matter_list.html",
        {"matter_list": None, "list_years": [], "years": selectors.published_plan_years(), "tab": "major"},
    )


def yearly_list(request, year: int):
    return render(
        request,
        "supervision/public/major_matter_list.html",
        {
            "matter_list": sel.public_yearly_list(year),
            "list_years": sel.public_list_years(),
            "years": selectors.published_plan_years(),
            "tab": "major",
        },
    )


def matter(request, year: int, pk: int):
    return render(
        request,
        "supervision/public/major_matter.html",
        {"matter": sel.public_matter(year, pk), "years": selectors.published_plan_years(), "tab": "major"},
    )
