"""Work report attachments (issue 11 with issue 10, finding 1): the unit attaches files to its
report and its rectification report in the portal and the API (multipart), checked by content;
staff and the unit download them, the public once the record is public and the part is not
withheld — always as attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.tests import uploads as u
from supervision import services
from supervision.models import WorkReport, WorkReportAttachment

pytestmark = pytest.mark.django_db
R = WorkReport.State


def _download(client, attachment):
    return client.get(reverse("public:supervision-report-attachment", args=[attachment.pk]))


def test_unit_attaches_files_on_the_portal_pages(client, report, officer, staff):
    client.force_login(officer)
    page = client.get(reverse("portal:supervision-report", args=[report.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="attachments"' in page
    refused = client.post(
        reverse("portal:supervision-report-submit", args=[report.pk]),
        {"content": "报告正文", "attachments": [SimpleUploadedFile("a.html", u.HTML)]},
    )
    assert refused.status_code == 400 and "不支持的文件类型：a.html" in refused.content.decode()
    report.refresh_from_db()
    assert report.state == R.REQUESTED
    client.post(
        reverse("portal:supervision-report-submit", args=[report.pk]),
        {"content": "报告正文", "attachments": [SimpleUploadedFile("报告全文.pdf", u.PDF)]},
    )
    report.refresh_from_db()
    assert report.state == R.SUBMITTED
    attachment = WorkReportAttachment.objects.get()
    assert attachment.name == "报告全文.pdf" and attachment.rectification is None
    page = client.get(reverse("portal:supervision-report", args=[report.pk])).content.decode()
    assert reverse("public:supervision-report-attachment", args=[attachment.pk]) in page

    services.report_deliberate(actor=staff, report=report)
    services.report_send_opinions(actor=staff, report=report, content="审议意见")
    client.post(
        reverse("portal:supervision-report-rectification", args=[report.pk]),
        {"content": "整改情况", "attachments": [SimpleUploadedFile("整改台账.xlsx", u.XLSX)]},
    )
    rectification_file = WorkReportAttachment.objects.get(rectification__isnull=False)
    assert rectification_file.name == "整改台账.xlsx" and rectification_file.rectification.round == 1


def test_api_takes_multipart_and_lists_the_files(api_client, report, officer, staff):
    api_client.force_authenticate(officer)
    url = reverse("api-supervision-report-submit", args=[report.pk])
    refused = api_client.post(url, {"content": "正文", "attachments": [SimpleUploadedFile("x.svg", u.SVG)]})
    assert refused.status_code == 400 and refused.json()["attachments"] == ["不支持的文件类型：x.svg"]
    response = api_client.post(
        url, {"content": "正文", "attachments": [SimpleUploadedFile("报告.docx", u.DOCX)]}
    )
    assert response.status_code == 200, response.content
    (row,) = response.json()["attachments"]
    assert row["name"] == "报告.docx" and row["round"] is None
    assert row["url"] == reverse("public:supervision-report-attachment", args=[row["id"]])


def test_who_may_download(client, report, officer, other_officer, staff, deputy_user):
    services.report_submit(
        actor=officer, report=report, content="正文", attachments=[SimpleUploadedFile("报告.pdf", u.PDF)]
    )
    attachment = WorkReportAttachment.objects.get()
    for user, status in ((officer, 200), (staff, 200), (other_officer, 404), (deputy_user, 404)):
        client.force_login(user)
        assert _download(client, attachment).status_code == status, user
    client.force_login(officer)
    response = _download(client, attachment)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert _download(client, attachment).status_code == 404  # not public before it is closed

    services.report_deliberate(actor=staff, report=report)
    services.report_send_opinions(actor=staff, report=report, content="审议意见")
    services.report_submit_rectification(actor=officer, report=report, content="整改情况")
    report = services.report_vote(
        actor=staff, report=report, satisfied=10, basically_satisfied=5, unsatisfied=0
    )
    assert report.state == R.CLOSED
    assert _download(client, attachment).status_code == 200
    public = client.get(reverse("public:supervision-report", args=[report.pk])).content.decode()
    assert reverse("public:supervision-report-attachment", args=[attachment.pk]) in public
    api = client.get(reverse("api-public-supervision-report-detail", args=[report.pk])).json()
    assert [a["name"] for a in api["attachments"]] == ["报告.pdf"]

    services.report_withhold(actor=staff, report=report, parts=["report"], reason="涉及内部事项")
    assert _download(client, attachment).status_code == 404
    api = client.get(reverse("api-public-supervision-report-detail", args=[report.pk])).json()
    assert api["attachments"] == []
