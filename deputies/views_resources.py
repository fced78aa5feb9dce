"""The resource database (代表资源信息库, seed 十四) in the portal, for committee staff: find
deputies by occupation, sector, specialty, skills and group (Chinese words of one or more
characters), and invite those picked to sign up to an activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.exceptions import ApplicationError
from deputies import permissions
from deputies import selectors_activities as activity_sel
from deputies.models import Deputy
from deputies.models_activities import Activity
from deputies.selectors import current_term, deputy_groups_of, deputy_resource_search, resource_words
from deputies.services_activities import activity_invite


def _open_activities(user):
    return (
        activity_sel.activity_list_visible_to(user)
        .filter(state=Activity.State.PUBLISHED, starts_at__gte=timezone.now())
        .order_by("starts_at")[:30]
    )


@login_required
def resources(request):
    if not permissions.can_search_deputy_resources(request.user):
        raise Http404
    term = current_term()
    q = (request.GET.get("q") or "").strip()[:100]
    try:
        group_id = int(request.GET.get("group") or 0) or None
    except ValueError:
        group_id = None
    sector = request.GET.get("sector") or ""
    found = deputy_resource_search(
        user=request.user, words=resource_words(q), term=term, group_id=group_id, sector=sector
    )
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "deputies/resources.html",
        {
            "q": q,
            "page": page,
            "groups": deputy_groups_of(term) if term else [],
            "group_id": group_id,
            "sector": sector,
            "sectors": Deputy.Sector.choices,
            "activities": list(_open_activities(request.user)),
        },
    )


@login_required
@require_POST
def resources_invite(request):
    if not permissions.can_search_deputy_resources(request.user):
        raise Http404
    try:
        activity = activity_sel.activity_get_for_user(request.user, int(request.POST.get("activity") or 0))
    except ValueError:
        raise Http404 from None
    ids = [int(pk) for pk in request.POST.getlist("deputy") if pk.isdecimal()]
    deputies = list(deputy_resource_search(user=request.user, words=[]).filter(pk__in=ids))
    if not deputies:
        messages.error(request, _("请先勾选代表。"))
    else:
        try:
            told = activity_invite(actor=request.user, activity=activity, deputies=deputies)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("已邀请 %(n)d 位代表报名“%(t)s”。") % {"n": told, "t": activity.title}
            )
    back = request.POST.get("back") or ""
    # Back to the same search, and only there (never an address from the form elsewhere).
    home = reverse("portal:deputy-resources")
    return redirect(back if back.startswith(home + "?") or back == home else home)
