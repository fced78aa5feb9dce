"""The API contract of issue 13: years, a book stage's lines as JSON (all or nothing), a level
read, the public book; the walls."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from budget.models import BookStage, BudgetLine, FiscalYear
from budget.tests.factories import book_lines, fiscal_year, import_book

pytestmark = pytest.mark.django_db


def test_staff_create_a_year_that_starts_from_the_shipped_list(api_client, staff):
    # given staff signed in
    api_client.force_authenticate(staff)
    # when
    response = api_client.post("/api/v1/budget/years/", {"year": 2026}, format="json")
    # then
    assert response.status_code == 201
    fy = FiscalYear.objects.get(year=2026)
    assert response.json() == {"id": fy.pk, "year": 2026}
    assert fy.codes.filter(code="2010101", name="行政运行").exists()
    assert fy.codes.filter(level=1).count() >= 30
    # a second year copies the latest list, staff's edits included
    fy.codes.filter(code="2010108").update(name="代表工作（改）")
    response = api_client.post("/api/v1/budget/years/", {"year": 2027}, format="json")
    assert response.status_code == 201
    assert FiscalYear.objects.get(year=2027).codes.get(code="2010108").name == "代表工作（改）"
    # the same year twice is a 400 with a field message
    response = api_client.post("/api/v1/budget/years/", {"year": 2027}, format="json")
    assert response.status_code == 400
    assert "year" in response.json()


def test_import_a_book_stage_and_read_its_levels(api_client, staff):
    fy = fiscal_year(2026)
    lines = book_lines(fy, ("205", "201"))
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/budget/years/{fy.pk}/lines/",
        {"book": "general", "stage": "approved", "lines": lines},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["count"] == len(lines)
    top = api_client.get(
        "/api/v1/budget/lines/", {"year": 2026, "book": "general", "stage": "approved"}
    ).json()
    assert [row["code"] for row in top] == ["201", "205"]
    assert all(row["has_children"] for row in top)
    children = api_client.get(
        "/api/v1/budget/lines/", {"year": 2026, "book": "general", "stage": "approved", "parent": "20502"}
    ).json()
    assert {
        "code": "2050201",
        "name": "学前教育",
        "amount": "100.00",
        "has_children": False,
        "economic_code": "",
        "economic_name": "",
    } in children
    # the database's total equals the sum of the leaves
    stage = BookStage.objects.get()
    assert BudgetLine.objects.get(book_stage=stage, code="205").amount == Decimal(100) * sum(
        1 for line in lines if line["code"].startswith("205") and len(line["code"]) == 7
    ) + Decimal(100) * sum(
        1
        for line in lines
        if line["code"].startswith("205")
        and len(line["code"]) == 5
        and not any(other["code"].startswith(line["code"]) and len(other["code"]) == 7 for other in lines)
    )


def test_bad_lines_are_each_named_and_nothing_is_stored(api_client, staff):
    fy = fiscal_year(2026)
    lines = book_lines(fy, ("205",))
    for line in lines:
        if line["code"] == "20502":
            line["amount"] = "1.00"  # not the sum of its children
        if line["code"] == "2050202":
            line["amount"] = "-5"
    lines.append({"code": "2059998", "name": "不存在", "amount": "1"})
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/budget/years/{fy.pk}/lines/",
        {"book": "general", "stage": "draft", "lines": lines},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_lines"
    bad = {(e["code"], e["message"]) for e in body["lines"]}
    assert ("2050202", "金额不能为负数。") in bad
    assert any(code == "2059998" and "不在2026年度科目表中" in message for code, message in bad)
    assert any(code == "20502" and "不等于下级科目合计" in message for code, message in bad)
    assert all(e["line"] >= 1 for e in body["lines"])
    assert not BookStage.objects.exists() and not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"book": "general", "stage": "approved"},
        {"book": "nope", "stage": "approved", "lines": []},
        {"book": "general", "stage": "approved", "lines": "x"},
        {"book": "general", "stage": "approved", "lines": [1, None]},
        {"book": "general", "stage": "approved", "lines": [{"code": "205", "amount": "abc"}]},
        {"book": "general", "stage": "approved", "lines": [{"code": "20502", "amount": "1"}]},
        {"book": "general", "stage": "approved", "lines": []},
    ],
)
def test_bad_bodies_are_400(api_client, staff, body):
    fy = fiscal_year(2026)
    api_client.force_authenticate(staff)
    response = api_client.post(f"/api/v1/budget/years/{fy.pk}/lines/", body, format="json")
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_walls(api_client, officer, deputy_user):
    fy = fiscal_year(2026)
    import_book(fy, stage="draft")
    lines = book_lines(fy)
    # anonymous cannot write
    assert api_client.post("/api/v1/budget/years/", {"year": 2030}, format="json").status_code in (401, 403)
    assert api_client.post(
        f"/api/v1/budget/years/{fy.pk}/lines/",
        {"book": "general", "stage": "approved", "lines": lines},
        format="json",
    ).status_code in (401, 403)
    # a unit officer (the finance bureau's too) cannot import, whatever the body
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/budget/years/{fy.pk}/lines/", {"lines": "x"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_staff"
    assert api_client.post("/api/v1/budget/years/", {"year": 2030}, format="json").status_code == 403
    # nor read a draft
    query = {"year": 2026, "book": "general", "stage": "draft"}
    assert api_client.get("/api/v1/budget/lines/", query).status_code == 404
    # a deputy reads the draft
    api_client.force_authenticate(deputy_user)
    assert api_client.get("/api/v1/budget/lines/", query).status_code == 200
    # unknown year: 404
    assert api_client.post("/api/v1/budget/years/999999/lines/", {}, format="json").status_code in (403, 404)


def test_public_book_is_404_before_approval(api_client, staff):
    fy = fiscal_year(2026)
    assert api_client.get("/api/v1/public/budget/2026/").status_code == 404
    import_book(fy, stage="draft")
    assert api_client.get("/api/v1/public/budget/2026/?book=general").status_code == 404
    import_book(fy, stage="approved", prefixes=("205", "201"))
    response = api_client.get("/api/v1/public/budget/2026/?book=general")
    assert response.status_code == 200
    body = json.loads(response.getvalue())
    assert [s["stage"] for s in body["stages"]] == ["approved"]
    stage = body["stages"][0]
    assert Decimal(stage["expenditure_total"]) == sum(
        Decimal(line["amount"]) for line in stage["lines"] if line["level"] == 1
    )
    assert api_client.get("/api/v1/public/budget/2026/?book=fund").status_code == 404
    assert api_client.get("/api/v1/public/budget/2026/?book=nope").status_code == 400
    import_book(fy, stage="final", prefixes=("205", "201"), leaf=Decimal("90.50"))
    body = json.loads(api_client.get("/api/v1/public/budget/2026/").getvalue())
    assert [s["stage"] for s in body["stages"]] == ["approved", "final"]


def _book_rendered_whole(year: int, book: str) -> bytes:
    """The public book as the API answered before it streamed: every line loaded as a model,
    serialized by ``PublicBookOutput`` and rendered by DRF's JSONRenderer in one piece."""
    from rest_framework.renderers import JSONRenderer

    from budget import selectors
    from budget.api.views import PublicBookOutput
    from budget.models import PUBLIC_STAGES, Book, Stage

    stages = [s for s in selectors.year_stages(year, PUBLIC_STAGES) if s.book == book]
    stages.sort(key=lambda s: Stage.values.index(s.stage))
    totals = selectors.stage_totals(s.pk for s in stages)
    data = {
        "year": year,
        "book": book,
        "book_label": Book(book).label,
        "stages": [
            {
                "stage": s.stage,
                "stage_label": s.get_stage_display(),
                "revenue_total": totals.get(s.pk, {}).get("revenue"),
                "expenditure_total": totals.get(s.pk, {}).get("expenditure"),
                "lines": list(BudgetLine.objects.filter(book_stage=s).order_by("code")),
            }
            for s in stages
        ],
    }
    return JSONRenderer().render(PublicBookOutput(data).data)


