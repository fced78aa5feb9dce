"""The serving deputies in the site-wide search (``congress.site_search``): name, group and
street only (``selectors.deputy_search_public``). The directory's own search reads one phrase
in name and group only, so the rest of the hits are on the search page itself."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.site_search import Hit, register_search
from deputies.selectors import deputy_search_public


def deputy_hit(deputy) -> Hit:
    group = deputy.group
    facts = [group.name, group.organization.name] if group else []
    return Hit(
        title=deputy.name,
        url=reverse("public:deputy-profile", args=[deputy.pk]),
        meta=" · ".join(fact for fact in facts if fact),
    )


def register() -> None:
    register_search("deputies", _("代表"), deputy_search_public, 40, hit=deputy_hit)
