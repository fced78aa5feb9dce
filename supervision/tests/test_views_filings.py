"""Filing-review pages: a unit files in the portal (late flagged), sees what it owes in its inbox,
submits the corrected text (an empty one keeps the page and says why; another unit gets 404);
the public register searches and pages in constant queries, a document's page shows its
articles and takes an anonymous suggestion, followed by receipt; the admin's steps; the
statistics page and CSV; experts' opinions shown to staff and members, not to the unit."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.models import FilingSuggestion, NormativeDocument
from supervision.services import experts as expert_services
from supervision.services import filings as svc
from supervision.tests.filing_fixtures import TEXT

pytestmark = pytest.mark.django_db
F = NormativeDocument.State


def test_a_unit_files_in_the_portal(client, officer, unit):
    client.force_login(officer)
    url = reverse("portal:supervision-filing-new")
    assert client.get(url).status_code == 200
    empty = client.post(url, {"unit": unit.pk, "title": "", "doc_number": "", "published_on": "", "text": ""})
    assert empty.status_code == 400 and "请填写文件名称。" in empty.content.decode()
    published = timezone.localdate() - dt.timedelta(days=45)
    done = client.post(
        url,
        {
            "unit": unit.pk,
            "title": "办法",
            "doc_number": "徐教规〔2026〕7号",
            "published_on": str(published),
            "text": TEXT,
        },
        follow=True,
    )
    filing = NormativeDocument.objects.get()
    assert filing.late and "已记为逾期报备" in done.content.decode()


def test_the_unit_corrects_from_its_inbox(client, filing, staff, officer, other_officer):
    svc.filing_review(
        actor=staff, filing=filing, outcome="correction_requested", opinion="第三条越权", article=3
    )
    client.force_login(officer)
    inbox = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert filing.title in inbox and reverse("portal:supervision-filing", args=[filing.pk]) in inbox
    page = client.get(reverse("portal:supervision-filing", args=[filing.pk])).content.decode()
    assert "第三条越权" in page and "报送纠正后文本" in page
    url = reverse("portal:supervision-filing-correction", args=[filing.pk])
    assert client.post(url, {"corrected_text": ""}).status_code == 400
    corrected = TEXT.replace("处以每次二百元罚款", "劝阻")
    assert client.post(url, {"corrected_text": corrected}).status_code == 302
    page = client.get(reverse("portal:supervision-filing", args=[filing.pk])).content.decode()
    assert "<del>" in page and "<ins>" in page
    client.force_login(other_officer)
    assert client.get(reverse("portal:supervision-filing", args=[filing.pk])).status_code == 404
    assert client.post(url, {"corrected_text": "x"}).status_code == 404


def test_experts_opinions_for_staff_and_members_only(client, filing, staff, member, officer):
    expert = expert_services.expert_save(
        actor=staff,
        name="张教授",
        field="law",
        term_start=timezone.localdate() - dt.timedelta(days=1),
        term_end=timezone.localdate() + dt.timedelta(days=100),
    )
    expert_services.filing_consult(
        actor=staff, filing=filing, expert=expert, question="是否越权？", opinion="越权意见书"
    )
    url = reverse("portal:supervision-filing", args=[filing.pk])
    for user, sees in ((staff, True), (member, True), (officer, False)):
        client.force_login(user)
        assert ("越权意见书" in client.get(url).content.decode()) is sees
    client.logout()
    assert (
        "越权意见书"
        not in client.get(reverse("public:supervision-filing", args=[filing.pk])).content.decode()
    )


def test_public_register_suggestion_and_receipt(client, filing, staff):
    listed = client.get(reverse("public:supervision-filing-list"), {"q": "电动自行车"}).content.decode()
    assert filing.title in listed
    assert (
        filing.title
        not in client.get(reverse("public:supervision-filing-list"), {"q": "无此词"}).content.decode()
    )
    page = client.get(reverse("public:supervision-filing", args=[filing.pk]))
    assert page.status_code == 200 and "第三条 违反本办法" in page.content.decode()
    url = reverse("public:supervision-filing-suggest", args=[filing.pk])
    bad = client.post(url, {"content": "", "mobile": "123"})
    assert bad.status_code == 400 and "请填写审查建议。" in bad.content.decode()
    sent = client.post(url, {"content": "第三条不当", "article": "3", "mobile": "13800138000"}, follow=True)
    suggestion = FilingSuggestion.objects.get()
    html = sent.content.decode()
    assert suggestion.receipt in html and "第三条" in html and "13800138000" not in html
    svc.suggestion_answer(
        actor=staff, suggestion=suggestion, result="not_adopted", answer="经审查不成立的理由"
    )
    looked = client.get(
        reverse("public:supervision-filing-receipt"), {"receipt": suggestion.receipt}
    ).content.decode()
    assert "经审查不成立的理由" in looked
    missing = client.get(reverse("public:supervision-filing-receipt"), {"receipt": "BAXXXX"}).content.decode()
    assert "找不到该回执编号" in missing


def _make(officer, unit, n, start):
    for i in range(n):
        svc.filing_create(
            actor=officer,
            title=f"管理办法{start + i}",
            doc_number=f"徐教规〔2026〕{start + i}号",
            published_on=timezone.localdate(),
            text=TEXT,
            unit=unit,
        )


def test_lists_keep_constant_queries(client, officer, unit, staff):
    _make(officer, unit, 2, 0)
    pages = [
        (None, reverse("public:supervision-filing-list"), {"q": "管理办法"}),
        (None, reverse("public:supervision-filing-list"), {"page": "2"}),
        (officer, reverse("portal:supervision-filing-list"), {}),
        (staff, reverse("portal:supervision-filing-list"), {"show": "owed"}),
    ]

    def measure():
        counts = []
        for user, url, query in pages:
            client.logout()
            if user is not None:
                client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, query).status_code == 200
            counts.append(len(queries))
        return counts

    measure()  # warm the per-process caches (roles, profile, the plan years)
    small = measure()
    _make(officer, unit, 25, 100)
    # The same queries for 2 documents and 27: the public register is the site shell, the plan
    # years of the tabs, the count and the page (unit joined, text not read); a portal list adds
    # the session, the user, roles and units, and the rule and calendar for the colours.
    assert measure() == small
    assert small[0] <= 4 and small[2] <= 14


def test_admin_steps_and_statistics(client, filing, staff):
    client.force_login(staff)
    change = reverse("admin:supervision_normativedocument_change", args=[filing.pk])
    html = client.get(change).content.decode()
    assert "作出审查结论" in html and "逐条审查意见" in html
    assert client.get(reverse("admin:supervision_normativedocument_changelist")).status_code == 200
    assert client.get(reverse("admin:supervision_expert_changelist")).status_code == 200
    assert client.get(reverse("admin:supervision_filingsuggestion_changelist")).status_code == 200
    base = change.removesuffix("change/")
    form = client.get(f"{base}step/review/")
    assert form.status_code == 200 and "第三条" in form.content.decode()
    done = client.post(
        f"{base}step/review/", {"outcome": "no_issue", "opinion": "经审查无问题", "article": ""}
    )
    assert done.status_code == 302
    filing.refresh_from_db()
    assert filing.state == F.NO_ISSUE
    stats = client.get(reverse("portal:supervision-filing-statistics"), {"year": filing.filed_on.year})
    assert stats.status_code == 200 and "报备文件" in stats.content.decode()
    csv = client.get(
        reverse("portal:supervision-filing-statistics"), {"year": filing.filed_on.year, "format": "csv"}
    )
    assert (
        csv["Content-Type"].startswith("text/csv") and "1" in csv.content.decode("utf-8-sig").splitlines()[1]
    )


def test_staff_enter_a_paper_filing_in_the_admin(client, staff, unit):
    client.force_login(staff)
    url = reverse("admin:supervision_normativedocument_add")
    assert client.get(url).status_code == 200
    data = {
        "unit": unit.pk,
        "title": "办法",
        "doc_number": "徐教规〔2026〕8号",
        "published_on": "2026-01-05",
        "text": "",
    }
    empty = client.post(url, data)
    assert empty.status_code == 200 and "请填写文件全文。" in empty.content.decode()
    done = client.post(url, {**data, "text": TEXT, "filed_on": "2026-02-20"})
    assert done.status_code == 302
    filing = NormativeDocument.objects.get()
    assert filing.filed_on == dt.date(2026, 2, 20) and filing.late and filing.filed_by == staff
