"""Pages work under a Content-Security-Policy without 'unsafe-inline' scripts (issue 10, finding
2): the behaviours moved to static files still work, and the ``page`` fixture fails any test
during which the browser reports a CSP violation."""

from tests.browser.conftest import PHONE, is_csp_violation, login, shot


def test_the_browser_reports_an_inline_script_as_a_violation(browser, live_server, demo_data):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert any(is_csp_violation(text) for text in messages), messages
    context.close()


def test_phone_menu_swagger_and_chart_work_without_inline_script(page, demo_data):
    page.goto("/")
    toggle = page.locator(".menu-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("() => document.body.classList.contains('nav-open')")
    shot(page, "csp-01-menu", widths=(PHONE,))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"

    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "API" in page.locator(".swagger-ui .info .title").inner_text()

    login(page, "staff")
    page.goto("/portal/proposals/statistics/")
    page.locator("#unit-chart canvas").wait_for()
    shot(page, "csp-02-statistics")
