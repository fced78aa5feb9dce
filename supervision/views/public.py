"""Public pages of supervision, no login: the published plans, closed work reports with their
whole record (withheld parts say so, with the reason), answered interpellations."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from congress.files import file_response
from supervision import selectors, selectors_evaluation

PAGE_SIZE = 20


def _evaluation(item) -> dict:
    """The item's post-supervision evaluation: a link while open, the results once closed."""
    evaluation = selectors_evaluation.evaluation_of(item)
    closed = evaluation is not None and evaluation.state == evaluation.State.CLOSED
    return {
        "evaluation": evaluation,
        "evaluation_results": selectors_evaluation.evaluation_results(evaluation) if closed else None,
    }


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def index(request):
    """Closed reports, newest first, with the published plans and the latest interpellations."""
    return render(
        request,
        "supervision/public/index.html",
        {
            "page": _page(request, selectors.reports_public_list()),
            "years": selectors.published_plan_years(),
            "interpellations": list(selectors.interpellations_public_list()[:5]),
            "open_evaluations": list(selectors_evaluation.evaluations_open()[:5]),
        },
    )


def plan(request, year: int):
    plan = selectors.plan_published(year)
    items = list(plan.items.all())
    adopted = plan.adopted_at
    return render(
        request,
        "supervision/public/plan.html",
        {
            "plan": plan,
            "items": [item for item in items if not item.is_dropped],
            "added": [item for item in items if item.added_reason and not item.is_dropped],
            "dropped": [
                item for item in items if item.is_dropped and (adopted is None or item.dropped_at >= adopted)
            ],
            "years": selectors.published_plan_years(),
        },
    )


def report(request, pk: int):
    report = selectors.report_get_public(pk)
    rectifications = list(report.rectifications.all())
    return render(
        request,
        "supervision/public/report.html",
        {
            "report": report,
            "rectifications": rectifications,
            "report_files": selectors.report_files(report, rectifications),
            "votes": list(report.votes.all()),
            "follow_ups": list(report.follow_ups.all()),
            **_evaluation(report),
        },
    )


def interpellation_list(request):
    return render(
        request,
        "supervision/public/interpellation_list.html",
        {
            "page": _page(request, selectors.interpellations_public_list()),
            "years": selectors.published_plan_years(),
        },
    )


def interpellation(request, pk: int):
    row = selectors.interpellation_get_public(pk)
    return render(
        request,
        "supervision/public/interpellation.html",
        {
            "interpellation": row,
            "signers": list(row.signers.all()),
            "answers": list(row.answers.all()),
            **_evaluation(row),
        },
    )


def report_attachment(request, pk: int):
    """A work report's attachment for whoever may see it (``report_attachment_get_for_user``),
    always as an attachment under the uploader's file name."""
    attachment = selectors.report_attachment_get_for_user(request.user, pk)
    return file_response(attachment.file, filename=attachment.name)
