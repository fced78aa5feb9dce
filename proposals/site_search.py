"""The disclosed proposals and their replies in the site-wide search (``congress.site_search``):
``selectors.public_proposal_search`` (the n-gram index on PostgreSQL), so the search box finds
exactly what the replies page finds, and its "more" link is that page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.site_search import Hit, register_search
from proposals import selectors


def search_proposals(words):
    # The content comes along (``search_text``) for the snippet: the search selector leaves it out.
    return selectors.public_proposal_search(" ".join(words)).annotate(search_text=F("content"))


def proposal_hit(proposal) -> Hit:
    facts = [
        proposal.get_kind_display(),
        proposal.serial,
        proposal.category.name if proposal.category else "",
        proposal.lead_deputy.name,
        proposal.lead_unit_name,
    ]
    return Hit(
        title=proposal.title,
        url=reverse("public:proposal-detail", args=[proposal.pk]),
        date=proposal.closed_at,
        text=proposal.search_text,
        meta=" · ".join(str(fact) for fact in facts if fact),
    )


def more_url(query: str) -> str:
    return f"{reverse('public:proposal-list')}?{urlencode({'q': query})}"


def register() -> None:
    register_search(
        "proposals",
        _("建议答复"),
        search_proposals,
        30,
        hit=proposal_hit,
        more_url=more_url,
        public_reads=("proposals",),  # closed, not withheld proposals only
    )
