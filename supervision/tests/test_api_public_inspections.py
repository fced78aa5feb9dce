"""The public inspection API (anonymous): deliberated and closed inspections only (404 before),
their issues and how each was rectified — only the reports staff evaluated, as on the public
page — the amendment suggestions passed on (not drafts), no timeline; constant queries as the
number of inspections and issues grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.services import inspections as services

pytestmark = pytest.mark.django_db
LIST = "/api/v1/public/inspections/"


def _inspection(staff, committee, title="食品安全法执法检查"):
    return services.inspection_create(
        actor=staff, title=title, law="《食品安全法》", year=2026, committee=committee
    )


def _deliberated(staff, officer, unit, committee, title="食品安全法执法检查", issues=3):
    inspection = _inspection(staff, committee, title)
    services.inspection_start(actor=staff, inspection=inspection)
    made = [
        services.issue_add(actor=staff, inspection=inspection, unit=unit, description=f"问题{n}")
        for n in range(issues)
    ]
    services.inspection_deliberate(
        actor=staff, inspection=inspection, report="检查报告：总体良好。", opinions="审议意见：加强监管。"
    )
    return inspection, made


def test_public_inspection_with_its_issues(api_client, staff, officer, unit, committee):
    hidden = _inspection(staff, committee, "尚在检查中的执法检查")
    assert api_client.get(f"{LIST}{hidden.pk}/").status_code == 404
    inspection, (accepted, redone, reported) = _deliberated(staff, officer, unit, committee)
    services.issue_rectify(actor=officer, issue=accepted, content="已建立溯源台账")
    services.issue_accept(actor=staff, issue=accepted, reason="整改到位")
    services.issue_rectify(actor=officer, issue=redone, content="已口头提醒")
    services.issue_redo(actor=staff, issue=redone, reason="未见书面制度")
    services.issue_rectify(actor=officer, issue=reported, content="尚待评价的报告")
    drafted = services.amendment_add(actor=staff, inspection=inspection, content="草稿建议")
    sent = services.amendment_add(actor=staff, inspection=inspection, content="建议修改第三十五条")
    services.amendment_send(actor=staff, amendment=sent)

    listed = api_client.get(LIST)
    assert listed.status_code == 200
    rows = listed.data["results"]
    assert [row["id"] for row in rows] == [inspection.pk]
    assert rows[0]["issue_count"] == 3 and rows[0]["accepted_count"] == 1 and rows[0]["url"]

    detail = api_client.get(f"{LIST}{inspection.pk}/")
    assert detail.status_code == 200
    data = detail.data
    assert data["report"] == "检查报告：总体良好。" and data["opinions"] == "审议意见：加强监管。"
    assert data["pdf_url"].endswith(f"/{inspection.pk}/pdf/")
    issues = {row["description"]: row for row in data["issues"]}
    assert issues["问题0"]["state"] == "accepted"
    assert [r["content"] for r in issues["问题0"]["rectifications"]] == ["已建立溯源台账"]
    assert issues["问题1"]["state"] == "rectifying"
    assert issues["问题1"]["rectifications"][0]["outcome"] == "redo"
    assert issues["问题1"]["rectifications"][0]["evaluation"] == "未见书面制度"
    # a report not yet evaluated stays with staff
    assert issues["问题2"]["rectifications"] == [] and "尚待评价的报告" not in str(data)
    assert [a["content"] for a in data["amendments"]] == ["建议修改第三十五条"]
    assert drafted.content not in str(data) and "events" not in data
    assert data["issue_count"] == 3 and data["accepted_count"] == 1


def _count(api_client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert api_client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_queries_are_constant(api_client, staff, officer, unit, committee):
    first, _ = _deliberated(staff, officer, unit, committee, "第一次", issues=1)
    api_client.get(LIST)  # warm the per-request caches (rules, profile)
    small_list, small_detail = _count(api_client, LIST), _count(api_client, f"{LIST}{first.pk}/")
    for n in range(4):
        _deliberated(staff, officer, unit, committee, f"第{n + 2}次", issues=4)
    big, _ = _deliberated(staff, officer, unit, committee, "最多问题的一次", issues=8)
    for issue in big.issues.all()[:3]:
        services.issue_rectify(actor=officer, issue=issue, content="整改")
        services.issue_accept(actor=staff, issue=issue)
    assert _count(api_client, LIST) == small_list
    assert _count(api_client, f"{LIST}{big.pk}/") == small_detail
