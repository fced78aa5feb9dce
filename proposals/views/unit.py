"""The handling unit's pages (unit officer, own unit only): the inbox by deadline with
colours for due and overdue, and one assignment with sign-for-receipt (the four fixed, then
editable), the contact log, the assisting opinion, the reply (beside the assisting units'
opinions), B/C follow-up reports and the return and extension requests. Another unit's assignment is a 404 (``assignment_get_for_user``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.audit import log_personal_data_read
from congress.exceptions import ApplicationError
from congress.privacy import mask_phone
from congress.units import acting_unit
from proposals import permissions, selectors, services
from proposals import selectors_pages as pages
from proposals.models import Assignment, ExtensionRequest, Reply, ReturnRequest
from proposals.views._common import choice_param, paginate
from proposals.views.forms import (
    ContactForm,
    ExtensionRequestForm,
    FixedForm,
    FollowUpForm,
    OpinionForm,
    ReceiveForm,
    ReplyForm,
    ReturnRequestForm,
    error_to_form,
)
from proposals.workflow import ASSIGNMENT, PROPOSAL


def deadline_tone(assignment: Assignment, today, horizon) -> str:
    """ "overdue" past the deadline, "due" within the largest reminder milestone (open ones),
    "ok" when the unit's part is done; none once it is no longer the unit's (withdrawn) or
    closed with its proposal (nothing is owed: its deadline no longer counts)."""
    if assignment.state in Assignment.OPEN_STATES:
        if assignment.deadline < today:
            return "overdue"
        if assignment.deadline <= horizon:
            return "due"
        return ""
    return "ok" if assignment.state == Assignment.State.DONE else ""


@login_required
def assignment_list(request):
    """The unit inbox: open items first by deadline; "all" adds the finished ones."""
    unit = acting_unit(request.user)
    if unit is None:
        raise Http404
    show = choice_param(request, "show", ("open", "all")) or "open"
    page = paginate(request, selectors.assignment_list_for_user(request.user, open_only=show == "open"))
    today = timezone.localdate()
    horizon = pages.due_horizon(today)
    for assignment in page:
        assignment.tone = deadline_tone(assignment, today, horizon)
    return render(
        request,
        "proposals/assignment_list.html",
        {"page": page, "show": show, "unit": unit, "today": today, "horizon": horizon},
    )


def _can_request_return(user, assignment, requests, window_end, today) -> bool:
    return (
        ASSIGNMENT.can(assignment, "request_return", user)
        and today <= window_end
        and not any(r.state == ReturnRequest.State.PENDING for r in requests)
    )


def render_assignment(
    request,
    assignment: Assignment,
    *,
    bound: dict | None = None,
    status: int = 200,
    revealed_phone: str = "",
):
    """The assignment page with the forms this officer may use now; ``bound`` carries a form
    with errors (and the input kept) under its name; ``revealed_phone`` the lead deputy's
    mobile once the officer asked to see it (logged)."""
    user = request.user
    bound = bound or {}
    proposal = assignment.proposal
    can_handle = permissions.can_handle_assignment(user, assignment)
    today = timezone.localdate()
    return_requests = list(assignment.return_requests.all())
    extension_requests = list(assignment.extension_requests.all())
    window_end = pages.return_window_end(assignment)
    replies = list(assignment.replies.all())
    show = {
        "receive": ASSIGNMENT.can(assignment, "receive", user),
        "fixed": ASSIGNMENT.can(assignment, "update_fixed", user),
        "contact": ASSIGNMENT.can(assignment, "contact", user),
        "opinion": permissions.can_send_opinion(user, assignment),
        "reply": permissions.can_reply(user, assignment) and PROPOSAL.can(proposal, "reply_submit"),
        "follow_up": assignment.follow_up_open
        and ASSIGNMENT.can(assignment, "follow_up", user)
        and PROPOSAL.can(proposal, "follow_up"),
        "return": _can_request_return(user, assignment, return_requests, window_end, today),
        "extension": ASSIGNMENT.can(assignment, "request_extension", user)
        and not any(r.state == ExtensionRequest.State.PENDING for r in extension_requests),
    }
    initial_receive = {
        "responsible_person": assignment.responsible_person,
        "responsible_leader": assignment.responsible_leader,
        "responsible_phone": assignment.responsible_phone,
        "measures": assignment.measures,
    }
    forms = {
        "receive": lambda: ReceiveForm(initial=initial_receive),
        "fixed": lambda: FixedForm(initial=initial_receive),
        "contact": lambda: ContactForm(initial={"date": today}),
        "opinion": OpinionForm,
        "reply": lambda: ReplyForm(class_choices=services.reply_class_choices()),
        "follow_up": FollowUpForm,
        "return": ReturnRequestForm,
        "extension": ExtensionRequestForm,
    }
    context_forms = {
        f"{name}_form": bound.get(name) or (factory() if show[name] else None)
        for name, factory in forms.items()
    }
    horizon = pages.due_horizon(today)
    siblings = [a for a in proposal.all_assignments if a.pk != assignment.pk]
    context = {
        "assignment": assignment,
        "proposal": proposal,
        "can_handle": can_handle,
        **_deputy_contact(proposal.lead_deputy, revealed_phone),
        "tone": deadline_tone(assignment, today, horizon),
        "replies": replies,
        "sent_back": [r for r in replies if r.state == Reply.State.SENT_BACK],
        "contacts": list(assignment.contacts.all()),
        "siblings": siblings,
        # What the lead unit has from the assisting and joint units when it writes its reply.
        "opinions": [
            a for a in siblings if a.role != Assignment.Role.LEAD and a.state != Assignment.State.WITHDRAWN
        ],
        # Signed before the handling officer and the leader were required: name them first.
        "fixed_missing": show["fixed"]
        and not (assignment.responsible_person and assignment.responsible_leader),
        "return_requests": return_requests,
        "extension_requests": extension_requests,
        "window_end": window_end,
        "is_reviewer": permissions.is_reply_reviewer(user),
        **context_forms,
    }
    return render(request, "proposals/assignment_detail.html", context, status=status)


def _deputy_contact(deputy, revealed_phone: str = "") -> dict:
    """What the handling unit sees of the lead deputy's contact (PIPL): the contact the deputy
    chose for handling units, else the mobile masked until the officer reveals it."""
    return {
        "deputy_contact": deputy.handling_contact,
        "deputy_phone_masked": "" if deputy.handling_contact else mask_phone(deputy.phone),
        "deputy_phone": revealed_phone,
    }


@login_required
@require_POST
def deputy_phone_reveal(request, pk: int):
    """显示: the lead deputy's full mobile for the officer of a unit handling the proposal,
    each time recorded in the audit log. 404 outside the unit's wall and for whoever does not
    handle the assignment; nothing to reveal when the deputy chose a handling contact."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    if not permissions.can_handle_assignment(request.user, assignment):
        raise Http404
    deputy = assignment.proposal.lead_deputy
    phone = "" if deputy.handling_contact else deputy.phone
    if phone:
        log_personal_data_read(
            request=request, obj=deputy, fields=["phone"], purpose=f"proposals.assignment {assignment.pk}"
        )
    if request.htmx:
        return render(
            request,
            "proposals/partials/deputy_contact.html",
            {"assignment": assignment, "can_handle": True, **_deputy_contact(deputy, phone)},
        )
    return render_assignment(request, assignment, revealed_phone=phone)


