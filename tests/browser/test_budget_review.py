"""The preliminary review on a phone (issue 13 item 3): a deputy drills the 2026 draft down to a
line and asks the finance bureau about it; the bureau's officer answers in the portal; the
deputy reads the answer on the line's page. Screenshots at phone and desktop widths."""

from decimal import Decimal

from budget.tests.factories import fiscal_year, import_book
from congress import roles
from congress.demo import DEMO_PASSWORD
from congress.tests.factories import OrganizationFactory, UserFactory
from tests.browser.conftest import shot


def _user(username, role, unit=None):
    user = UserFactory(username=username, roles=[role], unit=unit)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def login(page, username):
    # The password field's Enter: the header's site search has a submit button of its own.
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/portal/**")


def test_a_deputy_asks_and_the_finance_bureau_answers(page, transactional_db):
    fy = fiscal_year(2026)
    import_book(fy, stage="draft", prefixes=("201", "205", "208"), leaf=Decimal("1234567.00"))
    bureau = OrganizationFactory(name="区财政局")
    _user("deputy_b", roles.DEPUTY)
    _user("finance_b", roles.UNIT_OFFICER, unit=bureau)

    page.set_default_timeout(60000)  # a loaded CI machine
    login(page, "deputy_b")
    page.goto("/portal/budget/review/")
    page.get_by_role("link", name="205 教育支出").click()
    page.get_by_text("20502 普通教育").wait_for()
    shot(page, "budget-review-01-level")
    page.locator("li.review-line", has_text="20502 普通教育").get_by_role("link", name="意见与询问").click()
    page.fill("textarea[name=text]", "学前教育经费增幅为何低于在园幼儿增幅？")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("询问已提交").wait_for()
    shot(page, "budget-review-02-asked")

    page.context.clear_cookies()
    login(page, "finance_b")
    page.goto("/portal/budget/inbox/")
    page.get_by_text("答复预算初审询问").first.wait_for()
    page.goto("/portal/budget/review/questions/")
    # the status beside the long line title stays on one line at phone width (it was squeezed
    # to a character a line)
    status = page.locator("article .status").first
    assert status.evaluate(
        "e => e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize)"
    )
    page.fill("textarea[name=answer]", "新增学位经费已按生均标准足额安排。")
    page.get_by_role("button", name="提交答复").click()
    page.get_by_text("答复已提交。").wait_for()
    shot(page, "budget-review-03-answered")

    page.context.clear_cookies()
    login(page, "deputy_b")
    page.goto("/portal/budget/review/2026/general/draft/20502/")
    page.get_by_text("新增学位经费已按生均标准足额安排。").wait_for()
    shot(page, "budget-review-04-answer-read")
