"""RSS and Atom feeds of the public website (issue 15, item 2): news and bulletins here; the apps add
their own (proposals/feeds.py, supervision/feeds.py). Only what the public pages show, read
through the public selectors; links are absolute (the syndication framework adds the
request's host). ``PublicFeed`` keeps the shared parts: Chinese, at most ``LIMIT`` items."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from congress.selectors import news_list_public

LIMIT = 30


class PublicFeed(Feed):
    language = "zh-CN"

    def item_pubdate(self, item):
        return getattr(item, "published_at", None)


class NewsFeed(PublicFeed):
    title = _("新闻公告")
    description = _("人大要闻、通知公告、《代表快递》和《代表参议》")

    def link(self):
        return reverse("public:news-list")

    def items(self):
        return news_list_public()[:LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.get_kind_display()]
        if item.issue_number:
            parts.append(item.issue_number)
        text = " · ".join(str(part) for part in parts)
        return f"{text}\n{item.summary}" if item.summary else text

    def item_link(self, item):
        return reverse("public:news-detail", args=[item.pk])

    def item_categories(self, item):
        return [item.get_kind_display()]


class NewsAtomFeed(NewsFeed):
    """The same items as Atom 1.0, for readers that take Atom only."""

    feed_type = Atom1Feed
    subtitle = NewsFeed.description

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry.
        return getattr(item, "updated_at", None) or self.item_pubdate(item)
