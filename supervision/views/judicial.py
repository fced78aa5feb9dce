"""Pages of court and procuratorate supervision (seed 十).

Portal: a deputy records the court hearings they attended (旁听庭审) and reads the replies;
the court's or procuratorate's officer reads the remarks passed to their unit and replies
(the same items are in their "监督事项" inbox by deadline); staff and members read them all.
Website: the special supervisors (特邀监督员) serving today. Views call selectors and services
only; a form with errors comes back with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress.exceptions import ApplicationError
from congress.views.steps import form_step
from supervision import permissions, selectors, selectors_judicial, services
from supervision.forms import error_to_form
from supervision.forms_judicial import HearingForm, HearingReplyForm
from supervision.workflow_judicial import HEARING, HEARING_OWED

PAGE_SIZE = 20


@login_required
def hearing_list(request):
    user = request.user
    rows = selectors_judicial.hearing_list_visible_to(user).order_by("-hearing_date", "-id")
    is_deputy = permissions.is_deputy(user)
    if not (is_deputy or permissions.sees_everything(user) or selectors.officer_unit_ids(user)):
        raise Http404
    return render(
        request,
        "supervision/portal/hearing_list.html",
        {"page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), "can_record": is_deputy},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_new(request):
    if not permissions.is_deputy(request.user):
        raise Http404
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.hearing_record(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已记录，意见建议已转交%(unit)s。") % {"unit": attendance.unit.name}
                if attendance.remarks
                else _("已记录旁听庭审。"),
            )
            return redirect("portal:supervision-hearing", attendance.pk)
    return render(
        request,
        "supervision/portal/hearing_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _hearing_page(request, attendance, *, reply_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    tone = selectors.deadline_tone(
        deadline=attendance.deadline,
        is_open=attendance.state in HEARING_OWED,
        today=today,
        horizon=selectors.due_horizon(today),
    )
    if reply_form is None and HEARING.can(attendance, "reply", user):
        reply_form = HearingReplyForm(obj=attendance)
    return render(
        request,
        "supervision/portal/hearing_detail.html",
        {
            "attendance": attendance,
            "tone": tone,
            "reply_form": reply_form,
            "is_unit": permissions.acts_for_unit(user, attendance),
            "events": list(attendance.events.all()),
        },
        status=status,
    )


@login_required
def hearing_detail(request, pk: int):
    return _hearing_page(request, selectors_judicial.hearing_with_record(request.user, pk))


@login_required
@require_POST
def hearing_reply(request, pk: int):
    attendance = selectors_judicial.hearing_with_record(request.user, pk)
    form = HearingReplyForm(request.POST, obj=attendance)
    return form_step(
        request,
        form,
        lambda data: services.hearing_reply(actor=request.user, attendance=attendance, **data),
        success=_("已答复代表。"),
        done=reverse("portal:supervision-hearing", args=[attendance.pk]),
        page=lambda: _hearing_page(request, attendance, reply_form=form, status=400),
    )


def special_supervisors(request):
    """Website: who serves as special supervisor of the court and the procuratorate today."""
    rows = list(selectors_judicial.special_supervisors_serving())
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.institution.name, []).append(row)
    return render(
        request,
        "supervision/public/special_supervisors.html",
        {"groups": groups.items(), "years": selectors.published_plan_years(), "tab": "supervisors"},
    )
