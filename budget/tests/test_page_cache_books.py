"""The public page cache and the budget books (issue 16): a book's lines are a bulk insert (no
signal: the import bumps ``budget`` itself), so a cached public budget page shows an approved
book on the next request, and a draft stage leaves it as it was."""

from decimal import Decimal

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


def test_importing_a_stage_again_is_seen_on_the_next_request(client, settings, monkeypatch):
    """The stage row's save and the old lines' deletes are made quiet here (they send signals
    that bump ``budget`` too), so the page sees the new lines by the import's own bump."""
    settings.CONGRESS_PAGE_CACHE = True
    fy = fiscal_year(2026)
    import_book(fy, stage="approved")
    url = reverse("public:budget-book", args=[2026])
    assert "123.45" not in client.get(url).content.decode()
    cached = client.get(url)
    assert cached.headers[page_cache.HEADER] == "hit"
    quiet = page_cache.QUIET_MODELS | {"budget.bookstage", "budget.budgetline"}
    monkeypatch.setattr(page_cache, "QUIET_MODELS", quiet)
    import_book(fy, stage="approved", leaf=Decimal("123.45"))
    page = client.get(url)
    assert page.headers[page_cache.HEADER] == "miss" and "123.45" in page.content.decode()
