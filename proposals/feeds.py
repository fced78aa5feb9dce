"""RSS feed of newly published replies (issue 15, item 2): the confirmed replies of disclosed
proposals, as the proposal's public page shows them, linked to that page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.feeds import LIMIT, PublicFeed
from proposals import selectors


class RepliesFeed(PublicFeed):
    title = gettext_lazy("建议答复")
    description = gettext_lazy("承办单位对代表建议的答复（已公开的建议）")

    def link(self):
        return reverse("public:proposal-list")

    def items(self):
        return selectors.public_replies_recent(LIMIT)

    def item_title(self, item):
        proposal = item.assignment.proposal
        return _("%(unit)s答复：%(title)s") % {"unit": item.assignment.unit.name, "title": proposal.title}

    def item_description(self, item):
        return Truncator(item.content).chars(300)

    def item_link(self, item):
        return reverse("public:proposal-detail", args=[item.assignment.proposal_id])

    def item_guid(self, item):
        # Several replies share their proposal's page: the reply's own id keeps them apart.
        return f"proposal-reply-{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.reviewed_at or item.submitted_at
