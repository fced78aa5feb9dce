"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live
server. Skipped where /usr/bin/chromium is missing; CI installs it. Screenshots land in
``tests/screenshots/`` (git-ignored) so a person can look at them."""

import os
import shutil
from pathlib import Path

import pytest

from congress.demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(config, items):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
        for item in items:
            item.add_marker(skip)
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


def is_csp_violation(text: str) -> bool:
    """Chromium's console message when the Content-Security-Policy blocks something (an inline
    script or handler, eval, an outside resource)."""
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    violations: list[str] = []
    page.on("console", lambda message: is_csp_violation(message.text) and violations.append(message.text))
    yield page
    context.close()
    assert violations == [], "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def demo_data(transactional_db, settings):
    from congress.tests.demo_snapshot import load_demo_cached

    load_demo_cached()  # loaded by the first test of the process, copied back for the others


def login(page, username: str, password: str = DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # The login form's own button: the header carries the site search's button too.
    page.click("main form button[type=submit]")
    page.wait_for_url("**/portal/**")


def shot(page, name: str, *, full_page: bool = True, widths=(PHONE, DESKTOP)):
    """Screenshot the current page at phone and desktop widths: <name>-phone.png, -desktop.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in widths:
        page.set_viewport_size(size)
        label = "phone" if size["width"] < 600 else "desktop"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=full_page)
    page.set_viewport_size(PHONE)
