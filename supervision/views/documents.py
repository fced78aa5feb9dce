"""Official documents of a work report printed to PDF (``congress.pdf``): the deliberation
opinions (审议意见书) and the unit's report (with its rectification reports).

The same walls as the pages that show the record: in the portal whoever may read the report
(staff, members, the unit's officers — ``selectors.report_with_record``, 404 otherwise); on the
website closed reports only, and a withheld part is a 404 like a record that does not exist.
A document that has nothing to print yet (no opinions sent, no report submitted) is a 404 too.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from congress.pdf import pdf_response
from congress.selectors import district_profile
from supervision import selectors
from supervision.models import WorkReport

DOCUMENTS = ("opinions", "report")


def _document(request, report: WorkReport, document: str, *, public: bool):
    if document == "opinions":
        if not report.opinions or (public and report.withhold_opinions):
            raise Http404
        template, name = "supervision/pdf/opinions.html", _("审议意见书")
        rectifications = []
    elif document == "report":
        if not report.content or (public and report.withhold_report):
            raise Http404
        template, name = "supervision/pdf/report.html", _("专项工作报告")
        rectifications = [] if public and report.withhold_rectification else list(report.rectifications.all())
    else:
        raise Http404
    return pdf_response(
        template,
        {"report": report, "rectifications": rectifications, "district": district_profile()},
        filename=f"{name}-{report.title}",
        request=request,
    )


@login_required
def portal_report_document(request, pk: int, document: str):
    return _document(request, selectors.report_with_record(request.user, pk), document, public=False)


def public_report_document(request, pk: int, document: str):
    return _document(request, selectors.report_get_public(pk), document, public=True)


def document_links(report: WorkReport):
    """Links to the documents a report has so far (the admin's change page shows them; staff
    pass the portal's wall)."""
    links = []
    if report.content:
        links.append((reverse("portal:supervision-report-pdf", args=[report.pk, "report"]), _("报告")))
    if report.opinions:
        links.append(
            (reverse("portal:supervision-report-pdf", args=[report.pk, "opinions"]), _("审议意见书"))
        )
    if not links:
        return "—"
    return format_html_join(
        " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', ((url, label) for url, label in links)
    )
