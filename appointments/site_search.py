"""The public nominations in the site-wide search (``congress.site_search``): those the public
list shows (``selectors.nomination_list_public``: from the commitment publicity on), by the
nominee's name, the post, the current post (public from the publicity on) and the nominating
body; newest first."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from appointments.selectors import nomination_list_public
from congress.site_search import Hit, matching, register_search


def search_nominations(words):
    fields = ["person_name", "proposed_post", "current_post", "nominating_body__name"]
    return (
        nomination_list_public()
        .select_related(None)
        .select_related("nominating_body")
        .filter(matching(words, fields))
    )


def nomination_hit(nomination) -> Hit:
    facts = [nomination.get_kind_display(), nomination.get_status_display(), nomination.nominating_body.name]
    return Hit(
        title=f"{nomination.person_name}：{nomination.proposed_post}",
        url=reverse("public:appointment-detail", args=[nomination.pk]),
        date=nomination.nominated_on,
        text=nomination.current_post,
        meta=" · ".join(str(fact) for fact in facts if fact),
    )


def register() -> None:
    register_search("appointments", _("任免"), search_nominations, 60, hit=nomination_hit)
