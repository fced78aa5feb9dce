"""Staff import the finance bureau's workbook in the admin at 1366 px: a large file goes to the
background and the page polls its progress with htmx until it says how many rows were read,
checked and stored; then a bad workbook is refused whole with its row errors in Chinese and
nothing changes. The broker is down while the file waits (the outbox keeps it), then the work
runs as a worker would run it — so the page is seen polling, then updating itself.
Screenshots in tests/screenshots/budget-import-*.png."""

from budget import services_import
from budget.models import BookStage, BudgetLine, WorkbookImport
from budget.tests.factories import book_lines, fiscal_year, workbook_file
from congress import roles
from congress.tests.factories import PASSWORD, UserFactory
from tests.browser.conftest import DESKTOP, shot


def _upload(page, fy, rows, name):
    page.goto(f"/admin/budget/fiscalyear/{fy.pk}/import/")
    page.get_by_label("预算类别").select_option(label="一般公共预算")
    page.get_by_label("阶段").select_option(label="批准预算")
    data = workbook_file(rows, name=name).getvalue()
    page.set_input_files(
        "input[name=file]", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/import/*/")


def test_staff_import_a_workbook_with_progress(page, transactional_db, settings, broker_down):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    settings.BUDGET_IMPORT_ASYNC_BYTES = 0  # every file goes to the background
    UserFactory(username="budget_staff", roles=[roles.STAFF])
    fy = fiscal_year(2026)
    rows = [[line["code"], line["name"], line["amount"]] for line in book_lines(fy, ("201", "205", "208"))]

    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "budget_staff")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")

    # a good workbook: queued (the broker is down), the page polls
    _upload(page, fy, rows, "2026年一般公共预算.xlsx")
    progress = page.locator("#budget-import-progress")
    assert "排队中" in progress.inner_text()
    assert progress.get_attribute("hx-trigger") == "every 1s"
    shot(page, "budget-import-01-queued", widths=(DESKTOP,))
    page.set_viewport_size(DESKTOP)
    job = WorkbookImport.objects.get()
    assert services_import.workbook_import_run(job.pk) == "done"  # as the worker runs it
    page.get_by_text("已导入2026年度", exact=False).wait_for()  # htmx swapped it in, no reload
    text = page.locator("#budget-import-progress").inner_text()
    assert text.count(f"\t{len(rows)} 行") == 3  # read, checked, stored
    assert page.locator("#budget-import-progress").get_attribute("hx-trigger") is None  # stopped polling
    shot(page, "budget-import-02-done", widths=(DESKTOP,))
    page.set_viewport_size(DESKTOP)
    stage = BookStage.objects.get()
    assert stage.line_count == len(rows)

    # a bad workbook: refused whole, row errors in Chinese, the stored stage untouched
    bad = [list(row) for row in rows]
    bad[3][2] = "-5"
    bad.append(["2059997", "不存在的科目", "1"])
    _upload(page, fy, bad, "有错误的预算表.xlsx")
    services_import.workbook_import_run(WorkbookImport.objects.latest("pk").pk)
    errors = page.locator("#budget-import-errors")
    errors.wait_for()
    table = errors.inner_text()
    assert (
        "第7行" in table
        and "金额不能为负数" in table
        and "2059997" in table
        and "不在2026年度科目表中" in table
    )
    assert page.get_by_text("未导入任何数据", exact=False).first.is_visible()
    shot(page, "budget-import-03-refused", widths=(DESKTOP,))
    assert BudgetLine.objects.filter(book_stage=stage).count() == len(rows)
    assert BookStage.objects.get().history.count() == 1