@pytest.mark.parametrize("prefixes", [("205",), ("201", "204", "205", "208", "210", "212")])
def test_the_streamed_public_book_is_byte_for_byte_the_serialized_one(
    api_client, django_assert_num_queries, monkeypatch, prefixes
):
    # given a book with two public stages and a draft, a name that JSON must escape, and
    # chunks of 7 lines so that every stage spans several chunks
    from budget.api import views

    monkeypatch.setattr(views, "_LINES_PER_CHUNK", 7)
    fy = fiscal_year(2026)
    import_book(fy, stage="draft", prefixes=prefixes)
    approved = import_book(fy, stage="approved", prefixes=prefixes)
    import_book(fy, stage="final", prefixes=prefixes, leaf=Decimal("90.50"))
    line = BudgetLine.objects.filter(book_stage=approved, level=3).order_by("code").first()
    line.name = '引号"、反斜杠\\、\u2028分隔 🏛'
    line.save()
    api_client.get("/api/v1/public/budget/2026/?book=general").getvalue()  # warm caches
    # when: 1 the stages, 2 their totals, 3 every line (one query, read in chunks)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/public/budget/2026/?book=general")
        streamed = response.getvalue()
    # then
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    assert streamed == _book_rendered_whole(2026, "general")
    body = json.loads(streamed)
    assert [s["stage"] for s in body["stages"]] == ["approved", "final"]
    assert len(body["stages"][0]["lines"]) == BudgetLine.objects.filter(book_stage=approved).count() > 7
    assert '引号\\"' in streamed.decode() and "\\u2028" in streamed.decode()


@pytest.mark.parametrize("prefixes", [("205",), ("201", "204", "205", "208", "210", "212")])
def test_a_level_costs_the_same_queries_at_any_size(
    api_client, deputy_user, django_assert_num_queries, prefixes
):
    fy = fiscal_year(2026)
    import_book(fy, prefixes=prefixes)
    api_client.force_authenticate(deputy_user)
    api_client.get(
        "/api/v1/budget/lines/", {"year": 2026, "book": "general", "stage": "approved"}
    )  # warm caches
    # 1 the stage, 2 the level with has_children (EXISTS); session/roles are cached by the warm-up
    with django_assert_num_queries(2):
        response = api_client.get(
            "/api/v1/budget/lines/",
            {"year": 2026, "book": "general", "stage": "approved", "parent": prefixes[0]},
        )
    assert response.status_code == 200 and response.json()
