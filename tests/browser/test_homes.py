from tests.browser.conftest import login, shot


def test_deputy_logs_in_and_sees_home(page, demo_data):
    login(page, "deputy1")
    assert page.locator("h1").first.inner_text().endswith("您好")
    assert page.get_by_text("人大代表").first.is_visible()
    shot(page, "portal-home-deputy")


def test_unit_officer_logs_in_and_sees_home(page, demo_data):
    login(page, "unit1")
    assert page.get_by_text("区教育局").first.is_visible()
    shot(page, "portal-home-unit")


def test_public_home_and_directory(page, demo_data):
    page.goto("/")
    assert "徐汇区" in page.title()
    shot(page, "public-home")
    page.goto("/deputies/")
    assert page.locator(".deputy").count() == 30
    shot(page, "public-directory")
