"""The government office reviewer's pages: the queue of replies waiting for review, and one
reply beside its proposal and contact log, confirmed or sent back with comments. Also the
per-unit yearly statistics for committee staff and members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress import roles
from congress.exceptions import ApplicationError
from proposals import permissions, selectors, services
from proposals.views._common import int_param, paginate
from proposals.views.forms import ReviewForm, error_to_form


@login_required
def review_list(request):
    """Replies waiting for this reviewer, oldest first."""
    if not roles.has_role(request.user, roles.REVIEWER):
        raise Http404
    page = paginate(request, selectors.review_queue_for_user(request.user))
    return render(
        request,
        "proposals/review_list.html",
        {"page": page, "is_reply_reviewer": permissions.is_reply_reviewer(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_review(request, pk: int):
    """One reply with the proposal, the unit's contacts and earlier replies; confirm or send
    back (comments required to send back). The comments typed stay when something is wrong."""
    reply = selectors.reply_get_for_review(request.user, pk)
    assignment = selectors.assignment_get_for_user(request.user, reply.assignment_id)
    reply = next((r for r in assignment.replies.all() if r.pk == reply.pk), reply)
    form = ReviewForm(request.POST) if request.method == "POST" else ReviewForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
            try:
                if decision == "confirm":
                    services.reply_confirm(actor=request.user, reply=reply, comments=comments)
                else:
                    services.reply_send_back(actor=request.user, reply=reply, comments=comments)
            except ApplicationError as exc:
                error_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("已审核确认，答复已送达代表。") if decision == "confirm" else _("已退回承办单位修改。"),
                )
                return redirect("portal:review-list")
        status = 400
    return render(
        request,
        "proposals/reply_review.html",
        {
            "reply": reply,
            "assignment": assignment,
            "proposal": assignment.proposal,
            "contacts": list(assignment.contacts.all()),
            "earlier": [r for r in assignment.replies.all() if r.pk != reply.pk],
            "siblings": [a for a in assignment.proposal.all_assignments if a.pk != assignment.pk],
            "can_review": reply.state == reply.State.REVIEW
            and permissions.can_review_reply(request.user, assignment),
            "form": form,
        },
        status=status,
    )


@login_required
def statistics(request):
    """Per-unit yearly statistics (received, on time, reply classes, satisfaction, re-handled,
    overdue) with a bar chart, for committee staff and members."""
    if not roles.has_role(request.user, roles.STAFF, roles.MEMBER, roles.SYSADMIN):
        raise Http404
    years = selectors.statistics_years()
    year = int_param(request, "year") or (years[0] if years else timezone.localdate().year)
    rows = selectors.unit_statistics(year)
    classes = [c["code"] for c in services.reply_class_choices()]
    for row in rows:
        row["class_list"] = [(code, row["classes"][code], row["class_shares"][code]) for code in classes]
    chart = {
        "units": [row["unit"] for row in rows],
        "series": [
            {"name": str(_("交办件数")), "data": [row["received"] for row in rows]},
            {"name": str(_("按期答复")), "data": [row["on_time"] for row in rows]},
            {"name": str(_("测评满意")), "data": [row["satisfied"] for row in rows]},
            {"name": str(_("逾期未答复")), "data": [row["overdue"] for row in rows]},
        ],
    }
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("received", "lead", "replied", "on_time", "rated", "satisfied", "rehandled", "overdue")
    }
    return render(
        request,
        "proposals/statistics.html",
        {"year": year, "years": years, "rows": rows, "classes": classes, "chart": chart, "totals": totals},
    )
