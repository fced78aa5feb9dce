"""The self-service portal for deputies, unit officers and reviewers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from congress.hooks import profiles_for
from congress.models import Notification
from congress.notifications import notification_mark_read
from congress.portal import panels_for
from congress.units import acting_unit


@login_required
def home(request):
    """What waits for this user, panel by panel (see congress.portal), and the apps' records
    of the user (congress.hooks: ``deputy`` for a deputy)."""
    context = {
        "panels": panels_for(request.user),
        "unit": acting_unit(request.user),
        **profiles_for(request.user),
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
