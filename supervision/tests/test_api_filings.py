"""The filing-review API of issue 12: a unit files (201, ``late``), staff review (the three
outcomes), the unit sends the corrected text; the walls (404 for another unit's filing, 403
whatever the body), 400 in Chinese, 409 from the wrong state; the anonymous register with
search, suggestions with a receipt, the receipt lookup without the mobile; constant queries."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision.services import filings as svc
from supervision.tests.filing_fixtures import TEXT

pytestmark = pytest.mark.django_db
BASE = "/api/v1/supervision/filings"
PUBLIC = "/api/v1/public/filings"


def test_a_unit_files_and_staff_review(api_client, officer, staff, unit):
    api_client.force_authenticate(officer)
    today = timezone.localdate()
    published = today - dt.timedelta(days=60)
    created = api_client.post(
        f"{BASE}/",
        {
            "title": "老旧小区加装电梯管理办法",
            "doc_number": "徐建规〔2026〕2号",
            "published_on": str(published),
            "text": TEXT,
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    assert created.data["late"] is True and created.data["days_late"] > 0
    assert created.data["unit"] == unit.pk and [a["label"] for a in created.data["articles"]][:2] == [
        "第一条",
        "第二条",
    ]
    on_time = api_client.post(
        f"{BASE}/",
        {"title": "办法二", "doc_number": "徐建规〔2026〕3号", "published_on": str(today), "text": TEXT},
        format="json",
    )
    assert on_time.status_code == 201 and on_time.data["late"] is False
    pk = created.data["id"]
    api_client.force_authenticate(staff)
    reviewed = api_client.post(
        f"{BASE}/{pk}/review/",
        {"outcome": "correction_requested", "opinion": "第三条越权。", "article": 3},
        format="json",
    )
    assert reviewed.status_code == 200 and reviewed.data["state"] == "correction_requested"
    assert reviewed.data["opinions"][0]["article_label"] == "第三条"
    again = api_client.post(f"{BASE}/{pk}/review/", {"outcome": "no_issue", "opinion": "x"}, format="json")
    assert again.status_code == 409 and again.data["code"] == "invalid_transition"
    api_client.force_authenticate(officer)
    fixed = api_client.post(
        f"{BASE}/{pk}/correction/", {"corrected_text": TEXT.replace("二百元罚款", "劝阻")}, format="json"
    )
    assert fixed.status_code == 200 and fixed.data["state"] == "correction_submitted"
    listed = api_client.get(f"{BASE}/", {"search": "电梯"})
    assert [row["id"] for row in listed.data["results"]] == [pk]


def test_filing_bad_input_is_400_in_chinese(api_client, officer):
    api_client.force_authenticate(officer)
    answer = api_client.post(
        f"{BASE}/", {"title": "", "doc_number": "x", "published_on": "2026-13-01"}, format="json"
    )
    assert answer.status_code == 400
    assert {"title", "published_on", "text"} <= set(answer.data)
    assert "请填写文件名称" in str(answer.data["title"])
    future = api_client.post(
        f"{BASE}/",
        {
            "title": "t",
            "doc_number": "n",
            "published_on": str(timezone.localdate() + dt.timedelta(days=3)),
            "text": "x",
        },
        format="json",
    )
    assert future.status_code == 400 and "published_on" in future.data


def test_walls(api_client, filing, other_officer, deputy_user, officer, staff):
    api_client.force_authenticate(other_officer)
    assert api_client.get(f"{BASE}/{filing.pk}/").status_code == 404
    assert api_client.post(f"{BASE}/{filing.pk}/review/", {}, format="json").status_code == 404
    api_client.force_authenticate(officer)
    denied = api_client.post(f"{BASE}/{filing.pk}/review/", {"outcome": "bogus"}, format="json")
    assert denied.status_code == 403 and denied.data["code"] == "not_staff"
    api_client.force_authenticate(deputy_user)
    assert api_client.post(f"{BASE}/", {}, format="json").status_code == 403
    assert api_client.get(f"{BASE}/statistics/").status_code == 403
    api_client.force_authenticate(staff)
    bad = api_client.post(f"{BASE}/{filing.pk}/review/", {"outcome": "maybe", "opinion": ""}, format="json")
    assert bad.status_code == 400 and "outcome" in bad.data
    stats = api_client.get(f"{BASE}/statistics/", {"year": filing.filed_on.year})
    assert stats.status_code == 200 and stats.data["filed"] == 1
    assert api_client.get(f"{BASE}/statistics/", {"year": "abc"}).status_code == 400


def test_public_register_search_and_suggestion(api_client, filing, staff):
    listed = api_client.get(f"{PUBLIC}/", {"search": "电动自行车 徐府规"})
    assert listed.status_code == 200 and [row["id"] for row in listed.data["results"]] == [filing.pk]
    assert "review_due" not in listed.data["results"][0]
    assert api_client.get(f"{PUBLIC}/", {"search": "不存在的词"}).data["count"] == 0
    detail = api_client.get(f"{PUBLIC}/{filing.pk}/")
    assert detail.status_code == 200 and len(detail.data["articles"]) == 4 and detail.data["opinion"] == ""
    sent = api_client.post(
        f"{PUBLIC}/{filing.pk}/suggestions/",
        {"content": "第三条设定罚款不当。", "name": "市民甲", "mobile": "13800138000", "article": 3},
        format="json",
    )
    assert sent.status_code == 201 and set(sent.data) == {"receipt"}
    status = api_client.get(f"{PUBLIC}/suggestions/{sent.data['receipt']}/")
    assert status.status_code == 200 and status.data["state"] == "received"
    assert "mobile" not in status.data and "name" not in status.data
    assert "13800138000" not in str(status.content)
    bad = api_client.post(
        f"{PUBLIC}/{filing.pk}/suggestions/", {"content": "", "mobile": "123"}, format="json"
    )
    assert bad.status_code == 400 and {"content", "mobile"} & set(bad.data)
    assert (
        api_client.post(f"{PUBLIC}/999999/suggestions/", {"content": "x"}, format="json").status_code == 404
    )
    assert api_client.get(f"{PUBLIC}/suggestions/NOPE/").status_code == 404


def test_public_register_queries_are_constant(api_client, officer, unit, django_assert_max_num_queries):
    def make(n, start):
        for i in range(n):
            svc.filing_create(
                actor=officer,
                title=f"管理办法{start + i}",
                doc_number=f"徐教规〔2026〕{start + i}号",
                published_on=timezone.localdate(),
                text=TEXT,
                unit=unit,
            )

    make(2, 0)
    # count + page (unit joined); the throttle's cache is not the database
    with django_assert_max_num_queries(2):
        assert api_client.get(f"{PUBLIC}/", {"search": "管理办法"}).status_code == 200
    make(15, 100)
    with django_assert_max_num_queries(2):
        assert api_client.get(f"{PUBLIC}/", {"search": "管理办法"}).data["count"] == 17
