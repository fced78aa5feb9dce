"""Execution monitoring (issue 13 item 5): the monthly import (API contract, all or nothing,
bad input), each warning rule at its threshold (just below, at, above), rule versions, the
idempotent scan, a warning turned into a question to the unit (walls, deadline, answer,
reminders) or a supervision item, constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services_execution as services
from budget.models import (
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    ExecutionQuestionEvent,
    ExecutionRow,
    WarningRule,
    WarningRuleVersion,
)
from budget.models_execution import RuleKind
from budget.services import book_stage_import
from budget.tests.factories import fiscal_year
from congress.models import Notification
from congress.workdays import WorkCalendar

pytestmark = pytest.mark.django_db


def _book(fy, stage="approved", a="1200.00", b="1200.00"):
    """201 > 20101 > 2010101 (a) + 2010102 (b), parents the sums."""
    a, b = Decimal(a), Decimal(b)
    lines = [
        {"code": "201", "amount": str(a + b)},
        {"code": "20101", "amount": str(a + b)},
        {"code": "2010101", "amount": str(a)},
        {"code": "2010102", "amount": str(b)},
    ]
    return book_stage_import(fiscal_year=fy, book="general", stage=stage, lines=lines, actor=None)


def _rule(kind, **parameters):
    return services.rule_create(actor=None, name=str(RuleKind(kind).label), kind=kind, parameters=parameters)


def _execute(fy, month, rows, book="general"):
    return services.execution_import(
        fiscal_year=fy, book=book, month=month, rows=[{"code": c, "amount": a} for c, a in rows], actor=None
    )


# --- the import ----------------------------------------------------------------------------------


def test_contract_import_a_month_and_read_warnings(api_client, staff):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/budget/years/{fy.pk}/execution/",
        {"book": "general", "month": 6, "rows": [{"code": "2010101", "amount": "100.00"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["count"] == 1 and response.json()["month"] == 6
    # 2010101 spent 100 of 1200 by June; 2010102 nothing: both behind by more than 15 points
    warnings = api_client.get("/api/v1/budget/warnings/", {"year": 2026}).json()["results"]
    assert sorted(w["code"] for w in warnings) == ["2010101", "2010102"]
    first = next(w for w in warnings if w["code"] == "2010101")
    assert first["rule"] == WarningRule.objects.get().pk and first["rule_version"] == 1
    assert "执行率 8.3%" in first["message"]
    assert first["figures"]["executed"] == "100.00" and first["figures"]["time_share"] == "50.0"
    # another year: none
    assert api_client.get("/api/v1/budget/warnings/", {"year": 2025}).json()["results"] == []


def test_a_bad_month_is_refused_whole(api_client, staff):
    fy = fiscal_year(2026)
    _execute(fy, 3, [("2010101", "5.00")])
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/budget/years/{fy.pk}/execution/",
        {
            "book": "general",
            "month": 3,
            "rows": [
                {"code": "2010101", "amount": "10.00"},
                {"code": "9999999", "amount": "1.00"},
                {"code": "2010102", "amount": "-1"},
                {"code": "2010101", "amount": "2.00"},
                {"code": "20101", "amount": "abc"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["rows"]
    assert [(e["line"], e["code"]) for e in errors] == [
        (2, "9999999"),
        (3, "2010102"),
        (4, "2010101"),
        (5, "20101"),
    ]
    assert "不在2026年度科目表中" in errors[0]["message"]
    assert "不能为负数" in errors[1]["message"] and "重复" in errors[2]["message"]
    # nothing changed: the earlier March stays
    assert list(ExecutionRow.objects.values_list("code", "amount")) == [("2010101", Decimal("5.00"))]
    for body, field in [
        ({"book": "general", "month": 13, "rows": []}, "month"),
        ({"book": "nope", "month": 1, "rows": []}, "book"),
        ({"book": "general", "month": 1, "rows": "x"}, "rows"),
        ({"book": "general", "month": "一月", "rows": []}, "month"),
    ]:
        response = api_client.post(f"/api/v1/budget/years/{fy.pk}/execution/", body, format="json")
        assert response.status_code == 400 and field in response.json(), body
    assert api_client.post("/api/v1/budget/years/99999/execution/", {}, format="json").status_code == 404


def test_only_staff_import(api_client, officer, deputy_user):
    fy = fiscal_year(2026)
    body = {"book": "general", "month": 1, "rows": [{"code": "2010101", "amount": "1"}]}
    for user in (officer, deputy_user):
        api_client.force_authenticate(user)
        assert (
            api_client.post(f"/api/v1/budget/years/{fy.pk}/execution/", body, format="json").status_code
            == 403
        )
    assert not ExecutionMonth.objects.exists()


def test_importing_a_month_again_replaces_it_and_months_add_up(staff):
    fy = fiscal_year(2026)
    _book(fy)
    _execute(fy, 1, [("2010101", "100.00")])
    _execute(fy, 2, [("2010101", "50.00")])
    _execute(fy, 2, [("2010101", "70.00"), ("2010102", "1.00")])
    assert services.executed_to(fy.pk, "general", 2) == {
        "2010101": Decimal("170.00"),
        "2010102": Decimal("1.00"),
    }
    assert ExecutionMonth.history.filter(month=2).count() == 2


def test_the_workbook_import(staff):
    import io

    import openpyxl

    fy = fiscal_year(2026)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年3月一般公共预算支出执行情况"])
    ws.append(["科目编码", "科目名称", "金额"])
    ws.append([2010101, "行政运行", 12.5])
    ws.append(["2010102", "一般行政管理事务", "3"])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "3月.xlsx"
    record = services.execution_import_workbook(
        fiscal_year=fy, book="general", month=3, file=data, actor=staff
    )
    assert record.row_count == 2 and record.source == "Excel：3月.xlsx"
    ws.append(["7777777", "无此科目", "1"])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    with pytest.raises(services.ExecutionImportError) as caught:
        services.execution_import_workbook(fiscal_year=fy, book="general", month=4, file=data, actor=staff)
    assert [(e.line, e.code) for e in caught.value.errors] == [(5, "7777777")]
    assert not ExecutionMonth.objects.filter(month=4).exists()


# --- each rule at its threshold ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spent", "warned"),
    [("421.20", False), ("420.00", False), ("418.80", True)],  # gap 14.9, 15, 15.1 points
)
def test_behind_schedule_at_its_threshold(spent, warned):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    _execute(fy, 6, [("2010101", spent), ("2010102", "600.00")])
    assert BudgetWarning.objects.filter(code="2010101").exists() is warned
    assert not BudgetWarning.objects.filter(code="2010102").exists()  # exactly on time


def test_behind_schedule_measures_against_the_adjusted_budget_once_there_is_one():
    fy = fiscal_year(2026)
    _book(fy)
    _book(fy, "adjusted", a="840.00")
    _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    _execute(fy, 6, [("2010101", "420.00"), ("2010102", "600.00")])  # 50% of the adjusted 840
    assert not BudgetWarning.objects.exists()


@pytest.mark.parametrize(("spent", "warned"), [("99.99", False), ("100.00", False), ("100.01", True)])
def test_no_budget_at_its_threshold(spent, warned):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.NO_BUDGET, min_amount=100)
    _execute(fy, 2, [("2010103", spent)])
    assert BudgetWarning.objects.filter(code="2010103").exists() is warned
    if warned:
        warning = BudgetWarning.objects.get()
        assert warning.name == "机关服务" and warning.figures == {"budget": "0.00", "executed": "100.01"}


@pytest.mark.parametrize(("after", "warned"), [("1199.99", False), ("1200.00", False), ("1200.01", True)])
def test_adjustment_share_at_its_threshold(after, warned):
    fy = fiscal_year(2026)
    _book(fy, a="1000.00")
    _rule(RuleKind.ADJUSTMENT_SHARE, percent=20)
    _book(fy, "adjusted", a=after)
    services.warnings_scan(fiscal_year=fy)
    assert BudgetWarning.objects.filter(code="2010101", month=0).exists() is warned


# --- versions and the scan -----------------------------------------------------------------------


def test_editing_a_rule_makes_a_new_version_and_the_scan_is_idempotent(staff):
    fy = fiscal_year(2026)
    _book(fy)
    rule = _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    _execute(fy, 6, [("2010101", "300.00"), ("2010102", "600.00")])  # 2010101 behind by 25 points
    assert BudgetWarning.objects.count() == 1
    assert services.warnings_scan() == 0 and services.warnings_scan(fiscal_year=fy) == 0
    assert BudgetWarning.objects.count() == 1
    # the same parameters: no new version
    assert services.rule_update(actor=staff, rule=rule, parameters={"points": 15}).version == 1
    v2 = services.rule_update(actor=staff, rule=rule, parameters={"points": 30}, reason="放宽")
    assert v2.version == 2 and WarningRuleVersion.objects.filter(rule=rule).count() == 2
    # v2 sees nothing (25 < 30); v1's warning stays with its version and figures
    assert services.warnings_scan() == 0
    old = BudgetWarning.objects.get()
    assert old.rule_version.version == 1 and old.rule_version.parameters == {"points": 15}
    v3 = services.rule_update(actor=staff, rule=rule, parameters={"points": "20"})
    assert services.warnings_scan() == 1
    assert sorted(BudgetWarning.objects.values_list("rule_version__version", flat=True)) == [1, 3]
    assert v3.parameters == {"points": 20}
    # a rule switched off raises nothing
    services.rule_update(actor=staff, rule=rule, parameters={"points": 1}, active=False)
    assert services.warnings_scan() == 0
    with pytest.raises(services.ApplicationError) as caught:
        services.rule_update(actor=staff, rule=rule, parameters={"points": "-1"})
    assert "points" in caught.value.extra


def test_the_daily_task_scans_and_is_idempotent():
    from budget.tasks import scan_execution_warnings

    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    services.execution_import(
        fiscal_year=fy,
        book="general",
        month=6,
        rows=[{"code": "2010101", "amount": "1"}],
        actor=None,
        scan=False,
    )
    assert scan_execution_warnings()["warnings"] == 2
    assert scan_execution_warnings()["warnings"] == 0


# --- from a warning: a question to the unit, or a supervision item -------------------------------


@pytest.fixture
def warning(db):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.NO_BUDGET, min_amount=0)
    _execute(fy, 3, [("2010103", "50000.00")])
    return BudgetWarning.objects.get()


def test_a_warning_becomes_a_question_the_unit_answers(
    api_client, staff, officer, other_officer, unit, warning
):
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/budget/warnings/{warning.pk}/ask-unit/", {"unit": unit.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["deadline"] == WorkCalendar().add_workdays(dt.date.today(), 10).isoformat()
    assert "2010103 机关服务" in data["question"] and data["state"] == "asked"
    warning.refresh_from_db()
    assert warning.question_id == data["id"] and warning.handled_at
    # the warning shows what became of it
    listed = api_client.get("/api/v1/budget/warnings/").json()["results"][0]
    assert listed["question"] == data["id"] and listed["question_state"] == "asked"
    # once handled: 409
    assert (
        api_client.post(f"/api/v1/budget/warnings/{warning.pk}/ask-unit/", {"unit": unit.pk}).status_code
        == 409
    )
    assert Notification.objects.filter(
        recipient=officer, key__startswith="budget:execution-question"
    ).exists()
    # walls: another unit's officer sees nothing and cannot answer (404); warnings are not theirs
    api_client.force_authenticate(other_officer)
    assert api_client.get("/api/v1/budget/execution-questions/").json()["results"] == []
    url = f"/api/v1/budget/execution-questions/{data['id']}/answer/"
    assert api_client.post(url, {"answer": "x"}).status_code == 404
    assert api_client.get("/api/v1/budget/warnings/").status_code == 403
    # the unit answers
    api_client.force_authenticate(officer)
    assert [q["id"] for q in api_client.get("/api/v1/budget/execution-questions/").json()["results"]] == [
        data["id"]
    ]
    assert api_client.post(url, {"answer": ""}).status_code == 400
    answered = api_client.post(url, {"answer": "系新增机关服务项目，已申请调整预算。"})
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    assert api_client.post(url, {"answer": "again"}).status_code == 409
    question = ExecutionQuestion.objects.get()
    services.question_close(actor=staff, question=question, note="答复合理")
    actions = list(ExecutionQuestionEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["create", "answer", "close"]


def test_bad_input_to_ask(api_client, staff, deputy_user, warning):
    api_client.force_authenticate(staff)
    url = f"/api/v1/budget/warnings/{warning.pk}/ask-unit/"
    assert "unit" in api_client.post(url, {}).json()
    assert "unit" in api_client.post(url, {"unit": 999999}).json()
    assert api_client.post("/api/v1/budget/warnings/999999/ask-unit/", {}).status_code == 404
    api_client.force_authenticate(deputy_user)
    assert api_client.get("/api/v1/budget/warnings/").status_code == 200
    assert api_client.post(url, {"unit": 1}).status_code == 403


def test_question_reminders_once_then_overdue(staff, officer, unit, warning):
    monday = dt.date(2026, 3, 2)
    question = services.warning_ask_unit(actor=staff, warning=warning, unit=unit, today=monday)
    before = WorkCalendar().add_workdays(question.deadline, -3)
    assert services.question_reminders(today=before)["question_reminders"] == 1
    assert services.question_reminders(today=before)["question_reminders"] == 0
    after = question.deadline + dt.timedelta(days=1)
    assert services.question_reminders(today=after)["question_overdue"] >= 1
    assert services.question_reminders(today=after)["question_overdue"] == 0


def test_a_warning_becomes_a_supervision_item(api_client, staff, warning):
    from supervision.models import PlanItem
    from supervision.services.plan import plan_create
    from supervision.tests.factories import WorkingCommitteeFactory

    committee = WorkingCommitteeFactory(name="区人大常委会预算工作委员会")
    api_client.force_authenticate(staff)
    url = f"/api/v1/budget/warnings/{warning.pk}/to-supervision/"
    assert "plan" in api_client.post(url).json()  # no plan for 2026 yet
    plan_create(actor=staff, year=2026, title="2026年度监督工作计划")
    response = api_client.post(url)
    assert response.status_code == 201, response.json()
    item = PlanItem.objects.get(pk=response.json()["id"])
    assert item.kind == "budget" and item.committee == committee and "2010103" in item.title
    warning.refresh_from_db()
    assert warning.plan_item == item
    assert api_client.post(url).status_code == 409


def test_the_warnings_list_takes_constant_queries(api_client, staff, unit):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.NO_BUDGET, min_amount=0)
    api_client.force_authenticate(staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get("/api/v1/budget/warnings/", {"year": 2026}).status_code == 200
        return len(ctx.captured_queries)

    _execute(fy, 1, [("2010103", "1")])
    services.warning_ask_unit(actor=staff, warning=BudgetWarning.objects.get(), unit=unit)
    small = count()
    _execute(fy, 2, [("2010103", "1"), ("2010104", "1"), ("2010105", "1"), ("2010106", "1")])
    for w in BudgetWarning.objects.filter(question=None)[:2]:
        services.warning_ask_unit(actor=staff, warning=w, unit=unit)
    assert BudgetWarning.objects.count() >= 5
    assert count() == small
