"""The public page cache and the budget books (issue 16): a book's lines are a bulk insert (no
signal: the import bumps ``budget`` itself), so a cached public budget page shows an approved
book on the next request, and a draft stage leaves it as it was."""

import pytest
from django.urls import reverse

from budget.tests.factories import fiscal_year, import_book
from congress import page_cache

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_approved_book_is_seen_on_the_next_request(client, settings):
    settings.CONGRESS_PAGE_CACHE = True
    fy = fiscal_year(2026)
    import_book(fy, stage="approved")
    import_book(fy, book="fund", stage="draft", prefixes=("207",))
    url = reverse("public:budget-book", args=[2026])
    assert client.get(url, {"book": "fund"}).headers[page_cache.HEADER] == "miss"
    cached = client.get(url, {"book": "fund"})
    assert cached.headers[page_cache.HEADER] == "hit" and "这本预算尚未公开" in cached.content.decode()
    import_book(fy, book="fund", stage="approved", prefixes=("207",))
    page = client.get(url, {"book": "fund"})
    assert page.headers[page_cache.HEADER] == "miss" and "这本预算尚未公开" not in page.content.decode()
