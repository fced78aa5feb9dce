"""The deputy's pages: my proposals (own and co-signed), the draft form with the co-signer
picker and attachments, submission, co-sign invitations, the proposal page with its timeline,
replies and the rating form. The proposal page is also the page units, reviewers and staff
open from their notices: what each sees is decided by the selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress.exceptions import ApplicationError
from congress.units import acting_unit
from deputies.selectors import deputy_for_user
from proposals import permissions, selectors, services
from proposals import selectors_pages as pages
from proposals.models import ContactLog, CoSigner, Proposal
from proposals.views._common import choice_param, paginate, text_param
from proposals.views.forms import ProposalForm, RateForm, error_to_form


@login_required
def proposal_list(request):
    """My proposals: a deputy's own and co-signed ones (a unit's, the reviewer's or, for staff,
    all), newest first, filtered by state, kind and words; open co-sign invitations and replies
    waiting for my rating on top."""
    user = request.user
    state = choice_param(request, "state", Proposal.State.values)
    kind = choice_param(request, "kind", Proposal.Kind.values)
    search = text_param(request)
    rows = selectors.proposal_rows_visible_to(user, state=state, search=search, kind=kind)
    page = paginate(
        request, rows, count=selectors.proposal_list_count(user, rows, filters=(state, kind, search))
    )
    deputy = deputy_for_user(user)
    context = {
        "page": page,
        "state": state,
        "kind": kind,
        "search": search,
        "states": Proposal.State.choices,
        "kinds": Proposal.Kind.choices,
        "my_deputy_id": deputy.pk if deputy else None,
    }
    if request.htmx:
        return render(request, "proposals/partials/proposal_rows.html", context)
    context.update(
        {
            "invitations": list(selectors.cosign_invitations_for_user(user)) if deputy else [],
            "awaiting_rating": list(selectors.proposals_awaiting_rating(user)[:10]) if deputy else [],
            "can_create": deputy is not None,
        }
    )
    return render(request, "proposals/proposal_list.html", context)


def _own_deputy(request):
    if deputy_for_user(request.user) is None:
        raise Http404
    return deputy_for_user(request.user)


def _picked(request, proposal: Proposal | None = None) -> list[tuple[int, str]]:
    """The co-signers shown as picked in the form: what was posted, else the draft's list."""
    if request.method == "POST":
        return pages.cosigner_labels(request.user, request.POST.getlist("co_signers"))
    if proposal is not None:
        return pages.cosigner_labels(request.user, [c.deputy_id for c in proposal.cosigners.all()])
    return []


def _render_form(request, form, picked, proposal=None):
    states = {}
    if proposal is not None:
        states = {c.deputy_id: c for c in proposal.cosigners.all()}
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "picked": [(pk, label, states.get(pk)) for pk, label in picked],
            "attachments": [a for a in proposal.attachments.all() if a.reply_id is None] if proposal else [],
        },
    )


def _submit_after_save(request, proposal: Proposal) -> None:
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ApplicationError as exc:
        messages.error(request, _("草稿已保存，但未能提交：%(msg)s") % {"msg": exc.message})
    else:
        messages.success(request, _("已提交，等待常委会工作人员立案。"))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    """A new draft of the logged-in deputy; "保存并提交" submits it at once."""
    _own_deputy(request)
    picked = _picked(request)
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, cosigner_choices=picked)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    proposal = services.proposal_create(
                        actor=request.user,
                        kind=data["kind"],
                        title=data["title"],
                        content=data["content"],
                        category=data["category"],
                        co_signers=data["co_signers"],
                    )
                    if data["attachments"]:
                        services.attachment_add(
                            actor=request.user, proposal=proposal, files=data["attachments"]
                        )
            except ApplicationError as exc:
                error_to_form(form, exc)
            else:
                if "submit_now" in request.POST:
                    _submit_after_save(request, proposal)
                else:
                    messages.success(request, _("草稿已保存。"))
                return redirect("portal:proposal-detail", proposal.pk)
    else:
        form = ProposalForm(cosigner_choices=picked)
    return _render_form(request, form, picked)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    """Edit a draft: text, category, the co-signer list (replaces the invitations) and more
    attachments."""
    proposal = selectors.proposal_get_for_user(request.user, pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        messages.error(request, _("只有领衔代表可以修改草稿。"))
        return redirect("portal:proposal-detail", proposal.pk)
    picked = _picked(request, proposal)
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, cosigner_choices=picked)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.proposal_update(
                        actor=request.user,
                        proposal=proposal,
                        kind=data["kind"],
                        title=data["title"],
                        content=data["content"],
                        category=data["category"],
                        co_signers=data["co_signers"],
                    )
                    if data["attachments"]:
                        services.attachment_add(
                            actor=request.user, proposal=proposal, files=data["attachments"]
                        )
            except ApplicationError as exc:
                error_to_form(form, exc)
            else:
                if "submit_now" in request.POST:
                    _submit_after_save(request, proposal)
                else:
                    messages.success(request, _("修改已保存。"))
                return redirect("portal:proposal-detail", proposal.pk)
    else:
        form = ProposalForm(
            initial={
                "kind": proposal.kind,
                "title": proposal.title,
                "content": proposal.content,
                "category": proposal.category_id,
                "co_signers": [pk for pk, _label in picked],
            },
            cosigner_choices=picked,
        )
    return _render_form(request, form, picked, proposal)


