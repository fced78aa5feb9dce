"""Portal pages of deputies' activities (seed 十四): the list (a deputy signs up or cancels on
the phone; the waiting list shows one's place), an activity's page, the QR code staff show at
the venue and the page it opens, where a logged-in deputy checks in."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.exceptions import ApplicationError
from deputies import permissions
from deputies import selectors_activities as sel
from deputies import services_activities as services
from deputies.models_activities import Activity, ActivitySignup
from deputies.workflow_activities import SIGNUP


def _decorate(request, activities: list[Activity]) -> list[Activity]:
    """Attach the caller's sign-up and what they may do with it, with one query for the page."""
    own = sel.own_signups(request.user, [a.pk for a in activities])
    now = timezone.now()
    is_deputy = permissions.is_deputy(request.user)
    for activity in activities:
        signup = own.get(activity.pk)
        activity.own = signup
        live = signup is not None and signup.state in ActivitySignup.LIVE_STATES
        activity.may_sign_up = (
            is_deputy and activity.state == Activity.State.PUBLISHED and now < activity.starts_at and not live
        )
        limit = (
            services.cancel_cutoff(activity) if live and signup.state == "registered" else activity.starts_at
        )
        activity.cancel_until = limit if live else None
        activity.may_cancel = live and now < limit
        activity.full = (activity.registered_count or 0) >= activity.capacity
    return activities


@login_required
def activity_list(request):
    if not (permissions.can_manage_activities(request.user) or sel.deputy_for_user(request.user)):
        raise Http404
    activities = sel.activity_list_visible_to(request.user)
    now = timezone.now()
    upcoming = _decorate(
        request,
        list(
            activities.filter(state=Activity.State.PUBLISHED, starts_at__gte=now).order_by("starts_at", "id")[
                :50
            ]
        ),
    )
    past = _decorate(
        request, list(activities.exclude(pk__in=[a.pk for a in upcoming]).order_by("-starts_at", "-id")[:20])
    )
    return render(
        request,
        "deputies/activities/list.html",
        {"upcoming": upcoming, "past": past, "is_staff": permissions.can_manage_activities(request.user)},
    )


@login_required
def activity_detail(request, pk: int):
    activity = sel.activity_get_for_user(request.user, pk)
    [activity] = _decorate(request, [activity])
    is_staff = permissions.can_manage_activities(request.user)
    context = {
        "activity": activity,
        "is_staff": is_staff,
        "position": sel.waitlist_position(activity.own) if activity.own else None,
    }
    if is_staff:
        context["roll"] = list(sel.signup_list_for_activity(request.user, activity))
    return render(request, "deputies/activities/detail.html", context)


def _back(request, activity_id: int):
    target = request.POST.get("next") or ""
    if target == "list":
        return redirect("portal:activity-list")
    return redirect("portal:activity-detail", activity_id)


@login_required
@require_POST
def activity_sign_up(request, pk: int):
    activity = sel.activity_get_for_user(request.user, pk)
    try:
        signup = services.activity_sign_up(actor=request.user, activity=activity)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if signup.state == ActivitySignup.State.REGISTERED:
            messages.success(request, _("报名成功。"))
        else:
            messages.success(
                request,
                _("名额已满，您已进入候补名单（第 %(n)d 位），有代表取消时将按顺序递补并通知您。")
                % {"n": sel.waitlist_position(signup) or 1},
            )
    return _back(request, activity.pk)


@login_required
@require_POST
def activity_cancel(request, pk: int):
    activity = sel.activity_get_for_user(request.user, pk)
    signup = sel.own_signups(request.user, [activity.pk]).get(activity.pk)
    if signup is None or signup.state not in ActivitySignup.LIVE_STATES:
        raise Http404
    try:
        services.signup_cancel(actor=request.user, signup=signup)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消报名。"))
    return _back(request, activity.pk)


def _check_in_url(request, activity) -> str:
    return request.build_absolute_uri(
        reverse("portal:activity-check-in", args=[services.check_in_token(activity)])
    )


@login_required
def activity_qr(request, pk: int):
    """The page staff show at the venue (a tablet or a printed sheet): the activity's QR code."""
    if not permissions.can_manage_activities(request.user):
        raise Http404
    activity = sel.activity_get_for_user(request.user, pk)
    url = _check_in_url(request, activity)
    svg = segno.make(url, error="m").svg_inline(scale=6, title=_("扫码签到"), dark="#1f2328")
    return render(
        request, "deputies/activities/qr.html", {"activity": activity, "qr_url": url, "qr_svg": svg}
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_check_in(request, token: str):
    """Where the QR code leads: the deputy, logged in on the phone, confirms arrival."""
    activity_id = services.activity_id_from_token(token)
    if activity_id is None:
        raise Http404
    activity = sel.activity_get_for_user(request.user, activity_id)
    if request.method == "POST":
        try:
            services.signup_check_in(actor=request.user, activity=activity)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("签到成功，出席已记入您的履职档案。"))
        return redirect("portal:activity-check-in", token)
    signup = sel.own_signups(request.user, [activity.pk]).get(activity.pk)
    return render(
        request,
        "deputies/activities/check_in.html",
        {
            "activity": activity,
            "signup": signup,
            "may_check_in": signup is not None and SIGNUP.can(signup, "check_in"),
        },
    )
