"""The active liaison stations in the site-wide search (``congress.site_search``): name,
address and street, from the public list's selector (``selectors.stations_public``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.site_search import Hit, matching, register_search
from liaison.selectors import stations_public


def search_stations(words):
    # The public list's selector, without its deputies (a search result does not show them).
    return (
        stations_public().prefetch_related(None).filter(matching(words, ["name", "address", "street__name"]))
    )


def station_hit(station) -> Hit:
    facts = [station.get_kind_display(), station.street.name if station.street else "", station.opening_hours]
    return Hit(
        title=station.name,
        url=reverse("public:liaison-station", args=[station.pk]),
        text=station.address,
        meta=" · ".join(str(fact) for fact in facts if fact),
    )


def register() -> None:
    register_search("liaison", _("联络站"), search_stations, 90, hit=station_hit)
