"""The self-service portal for deputies, unit officers and reviewers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.exceptions import ApplicationError
from congress.models import ApiToken, Notification
from congress.notifications import notification_mark_read
from congress.portal import home_for
from congress.selectors import api_token_get_for_user, api_token_list_for_user
from congress.services import api_token_revoke
from congress.units import acting_unit


@login_required
def home(request):
    """What waits for this user, panel by panel (see congress.portal), and the apps' records
    of the user (congress.hooks: ``deputy`` for a deputy)."""
    panels, profiles = home_for(request.user)
    context = {
        "panels": panels,
        "unit": acting_unit(request.user),
        **profiles,
        "unread": Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:5],
    }
    return render(request, "portal/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        notification_mark_read(user=request.user)
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notifications.html", {"page": page})


@login_required
def tokens(request):
    """我的令牌: the user's API tokens (first digits, issued when and from where, expiry, last
    use, state), each in force with a button to revoke it. The key itself is never shown again:
    only its digest is kept."""
    page = Paginator(api_token_list_for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "portal/tokens.html", {"page": page})


@login_required
@require_POST
def token_revoke(request, pk):
    token = api_token_get_for_user(user=request.user, pk=pk)
    try:
        api_token_revoke(token=token, actor=request.user, reason=ApiToken.RevokeReason.OWNER)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("令牌已吊销：%(prefix)s…") % {"prefix": token.prefix})
    return redirect("portal:tokens")
