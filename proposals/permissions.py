"""Pure predicates: who may do what to a proposal or an assignment. Services enforce them;
templates and the API use them only to decide which buttons to show.

They read the user's roles (cached on the user), the deputy record (``deputy_for_user``, cached)
and the officer's unit (``unit_for_user``, cached), so a page calling them for many rows costs
no query per row."""

from __future__ import annotations

from congress import roles
from congress.models import Organization
from congress.selectors import unit_for_user
from deputies.selectors import deputy_for_user
from proposals.models import Assignment, CoSigner, Proposal
from proposals.workflow import assignment_can, proposal_can


def is_staff(user) -> bool:
    return roles.is_staff_member(user)


def deputy_id_of(user) -> int | None:
    deputy = deputy_for_user(user)
    return deputy.pk if deputy else None


def is_lead_deputy(user, proposal: Proposal) -> bool:
    deputy_id = deputy_id_of(user)
    return deputy_id is not None and proposal.lead_deputy_id == deputy_id


def can_create_proposal(user) -> bool:
    return deputy_for_user(user) is not None or is_staff(user)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return proposal_can(proposal, "edit") and (is_lead_deputy(user, proposal) or is_staff(user))


def can_submit_proposal(user, proposal: Proposal) -> bool:
    """The lead deputy submits; staff submit paper proposals on the deputy's behalf."""
    return proposal_can(proposal, "submit") and (is_lead_deputy(user, proposal) or is_staff(user))


def can_answer_cosign(user, cosigner: CoSigner) -> bool:
    deputy_id = deputy_id_of(user)
    return (
        deputy_id is not None
        and cosigner.deputy_id == deputy_id
        and cosigner.state == CoSigner.State.INVITED
        and proposal_can(cosigner.proposal, "cosign")
    )


def can_register_proposal(user, proposal: Proposal) -> bool:
    """Register, return, merge, convert and assign: committee staff only."""
    return is_staff(user) and proposal_can(proposal, "register")


def can_assign_proposal(user, proposal: Proposal) -> bool:
    return is_staff(user) and proposal_can(proposal, "assign")


def can_manage_proposal(user) -> bool:
    """Staff decisions without a state condition: oversight (督办), disclosure, requests."""
    return is_staff(user)


def acts_for_unit(user, unit_id: int) -> bool:
    unit = unit_for_user(user)
    return unit is not None and unit.pk == unit_id


def can_handle_assignment(user, assignment: Assignment) -> bool:
    """The unit's own officer: sign for it, log contacts, reply, ask for return or extension."""
    return roles.has_role(user, roles.UNIT_OFFICER) and acts_for_unit(user, assignment.unit_id)


def can_reply(user, assignment: Assignment) -> bool:
    return (
        can_handle_assignment(user, assignment)
        and assignment.role == Assignment.Role.LEAD
        and assignment_can(assignment, "reply")
    )


def can_send_opinion(user, assignment: Assignment) -> bool:
    return (
        can_handle_assignment(user, assignment)
        and assignment.role != Assignment.Role.LEAD
        and assignment_can(assignment, "opinion")
    )


def is_reply_reviewer(user) -> bool:
    """A reviewer acting for the government office (区政府办公室) confirms replies."""
    if not roles.has_role(user, roles.REVIEWER):
        return False
    unit = unit_for_user(user)
    return unit is not None and unit.kind == Organization.Kind.GOV_OFFICE


def can_review_reply(user, assignment: Assignment) -> bool:
    return is_reply_reviewer(user) and assignment_can(assignment, "confirm")


def can_rate(user, proposal: Proposal, *, confirmed_cosigner_ids: set[int] | None = None) -> bool:
    """The lead deputy, or a co-signer who confirmed, while the reply waits for rating.
    Pass ``confirmed_cosigner_ids`` (deputy ids) when you have them to avoid a query."""
    if not proposal_can(proposal, "rate"):
        return False
    deputy_id = deputy_id_of(user)
    if deputy_id is None:
        return False
    if proposal.lead_deputy_id == deputy_id:
        return True
    if confirmed_cosigner_ids is None:
        return proposal.cosigners.filter(deputy_id=deputy_id, state=CoSigner.State.CONFIRMED).exists()
    return deputy_id in confirmed_cosigner_ids
