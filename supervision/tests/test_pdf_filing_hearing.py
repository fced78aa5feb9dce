"""The filing review opinion (备案审查意见书) and the hearing report (听证报告) print to PDF with
their Chinese text really in the file (read back with pdftotext, so the CJK fonts were
embedded, not boxes): public once the record is public (404 before), linked from the public
page and the admin; the portal's copy of the opinion carries the article-by-article opinions
the public one leaves out."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models_hearings import PublicHearing
from supervision.services import filings as svc

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
    ),
]
NOW = timezone.now()


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return "".join(out.stdout.decode("utf-8").split())


def test_filing_opinion_pdf(client, filing, staff, officer):
    public = reverse("public:supervision-filing-opinion-pdf", args=[filing.pk])
    assert client.get(public).status_code == 404  # not reviewed yet
    svc.filing_comment(actor=staff, filing=filing, article=3, content="罚款设定无上位法依据，应予删除")
    svc.filing_review(
        actor=staff,
        filing=filing,
        outcome="correction_requested",
        opinion="经审查，该文件第三条设定罚款超越权限，请制定机关予以纠正。",
    )
    text = _text(client.get(public))
    assert "住宅小区电动自行车停放充电管理办法" in text and "备案审查意见" in text
    assert "第三条设定罚款超越权限" in text and "要求纠正" in text
    assert "罚款设定无上位法依据" not in text  # the working opinions stay in the portal
    page = client.get(reverse("public:supervision-filing", args=[filing.pk])).content.decode()
    assert public in page
    # the unit's copy in the portal has the article-by-article opinions too
    client.force_login(officer)
    portal = reverse("portal:supervision-filing-opinion-pdf", args=[filing.pk])
    assert "罚款设定无上位法依据" in _text(client.get(portal))
    assert portal in client.get(reverse("portal:supervision-filing", args=[filing.pk])).content.decode()
    client.force_login(staff)
    admin_page = client.get(reverse("admin:supervision_normativedocument_change", args=[filing.pk]))
    assert portal in admin_page.content.decode()


def test_hearing_report_pdf(client, staff):
    hearing = services.hearing_create(
        actor=staff,
        kind=PublicHearing.Kind.TOPIC,
        title="老旧小区加装电梯专项议题听证",
        starts_at=NOW + dt.timedelta(days=20),
        location="区人大常委会第一会议室",
        seats=2,
        signup_opens=NOW - dt.timedelta(days=1),
        signup_closes=NOW + dt.timedelta(days=10),
    )
    services.hearing_publish(actor=staff, hearing=hearing)
    signup = services.hearing_signup_create(
        hearing=hearing,
        name="赵敏",
        mobile="13800001234",
        stance="oppose",
        statement="担心采光",
        address="10.0.0.1",
    )
    url = reverse("public:supervision-public-hearing-report-pdf", args=[hearing.pk])
    assert client.get(url).status_code == 404
    services.hearing_select(
        actor=staff, hearing=hearing, selected=[signup], reason="唯一报名人", now=NOW + dt.timedelta(days=11)
    )
    services.hearing_hold(actor=staff, hearing=hearing)
    signup.refresh_from_db()
    services.hearing_speech_add(
        actor=staff,
        hearing=hearing,
        role="citizen",
        signup=signup,
        summary="低层住户采光受影响",
        uptake="partly",
    )
    assert client.get(url).status_code == 404  # held, not yet concluded
    services.hearing_conclude(
        actor=staff, hearing=hearing, report="听证会听取了各方意见。", adoption="低层住户补偿意见已采纳。"
    )
    text = _text(client.get(url))
    assert "老旧小区加装电梯专项议题听证" in text and "听证报告" in text
    assert "低层住户采光受影响" in text and "低层住户补偿意见已采纳" in text
    assert "赵*" in text and "赵敏" not in text and "13800001234" not in text
    assert url in client.get(reverse("public:supervision-public-hearing", args=[hearing.pk])).content.decode()
    client.force_login(staff)
    assert (
        url
        in client.get(reverse("admin:supervision_publichearing_change", args=[hearing.pk])).content.decode()
    )
