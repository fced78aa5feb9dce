"""The public budget pages (drill-down, CSV, Fiscal Data Package), the portal's comparison and
the admin's workbook import."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from budget.models import BookStage, BudgetLine
from budget.tests.factories import book_lines, fiscal_year, import_book
from congress import roles
from congress.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_public_pages_are_404_before_approval(client):
    fy = fiscal_year(2026)
    import_book(fy, stage="draft")
    assert client.get(reverse("public:budget-book", args=[2026])).status_code == 404
    assert client.get(reverse("public:budget-datapackage", args=[2026])).status_code == 404
    assert client.get(reverse("public:budget-book-csv", args=[2026, "general"])).status_code == 404
    assert "2026" not in client.get(reverse("public:budget-index")).content.decode()


def test_the_public_drills_down_a_book(client):
    fy = fiscal_year(2026)
    import_book(fy, stage="approved", prefixes=("201", "205"))
    page = client.get(reverse("public:budget-book", args=[2026])).content.decode()
    assert "205 教育支出" in page and "budget-chart-data" in page
    page = client.get(reverse("public:budget-book", args=[2026]), {"parent": "205"}).content.decode()
    assert "20502 普通教育" in page and "教育支出" in page
    page = client.get(reverse("public:budget-book", args=[2026]), {"parent": "20502"}).content.decode()
    assert "2050201 学前教育" in page
    assert client.get(reverse("public:budget-book", args=[2026]), {"parent": "299"}).status_code == 404
    assert client.get(reverse("public:budget-book", args=[2026]), {"parent": "x"}).status_code == 404
    # a book not published yet says so
    page = client.get(reverse("public:budget-book", args=[2026]), {"book": "fund"}).content.decode()
    assert "这本预算尚未公开" in page


@pytest.mark.parametrize("prefixes", [("205",), ("201", "204", "205", "208", "210", "212")])
def test_a_public_level_costs_the_same_queries_at_any_size(client, django_assert_num_queries, prefixes):
    fy = fiscal_year(2026)
    import_book(fy, stage="approved", prefixes=prefixes)
    import_book(fy, stage="final", prefixes=prefixes)
    url = reverse("public:budget-book", args=[2026])
    client.get(url, {"parent": "205"})
    # 1 the year's public stages, 2 the parent line, 3 the level (EXISTS for children),
    # 4 the children of the level (the chart's outer ring), 5 the breadcrumbs; the district
    # profile is cached
    with django_assert_num_queries(5):
        response = client.get(url, {"parent": "205", "stage": "final"}, HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200


def test_csv_and_fiscal_data_package(client):
    fy = fiscal_year(2026)
    import_book(fy, stage="draft", prefixes=("205",))
    import_book(fy, stage="approved", prefixes=("205",))
    import_book(fy, stage="final", prefixes=("205",), leaf=Decimal("90.00"))
    import_book(fy, book="capital", stage="approved", prefixes=("223",))
    response = client.get(reverse("public:budget-book-csv", args=[2026, "general"]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff年度,")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert {r[2] for r in rows[1:]} == {"批准预算", "决算"}  # no draft
    # the data package: a descriptor naming every column, a CSV with those columns
    package = client.get(reverse("public:budget-datapackage", args=[2026])).json()
    assert package["profile"] == "fiscal-data-package"
    resource = package["resources"][0]
    fields = [f["name"] for f in resource["schema"]["fields"]]
    assert {"value", "date:fiscal-year", "functional-classification:generic:level1:code"} <= {
        f.get("columnType") for f in resource["schema"]["fields"]
    }
    assert package["model"]["measures"]["amount"]["currency"] == "CNY"
    for dimension in package["model"]["dimensions"].values():
        for attribute in dimension["attributes"].values():
            assert attribute["source"] in fields
    data = b"".join(
        client.get(reverse("public:budget-datapackage-csv", args=[2026])).streaming_content
    ).decode()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0]) == fields
    assert {r["phase"] for r in rows} == {"approved", "executed"}
    assert {r["book"] for r in rows} == {"general", "capital"}
    # leaves only: their sum is the stage's total, no line counted twice
    for stage, phase in (("approved", "approved"), ("final", "executed")):
        total = BudgetLine.objects.get(book_stage__book="general", book_stage__stage=stage, code="205").amount
        leaves = sum(Decimal(r["amount"]) for r in rows if r["phase"] == phase and r["book"] == "general")
        assert leaves == total
    assert all(r["level1_label"] for r in rows)
    json.dumps(package)


def test_portal_comparison_for_members_not_unit_officers(client, officer):
    fy = fiscal_year(2026)
    import_book(fy, stage="draft")
    import_book(fy, stage="approved", leaf=Decimal("110.00"))
    member = UserFactory(roles=[roles.MEMBER])
    client.force_login(member)
    response = client.get(
        reverse("portal:budget-compare"), {"year": 2026, "book": "general", "parent": "205"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "预算草案" in page and "批准预算" in page and "20502 普通教育" in page
    assert "+" in page and "10.0%" in page  # change and rate against the draft
    client.force_login(officer)
    assert client.get(reverse("portal:budget-compare")).status_code == 403


@pytest.mark.parametrize("prefixes", [("205",), ("201", "204", "205", "208", "210", "212")])
def test_the_comparison_costs_the_same_queries_at_any_size(client, django_assert_num_queries, prefixes):
    # given two stages of a small and of a six-类 book, economic codes on the lines
    fy = fiscal_year(2026)
    import_book(fy, stage="approved", prefixes=prefixes)
    import_book(fy, stage="final", prefixes=prefixes, leaf=Decimal("90.00"))
    BudgetLine.objects.filter(level=3).update(economic_code="30201")
    client.force_login(UserFactory(roles=[roles.MEMBER]))
    query = {"year": 2026, "book": "general", "parent": "205"}
    client.get(reverse("portal:budget-compare"), query)  # warm the session, roles and profile caches
    # when: 1 the user (the session is cached), 2 the years, 3 the stages present, 4 the level's
    # lines side by side, 5 which of them have children, 6 the economic breakdown (the lines
    # under the level only), 7 the breadcrumbs' names, 8 the year's adjustments
    with django_assert_num_queries(8):
        response = client.get(reverse("portal:budget-compare"), query)
    # then
    page = response.content.decode()
    assert response.status_code == 200 and "20502 普通教育" in page and "302" in page


def _workbook(rows, *, title=True) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["2026年区级一般公共预算支出表"])
        sheet.append(["单位：元"])
    sheet.append(["科目编码", "科目名称", "预算数"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "budget.xlsx"
    return data


def test_staff_import_a_workbook_in_the_admin(client, staff):
    fy = fiscal_year(2026)
    lines = book_lines(fy, ("205",))
    client.force_login(staff)
    url = reverse("admin:budget_fiscalyear_import", args=[fy.pk])
    # a bad workbook: refused whole, errors by Excel row in Chinese
    bad = [[line["code"], line["name"], line["amount"]] for line in lines]
    bad[3][2] = "-1"
    bad.append(["2059997", "不存在的科目", "1"])
    response = client.post(url, {"book": "general", "stage": "approved", "file": _workbook(bad)})
    page = response.content.decode()
    assert "未导入任何数据" in page and "第7行" in page and "金额不能为负数" in page and "2059997" in page
    assert not BookStage.objects.exists()
    # a good one (int codes as Excel keeps them, amounts in 万元)
    good = [[int(line["code"]), line["name"], float(Decimal(line["amount"]) / 10000)] for line in lines]
    response = client.post(
        url, {"book": "general", "stage": "approved", "file": _workbook(good), "in_wan": "on"}
    )
    assert response.status_code == 302
    stage = BookStage.objects.get()
    assert stage.line_count == len(lines)
    assert BudgetLine.objects.get(book_stage=stage, code="2050201").amount == Decimal("100.00")


def test_unit_officers_cannot_import_in_the_admin(client, officer):
    fy = fiscal_year(2026)
    client.force_login(officer)
    response = client.get(reverse("admin:budget_fiscalyear_import", args=[fy.pk]))
    assert response.status_code in (302, 403)


def test_staff_edit_a_year_code_list_with_history(client, staff):
    fy = fiscal_year(2026)
    client.force_login(staff)
    add = reverse("admin:budget_classificationcode_add")
    response = client.post(add, {"fiscal_year": fy.pk, "code": "2050198", "name": "新增科目"})
    assert response.status_code == 302
    response = client.post(add, {"fiscal_year": fy.pk, "code": "2999901", "name": "无上级"})
    assert "上级科目 29999 不在本年度科目表中" in response.content.decode()
    code = fy.codes.get(code="2050198")
    change = reverse("admin:budget_classificationcode_change", args=[code.pk])
    assert client.post(change, {"name": "改名科目", "retired": "on"}).status_code == 302
    code.refresh_from_db()
    assert code.name == "改名科目" and code.retired
    assert [h.name for h in code.history.order_by("history_date")] == ["新增科目", "改名科目"]
