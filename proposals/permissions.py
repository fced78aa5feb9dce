"""Pure predicates: who may do what to a proposal or an assignment.

Two kinds. The *who* predicates (``is_staff``, ``is_lead_deputy_or_staff``,
``can_handle_assignment``, ``is_reply_reviewer``, ``is_invited_deputy``) take ``(user, obj)`` and
are named on the actions in ``proposals.workflow``: ``transition()`` checks them. The *button*
predicates (``can_edit_proposal``, ``can_reply`` …) add the state, read from the same
declarations, for pages and the API to decide what to show.

They read the user's roles (cached on the user), the deputy record (``deputy_for_user``, cached)
and the user's units (``congress.units``, cached), so a page calling them for many rows costs no
query per row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress import roles, units
from congress.casework.workflow import who
from congress.models import Organization
from deputies.selectors import deputy_for_user
from proposals.models import Assignment, CoSigner, Proposal


def _workflow():
    # The declarations name the who-predicates below, so they import this module first.
    from proposals import workflow

    return workflow


# --- who -------------------------------------------------------------------------------------


@who(_("常委会工作人员"))
def is_staff(user, _obj=None) -> bool:
    return roles.is_staff_member(user)


def deputy_id_of(user) -> int | None:
    deputy = deputy_for_user(user)
    return deputy.pk if deputy else None


def is_lead_deputy(user, proposal: Proposal) -> bool:
    deputy_id = deputy_id_of(user)
    return deputy_id is not None and proposal.lead_deputy_id == deputy_id


@who(_("领衔代表（纸质登记的由工作人员）"))
def is_lead_deputy_or_staff(user, proposal: Proposal) -> bool:
    """Who writes a draft: an online draft is the lead deputy's alone until submitted (staff
    neither see nor touch it); a paper draft is typed in by staff, who edit and submit it."""
    if proposal.source == Proposal.Source.PAPER:
        return is_staff(user)
    return is_lead_deputy(user, proposal)


@who(_("被邀请附议的代表"))
def is_invited_deputy(user, cosigner: CoSigner) -> bool:
    deputy_id = deputy_id_of(user)
    return deputy_id is not None and cosigner.deputy_id == deputy_id


def is_rater(user, proposal: Proposal) -> bool:
    """The lead deputy or a co-signer who confirmed (the rating's state is checked apart)."""
    deputy_id = deputy_id_of(user)
    if deputy_id is None:
        return False
    return (
        proposal.lead_deputy_id == deputy_id
        or proposal.cosigners.filter(deputy_id=deputy_id, state=CoSigner.State.CONFIRMED).exists()
    )


def can_create_proposal(user) -> bool:
    return deputy_for_user(user) is not None or is_staff(user)


def can_manage_proposal(user) -> bool:
    """Staff decisions without a state condition: oversight (督办), disclosure, requests."""
    return is_staff(user)


@who(_("承办单位联络员"))
def can_handle_assignment(user, assignment: Assignment) -> bool:
    """An officer of the assignment's unit (any of the units they act for): sign for it, log
    contacts, reply, ask for return or extension."""
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, assignment.unit_id)


@who(_("区政府办公室审核人"))
def is_reply_reviewer(user, _obj=None) -> bool:
    """A reviewer acting for the government office (区政府办公室) confirms replies."""
    return roles.has_role(user, roles.REVIEWER) and units.acts_for_kind(user, Organization.Kind.GOV_OFFICE)


# --- buttons: who, and the state allows it ---------------------------------------------------


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return _workflow().PROPOSAL.can(proposal, "edit", user)


def can_submit_proposal(user, proposal: Proposal) -> bool:
    return _workflow().PROPOSAL.can(proposal, "submit", user)


def can_answer_cosign(user, cosigner: CoSigner) -> bool:
    wf = _workflow()
    return wf.COSIGNER.can(cosigner, "confirm", user) and wf.PROPOSAL.can(cosigner.proposal, "cosign")


def can_register_proposal(user, proposal: Proposal) -> bool:
    """Register, return, merge, convert and assign: committee staff only."""
    return _workflow().PROPOSAL.can(proposal, "register", user)


def can_assign_proposal(user, proposal: Proposal) -> bool:
    return _workflow().PROPOSAL.can(proposal, "assign", user)


def can_reply(user, assignment: Assignment) -> bool:
    return assignment.role == Assignment.Role.LEAD and _workflow().ASSIGNMENT.can(assignment, "reply", user)


def can_send_opinion(user, assignment: Assignment) -> bool:
    return assignment.role != Assignment.Role.LEAD and _workflow().ASSIGNMENT.can(assignment, "opinion", user)


def can_review_reply(user, assignment: Assignment) -> bool:
    return _workflow().ASSIGNMENT.can(assignment, "confirm", user)


def can_rate(user, proposal: Proposal, *, confirmed_cosigner_ids: set[int] | None = None) -> bool:
    """The lead deputy, or a co-signer who confirmed, while the reply waits for rating.
    Pass ``confirmed_cosigner_ids`` (deputy ids) when you have them to avoid a query."""
    if not _workflow().PROPOSAL.can(proposal, "rate"):
        return False
    deputy_id = deputy_id_of(user)
    if deputy_id is None:
        return False
    if proposal.lead_deputy_id == deputy_id:
        return True
    if confirmed_cosigner_ids is None:
        return proposal.cosigners.filter(deputy_id=deputy_id, state=CoSigner.State.CONFIRMED).exists()
    return deputy_id in confirmed_cosigner_ids
