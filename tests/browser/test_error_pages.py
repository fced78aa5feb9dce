"""The Chinese 404 and 403 pages in the site's layout, as a phone shows them."""

import pytest

from tests.browser.conftest import login, shot


def test_unknown_address_and_forbidden_page_on_a_phone(page, demo_data):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="页面不存在").is_visible()
    assert page.locator(".site-header").is_visible()
    shot(page, "error-404")

    login(page, "unit1")
    response = page.goto("/portal/composition/")
    assert response.status == 403
    assert page.get_by_role("heading", name="没有访问权限").is_visible()
    page.get_by_role("link", name="返回工作台").click()
    page.wait_for_url("**/portal/")
    page.goto("/portal/composition/")
    shot(page, "error-403")


@pytest.mark.urls("congress.tests.urls_raising")
def test_the_500_page_on_a_phone(page, db):
    response = page.goto("/test-boom/")

    assert response.status == 500
    assert page.get_by_role("heading", name="系统出错了").is_visible()
    shot(page, "error-500")
