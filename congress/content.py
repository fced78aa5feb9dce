"""Services for the public website's content."""

from django.utils import timezone

from congress.models import NewsItem


def news_publish(*, item: NewsItem, actor) -> NewsItem:
    """Publish a news item or bulletin; keeps its publication time if it already had one."""
    item.is_published = True
    item.published_at = item.published_at or timezone.now()
    item._change_reason = "发布"
    item.save(update_fields=["is_published", "published_at", "updated_at"])
    return item
