"""The composition and town-congress check for committee members and staff (read only), and
the portal home panel with the number of warnings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from appointments import permissions, selectors
from congress.portal import Panel, PanelItem

TONES = {selectors.OK: "ok", selectors.WARNING: "due", selectors.ERROR: "overdue"}


@login_required
def composition_dashboard(request):
    # Queries: session user and roles (2), then the dashboard (see selectors.dashboard_get).
    if not permissions.can_view_composition(request.user):
        raise PermissionDenied
    dashboard = selectors.dashboard_get()
    return render(
        request,
        "appointments/portal_dashboard.html",
        {"dashboard": dashboard, "can_manage": permissions.can_manage_composition(request.user)},
    )


def composition_panel(user) -> Panel | None:
    """Portal home: the warnings of the composition and town-congress checks, for committee
    members and staff. Constant queries (selectors.dashboard_counts)."""
    if not permissions.can_view_composition(user):
        return None
    count, problems = selectors.dashboard_counts()
    return Panel(
        title=_("组成结构与镇人代会预警"),
        items=[
            PanelItem(title=f.title, meta=f.message, tone=TONES[f.level], url=reverse("portal:composition"))
            for f in problems[:5]
        ],
        more_url=reverse("portal:composition"),
        empty_text=_("各项检查均符合规定"),
        count=count,
        order=40,
    )
