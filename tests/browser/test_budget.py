"""A member of the public drills down a book on a phone: the list of years, the approved
general budget's expenditure (a sunburst beside a table), 教育支出 → 普通教育 → its items, and
the CSV and data-package links. Screenshots at phone and desktop widths."""

from decimal import Decimal

from budget.tests.factories import fiscal_year, import_book
from tests.browser.conftest import shot


def test_the_public_drills_down_a_book_on_a_phone(page, transactional_db):
    fy = fiscal_year(2026)
    import_book(fy, stage="approved", prefixes=("201", "205", "208", "210"), leaf=Decimal("1234567.00"))
    import_book(fy, stage="final", prefixes=("201", "205", "208", "210"), leaf=Decimal("1200000.00"))

    page.goto("/budget/")
    page.get_by_role("link", name="2026年度预决算").click()
    page.locator("#budget-chart canvas").wait_for()
    shot(page, "budget-01-top-level")
    page.get_by_role("link", name="205 教育支出").click()
    page.get_by_role("link", name="20502 普通教育").wait_for()
    page.locator("#budget-chart canvas").wait_for()
    shot(page, "budget-02-education")
    page.get_by_role("link", name="20502 普通教育").click()
    page.get_by_text("2050201 学前教育").wait_for()
    assert "120.0" in page.locator("table.budget-table").inner_text()  # the final accounts first
    page.get_by_role("link", name="批准预算").click()
    page.get_by_text("2050201 学前教育").wait_for()
    assert "123.5" in page.locator("table.budget-table").inner_text()  # 1,234,567 yuan in 万元
    shot(page, "budget-03-items")
    assert (
        page.get_by_role("link", name="一般公共预算 CSV").get_attribute("href") == "/budget/2026/general.csv"
    )
    assert page.get_by_role("link", name="财政数据包 datapackage.json").is_visible()
