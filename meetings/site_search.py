"""The published meetings in the site-wide search (``congress.site_search``): title and place
of the meetings the public list shows (``selectors.meeting_list_public``), latest first."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.site_search import Hit, matching, register_search
from meetings.selectors import meeting_list_public


def search_meetings(words):
    return meeting_list_public().filter(matching(words, ["title", "location"])).order_by("-starts_at", "-id")


def meeting_hit(meeting) -> Hit:
    return Hit(
        title=meeting.title,
        url=reverse("public:meeting-detail", args=[meeting.pk]),
        date=meeting.starts_at,
        meta=" · ".join(str(fact) for fact in [meeting.get_kind_display(), meeting.location] if fact),
    )


def register() -> None:
    register_search("meetings", _("会议"), search_meetings, 50, hit=meeting_hit)
