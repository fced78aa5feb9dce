"""Accessibility (issue 15, item 6: GB/T 37668-2019, WCAG 2.1 AA, 适老化): axe-core finds no
serious or critical problem on any public or portal page.

A crawler walks the demo district in Chromium — the public site as a visitor, then the portal as
each kind of user (deputy, unit officer, reviewer, station worker, staff, member) — following
every same-site link (one page of each shape: ``/deputies/12/`` and ``/deputies/13/`` share a
template), and runs axe-core (vendored in ``tests/browser/vendor``, MPL-2.0) on each page, at
phone width, in Chinese. A second test switches 大字版 on and walks with the keyboard.

The admin is Django's own and is left out: staff work there on desktops, and its markup is
Django's to keep."""

from __future__ import annotations

import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from tests.browser.conftest import PHONE, login, shot

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# Not pages, or pages of other kinds: files, exports, the API, feeds and calendars, logout.
SKIP_PREFIXES = (
    "/static/",
    "/media/",
    "/api/",
    "/admin/",
    "/accounts/logout/",
    "/i18n/",
    "/feeds/",
    "/oparl/",
)
SKIP_WORDS = ("export", "download", "/files/", ".csv", ".xlsx", ".ics", ".pdf", ".json", "delete")
MAX_PAGES = 80
BAD = ("serious", "critical")
ROLES = [None, "deputy1", "unit1", "govoffice", "station1", "staff", "member"]

LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"
AXE_JS = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    }));
}"""


def _shape(path: str) -> str:
    return re.sub(r"/\d+/", "/<n>/", re.sub(r"/[0-9a-f]{8,}/", "/<k>/", path))


def _axe_walk(page, starts: list[str], *, within: str) -> tuple[int, list[str]]:
    seen: set[str] = set()
    queue = deque(starts)
    problems: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if _shape(path) in seen:
            continue
        seen.add(_shape(path))
        response = page.goto(url)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        pages += 1
        page.evaluate(AXE)
        for violation in page.evaluate(AXE_JS):
            if violation["impact"] in BAD:
                problems.append(
                    f"{path} [{violation['impact']}] {violation['id']}: {violation['help']} @ {violation['nodes']}"
                )
        for link in page.evaluate(LINKS_JS):
            link = urldefrag(link)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or any(word in parts.path for word in SKIP_WORDS):
                continue
            if (parts.path.startswith("/portal/")) != (within == "portal"):
                continue
            if _shape(parts.path) not in seen:
                queue.append(link)
    return pages, problems


def test_axe_finds_nothing_serious_on_any_public_or_portal_page(browser, live_server, demo_data):
    problems: list[str] = []
    total = 0
    for username in ROLES:
        # axe is injected by the test (DevTools), not by the page: the site's CSP stays as served.
        context = browser.new_context(
            viewport=PHONE, locale="zh-CN", base_url=live_server.url, bypass_csp=True
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            login(page, username)
            pages, found = _axe_walk(page, ["/portal/"], within="portal")
        else:
            pages, found = _axe_walk(page, ["/", "/accounts/login/"], within="public")
        total += pages
        problems += [f"{username or 'anonymous'} {problem}" for problem in found]
        context.close()
    assert total > 80
    by_rule = Counter(problem.split("] ")[1].split(":")[0] for problem in problems)
    assert problems == [], f"{dict(by_rule)}\n" + "\n".join(sorted(set(problems))[:120])


def test_large_text_mode_stays_on_and_the_keyboard_is_seen(page, demo_data):
    page.goto("/")
    switch = page.locator("button[data-large-text]")
    assert switch.get_attribute("aria-pressed") == "false"
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    # Kept for the next page (localStorage, applied before paint), never in a cookie.
    page.goto("/deputies/")
    assert page.evaluate("() => document.documentElement.classList.contains('large-text')")
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    assert larger >= size * 1.2
    assert not [c for c in page.context.cookies() if "large" in c["name"].lower()]
    shot(page, "a11y-01-large-text", full_page=False)
    # The first Tab reaches the skip link, visibly; following it moves to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.className, s.outlineStyle, parseFloat(s.outlineWidth), e.getBoundingClientRect().left]; }"
    )
    assert focused[0] == "skip" and focused[1] != "none" and focused[2] >= 2 and focused[3] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.locator("button[data-large-text]").first.click()
    assert not page.evaluate("() => document.documentElement.classList.contains('large-text')")
    # 320 px: nothing wider than the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
