"""Portal pages of law-enforcement inspections. Units: an issue's page (from the "监督事项"
inbox) to report the rectification, with every earlier round and its evaluation. Deputies:
the inspections with their groups, to sign up to one (or withdraw while groups are forming).
Members and staff read everything. The inspection report with its deliberation opinions and
issue list prints to PDF (``congress.pdf``). Views call selectors and services only; a form
with errors comes back with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.exceptions import ApplicationError
from congress.pdf import pdf_response
from congress.selectors import district_profile
from supervision import permissions, selectors
from supervision import selectors_inspections as sel
from supervision.forms import error_to_form
from supervision.forms_inspections import RectifyForm
from supervision.models import Inspection, InspectionIssue
from supervision.services import inspections as services
from supervision.workflow_inspections import INSPECTION, ISSUE

PAGE_SIZE = 20


# --- inspections ---------------------------------------------------------------------------------


@login_required
def inspection_list(request):
    """The inspections the user may see, newest first; deputies see where they may sign up."""
    rows = sel.inspections_for_portal(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = sel.my_memberships(request.user, [row.pk for row in page])
    for row in page:
        membership = mine.get(row.pk)
        row.my_group = membership.group if membership else None
    return render(
        request,
        "supervision/portal/inspection_list.html",
        {"page": page, "is_deputy": permissions.is_deputy(request.user)},
    )


@login_required
def inspection_detail(request, pk: int):
    user = request.user
    inspection = sel.inspection_with_record(user, pk)
    groups = list(inspection.groups.all())
    mine = next((m for g in groups for m in g.memberships.all() if m.user_id == user.pk), None)
    can_sign_up = INSPECTION.can(inspection, "sign_up", user)
    today = timezone.localdate()
    horizon = selectors.due_horizon(today)
    issues = [
        {
            "issue": issue,
            "tone": selectors.deadline_tone(
                deadline=issue.owed_deadline,
                is_open=issue.is_owed,
                today=today,
                horizon=horizon,
            ),
        }
        for issue in inspection.issues.all()
    ]
    return render(
        request,
        "supervision/portal/inspection_detail.html",
        {
            "inspection": inspection,
            "groups": [
                {
                    "group": group,
                    "members": list(group.memberships.all()),
                    "deputies": sum(1 for m in group.memberships.all() if m.source != m.Source.APPOINTED),
                }
                for group in groups
            ],
            "mine": mine,
            "can_sign_up": can_sign_up and mine is None,
            "can_withdraw": mine is not None
            and mine.source == mine.Source.SIGNED_UP
            and INSPECTION.can(inspection, "withdraw", user),
            "visits": list(inspection.visits.all()),
            "issues": issues,
            "amendments": list(inspection.amendments.all()),
            "consultations": list(selectors.consultations_of(inspection, user)),
            # The timeline is prefetched for those who see every issue (a unit sees its own
            # issues' timelines on their pages).
            "events": list(inspection.events.all()) if sel.sees_timeline(user) else [],
        },
    )


def _group_step(request, pk: int, call, success):
    group = sel.group_get_for_signup(pk)
    sel.inspection_get_for_user(request.user, group.inspection_id)  # the wall (404)
    try:
        call(group)
    except ApplicationError as exc:
        messages.error(request, str(next(iter(exc.extra.values()), [exc.message])[0]))
    else:
        messages.success(request, success)
    return redirect("portal:supervision-inspection", group.inspection_id)


@login_required
@require_POST
def group_sign_up(request, pk: int):
    return _group_step(
        request,
        pk,
        lambda group: services.group_sign_up(actor=request.user, group=group),
        _("已报名参加检查组，工作人员将通知检查安排。"),
    )


@login_required
@require_POST
def group_withdraw(request, pk: int):
    return _group_step(
        request,
        pk,
        lambda group: services.group_withdraw(actor=request.user, group=group),
        _("已取消报名。"),
    )


# --- an issue ------------------------------------------------------------------------------------


def _issue_page(request, issue: InspectionIssue, *, form=None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    tone = selectors.deadline_tone(
        deadline=issue.owed_deadline,
        is_open=issue.is_owed,
        today=today,
        horizon=selectors.due_horizon(today),
    )
    can_rectify = ISSUE.can(issue, "rectify", user)
    return render(
        request,
        "supervision/portal/inspection_issue.html",
        {
            "issue": issue,
            "inspection": issue.inspection,
            "tone": tone,
            "is_unit": permissions.acts_for_unit(user, issue),
            "rectifications": list(issue.rectifications.all()),
            "events": list(issue.events.all()),
            "form": form or (RectifyForm() if can_rectify else None),
        },
        status=status,
    )


@login_required
def issue_detail(request, pk: int):
    return _issue_page(request, sel.issue_with_record(request.user, pk))


@login_required
@require_POST
def issue_rectify(request, pk: int):
    issue = sel.issue_with_record(request.user, pk)
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            services.issue_rectify(actor=request.user, issue=issue, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("整改情况已报送，等待常委会工作人员评价。"))
            return redirect("portal:supervision-inspection-issue", issue.pk)
    return _issue_page(request, issue, form=form, status=400)


# --- the printed report --------------------------------------------------------------------------


def inspection_document(request, inspection: Inspection, *, public: bool):
    """The inspection report with its deliberation opinions and issue list (审议意见书), as PDF;
    404 before it is deliberated."""
    if not inspection.report:
        raise Http404
    return pdf_response(
        "supervision/pdf/inspection.html",
        {
            "inspection": inspection,
            "issues": list(inspection.issues.all()),
            "district": district_profile(),
            "public": public,
        },
        filename=_("执法检查报告-%(t)s") % {"t": inspection.title},
        request=request,
    )


@login_required
def portal_inspection_document(request, pk: int):
    return inspection_document(request, sel.inspection_with_record(request.user, pk), public=False)
