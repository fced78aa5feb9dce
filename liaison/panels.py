"""The portal home's liaison panel: opinions waiting for this reader (a station worker's, a
deputy's, a department's), newest first; constant queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from congress.portal import Panel, PanelItem
from liaison import permissions, selectors
from liaison.models import Opinion

LIMIT = 5
WAITING = (Opinion.State.RECEIVED, Opinion.State.HANDLING, Opinion.State.REOPENED)


def opinion_panel(user):
    from congress import roles

    if not (
        permissions.is_station_worker(user)
        or roles.has_role(user, roles.DEPUTY, roles.STAFF, roles.UNIT_OFFICER)
    ):
        return None
    rows = selectors.opinions_visible_to(user).filter(state__in=WAITING).order_by("-created_at", "-id")
    items = [
        PanelItem(
            title=f"{row.receipt} · {row.content[:30]}",
            url=reverse("portal:liaison-opinion", args=[row.pk]),
            meta=f"{row.get_state_display()} · {row.category.name}"
            + (f" · {_('期限')} {row.deadline:%Y-%m-%d}" if row.deadline else ""),
            tone="due" if row.state == Opinion.State.REOPENED else "",
        )
        for row in rows[:LIMIT]
    ]
    if not items and not permissions.is_station_worker(user):
        return None
    return Panel(
        title=_("社情民意"),
        items=items,
        more_url=reverse("portal:liaison-opinions"),
        empty_text=_("暂无待办的社情民意"),
        order=60,
    )
