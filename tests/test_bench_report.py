"""The bench's report (issue 16): each page is judged against the goal of its kind, the bench can
pass by the page cache to measure a miss, and before/after tables match pages by name."""

import pytest
from django.test import RequestFactory

from bench import compare
from bench.page_cache import BypassablePageCacheMiddleware
from bench.run import goal_cell, kind_of, page_cached
from bench.scenarios import Page


def test_each_kind_of_page_has_its_goal():
    assert kind_of(Page("bare", "/bench/bare/")) == "bare"
    assert kind_of(Page("home", "/")) == "public, cached"
    assert kind_of(Page("home, rendered", "/", headers={"X-Bench-Render": "1"})) == "public, rendered"
    assert kind_of(Page("api", "/api/v1/public/deputies/")) == "public API"
    assert kind_of(Page("oparl", "/oparl/v1/system")) == "public API"
    assert kind_of(Page("inbox", "/portal/assignments/", cookies={"sessionid": "x"})) == "portal"
    assert kind_of(Page("admin", "/admin/proposals/", cookies={"sessionid": "x"})) == "admin"
    assert not page_cached(Page("inbox", "/portal/", cookies={"sessionid": "x"}))


@pytest.mark.parametrize(
    ("kind", "server", "rps", "met"),
    [
        ("public, cached", 4.9, 0.5, True),
        ("public, cached", 5.1, 0.5, False),
        ("public, cached", 1.0, 0.2, False),  # fast on the server but too few requests a second
        ("public, rendered", 19.0, 0.01, True),
        ("portal", 25.0, 0.1, True),
        ("portal", 26.0, 0.2, False),
        ("admin", 900.0, 0.001, None),
    ],
)
def test_the_goal_cell_says_whether_the_run_met_it(kind, server, rps, met):
    text, ok = goal_cell(kind, server, rps)
    assert ok is met
    assert ("not met" in text) is (met is False)


def test_a_request_with_the_render_header_passes_by_the_page_cache():
    calls = []

    def view(request):
        calls.append(request)
        return "rendered"

    middleware = BypassablePageCacheMiddleware(view)
    request = RequestFactory().get("/", HTTP_X_BENCH_RENDER="1")
    assert middleware(request) == "rendered"
    assert calls == [request]


def test_compare_matches_pages_and_a_rendered_row_with_the_page_before(tmp_path):
    before = tmp_path / "before.md"
    after = tmp_path / "after.md"
    before.write_text(
        "| scenario | page | queries | req/s | × bare | server p50 × bare |\n"
        "|---|---|--:|--:|--:|--:|\n"
        "| core | public home `/` | 6 | 100 | 0.09 | 45.0 |\n",
        encoding="utf-8",
    )
    after.write_text(
        "| scenario | page | queries | req/s | × bare | server p50 × bare | issue 16 goal |\n"
        "|---|---|--:|--:|--:|--:|---|\n"
        "| core | public home `/` | 0 | 900 | 1.00 | 0.9 | ≤ 5× met |\n"
        "| core | public home, rendered `/` | 5 | 200 | 0.20 | 15.0 | ≤ 20× met |\n",
        encoding="utf-8",
    )
    table = compare.compare(before, after)
    assert "| core: public home | 6 → 0 | 45.0 → 0.9 | 0.09 → 1.00 | ≤ 5× met |" in table
    assert "| core: public home, rendered | 6 → 5 | 45.0 → 15.0 | 0.09 → 0.20 | ≤ 20× met |" in table
