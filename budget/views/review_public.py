"""Public pages of the review's published parts (issue 13 items 3 and 7), cached whole by
``congress.page_cache``: the state-assets reports once the standing committee deliberated them,
with its opinions and how the government handled them; the published performance evaluations
of key projects with their indicators; the published thematic reviews. A year with nothing
published is a 404. Each page is a constant number of queries."""

from __future__ import annotations

from django.shortcuts import render

from budget import selectors_review


def oversight_index(request):
    return render(
        request,
        "budget/public/oversight_index.html",
        {
            "asset_years": selectors_review.public_asset_years(),
            "performance_years": selectors_review.public_evaluation_years(),
        },
    )


def assets(request, year: int):
    reports = selectors_review.require_any(selectors_review.asset_reports_public(year))
    return render(request, "budget/public/assets.html", {"year": year, "reports": reports})


def performance(request, year: int):
    evaluations = selectors_review.require_any(selectors_review.evaluations_public(year))
    return render(request, "budget/public/performance.html", {"year": year, "evaluations": evaluations})


def thematic_reviews(request, year: int):
    reviews = selectors_review.require_any(selectors_review.thematic_reviews_public(year))
    return render(request, "budget/public/thematic_reviews.html", {"year": year, "reviews": reviews})