@login_required
@require_GET
def cosigner_search(request):
    """htmx: deputies of my term matching the words, to add as co-signers (those already
    picked in the form are left out)."""
    _own_deputy(request)
    picked = tuple(int(v) for v in request.GET.getlist("co_signers") if v.isdecimal())
    candidates = pages.cosigner_candidates(request.user, query=text_param(request), exclude=picked)
    return render(
        request,
        "proposals/partials/cosigner_results.html",
        {"candidates": [(d.pk, pages.deputy_label(d)) for d in candidates], "search": text_param(request)},
    )


@login_required
@require_GET
def cosigner_chip(request):
    """htmx: one picked co-signer (a checked box the form posts)."""
    _own_deputy(request)
    labels = pages.cosigner_labels(request.user, [request.GET.get("id", "")])
    if not labels:
        raise Http404
    pk, label = labels[0]
    return render(request, "proposals/partials/cosigner_chip.html", {"pk": pk, "label": label})


@login_required
@require_POST
def proposal_submit(request, pk: int):
    proposal = selectors.proposal_get_for_user(request.user, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已提交，等待常委会工作人员立案。"))
    return redirect("portal:proposal-detail", proposal.pk)


@login_required
@require_POST
def cosign_answer(request, pk: int, decision: str):
    """The invited deputy confirms or declines co-signing; with htmx the invitation row alone."""
    cosigner = pages.cosign_invitation_get_for_user(request.user, pk)
    service = services.cosign_confirm if decision == "confirm" else services.cosign_decline
    error = None
    try:
        cosigner = service(actor=request.user, cosigner=cosigner)
    except ApplicationError as exc:
        error = exc.message
    if request.htmx:
        return render(
            request, "proposals/partials/invitation_row.html", {"invitation": cosigner, "error": error}
        )
    if error:
        messages.error(request, error)
    elif decision == "confirm":
        messages.success(request, _("已确认附议：%(title)s") % {"title": cosigner.proposal.title})
    else:
        messages.success(request, _("已谢绝附议：%(title)s") % {"title": cosigner.proposal.title})
    if request.POST.get("next") == "detail":
        return redirect("portal:proposal-detail", cosigner.proposal_id)
    return redirect("portal:proposal-list")


def _contact_summary(assignment) -> list[tuple[str, int]]:
    counts = {stage: 0 for stage in ContactLog.Stage.values}
    for contact in assignment.contacts.all():
        counts[contact.stage] += 1
    return [(label, counts[value]) for value, label in ContactLog.Stage.choices]


def render_detail(request, proposal: Proposal, *, rate_form: RateForm | None = None, status: int = 200):
    """The proposal page for whoever may see it; the rating form when this deputy may rate."""
    user = request.user
    deputy = deputy_for_user(user)
    cosigners = list(proposal.cosigners.all())
    confirmed = {c.deputy_id for c in cosigners if c.state == CoSigner.State.CONFIRMED}
    ratings = list(proposal.ratings.all())
    already_rated = deputy is not None and any(
        r.deputy_id == deputy.pk and r.handling_round == proposal.handling_round for r in ratings
    )
    can_rate = not already_rated and permissions.can_rate(user, proposal, confirmed_cosigner_ids=confirmed)
    assignments = list(proposal.assignments.all())
    for assignment in assignments:
        assignment.contact_summary = _contact_summary(assignment)
        assignment.last_contact = max((c.date for c in assignment.contacts.all()), default=None)
    own_unit = acting_unit(user)
    invitation = next(
        (
            c
            for c in cosigners
            if deputy is not None and c.deputy_id == deputy.pk and permissions.can_answer_cosign(user, c)
        ),
        None,
    )
    context = {
        "proposal": proposal,
        "cosigners": cosigners,
        "assignments": assignments,
        "attachments": [a for a in proposal.attachments.all() if a.reply_id is None],
        "ratings": ratings,
        "events": list(proposal.events.all()),
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_submit": permissions.can_submit_proposal(user, proposal),
        "can_rate": can_rate,
        "rate_form": rate_form or (RateForm() if can_rate else None),
        "is_lead": permissions.is_lead_deputy(user, proposal),
        "invitation": invitation,
        "own_unit_id": own_unit.pk if own_unit else None,
        "is_reviewer": permissions.is_reply_reviewer(user),
        "is_staff": permissions.is_staff(user),
    }
    return render(request, "proposals/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request, pk: int):
    return render_detail(request, selectors.proposal_get_for_user(request.user, pk))


@login_required
@require_POST
def proposal_rate(request, pk: int):
    """满意度测评: the entered choice and comment stay when something is wrong."""
    proposal = selectors.proposal_get_for_user(request.user, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_rate(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ApplicationError as exc:
            error_to_form(form, exc)
        else:
            messages.success(request, _("测评已提交，谢谢！"))
            return redirect("portal:proposal-detail", proposal.pk)
    return render_detail(request, proposal, rate_form=form, status=400)
