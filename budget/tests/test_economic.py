"""Economic classification where given (issue 13, item 1): a line may carry a 支出经济分类 code,
checked against the shipped list on import (JSON and workbook), shown on the line, and summed
by the database per functional line — over the lines with no children, so nothing twice."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from budget import selectors
from budget.economic import economic_codes
from budget.models import BookStage, BudgetLine
from budget.tests.factories import book_lines, fiscal_year, workbook_file

pytestmark = pytest.mark.django_db
ECONOMIC = ("30101", "30201", "50201")


def _with_economic(lines):
    """Each 项 gets one of ``ECONOMIC`` in turn; 类 and 款 carry none."""
    leaves = [line for line in lines if len(line["code"]) == 7]
    for i, line in enumerate(leaves):
        line["economic_code"] = ECONOMIC[i % len(ECONOMIC)]
    return lines, leaves


def _post(api_client, fy, lines, stage="approved"):
    return api_client.post(
        f"/api/v1/budget/years/{fy.pk}/lines/",
        {"book": "general", "stage": stage, "lines": lines},
        format="json",
    )


def test_the_shipped_list_is_classes_and_their_items():
    codes = economic_codes()
    assert (
        codes["301"] == "工资福利支出" and codes["30201"] == "办公费" and codes["501"] == "机关工资福利支出"
    )
    assert all(len(code) in (3, 5) and code.isdigit() for code in codes)
    assert all(code[:3] in codes for code in codes if len(code) == 5)


def test_lines_carry_economic_codes_through_the_api_and_sum_by_class(api_client, staff):
    fy = fiscal_year(2026)
    lines, leaves = _with_economic(book_lines(fy, ("205", "208")))
    api_client.force_authenticate(staff)
    assert _post(api_client, fy, lines).status_code == 201
    assert BudgetLine.objects.get(code=leaves[1]["code"]).economic_code == "30201"
    query = {"year": 2026, "book": "general", "stage": "approved", "parent": leaves[1]["code"][:5]}
    row = next(
        r for r in api_client.get("/api/v1/budget/lines/", query).json() if r["code"] == leaves[1]["code"]
    )
    assert (row["economic_code"], row["economic_name"]) == ("30201", "办公费")
    # the breakdown: by 类, the leaves only (类 and 款 carry the same yuan again)
    response = api_client.get(
        "/api/v1/budget/lines/economic/", {k: v for k, v in query.items() if k != "parent"}
    )
    assert response.status_code == 200
    expected = {}
    for i, leaf in enumerate(leaves):
        key = ECONOMIC[i % 3][:3]
        expected[key] = expected.get(key, Decimal(0)) + Decimal(leaf["amount"])
    got = {r["code"]: Decimal(r["amount"]) for r in response.json()}
    assert got == expected
    assert sum(got.values()) == sum(Decimal(line["amount"]) for line in lines if len(line["code"]) == 3)
    names = {r["code"]: r["name"] for r in response.json()}
    assert names["301"] == "工资福利支出" and names["502"] == "机关商品和服务支出"
    # under one functional line
    under = api_client.get("/api/v1/budget/lines/economic/", {**query, "parent": "205"}).json()
    assert sum(Decimal(r["amount"]) for r in under) == Decimal(
        next(line["amount"] for line in lines if line["code"] == "205")
    )


def test_a_bad_economic_code_refuses_the_whole_import(api_client, staff):
    fy = fiscal_year(2026)
    lines, leaves = _with_economic(book_lines(fy, ("205",)))
    leaves[0]["economic_code"] = "39998"
    api_client.force_authenticate(staff)
    response = _post(api_client, fy, lines)
    assert response.status_code == 400
    errors = {e["code"]: e["message"] for e in response.json()["lines"]}
    assert "经济分类科目 39998 不在支出经济分类科目表中" in errors[leaves[0]["code"]]
    assert not BookStage.objects.exists()


def test_the_breakdown_costs_the_same_queries_at_any_size(api_client, staff, django_assert_num_queries):
    fy = fiscal_year(2026)
    api_client.force_authenticate(staff)
    query = {"year": 2026, "book": "general", "stage": "approved"}
    counts = []
    for stage, prefixes in (("draft", ("205",)), ("approved", ("201", "205", "208", "210"))):
        lines, _leaves = _with_economic(book_lines(fy, prefixes))
        assert _post(api_client, fy, lines, stage=stage).status_code == 201
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert (
                api_client.get("/api/v1/budget/lines/economic/", {**query, "stage": stage}).status_code == 200
            )
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_workbook_with_an_economic_column(client, staff):
    fy = fiscal_year(2026)
    lines, _leaves = _with_economic(book_lines(fy, ("205",)))
    rows = [
        [int(line["code"]), line["name"], line["amount"], int(line.get("economic_code") or 0) or None]
        for line in lines
    ]
    client.force_login(staff)
    url = reverse("admin:budget_fiscalyear_import", args=[fy.pk])
    file = workbook_file(rows, header=("科目编码", "科目名称", "预算数", "经济分类科目编码"))
    response = client.post(url, {"book": "general", "stage": "approved", "file": file})
    assert response.status_code == 302
    assert set(BudgetLine.objects.exclude(economic_code="").values_list("economic_code", flat=True)) == set(
        ECONOMIC
    )
    # and the comparison page shows each line's code and the breakdown under a 款
    page = client.get(reverse("portal:budget-compare"), {"year": 2026, "parent": "20502"}).content.decode()
    assert "经济分类 30101 基本工资" in page
    assert 'id="budget-economic"' in page and "301 工资福利支出" in page and "502 机关商品和服务支出" in page
    rows = selectors.economic_breakdown(year=2026, book="general", parent="20502", stages=["approved"])
    assert {r["code"] for r in rows} == {"301", "302", "502"}


def test_the_demo_codes_are_in_the_shipped_list():
    from budget.demo import ECONOMIC_BY_ITEM, ECONOMIC_OTHERS, economic_of

    assert set(ECONOMIC_BY_ITEM.values()) | set(ECONOMIC_OTHERS) <= set(economic_codes())
    assert economic_of("2010101") == "50101" and economic_of("20101") == "" and economic_of("1010101") == ""


def test_a_revenue_line_carries_no_economic_code(api_client, staff):
    fy = fiscal_year(2026)
    lines = book_lines(fy, ("101",))
    leaf = next(line for line in lines if len(line["code"]) == 7)
    leaf["economic_code"] = "30201"
    api_client.force_authenticate(staff)
    response = _post(api_client, fy, lines)
    assert response.status_code == 400
    assert {e["code"]: e["message"] for e in response.json()["lines"]}[
        leaf["code"]
    ] == "收入科目不列经济分类。"


def test_the_csv_and_the_data_package_carry_the_economic_code_and_name(client):
    # given an approved book whose 项 carry economic codes
    from budget import services

    fy = fiscal_year(2026)
    lines, leaves = _with_economic(book_lines(fy, ("205",)))
    services.book_stage_import(fiscal_year=fy, book="general", stage="approved", lines=lines, actor=None)

    # when the book's CSV is read
    body = b"".join(client.get(reverse("public:budget-book-csv", args=[2026, "general"])).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))

    # then each line has its economic code and name in the last two columns, empty without one
    assert rows[0][-3:] == ["金额（元）", "经济分类科目编码", "经济分类科目名称"]
    by_code = {row[9] or row[7] or row[5]: row for row in rows[1:]}
    assert by_code[leaves[1]["code"]][-2:] == ["30201", "办公费"]
    assert by_code["205"][-2:] == ["", ""]

    # and the data package's budget.csv too, each column described in its descriptor
    package = client.get(reverse("public:budget-datapackage", args=[2026])).json()
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["economic_code"]["columnType"] == "economic-classification:generic:code"
    assert fields["economic_label"]["columnType"] == "economic-classification:generic:label"
    economic = package["model"]["dimensions"]["economic-classification"]
    assert {a["source"] for a in economic["attributes"].values()} == {"economic_code", "economic_label"}
    data = b"".join(client.get(reverse("public:budget-datapackage-csv", args=[2026])).streaming_content)
    package_rows = {row["level3_code"]: row for row in csv.DictReader(io.StringIO(data.decode()))}
    assert (
        package_rows[leaves[0]["code"]]["economic_code"],
        package_rows[leaves[0]["code"]]["economic_label"],
    ) == (
        "30101",
        "基本工资",
    )

    # and the /opendata/ page's data dictionary lists the two columns with their meaning
    page = client.get(reverse("opendata:index")).content.decode()
    assert "<code>economic_code</code>" in page and "支出经济分类科目名称" in page
