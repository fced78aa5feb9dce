"""State-owned assets and performance evaluation (issue 13 item 7): a report public only once
deliberated; an opinion that owes the government's answer is tracked (deadline from the rule,
answer in the portal or API by the unit only, staff accept or send back in the admin); a
performance evaluation's indicators checked, its score and grade computed, public once
published; bad input 400 in Chinese; public pages constant in queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services_assets as services
from budget.models import AssetOpinion, AssetOpinionEvent
from congress.exceptions import ApplicationError
from congress.models import Notification
from congress.workdays import WorkCalendar

pytestmark = pytest.mark.django_db


def _report(staff, kind="administrative", year=2025, deliberated=None, **kwargs):
    return services.asset_report_save(
        actor=staff,
        year=year,
        kind=kind,
        title=f"{year}年度行政事业性国有资产管理情况的专项报告",
        total_assets="1250000000.00",
        total_liabilities="250000000.00",
        figures={"土地面积（公顷）": "86.5"},
        deliberated_on=deliberated,
        **kwargs,
    )


def test_report_figures_and_public_once_deliberated(client, staff):
    report = _report(staff)
    assert report.net_assets == Decimal("1000000000.00")
    with pytest.raises(ApplicationError) as duplicate:
        _report(staff)
    assert "kind" in duplicate.value.extra
    with pytest.raises(ApplicationError) as bad:
        services.asset_report_save(actor=staff, year=2025, kind="financial", title="x", figures={"a": "many"})
    assert "figures" in bad.value.extra
    # not deliberated: nothing public
    assert client.get("/budget/2025/assets/").status_code == 404
    assert client.get("/api/v1/public/budget/2025/assets/").status_code == 404
    services.asset_report_save(
        actor=staff,
        report=report,
        year=2025,
        kind="administrative",
        title=report.title,
        total_assets="1250000000.00",
        total_liabilities="250000000.00",
        deliberated_on=dt.date(2026, 6, 20),
    )
    services.opinion_create(actor=staff, report=report, text="加强公物仓管理，盘活闲置资产。")
    page = client.get("/budget/2025/assets/")
    assert page.status_code == 200 and "盘活闲置资产" in page.content.decode()
    data = client.get("/api/v1/public/budget/2025/assets/").json()
    assert data[0]["kind"] == "administrative" and data[0]["opinions"][0]["state"] == "noted"
    assert client.get("/budget/oversight/").status_code == 200


def _public_handling(client):
    return [
        o["handling"] for r in client.get("/api/v1/public/budget/2025/assets/").json() for o in r["opinions"]
    ]


def test_an_opinion_owed_is_tracked_to_the_end(client, api_client, staff, officer, other_officer, unit):
    report = _report(staff, deliberated=dt.date(2025, 10, 28))
    opinion = services.opinion_create(actor=staff, report=report, text="清查资产底数", unit=unit)
    assert opinion.state == "open"
    assert opinion.deadline == WorkCalendar().add_workdays(dt.date.today(), 60)
    assert Notification.objects.filter(
        recipient=officer, key=f"budget:asset-opinion:{opinion.pk}:sent"
    ).exists()
    url = f"/api/v1/budget/asset-opinions/{opinion.pk}/answer/"
    # walls: another unit does not see it (404); staff may not answer for the unit (403)
    api_client.force_authenticate(other_officer)
    assert api_client.get("/api/v1/budget/asset-opinions/").data["results"] == []
    assert api_client.post(url, {"handling": "x"}).status_code == 404
    api_client.force_authenticate(staff)
    assert api_client.post(url, {"handling": "x"}).status_code == 403
    # the unit answers: empty is 400 in Chinese, then 200
    api_client.force_authenticate(officer)
    empty = api_client.post(url, {"handling": ""})
    assert empty.status_code == 400 and "请填写办理情况。" in str(empty.data)
    assert api_client.post(url, {"handling": "已完成清查"}).data["state"] == "answered"
    # the public reads the unit's handling only once staff accepted it
    assert _public_handling(client) == [""]
    assert "已完成清查" not in client.get("/budget/2025/assets/").content.decode()
    # staff send it back in the admin (a new deadline), the unit answers again in the portal
    client.force_login(staff)
    response = client.post(f"/admin/budget/assetopinion/{opinion.pk}/step/redo/", {"reason": "未附清单"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == "sent_back"
    client.force_login(officer)
    page = client.get("/portal/budget/asset-opinions/")
    assert page.status_code == 200 and "清查资产底数" in page.content.decode()
    assert (
        client.post(f"/portal/budget/asset-opinions/{opinion.pk}/answer/", {"handling": ""}).status_code
        == 400
    )
    assert (
        client.post(f"/portal/budget/asset-opinions/{opinion.pk}/answer/", {"handling": "附清单"}).status_code
        == 302
    )
    client.force_login(staff)
    assert (
        client.post(f"/admin/budget/assetopinion/{opinion.pk}/step/accept/", {"reason": ""}).status_code
        == 302
    )
    opinion.refresh_from_db()
    assert opinion.state == "accepted"
    client.logout()
    assert _public_handling(client) == ["附清单"]
    assert "附清单" in client.get("/budget/2025/assets/").content.decode()
    assert list(AssetOpinionEvent.objects.filter(opinion=opinion).values_list("action", flat=True)) == [
        "create",
        "answer",
        "redo",
        "answer",
        "accept",
    ]
    assert AssetOpinion.history.filter(id=opinion.pk).count() >= 5


def test_opinion_reminders_once(staff, officer, unit):
    report = _report(staff)
    opinion = services.opinion_create(
        actor=staff, report=report, text="意见", unit=unit, today=dt.date(2026, 3, 2)
    )
    calendar = WorkCalendar()
    near = calendar.subtract_workdays(opinion.deadline, 3)
    assert services.send_opinion_reminders(today=near)["reminders"] == 1
    assert services.send_opinion_reminders(today=near)["reminders"] == 0
    late = calendar.add_workdays(opinion.deadline, 1)
    assert services.send_opinion_reminders(today=late)["overdue"] >= 1
    assert services.send_opinion_reminders(today=late)["overdue"] == 0


INDICATORS = [
    {"name": "新增学位数", "target": "1200个", "actual": "1260个", "weight": "40", "score": "40"},
    {"name": "工程按期完工率", "target": "100%", "actual": "92%", "weight": "30", "score": "24"},
    {"name": "家长满意度", "target": "≥90%", "actual": "93%", "weight": "30", "score": "28.5"},
]


def test_performance_evaluation_scores_and_publication(client, staff, unit):
    evaluation = services.evaluation_save(
        actor=staff,
        year=2025,
        project="中小学扩容工程",
        unit=unit,
        indicators=INDICATORS,
        budget_amount="86000000",
    )
    assert evaluation.score == Decimal("92.50") and evaluation.grade == "excellent"
    assert evaluation.indicators.count() == 3
    assert client.get("/budget/2025/performance/").status_code == 404
    # bad indicators: each error names its row
    for rows, text in (
        ([{**INDICATORS[0], "weight": "50"}, *INDICATORS[1:]], "合计应为 100"),
        ([{**INDICATORS[0], "score": "45"}, *INDICATORS[1:]], "第 1 行"),
        ([{**INDICATORS[0], "name": ""}, *INDICATORS[1:]], "第 1 行"),
        ([{**INDICATORS[0], "weight": "abc"}, *INDICATORS[1:]], "第 1 行"),
        ([], "至少"),
    ):
        with pytest.raises(ApplicationError) as bad:
            services.evaluation_save(actor=staff, year=2025, project="x", unit=unit, indicators=rows)
        assert text in str(bad.value.extra["indicators"]), rows
    with pytest.raises(ApplicationError) as unscored:
        services.evaluation_save(
            actor=staff,
            year=2025,
            project="x",
            unit=unit,
            published=True,
            indicators=[{**INDICATORS[0], "score": ""}, *INDICATORS[1:]],
        )
    assert "published" in unscored.value.extra
    services.evaluation_save(
        actor=staff,
        evaluation=evaluation,
        year=2025,
        project="中小学扩容工程",
        unit=unit,
        published=True,
        indicators=INDICATORS[:2] + [{**INDICATORS[2], "score": "10"}],
    )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("74.00") and evaluation.grade == "pass"
    assert evaluation.indicators.count() == 3
    page = client.get("/budget/2025/performance/")
    assert page.status_code == 200 and "中小学扩容工程" in page.content.decode()
    data = client.get("/api/v1/public/budget/2025/performance/").json()
    assert data[0]["score"] == "74.00" and len(data[0]["indicators"]) == 3


def test_admin_enters_an_evaluation_as_lines(client, staff, unit):
    client.force_login(staff)
    form = {
        "year": 2025,
        "project": "养老服务补贴",
        "unit": unit.pk,
        "code": "",
        "goal": "",
        "conclusion": "",
    }
    bad = client.post(
        "/admin/budget/performanceevaluation/add/", {**form, "indicator_lines": "覆盖人数 | 5000 | 5200 | 60"}
    )
    assert bad.status_code == 200 and "合计应为 100" in bad.content.decode()
    lines = "覆盖人数 | 5000 | 5200 | 60 | 58\n满意度 | 90% | 95% | 40 | 38"
    added = client.post("/admin/budget/performanceevaluation/add/", {**form, "indicator_lines": lines})
    assert added.status_code == 302
    from budget.models import PerformanceEvaluation

    evaluation = PerformanceEvaluation.objects.get()
    assert evaluation.score == Decimal("96.00")
    assert client.get(f"/admin/budget/performanceevaluation/{evaluation.pk}/change/").status_code == 200
    assert client.get("/admin/budget/assetreport/add/").status_code == 200
    # a committee member reads it (read-only, the indicators in the inline)
    from congress import roles
    from congress.tests.factories import UserFactory

    client.force_login(UserFactory(username="member_reader", roles=[roles.MEMBER]))
    page = client.get(f"/admin/budget/performanceevaluation/{evaluation.pk}/change/")
    assert page.status_code == 200 and "覆盖人数" in page.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_pages_constant_queries(client, staff, unit):
    report = _report(staff, deliberated=dt.date(2026, 6, 20))
    services.opinion_create(actor=staff, report=report, text="意见一", unit=unit)
    services.evaluation_save(
        actor=staff, year=2025, project="项目0", unit=unit, indicators=INDICATORS, published=True
    )
    urls = ["/budget/2025/assets/", "/budget/2025/performance/", "/api/v1/public/budget/2025/performance/"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("congress.page_cache._may_serve", lambda request: False)
        for url in urls:
            client.get(url)
        small = [_queries(client, u) for u in urls]
        for kind in ("enterprise", "financial"):
            other = _report(staff, kind=kind, deliberated=dt.date(2026, 6, 20))
            services.opinion_create(actor=staff, report=other, text="意见", unit=unit)
        for i in range(1, 4):
            services.evaluation_save(
                actor=staff, year=2025, project=f"项目{i}", unit=unit, indicators=INDICATORS, published=True
            )
        assert [_queries(client, u) for u in urls] == small


def test_audit_yearly_rectification_report(client, staff, officer, unit, other_unit):
    from budget import services_audit
    from congress import roles
    from congress.tests.factories import UserFactory

    for target in (unit, unit, other_unit):
        services_audit.finding_create(actor=staff, year=2025, unit=target, description="专项资金拨付滞后")
    client.force_login(UserFactory(username="member_reader", roles=[roles.MEMBER]))
    response = client.get("/portal/budget/audit-findings/report/2025.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get("/portal/budget/audit-findings/report/2019.pdf").status_code == 404
    client.force_login(officer)
    assert client.get("/portal/budget/audit-findings/report/2025.pdf").status_code == 403
    from budget.selectors_review import audit_year_summary

    summary = audit_year_summary(2025)
    assert sorted(u["total"] for u in summary["units"]) == [1, 2] and len(summary["findings"]) == 3
