"""No page runs inline script (issue 10, finding 2): the Content-Security-Policy has no
``'unsafe-inline'`` for scripts, so an injected ``<script>`` or ``onclick=`` would not run — and
none of our own pages may need one. A crawler walks the demo district as each demo role
(anonymous, deputy, unit officer, reviewer, staff, member, system administrator) from the public
home, the portal and the admin, following every same-site link, and fails on any page that
carries an inline ``<script>`` (data blocks such as ``json_script`` excepted), an ``on…=``
handler attribute, an htmx ``hx-on`` handler or a ``javascript:`` link."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from congress.middleware import POLICY
from congress.models import User
from congress.tests.demo_snapshot import load_demo_cached

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
# Not pages: files, exports, the API's JSON (its browsable docs page is walked), logout.
SKIP_PREFIXES = ("/static/", "/media/", "/api/v1/", "/api/schema/", "/accounts/logout/", "/i18n/")
SKIP_WORDS = ("export", "download", "/files/", "csv", "xlsx", "delete")
MAX_PAGES_PER_ROLE = 150
# Pages of one shape (/admin/deputies/deputy/<n>/change/) share a template: two of each.
PER_SHAPE = 2


class InlineScriptParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or name.startswith("hx-on") or name.startswith("data-hx-on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            if value.startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not attrs.get("src"):
            kind = (attrs.get("type") or "").strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self._in_inline_script = True
                self.problems.append(f"inline <script {attrs}>")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_scripts(html: str) -> tuple[list[str], list[str]]:
    parser = InlineScriptParser()
    parser.feed(html)
    return parser.problems, parser.links


def test_parser_catches_every_kind_of_inline_script():
    html = (
        '<script>alert(1)</script><button onclick="x()">a</button><form onsubmit="y()"></form>'
        '<div hx-on::after-request="z()"></div><a href="javascript:void(0)">b</a>'
        '<script type="module">import "x"</script>'
        '<script src="/static/a.js"></script><script type="application/json" id="d">{}</script>'
    )
    problems, _ = inline_scripts(html)
    assert len(problems) == 6, problems


def test_policy_allows_no_inline_script():
    script_src = next(part for part in POLICY.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert script_src.split() == ["script-src", "'self'"]


def _walk(client: Client, starts: list[str]) -> tuple[int, list[str]]:
    seen: set[str] = set()
    shapes: Counter = Counter()
    queue = deque(starts)
    problems: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        # One visit per path: query strings (filters, pages) give the same template.
        path = urlsplit(url).path
        shape = re.sub(r"/\d+/", "/<n>/", path)
        if path in seen or shapes[shape] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        pages += 1
        script_src = response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        if "unsafe-inline" in script_src and pages == 1:
            problems.append(f"{url}: script-src allows 'unsafe-inline'")
        found, links = inline_scripts(response.content.decode())
        problems += [f"{url}: {problem}" for problem in found]
        for link in links:
            link = urldefrag(link)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or any(word in parts.path for word in SKIP_WORDS):
                continue
            if parts.path not in seen:
                queue.append(link)
    return pages, problems


@pytest.fixture
def demo(db):
    load_demo_cached()


def test_no_page_carries_inline_script_for_any_demo_role(demo):
    problems: list[str] = []
    total = 0
    roles = [None, "deputy1", "unit1", "govoffice", "staff", "member", "admin"]
    for username in roles:
        client = Client()
        starts = ["/", "/api/docs/", "/accounts/login/"]
        if username:
            client.force_login(User.objects.get(username=username))
            starts = ["/portal/", "/admin/", *starts]
        pages, found = _walk(client, starts)
        total += pages
        problems += [f"{username or 'anonymous'} {problem}" for problem in found]
    assert total > 400
    assert problems == [], "\n".join(sorted(set(problems))[:80])
