"""The site-wide search on a phone (issue 15, item 4): the header's box on the home page leads
to the results grouped by kind, with the words marked; screenshots at 390 and 1366 px."""

from tests.browser.conftest import shot
from tests.browser.test_accessibility import AXE, AXE_JS, BAD


def axe_problems(page) -> list:
    page.evaluate(AXE)
    return [violation for violation in page.evaluate(AXE_JS) if violation["impact"] in BAD]


def test_search_from_the_header(page, demo_data):
    page.goto("/")
    box = page.locator("header form[role=search] input[name=q]")
    assert box.is_visible()  # on a phone too, without opening the menu
    shot(page, "public-search-header", full_page=False)
    box.fill("养老")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")

    assert page.locator("h1").inner_text() == "全站搜索"
    groups = page.locator("section.search-group")
    shot(page, "public-search")
    assert axe_problems(page) == []  # a form, not a link: the accessibility crawl does not reach it
    assert groups.count() >= 2
    assert page.locator("#kind-proposals mark").first.inner_text() == "养老"  # in the category

    page.locator("#kind-proposals li a").first.click()
    page.wait_for_url("**/proposals/*/")
    page.goto("/search/?q=" + "养" * 60)
    assert "搜索词太长" in page.locator("main").inner_text()
