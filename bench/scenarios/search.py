"""The site-wide search (issue 15, item 4): the results page for a frequent word, two words, one
character and one kind's page, and the search itself timed out of the page cache (a job: every
registered kind's count and first hits, as the page reads them on a miss)."""

from __future__ import annotations

from urllib.parse import urlencode

from bench.scenarios import Context, Job, Page, Skip, scenario, url_exists


def _path(**params) -> str:
    return f"/search/?{urlencode(params)}"


@scenario("search")
def build(ctx: Context) -> list[Page | Job]:
    if not url_exists("/search/"):
        raise Skip("/search/ is not served yet")
    return [
        Page("site search 养老", _path(q="养老"), note="a frequent word, every kind"),
        Page("site search 电梯 加装", _path(q="电梯 加装"), note="two words, both must match"),
        Page("site search 王", _path(q="王"), note="one character"),
        Page("site search 养老, news only", _path(q="养老", kind="news"), note="one kind, 20 a page"),
        # A fresh process: the time includes loading the URL patterns on the first reverse()
        # (about 2 s at small scale; a warm worker answers 养老 in ~0.26 s, 王 in ~0.12 s).
        Job(
            "site search 养老 (uncached)",
            "congress.site_search.search_all",
            kwargs={"words": ["养老"]},
            note="fresh process",
        ),
        Job(
            "site search 王 (uncached)",
            "congress.site_search.search_all",
            kwargs={"words": ["王"]},
            note="fresh process",
        ),
    ]
