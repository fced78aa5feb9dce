"""RSS feed of published supervision records (issue 15, item 2): closed work reports and
answered interpellations, read through the public list selectors (the fields the public list
pages show), newest first, linked to their public pages. Two queries whatever the number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.feeds import LIMIT, PublicFeed
from supervision import selectors


@dataclass(frozen=True)
class Record:
    guid: str
    title: str
    description: str
    link: str
    published_at: dt.datetime | None


def _records() -> list[Record]:
    rows = [
        Record(
            guid=f"supervision-report-{row.pk}",
            title=_("专项工作报告：%(title)s") % {"title": row.title},
            description=row.unit.name,
            link=reverse("public:supervision-report", args=[row.pk]),
            published_at=row.closed_at or row.submitted_at,
        )
        for row in selectors.reports_public_list()[:LIMIT]
    ]
    rows += [
        Record(
            guid=f"supervision-interpellation-{row.pk}",
            title=_("质询案：%(title)s") % {"title": row.title},
            description=f"{_('受质询机关')}：{row.unit.name} · {row.get_state_display()}",
            link=reverse("public:supervision-interpellation", args=[row.pk]),
            published_at=row.decided_at or row.created_at,
        )
        for row in selectors.interpellations_public_list()[:LIMIT]
    ]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda record: record.published_at or oldest, reverse=True)
    return rows[:LIMIT]


class SupervisionFeed(PublicFeed):
    title = gettext_lazy("监督工作")
    description = gettext_lazy("已公开的专项工作报告和质询案")

    def link(self):
        return reverse("public:supervision-index")

    def items(self):
        return _records()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at