@login_required
def assignment_detail(request, pk: int):
    return render_assignment(request, selectors.assignment_get_for_user(request.user, pk))


def _handle(request, pk: int, *, name: str, form_class, call, success: str, form_kwargs=None):
    """Parse ``form_class``, call the service, and either redirect with ``success`` or show the
    assignment page again with the form's errors and the input kept."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    form = form_class(request.POST, request.FILES, **(form_kwargs or {}))
    if form.is_valid():
        try:
            call(assignment, form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect("portal:assignment-detail", assignment.pk)
    return render_assignment(request, assignment, bound={name: form}, status=400)


@login_required
@require_POST
def assignment_receive(request, pk: int):
    return _handle(
        request,
        pk,
        name="receive",
        form_class=ReceiveForm,
        call=lambda a, data: services.assignment_receive(actor=request.user, assignment=a, **data),
        success=_("已签收，请按期办理答复。"),
    )


@login_required
@require_POST
def assignment_update_fixed(request, pk: int):
    return _handle(
        request,
        pk,
        name="fixed",
        form_class=FixedForm,
        call=lambda a, data: services.assignment_update_fixed(actor=request.user, assignment=a, **data),
        success=_("四定信息已更新。"),
    )


@login_required
@require_POST
def contact_add(request, pk: int):
    """A contact with the deputy; with htmx the contact section alone comes back (the new row
    appended and an empty form, or the form with its errors and input)."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    form = ContactForm(request.POST)
    added = False
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            added = True
    if not request.htmx:
        if added:
            messages.success(request, _("联系记录已保存。"))
            return redirect("portal:assignment-detail", assignment.pk)
        return render_assignment(request, assignment, bound={"contact": form}, status=400)
    if added:
        form = ContactForm(initial={"date": timezone.localdate()})
    return render(
        request,
        "proposals/partials/contact_section.html",
        {
            "assignment": assignment,
            "contacts": list(pages.contacts_of(assignment)),
            "contact_form": form,
            "added": added,
        },
        status=200 if added or form.is_valid() else 400,
    )


@login_required
@require_POST
def assignment_opinion(request, pk: int):
    return _handle(
        request,
        pk,
        name="opinion",
        form_class=OpinionForm,
        call=lambda a, data: services.assignment_send_opinion(actor=request.user, assignment=a, **data),
        success=_("协办意见已提交主办单位。"),
    )


@login_required
@require_POST
def reply_submit(request, pk: int):
    return _handle(
        request,
        pk,
        name="reply",
        form_class=ReplyForm,
        form_kwargs={"class_choices": services.reply_class_choices()},
        call=lambda a, data: services.reply_submit(
            actor=request.user,
            assignment=a,
            reply_class=data["reply_class"],
            content=data["content"],
            attachments=data["attachments"],
        ),
        success=_("答复已提交，等待区政府办公室审核确认。"),
    )


@login_required
@require_POST
def reply_follow_up(request, pk: int):
    return _handle(
        request,
        pk,
        name="follow_up",
        form_class=FollowUpForm,
        call=lambda a, data: services.reply_follow_up(actor=request.user, assignment=a, **data),
        success=_("跟踪办理情况已报送代表。"),
    )


@login_required
@require_POST
def request_return(request, pk: int):
    return _handle(
        request,
        pk,
        name="return",
        form_class=ReturnRequestForm,
        call=lambda a, data: services.assignment_request_return(actor=request.user, assignment=a, **data),
        success=_("退回申请已提交，等待常委会工作人员审批。"),
    )


@login_required
@require_POST
def request_extension(request, pk: int):
    return _handle(
        request,
        pk,
        name="extension",
        form_class=ExtensionRequestForm,
        call=lambda a, data: services.assignment_request_extension(actor=request.user, assignment=a, **data),
        success=_("延期申请已提交，等待常委会工作人员审批。"),
    )
