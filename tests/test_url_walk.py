"""Every URL pattern, walked without login (issue 10, "Also"): only the public allow-list may
answer 200 to an anonymous visitor; everything else sends them to the login page (pages, the
admin) or refuses them (401/403, the API) — before looking anything up, so a made-up id gets the
same answer as a real one and this walk needs no data. A new page that forgets its login check
fails here until it is added to the list below on purpose."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# What anyone may read without login, by path prefix (each one a deliberate decision).
PUBLIC_PREFIXES = (
    "/healthz",  # monitoring: which part is up
    "/i18n/setlang/",  # the language switch
    "/accounts/login/",
    "/accounts/logout/",
    "/api/v1/auth/token/",  # exchanging a password for a token
    "/api/v1/public/",  # the public API: published records only
    "/api/v1/deputy-groups/",  # group and constituency names, which the public directory shows anyway
    "/api/v1/constituencies/",
    "/api/schema/",  # the OpenAPI schema and its docs
    "/api/docs/",
    "/admin/login/",
    "/admin/logout/",
    "/news/",  # the public website
    "/search/",  # the site-wide search: what the public pages show
    "/feeds/",  # RSS of news, replies and supervision records (what the public pages show)
    "/meetings.ics",  # the published meetings as a calendar
    "/deputies/",
    "/proposals/",
    "/meetings/",
    "/appointments/",
    "/supervision/",
    "/liaison/",  # liaison stations, reception days, citizens' opinions by receipt
    "/oparl/v1/",  # the OParl 1.1 API (opendata/oparl): published records only, read-only
    "/opendata/",  # bulk downloads of what the public pages show (CSV, JSON), issue 15
    "/budget/",  # approved budgets and final accounts (404 until they exist), CSV, data packages
    # Uploaded files (congress/files.py): each download view applies its record's wall (404 for
    # what the visitor may not see); public records' files are for anyone.
    "/files/",
)
PUBLIC_EXACT = {"/"}  # the public home page
# Nothing is left out of the walk: uploads are no longer served from /media/ (issue 10, finding 1).
NOT_WALKED = ()
# Where an anonymous visitor may be sent instead of a page (the login pages).
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

DUMMY = {"int": "1", "str": "x", "slug": "x", "path": "1", "uuid": "00000000-0000-0000-0000-000000000001"}
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route: str) -> str:
    return ROUTE_PARAM.sub(lambda m: DUMMY.get(m.group("converter") or "str", "x"), route)


def _regex_fill(regex: str) -> str | None:
    """A regex pattern (the admin's app index, re_path) as one concrete path, or None."""
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", text)
    if re.search(r"[\[\]()*+?|\\]", text):
        return None
    return text


def walk(patterns, prefix=""):
    for entry in patterns:
        pattern = entry.pattern
        route = getattr(pattern, "_route", None)
        part = _fill(route) if route is not None else _regex_fill(pattern._regex)
        if part is None:
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + part, entry


def all_paths():
    seen = {}
    for path, entry in walk(get_resolver().url_patterns):
        seen.setdefault(path, entry)
    return seen


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def anonymous_answer(client, path):
    response = client.get(path)
    if response.status_code == 405:  # an action: try it as the form or API would
        response = client.post(path, {})
    return response


def refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 302:
        return response.url.split("?")[0].startswith(LOGIN_PATHS) or "/login/" in response.url
    return False


def test_the_walk_sees_every_part_of_the_site():
    paths = all_paths()
    for expected in ("/portal/", "/api/v1/proposals/1/", "/admin/", "/portal/meetings/check-in/x/", "/"):
        assert expected in paths
    assert len(paths) > 300


def test_no_page_or_api_answers_without_login_unless_it_is_public(client):
    leaks, not_walled = [], []
    for path in sorted(all_paths()):
        if is_public(path) or path.startswith(NOT_WALKED):
            continue
        response = anonymous_answer(client, path)
        if response.status_code == 200:
            leaks.append(path)
        elif not refused(response):
            not_walled.append(f"{path} → {response.status_code}")

    assert leaks == [], "answer anonymous visitors: add a login check, or to PUBLIC_PREFIXES on purpose"
    assert not_walled == [], "must refuse anonymous visitors before looking anything up"


def test_the_allow_list_is_not_wider_than_the_site():
    paths = all_paths()
    for prefix in PUBLIC_PREFIXES:
        assert any(p.startswith(prefix) for p in paths), f"{prefix} matches no URL: drop it"
