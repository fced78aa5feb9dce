"""The portal's execution pages: the execution per line with its rate bars and drill-down
(constant queries), the warnings list with the one-step actions for staff, the unit's questions
page with the answer form; the walls."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services_execution as services
from budget.models import BudgetWarning, ExecutionQuestion
from budget.models_execution import RuleKind
from budget.tests.factories import fiscal_year, import_book
from budget.tests.test_execution import _book, _execute, _rule

pytestmark = pytest.mark.django_db


def test_the_execution_page_drills_down_with_rate_bars(client, staff, deputy_user, officer):
    fy = fiscal_year(2026)
    _book(fy)
    _execute(fy, 6, [("2010101", "600.00"), ("2010102", "120.00"), ("2010103", "5.00")])
    client.force_login(deputy_user)
    page = client.get("/portal/budget/execution/", {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "截至6月，时间进度 50.0%" in text and "201 一般公共服务支出" in text
    assert 'value="30"' in text  # 725 of 2,400
    level = client.get("/portal/budget/execution/", {"year": 2026, "parent": "20101"}).content.decode()
    assert "2010101 行政运行" in level and 'value="50"' in level and 'value="10"' in level
    assert "2010103 机关服务" in level and "无预算" in level  # spent with no budget
    client.force_login(officer)
    assert client.get("/portal/budget/execution/").status_code == 403


def test_the_execution_page_takes_constant_queries(client, staff):
    fy = fiscal_year(2026)
    client.force_login(staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/portal/budget/execution/", {"year": 2026, "parent": "205"}).status_code == 200
        return len(ctx.captured_queries)

    import_book(fy, prefixes=("205",))
    _execute(fy, 3, [("2050201", "1.00")])
    count()  # the first request of a session warms its caches
    small = count()
    import_book(fy, prefixes=("201", "205", "206"))
    codes = list(fy.codes.filter(code__startswith="205", level=3).values_list("code", flat=True))
    _execute(fy, 4, [(code, "2.00") for code in codes])
    assert count() == small


def test_staff_turn_a_warning_into_a_question_the_unit_answers(client, staff, officer, other_officer, unit):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.NO_BUDGET, min_amount=0)
    _execute(fy, 3, [("2010103", "50000.00")])
    warning = BudgetWarning.objects.get()
    client.force_login(staff)
    page = client.get("/portal/budget/warnings/", {"year": 2026}).content.decode()
    assert "转为询问" in page and "科目未列预算" in page and "第 1 版" in page
    response = client.post(f"/portal/budget/warnings/{warning.pk}/ask/", {"unit": unit.pk})
    assert response.status_code == 302
    question = ExecutionQuestion.objects.get()
    page = client.get("/portal/budget/warnings/", {"year": 2026}).content.decode()
    assert f"已转为向{unit.name}询问" in page and "待单位答复" in page
    # the unit: the warnings are not theirs; their question is, another unit's officer sees none
    client.force_login(other_officer)
    assert client.get("/portal/budget/warnings/").status_code == 403
    assert "2010103" not in client.get("/portal/budget/questions/").content.decode()
    assert client.post(f"/portal/budget/questions/{question.pk}/answer/", {"answer": "x"}).status_code == 404
    client.force_login(officer)
    page = client.get("/portal/budget/questions/").content.decode()
    assert "2010103" in page and "报送答复" in page
    bad = client.post(f"/portal/budget/questions/{question.pk}/answer/", {"answer": ""})
    assert bad.status_code == 200 and "请填写答复内容" in bad.content.decode()
    done = client.post(f"/portal/budget/questions/{question.pk}/answer/", {"answer": "已申请调整预算。"})
    assert done.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered" and question.answer == "已申请调整预算。"
    assert services.warnings_scan() == 0  # the scan leaves the handled warning as it is
