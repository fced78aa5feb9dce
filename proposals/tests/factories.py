"""Factories for proposals. Factories make drafts only; every later state is reached through
the services (``walk_to``), as the house rule says nothing else assigns a status."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from congress import roles
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, TermFactory, UserFactory
from deputies.tests.factories import DeputyFactory
from proposals import services
from proposals.models import Category, CoSigner, Proposal


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"类别{n}")


class ProposalFactory(DjangoModelFactory):
    """A draft of a lead deputy who can log in."""

    class Meta:
        model = Proposal

    term = factory.SubFactory(TermFactory)
    lead_deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..term"), with_user=True)
    kind = Proposal.Kind.SUGGESTION
    title = factory.Sequence(lambda n: f"关于改善社区养老服务的建议{n}")
    content = "建议增加社区食堂和日间照料中心。"
    year = 2026
    state = Proposal.State.DRAFT


class CoSignerFactory(DjangoModelFactory):
    class Meta:
        model = CoSigner

    proposal = factory.SubFactory(ProposalFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..proposal.term"), with_user=True)
    state = CoSigner.State.INVITED


def staff_actor():
    return UserFactory(roles=[roles.STAFF])


def reviewer_actor():
    office = Organization.objects.filter(kind=Organization.Kind.GOV_OFFICE).first() or OrganizationFactory(
        name="区政府办公室", kind=Organization.Kind.GOV_OFFICE, is_handling_unit=False
    )
    return UserFactory(roles=[roles.REVIEWER], unit=office)


def officer_for(unit):
    return UserFactory(roles=[roles.UNIT_OFFICER], unit=unit)


STEPS = ["submitted", "registered", "assigned", "reply_review", "replied", "closed"]


def receive(assignment, officer=None, **fixed):
    """签收 with the four fixed, as a unit does before contacts, opinions and replies."""
    officer = officer or officer_for(assignment.unit)
    return services.assignment_receive(
        actor=officer,
        assignment=assignment,
        responsible_person=fixed.get("responsible_person", "王科长"),
        responsible_leader=fixed.get("responsible_leader", "李副局长"),
        responsible_phone=fixed.get("responsible_phone", ""),
        measures=fixed.get("measures", "实地调研"),
    )


def walk_to(
    state: str,
    *,
    proposal: Proposal | None = None,
    unit=None,
    staff=None,
    officer=None,
    reviewer=None,
    reply_class: str = "A",
    assigned_on: dt.date | None = None,
    received: bool = False,
    **proposal_kwargs,
) -> Proposal:
    """A proposal brought to ``state`` through the services, with one lead unit (``unit``).
    The unit signs for it (``receive``) before it replies; ``received=True`` signs at
    ``assigned`` too. Creates whatever actors are not given."""
    proposal = proposal or ProposalFactory(**proposal_kwargs)
    target = STEPS.index(state)
    lead_user = proposal.lead_deputy.user
    staff = staff or staff_actor()
    unit = unit or OrganizationFactory()
    if target >= 0:
        # a paper draft is the staff's to submit, an online one the lead deputy's
        submitter = staff if proposal.source == Proposal.Source.PAPER else lead_user
        proposal = services.proposal_submit(actor=submitter, proposal=proposal)
    if target >= 1:
        proposal = services.proposal_register(actor=staff, proposal=proposal)
    if target >= 2:
        services.proposal_assign(
            actor=staff, proposal=proposal, lead_units=[unit.pk], assigned_on=assigned_on
        )
    if target >= 3 or (target == 2 and received):
        officer = officer or officer_for(unit)
        assignment = proposal.assignments.get(unit=unit)
        receive(assignment, officer)
    if target >= 3:
        services.reply_submit(
            actor=officer, assignment=assignment, reply_class=reply_class, content="已答复。"
        )
    if target >= 4:
        reviewer = reviewer or reviewer_actor()
        reply = assignment.replies.get(state="review")
        services.reply_confirm(actor=reviewer, reply=reply)
    if target >= 5:
        services.proposal_rate(actor=lead_user, proposal=proposal, satisfaction="satisfied", comment="满意")
    proposal.refresh_from_db()
    return proposal
