"""The core's own sources for the site-wide search (``congress.site_search``): published news
and notices, and the bulletins (《代表快递》《代表参议》), through ``news_list_public``."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.models import NewsItem
from congress.selectors import news_list_public
from congress.site_search import Hit, matching, register_search

NEWS_KINDS = [NewsItem.Kind.NEWS, NewsItem.Kind.NOTICE]
BULLETIN_KINDS = [NewsItem.Kind.DEPUTY_EXPRESS, NewsItem.Kind.DEPUTY_COUNSEL]


def _search(kinds):
    def search(words):
        # The body comes along (as ``search_text``) for the snippet: the list selector leaves it out.
        return (
            news_list_public()
            .filter(kind__in=kinds)
            .filter(matching(words, ["title", "summary", "body", "issue_number"]))
            .annotate(search_text=F("body"))
        )

    return search


search_news = _search(NEWS_KINDS)
search_bulletins = _search(BULLETIN_KINDS)


def news_hit(item: NewsItem) -> Hit:
    meta = item.get_kind_display() + (f" · {item.issue_number}" if item.issue_number else "")
    return Hit(
        title=item.title,
        url=reverse("public:news-detail", args=[item.pk]),
        date=item.published_at,
        text=item.search_text,
        meta=meta,
    )


def register() -> None:
    register_search("news", _("新闻公告"), search_news, 10, hit=news_hit)
    register_search("bulletins", _("代表快递与代表参议"), search_bulletins, 20, hit=news_hit)
