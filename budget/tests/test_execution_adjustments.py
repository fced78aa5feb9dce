"""Budget adjustments (issue 13 item 4): before/after per line with the reason, approved at a
meeting, producing the adjusted stage from the approved budget (parents summed again), kept with
history, shown on the compare page; a second adjustment starts from the first; bad lines refused
whole; the adjustment-share rule sees the result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget import services_adjustment as services
from budget.models import Adjustment, AdjustmentEvent, BookStage, BudgetLine, BudgetWarning
from budget.models_execution import RuleKind
from budget.tests.factories import fiscal_year
from budget.tests.test_execution import _book, _rule
from congress.exceptions import PermissionDeniedError

pytestmark = pytest.mark.django_db


def _amounts(stage):
    return dict(BudgetLine.objects.filter(book_stage__stage=stage).values_list("code", "amount"))


def test_an_approved_adjustment_produces_the_adjusted_stage(staff, client):
    fy = fiscal_year(2026)
    _book(fy, a="1000.00", b="500.00")
    _rule(RuleKind.ADJUSTMENT_SHARE, percent=20)
    adjustment = services.adjustment_create(
        actor=staff,
        fiscal_year=fy,
        book="general",
        title="2026年预算调整方案",
        reason="新增机关服务保障",
        lines=services.parse_lines("2010101\t1300\t人员增加\n2010103, 80.50, 新设项目"),
    )
    lines = {line.code: (line.before, line.after, line.reason) for line in adjustment.lines.all()}
    assert lines == {
        "2010101": (Decimal("1000.00"), Decimal("1300"), "人员增加"),
        "2010103": (Decimal("0"), Decimal("80.50"), "新设项目"),
    }
    assert not BookStage.objects.filter(stage="adjusted").exists()
    services.adjustment_approve(
        actor=staff,
        adjustment=adjustment,
        approved_on=dt.date(2026, 6, 28),
        resolution="区人大常委会〔2026〕12号",
    )
    adjusted = _amounts("adjusted")
    assert adjusted == {
        "201": Decimal("1880.50"),
        "20101": Decimal("1880.50"),
        "2010101": Decimal("1300.00"),
        "2010102": Decimal("500.00"),
        "2010103": Decimal("80.50"),
    }
    assert _amounts("approved")["201"] == Decimal("1500.00")  # the approved stage is kept
    adjustment.refresh_from_db()
    assert adjustment.state == "approved" and adjustment.resolution == "区人大常委会〔2026〕12号"
    assert list(AdjustmentEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "create",
        "approve",
    ]
    assert Adjustment.history.filter(id=adjustment.pk).count() == 2
    lines = adjustment.lines.all()
    assert lines and all(line.history.get().history_user == staff for line in lines)  # who wrote each figure
    # the adjustment-share rule: 2010101 moved 30% (> 20)
    assert list(BudgetWarning.objects.values_list("code", flat=True)) == ["2010101"]
    # approving twice: 409
    with pytest.raises(services.ApplicationError) as caught:
        services.adjustment_approve(actor=staff, adjustment=adjustment, approved_on=dt.date(2026, 6, 28))
    assert caught.value.status_code == 409
    # a second adjustment starts from the adjusted budget
    second = services.adjustment_create(
        actor=staff,
        fiscal_year=fy,
        book="general",
        title="第二次调整",
        reason="压减",
        lines=[{"code": "2010102", "after": "400"}],
    )
    assert second.lines.get().before == Decimal("500.00")
    services.adjustment_approve(actor=staff, adjustment=second, approved_on=dt.date(2026, 9, 28))
    assert _amounts("adjusted")["201"] == Decimal("1780.50")
    assert BookStage.history.filter(stage="adjusted").count() == 2
    # side by side on the compare page
    client.force_login(staff)
    page = client.get("/portal/budget/compare/", {"year": 2026, "book": "general"}).content.decode()
    assert "2026年预算调整方案" in page and "区人大常委会〔2026〕12号" in page and "+300.00" in page


def test_bad_lines_are_refused_whole(staff, officer):
    fy = fiscal_year(2026)
    with pytest.raises(services.ApplicationError) as caught:
        services.adjustment_create(
            actor=staff,
            fiscal_year=fy,
            book="general",
            title="t",
            reason="r",
            lines=[{"code": "2010101", "after": "1"}],
        )
    assert "book" in caught.value.extra  # nothing approved to adjust
    _book(fy)
    with pytest.raises(services.AdjustmentLinesError) as caught:
        services.adjustment_create(
            actor=staff,
            fiscal_year=fy,
            book="general",
            title="t",
            reason="r",
            lines=[
                {"code": "20101", "after": "1"},
                {"code": "9999999", "after": "1"},
                {"code": "2010101", "after": "-5"},
                {"code": "2010102", "after": "x"},
            ],
        )
    assert [(e.line, e.code) for e in caught.value.errors] == [
        (1, "20101"),
        (2, "9999999"),
        (3, "2010101"),
        (4, "2010102"),
    ]
    assert "上级科目自动汇总" in caught.value.errors[0].message
    assert not Adjustment.objects.exists()
    adjustment = services.adjustment_create(
        actor=staff,
        fiscal_year=fy,
        book="general",
        title="t",
        reason="r",
        lines=[{"code": "2010101", "after": "1"}],
    )
    with pytest.raises(services.ApplicationError) as caught:
        services.adjustment_approve(actor=staff, adjustment=adjustment)
    assert "approved_on" in caught.value.extra
    with pytest.raises(PermissionDeniedError):
        services.adjustment_approve(actor=officer, adjustment=adjustment, approved_on=dt.date(2026, 6, 1))


def test_staff_write_and_approve_an_adjustment_in_the_admin(client, staff):
    fy = fiscal_year(2026)
    _book(fy, a="1000.00", b="500.00")
    client.force_login(staff)
    body = {
        "fiscal_year": fy.pk,
        "book": "general",
        "title": "调整方案",
        "reason": "理由",
        "lines": "2010101\t-1\n201\t5",
    }
    bad = client.post("/admin/budget/adjustment/add/", body)
    assert (
        bad.status_code == 200
        and "第1行 2010101" in bad.content.decode()
        and "上级科目自动汇总" in bad.content.decode()
    )
    body["lines"] = "2010101\t1100\t增人增支"
    assert client.post("/admin/budget/adjustment/add/", body).status_code == 302
    adjustment = Adjustment.objects.get()
    page = client.get(f"/admin/budget/adjustment/{adjustment.pk}/change/").content.decode()
    assert "增人增支" in page and "+100.00" in page
    response = client.post(
        f"/admin/budget/adjustment/{adjustment.pk}/step/approve/",
        {"approved_on": "2026-06-28", "resolution": "第12号"},
    )
    assert response.status_code == 302
    assert _amounts("adjusted")["201"] == Decimal("1600.00")
    # the monthly execution import page and the rules are there too
    assert client.get("/admin/budget/executionmonth/import/").status_code == 200
    assert client.get("/admin/budget/warningrule/add/").status_code == 200


def test_editing_a_rule_in_the_admin_makes_a_new_version(client, staff):
    from budget.models import WarningRule
    from supervision.tests.factories import member_user

    client.force_login(staff)
    added = client.post("/admin/budget/warningrule/add/", {"name": "进度", "kind": "behind_schedule"})
    assert added.status_code == 302
    rule = WarningRule.objects.get()
    assert rule.versions.get().parameters == {"points": 15}  # the default
    url = f"/admin/budget/warningrule/{rule.pk}/change/"
    body = {"name": "进度", "active": "on", "points": "10", "reason": "收紧"}
    body.update({"versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"})
    response = client.post(url, body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(rule.versions.values_list("version", "parameters", "reason")) == [
        (2, {"points": 10}, "收紧"),
        (1, {"points": 15}, ""),
    ]
    body["points"] = "-3"
    assert "参数应为不小于 0 的数字" in client.post(url, body).content.decode()
    # in words, never the stored names; a member reads it
    listing = client.get("/admin/budget/warningrule/").content.decode()
    assert "落后时间进度超过的百分点：10（第 2 版）" in listing and "points" not in listing
    client.force_login(member_user())
    page = client.get(url).content.decode()
    assert "落后时间进度超过的百分点：10" in page and ">None<" not in page
