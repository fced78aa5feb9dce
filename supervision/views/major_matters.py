"""Portal pages of major-matter reports (重大事项报告, seed 九).

A unit's officer sees the items of the agreed yearly list their units are to report, registers
a matter before deciding it (against an item, or outside the list with a reason), supplements
a returned one and feeds back how the committee's opinion was taken up (the same matters are
in the unit's "监督事项" inbox by deadline). Staff and committee members read every matter
(staff act on them in the admin). Views call selectors and services only; a form with errors
comes back with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress import roles, units
from congress.exceptions import ApplicationError
from congress.views.steps import form_step
from supervision import permissions, selectors
from supervision import selectors_major_matters as sel
from supervision.forms import error_to_form
from supervision.forms_major_matters import FeedbackForm, MajorMatterForm, ResubmitForm
from supervision.models_major_matters import MajorMatter
from supervision.services import major_matters as services
from supervision.workflow_major_matters import MAJOR_MATTER, MAJOR_MATTER_OWED

PAGE_SIZE = 20


def _is_officer(user) -> bool:
    return roles.has_role(user, roles.UNIT_OFFICER) and bool(selectors.officer_unit_ids(user))


@login_required
def matter_list(request):
    user = request.user
    is_officer = _is_officer(user)
    if not (is_officer or permissions.sees_everything(user)):
        raise Http404
    rows = sel.matter_list_visible_to(user).order_by("-created_at", "-id")
    state = request.GET.get("state")
    if state in MajorMatter.State.values:
        rows = rows.filter(state=state)
    return render(
        request,
        "supervision/portal/major_matter_list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "to_report": list(sel.items_to_report(user)[:50]) if is_officer else [],
            "can_register": is_officer,
            "states": MajorMatter.State.choices,
            "state": state,
            "years": sel.public_list_years(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def matter_new(request):
    user = request.user
    if not _is_officer(user):
        raise Http404
    acting = units.acting_unit_list(user)
    items = sel.items_to_report(user)
    initial = {}
    item_id = request.GET.get("item")
    if item_id and item_id.isdecimal():
        item = get_object_or_404(items, pk=item_id)
        initial = {"list_item": item.pk, "unit": item.unit_id, "title": item.topic, "reporter": item.reporter}
    form = MajorMatterForm(request.POST or None, units=acting, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.major_matter_register(actor=user, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("已向常委会报告，常委会工作机构将及时研究。"))
            return redirect("portal:supervision-major-matter", matter.pk)
    return render(
        request,
        "supervision/portal/major_matter_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _matter_page(request, matter, *, bound: dict | None = None, status: int = 200):
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    tone = selectors.deadline_tone(
        deadline=matter.deadline,
        is_open=matter.state in MAJOR_MATTER_OWED,
        today=today,
        horizon=selectors.due_horizon(today),
    )
    resubmit_form = bound.get("resubmit")
    if resubmit_form is None and MAJOR_MATTER.can(matter, "resubmit", user):
        resubmit_form = ResubmitForm(obj=matter, initial={"content": matter.content})
    feedback_form = bound.get("feedback")
    if feedback_form is None and MAJOR_MATTER.can(matter, "feed_back", user):
        feedback_form = FeedbackForm(obj=matter)
    return render(
        request,
        "supervision/portal/major_matter_detail.html",
        {
            "matter": matter,
            "tone": tone,
            "is_unit": permissions.acts_for_unit(user, matter),
            "resubmit_form": resubmit_form,
            "feedback_form": feedback_form,
            "events": list(matter.events.all()),
        },
        status=status,
    )


@login_required
def matter_detail(request, pk: int):
    return _matter_page(request, sel.matter_with_record(request.user, pk))


def _step(request, pk: int, form_class, key: str, service, done: str):
    matter = sel.matter_with_record(request.user, pk)
    form = form_class(request.POST, obj=matter)
    return form_step(
        request,
        form,
        lambda data: service(actor=request.user, matter=matter, **data),
        success=done,
        done=reverse("portal:supervision-major-matter", args=[matter.pk]),
        page=lambda: _matter_page(request, matter, bound={key: form}, status=400),
    )


@login_required
@require_POST
def matter_resubmit(request, pk: int):
    return _step(request, pk, ResubmitForm, "resubmit", services.major_matter_resubmit, _("已补充报告。"))


@login_required
@require_POST
def matter_feedback(request, pk: int):
    return _step(
        request, pk, FeedbackForm, "feedback", services.major_matter_feed_back, _("已反馈审议意见采纳情况。")
    )
