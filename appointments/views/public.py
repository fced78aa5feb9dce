"""Public notices of appointments (任免公告): nominations, commitment publicity, vote results
and oaths. Anonymous; only what ``selectors.nomination_list_public`` lets through."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments import selectors


def appointment_list(request):
    # Queries: publicities running today (1), page count (1), the page of nominations with
    # nominating body, publicity, vote and oath joined (1).
    stage = request.GET.get("stage") or None
    if stage not in selectors.PUBLIC_STAGES:
        stage = None
    today = timezone.localdate()
    page = Paginator(selectors.nomination_list_public(stage=stage), 20).get_page(request.GET.get("page"))
    context = {
        "current_publicities": list(selectors.publicity_list_current(today=today)),
        "page": page,
        "rows": [(nomination, selectors.nomination_steps(nomination)) for nomination in page],
        "stage": stage,
        "stages": STAGE_TABS,
        "today": today,
    }
    return render(request, "appointments/public_list.html", context)


def appointment_detail(request, pk: int):
    nomination = selectors.nomination_get_public(pk=pk)
    return render(
        request,
        "appointments/public_detail.html",
        {
            "nomination": nomination,
            "steps": selectors.nomination_steps(nomination),
            "today": timezone.localdate(),
        },
    )


STAGE_TABS = [
    ("publicity", _("任前公示")),
    ("voted", _("表决结果")),
    ("sworn", _("宪法宣誓")),
]
