"""Portal pages of supervision. Units: the "监督事项" inbox of what they owe by deadline
(coloured like the proposals inbox), a report's page to submit the report and the
rectification report, an interpellation's page to answer in writing. Members and deputies:
the plan open for comment; members: interpellations, filed with their signers. Views call
selectors and services only; a form with errors comes back with the input kept."""

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

from congress import roles
from congress.exceptions import ApplicationError
from congress.units import acting_unit
from congress.views.steps import form_step
from supervision import permissions, selectors, services
from supervision.forms import (
    InterpellationAnswerForm,
    InterpellationForm,
    PlanCommentForm,
    RectificationForm,
    ReportContentForm,
    UnsatisfiedForm,
    error_to_form,
)
from supervision.models import (
    HearingAttendance,
    InquiryCommitment,
    InspectionIssue,
    Interpellation,
    MajorMatter,
    NormativeDocument,
    WorkReport,
)
from supervision.workflow import INTERPELLATION, INTERPELLATION_OWED, PLAN, REPORT_OWED, WORK_REPORT
from supervision.workflow_filings import FILING_UNIT_OWED
from supervision.workflow_inquiries import COMMITMENT_OWED
from supervision.workflow_inspections import ISSUE_OWED
from supervision.workflow_judicial import HEARING_OWED
from supervision.workflow_major_matters import MAJOR_MATTER_OWED

PAGE_SIZE = 20
KIND_LABELS = {
    "report": _("专项工作报告"),
    "interpellation": _("质询案"),
    "hearing": _("旁听庭审意见"),
    "commitment": _("询问承诺事项"),
    "major_matter": _("重大事项报告"),
    "inspection_issue": _("执法检查问题"),
    "filing": _("规范性文件备案"),
}
# Each kind's page in the portal (the inbox and the home panel link there).
URL_NAMES = {
    "report": "portal:supervision-report",
    "interpellation": "portal:supervision-interpellation",
    "hearing": "portal:supervision-hearing",
    "commitment": "portal:supervision-commitment",
    "major_matter": "portal:supervision-major-matter",
    "inspection_issue": "portal:supervision-inspection-issue",
    "filing": "portal:supervision-filing",
}
# What each kind owes, by state.
OWED = {
    "report": REPORT_OWED,
    "interpellation": INTERPELLATION_OWED,
    "hearing": HEARING_OWED,
    "commitment": COMMITMENT_OWED,
    "major_matter": MAJOR_MATTER_OWED,
    "inspection_issue": ISSUE_OWED,
    "filing": FILING_UNIT_OWED,
}


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _owes(row_kind: str, state: str) -> bool:
    return state in OWED[row_kind]


# --- the unit's inbox ----------------------------------------------------------------------------


@login_required
def inbox(request):
    """What the officer's units owe, by deadline; "all" adds what is done."""
    user = request.user
    unit = acting_unit(user)
    if unit is None or not roles.has_role(user, roles.UNIT_OFFICER):
        raise Http404
    show = request.GET.get("show") if request.GET.get("show") in ("open", "all") else "open"
    page = _page(request, selectors.CompiledRows(selectors.unit_inbox(user, open_only=show == "open")))
    today = timezone.localdate()
    horizon = selectors.due_horizon(today)
    states = {
        "report": WorkReport.State,
        "interpellation": Interpellation.State,
        "hearing": HearingAttendance.State,
        "commitment": InquiryCommitment.State,
        "major_matter": MajorMatter.State,
        "inspection_issue": InspectionIssue.State,
        "filing": NormativeDocument.State,
    }
    rows = []
    for row in page:
        is_open = _owes(row["kind"], row["state"])
        rows.append(
            {
                **row,
                "kind_label": str(KIND_LABELS[row["kind"]]),
                "url": reverse(URL_NAMES[row["kind"]], args=[row["pk"]]),
                "state_label": states[row["kind"]](row["state"]).label,
                "tone": selectors.deadline_tone(
                    deadline=row["owed_by"], is_open=is_open, today=today, horizon=horizon
                ),
                "is_open": is_open,
            }
        )
    return render(
        request,
        "supervision/portal/inbox.html",
        {"page": page, "rows": rows, "show": show, "unit": unit, "today": today, "horizon": horizon},
    )


# --- a work report -------------------------------------------------------------------------------


def _report_page(request, report: WorkReport, *, bound: dict | None = None, status: int = 200):
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    is_open = report.state in REPORT_OWED
    tone = selectors.deadline_tone(
        deadline=report.deadline, is_open=is_open, today=today, horizon=selectors.due_horizon(today)
    )
    forms = {
        "submit_form": bound.get("submit")
        or (ReportContentForm() if WORK_REPORT.can(report, "submit", user) else None),
        "rectification_form": bound.get("rectification")
        or (RectificationForm() if WORK_REPORT.can(report, "report_rectification", user) else None),
    }
    rectifications = list(report.rectifications.all())
    return render(
        request,
        "supervision/portal/report_detail.html",
        {
            "report": report,
            "tone": tone,
            "is_unit": permissions.acts_for_unit(user, report),
            "rectifications": rectifications,
            "report_files": selectors.report_files(report, rectifications),
            "votes": list(report.votes.all()),
            "follow_ups": list(report.follow_ups.all()),
            "events": list(report.events.all()),
            **forms,
        },
        status=status,
    )


@login_required
def report_detail(request, pk: int):
    return _report_page(request, selectors.report_with_record(request.user, pk))


