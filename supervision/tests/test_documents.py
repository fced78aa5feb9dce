"""Printed documents of a work report (PDF through ``congress.pdf``): the 审议意见书 and the
unit's report carry their Chinese text; the portal's wall and the website's disclosure rules
decide who gets them (404 otherwise); the pages link to them."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from supervision import services
from supervision.models import WorkReport
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db
R = WorkReport.State


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _portal(report, document):
    return reverse("portal:supervision-report-pdf", args=[report.pk, document])


def _public(report, document):
    return reverse("public:supervision-report-pdf", args=[report.pk, document])


def test_the_unit_prints_the_opinions_and_its_report(client, report, staff, officer):
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    client.force_login(officer)

    opinions = client.get(_portal(report, "opinions"))
    printed = client.get(_portal(report, "report"))

    text = _text(opinions)
    assert "审议意见" in text and "审议意见正文" in text and report.unit.name in text
    assert "义务教育优质均衡发展" in text  # the report's title, in the heading
    assert "审议意见书" in opinions["Content-Disposition"] or "%E5%AE%A1" in opinions["Content-Disposition"]
    text = _text(printed)
    assert "报告正文" in text and "整改情况" in text
    page = client.get(reverse("portal:supervision-report", args=[report.pk])).content.decode()
    assert _portal(report, "opinions") in page and _portal(report, "report") in page


def test_the_wall_of_the_portal_holds_for_documents(
    client, report, staff, officer, other_officer, deputy_user
):
    report = advance(report, R.OPINIONS_SENT, staff=staff, officer=officer)
    for outsider in (other_officer, deputy_user):
        client.force_login(outsider)
        assert client.get(_portal(report, "opinions")).status_code == 404
    client.logout()
    assert client.get(_portal(report, "opinions")).status_code == 302  # to the login page
    client.force_login(staff)
    assert client.get(_portal(report, "opinions")).status_code == 200
    assert client.get(_portal(report, "nonsense")).status_code == 404


def test_nothing_to_print_yet_is_a_404(client, report, staff, officer):
    client.force_login(staff)
    assert client.get(_portal(report, "report")).status_code == 404
    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    assert client.get(_portal(report, "report")).status_code == 200
    assert client.get(_portal(report, "opinions")).status_code == 404


def test_the_public_prints_closed_reports_except_withheld_parts(client, report, staff, officer):
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    assert client.get(_public(report, "opinions")).status_code == 404  # not closed yet
    report = services.report_vote(
        actor=staff, report=report, satisfied=10, basically_satisfied=5, unsatisfied=0
    )

    assert "审议意见正文" in _text(client.get(_public(report, "opinions")))
    page = client.get(reverse("public:supervision-report", args=[report.pk])).content.decode()
    assert _public(report, "opinions") in page and _public(report, "report") in page

    services.report_withhold(actor=staff, report=report, parts=["opinions"], reason="涉及工作秘密")
    assert client.get(_public(report, "opinions")).status_code == 404
    assert "报告正文" in _text(client.get(_public(report, "report")))
    page = client.get(reverse("public:supervision-report", args=[report.pk])).content.decode()
    assert _public(report, "opinions") not in page


def test_the_withheld_rectification_stays_out_of_the_public_report(client, report, staff, officer):
    report = advance(report, R.CLOSED, staff=staff, officer=officer)
    services.report_withhold(actor=staff, report=report, parts=["rectification"], reason="涉及工作秘密")

    public = _text(client.get(_public(report, "report")))
    client.force_login(officer)
    portal = _text(client.get(_portal(report, "report")))

    assert "报告正文" in public and "整改情况" not in public
    assert "整改情况" in portal


def test_the_admin_change_page_links_the_documents(client, report, staff, officer):
    report = advance(report, R.OPINIONS_SENT, staff=staff, officer=officer)
    client.force_login(staff)
    page = client.get(reverse("admin:supervision_workreport_change", args=[report.pk])).content.decode()
    assert _portal(report, "opinions") in page and _portal(report, "report") in page