def _report_step(request, pk: int, *, name: str, form_class, call, success: str):
    report = selectors.report_with_record(request.user, pk)
    form = form_class(request.POST, request.FILES)
    return form_step(
        request,
        form,
        lambda data: call(report, data),
        success=success,
        done=reverse("portal:supervision-report", args=[report.pk]),
        page=lambda: _report_page(request, report, bound={name: form}, status=400),
    )


@login_required
@require_POST
def report_submit(request, pk: int):
    return _report_step(
        request,
        pk,
        name="submit",
        form_class=ReportContentForm,
        call=lambda r, data: services.report_submit(actor=request.user, report=r, **data),
        success=_("报告已报送，等待常委会审议。"),
    )


@login_required
@require_POST
def report_rectification(request, pk: int):
    return _report_step(
        request,
        pk,
        name="rectification",
        form_class=RectificationForm,
        call=lambda r, data: services.report_submit_rectification(actor=request.user, report=r, **data),
        success=_("整改情况已报告，等待常委会满意度测评。"),
    )


# --- interpellations -----------------------------------------------------------------------------


@login_required
def interpellation_list(request):
    """Interpellations the user may see: a member all of them (and may file one), a signer
    theirs, a unit those passed on to it."""
    user = request.user
    rows = selectors.interpellation_list_visible_to(user).order_by("-created_at", "-id")
    can_file = permissions.can_file_interpellation(user)
    if not can_file and not rows.exists():
        raise Http404
    return render(
        request,
        "supervision/portal/interpellation_list.html",
        {"page": _page(request, rows), "can_file": can_file},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpellation_new(request):
    """A member files an interpellation with its joint signers (at least the rule's number)."""
    if not permissions.can_file_interpellation(request.user):
        raise Http404
    form = InterpellationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interpellation = services.interpellation_file(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("质询案已提出，等待主任会议决定。"))
            return redirect("portal:supervision-interpellation", interpellation.pk)
    return render(
        request,
        "supervision/portal/interpellation_form.html",
        {"form": form, "min_signers": services.min_signers(Interpellation.Occasion.STANDING)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _interpellation_page(request, interpellation, *, bound: dict | None = None, status: int = 200):
    user = request.user
    bound = bound or {}
    is_unit = permissions.acts_for_unit(user, interpellation)
    today = timezone.localdate()
    tone = selectors.deadline_tone(
        deadline=interpellation.deadline,
        is_open=interpellation.state in INTERPELLATION_OWED,
        today=today,
        horizon=selectors.due_horizon(today),
    )
    return render(
        request,
        "supervision/portal/interpellation_detail.html",
        {
            "interpellation": interpellation,
            "tone": tone,
            "is_unit": is_unit,
            "signers": list(interpellation.signers.all()),
            "answers": list(interpellation.answers.all()),
            "events": list(interpellation.events.all()),
            "answer_form": bound.get("answer")
            or (
                InterpellationAnswerForm(initial={"answerer": interpellation.unit.head_name})
                if is_unit and INTERPELLATION.can(interpellation, "answer", user)
                else None
            ),
            "unsatisfied_form": bound.get("unsatisfied")
            or (
                UnsatisfiedForm() if INTERPELLATION.can(interpellation, "declare_unsatisfied", user) else None
            ),
        },
        status=status,
    )


@login_required
def interpellation_detail(request, pk: int):
    return _interpellation_page(request, selectors.interpellation_with_record(request.user, pk))


def _interpellation_step(request, pk: int, *, name: str, form_class, call, success: str):
    interpellation = selectors.interpellation_with_record(request.user, pk)
    form = form_class(request.POST)
    return form_step(
        request,
        form,
        lambda data: call(interpellation, data),
        success=success,
        done=reverse("portal:supervision-interpellation", args=[interpellation.pk]),
        page=lambda: _interpellation_page(request, interpellation, bound={name: form}, status=400),
    )


@login_required
@require_POST
def interpellation_answer(request, pk: int):
    return _interpellation_step(
        request,
        pk,
        name="answer",
        form_class=InterpellationAnswerForm,
        call=lambda i, data: services.interpellation_answer(actor=request.user, interpellation=i, **data),
        success=_("书面答复已提交。"),
    )


@login_required
@require_POST
def interpellation_unsatisfied(request, pk: int):
    return _interpellation_step(
        request,
        pk,
        name="unsatisfied",
        form_class=UnsatisfiedForm,
        call=lambda i, data: services.interpellation_declare_unsatisfied(
            actor=request.user, interpellation=i, **data
        ),
        success=_("已要求受质询机关再次答复。"),
    )


# --- the plan ------------------------------------------------------------------------------------


@login_required
def plan_list(request):
    plans = list(selectors.plan_list_visible_to(request.user))
    if not plans and not permissions.can_comment_plan(request.user):
        raise Http404
    return render(request, "supervision/portal/plan_list.html", {"plans": plans})


def _plan_page(request, plan, *, form=None, status: int = 200):
    user = request.user
    can_comment = PLAN.can(plan, "comment", user)
    return render(
        request,
        "supervision/portal/plan_detail.html",
        {
            "plan": plan,
            "items": list(plan.items.all()),
            "comments": list(plan.comments.all()),
            "form": form or (PlanCommentForm(plan=plan) if can_comment else None),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk: int):
    return _plan_page(request, selectors.plan_with_items(request.user, pk))


@login_required
@require_POST
def plan_comment(request, pk: int):
    plan = selectors.plan_with_items(request.user, pk)
    form = PlanCommentForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_comment(actor=request.user, plan=plan, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("意见建议已提交，谢谢。"))
            return redirect("portal:supervision-plan", plan.pk)
    return _plan_page(request, plan, form=form, status=400)
