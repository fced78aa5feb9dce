"""The whole life of a proposal through the services, and each step's rules."""

import datetime as dt

import pytest

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification
from deputies.tests.factories import DeputyFactory
from proposals import services
from proposals.models import Assignment, CoSigner, Proposal, ProposalEvent, Rating, Reply
from proposals.tests.factories import ProposalFactory, receive, walk_to

pytestmark = pytest.mark.django_db
P = Proposal.State


def titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_whole_life_with_rehandling(
    deputy, cosigner_deputy, staff, unit, officer, reviewer, django_capture_on_commit_callbacks
):
    # given a deputy's draft with an invited co-signer
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            actor=deputy.user,
            kind="suggestion",
            title="关于增设社区食堂的建议",
            content="老年人就餐不便。",
            co_signers=[cosigner_deputy.pk],
        )
    assert proposal.state == P.DRAFT and proposal.lead_deputy == deputy
    assert any("邀请您附议" in t for t in titles(cosigner_deputy.user))
    cosigner = proposal.cosigners.get()

    # when it goes through its life
    with django_capture_on_commit_callbacks(execute=True):
        services.cosign_confirm(actor=cosigner_deputy.user, cosigner=cosigner)
        services.proposal_submit(actor=deputy.user, proposal=proposal)
        proposal = services.proposal_register(actor=staff, proposal=proposal)
        [assignment] = services.proposal_assign(actor=staff, proposal=proposal, lead_units=[unit.pk])
        services.assignment_receive(
            actor=officer,
            assignment=assignment,
            responsible_person="张科长",
            responsible_leader="李副局长",
            measures="调研",
        )
        services.contact_add(actor=officer, assignment=assignment, stage="before", note="电话联系代表")
        first = services.reply_submit(
            actor=officer, assignment=assignment, reply_class="B", content="正在推进。"
        )
        services.reply_send_back(actor=reviewer, reply=first, comments="请补充时间表")
        second = services.reply_submit(
            actor=officer, assignment=assignment, reply_class="B", content="年底前建成。"
        )
        services.reply_confirm(actor=reviewer, reply=second)
    proposal.refresh_from_db()
    assert proposal.serial == "2026-建-0001"
    assert proposal.state == P.REPLIED and proposal.rating_deadline
    assert any("已答复" in t for t in titles(cosigner_deputy.user))

    # the co-signer rates (recorded, decides nothing), then the lead deputy is unsatisfied
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_rate(actor=cosigner_deputy.user, proposal=proposal, satisfaction="satisfied")
        proposal.refresh_from_db()
        assert proposal.state == P.REPLIED
        services.proposal_rate(
            actor=deputy.user, proposal=proposal, satisfaction="unsatisfied", comment="太慢"
        )
    proposal.refresh_from_db()
    assignment.refresh_from_db()
    assert proposal.state == P.REHANDLING and proposal.handling_round == 2
    assert assignment.state == Assignment.State.HANDLING and assignment.handling_round == 2
    assert any("重新办理" in t for t in titles(officer))

    # the second reply is reviewed again, then rated satisfied
    with django_capture_on_commit_callbacks(execute=True):
        third = services.reply_submit(
            actor=officer, assignment=assignment, reply_class="A", content="已建成。"
        )
        proposal.refresh_from_db()
        assert proposal.state == P.REPLY_REVIEW
        services.reply_confirm(actor=reviewer, reply=third)
        services.proposal_rate(actor=deputy.user, proposal=proposal, satisfaction="satisfied")

    # then
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED and proposal.closed_as == Proposal.ClosedAs.RATED
    assert proposal.final_satisfaction == Rating.Satisfaction.SATISFIED
    assignment.refresh_from_db()
    assert assignment.reply_class == "A" and assignment.answered_on_time is True
    states = list(proposal.events.values_list("to_state", flat=True))
    assert states[0] == P.DRAFT and states[-1] == P.CLOSED
    assert P.REHANDLING in states and P.REPLY_REVIEW in states
    assert proposal.history.count() > 5


def test_motion_needs_minimum_cosigners(deputy, term, settings):
    others = DeputyFactory.create_batch(2, term=term, with_user=True)
    proposal = services.proposal_create(
        actor=deputy.user,
        kind="motion",
        title="关于制定条例的议案",
        content="……",
        co_signers=[d.pk for d in others],
    )
    with pytest.raises(ApplicationError) as exc:
        services.proposal_submit(actor=deputy.user, proposal=proposal)
    assert exc.value.code == "not_enough_cosigners"
    proposal.refresh_from_db()
    assert proposal.state == P.DRAFT

    from congress.models import Rule

    Rule.objects.create(key="proposals.motion_min_cosigners", value=3)
    for cosigner in proposal.cosigners.all():
        services.cosign_confirm(actor=cosigner.deputy.user, cosigner=cosigner)
    assert services.proposal_submit(actor=deputy.user, proposal=proposal).state == P.SUBMITTED


def test_return_needs_a_reason_the_deputy_sees(staff):
    proposal = walk_to("submitted", staff=staff)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_return(actor=staff, proposal=proposal, reason="  ")
    assert "reason" in exc.value.extra
    services.proposal_return(actor=staff, proposal=proposal, reason="属于市级事权")
    proposal.refresh_from_db()
    assert proposal.state == P.RETURNED and proposal.return_reason == "属于市级事权"


def test_merge_and_convert(staff):
    target = walk_to("registered", staff=staff)
    duplicate = walk_to("submitted", staff=staff)
    services.proposal_merge(actor=staff, proposal=duplicate, into=target)
    duplicate.refresh_from_db()
    assert duplicate.state == P.MERGED and duplicate.merged_into == target
    with pytest.raises(ApplicationError):
        services.proposal_merge(actor=staff, proposal=target, into=target)

    from congress.models import Rule

    Rule.objects.create(key="proposals.motion_min_cosigners", value=1)
    motion = walk_to("submitted", staff=staff, kind=Proposal.Kind.MOTION)
    services.proposal_convert_to_suggestion(actor=staff, proposal=motion)
    motion.refresh_from_db()
    assert motion.kind == Proposal.Kind.SUGGESTION and motion.state == P.SUBMITTED
    with pytest.raises(ApplicationError) as exc:
        services.proposal_convert_to_suggestion(actor=staff, proposal=motion)
    assert exc.value.code == "not_a_motion"


STAFF_ACTIONS = {
    "register": lambda staff, p: services.proposal_register(actor=staff, proposal=p),
    "return": lambda staff, p: services.proposal_return(actor=staff, proposal=p, reason="理由"),
    "assign": lambda staff, p: services.proposal_assign(actor=staff, proposal=p, lead_units=[_new_unit().pk]),
    "close_unrated": lambda staff, p: services.proposal_close_unrated(actor=staff, proposal=p, force=True),
}


def _new_unit():
    from congress.tests.factories import OrganizationFactory

    return OrganizationFactory()


ALLOWED = {
    "register": {"submitted"},
    "return": {"submitted"},
    "assign": {"registered", "assigned"},
    "close_unrated": {"replied"},
}


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "registered", "assigned", "reply_review", "replied", "closed"]
)
@pytest.mark.parametrize("action", sorted(STAFF_ACTIONS))
def test_every_disallowed_staff_transition_changes_nothing(state, action, staff):
    proposal = ProposalFactory() if state == "draft" else walk_to(state, staff=staff)
    events_before = ProposalEvent.objects.filter(proposal=proposal).count()
    if state in ALLOWED[action]:
        STAFF_ACTIONS[action](staff, proposal)
        return
    with pytest.raises(InvalidTransition) as exc:
        STAFF_ACTIONS[action](staff, proposal)
    assert exc.value.status_code == 409
    assert proposal.get_state_display() in exc.value.message
    proposal.refresh_from_db()
    assert proposal.state == state
    assert ProposalEvent.objects.filter(proposal=proposal).count() == events_before


@pytest.mark.parametrize("state", ["draft", "submitted", "registered", "assigned", "reply_review", "closed"])
def test_rating_only_when_replied(state, staff):
    proposal = ProposalFactory() if state == "draft" else walk_to(state, staff=staff)
    with pytest.raises(InvalidTransition):
        services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")


def test_submit_twice_is_a_conflict(deputy):
    proposal = ProposalFactory(lead_deputy=deputy, term=deputy.term)
    services.proposal_submit(actor=deputy.user, proposal=proposal)
    with pytest.raises(InvalidTransition) as exc:
        services.proposal_submit(actor=deputy.user, proposal=proposal)
    assert "已提交" in exc.value.message


def test_wrong_users_are_refused(staff, unit, officer, other_officer, reviewer, term):
    proposal = walk_to("submitted", staff=staff)
    outsider = DeputyFactory(term=term, with_user=True).user
    with pytest.raises(PermissionDeniedError):
        services.proposal_register(actor=proposal.lead_deputy.user, proposal=proposal)
    draft = ProposalFactory()
    with pytest.raises(PermissionDeniedError):
        services.proposal_submit(actor=outsider, proposal=draft)
    assigned = walk_to("assigned", staff=staff, unit=unit, received=True)
    assignment = assigned.assignments.get()
    with pytest.raises(PermissionDeniedError):
        services.reply_submit(actor=other_officer, assignment=assignment, reply_class="A", content="x")
    reply = services.reply_submit(actor=officer, assignment=assignment, reply_class="A", content="x")
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory, UserFactory

    party_office = OrganizationFactory(name="区委办公室", kind=Organization.Kind.PARTY_OFFICE)
    party_reviewer = UserFactory(roles=["reviewer"], unit=party_office)
    with pytest.raises(PermissionDeniedError):
        services.reply_confirm(actor=party_reviewer, reply=reply)
    with pytest.raises(PermissionDeniedError):
        services.reply_confirm(actor=officer, reply=reply)
    reply.refresh_from_db()
    assert reply.state == Reply.State.REVIEW


def test_reply_class_comes_from_the_rule(staff, unit, officer):
    from congress.models import Rule

    assignment = walk_to("assigned", staff=staff, unit=unit, received=True).assignments.get()
    with pytest.raises(ApplicationError) as exc:
        services.reply_submit(actor=officer, assignment=assignment, reply_class="D", content="留作参考")
    assert "reply_class" in exc.value.extra
    Rule.objects.create(
        key="proposals.reply_classes",
        value=[{"code": c, "label": c} for c in "ABCD"],
    )
    reply = services.reply_submit(actor=officer, assignment=assignment, reply_class="D", content="留作参考")
    assert reply.reply_class == "D"


def test_assisting_unit_sends_opinion_to_lead(
    staff, unit, other_unit, officer, other_officer, django_capture_on_commit_callbacks
):
    proposal = walk_to("registered", staff=staff)
    with django_capture_on_commit_callbacks(execute=True):
        lead, assisting = services.proposal_assign(
            actor=staff,
            proposal=proposal,
            lead_units=[unit.pk],
            assisting_units=[other_unit.pk],
            assigned_on=dt.date(2026, 3, 2),
        )
    assert assisting.deadline == dt.date(2026, 4, 2)  # one month, a Thursday
    receive(assisting, other_officer)
    with pytest.raises(ApplicationError):
        services.reply_submit(actor=other_officer, assignment=assisting, reply_class="A", content="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_send_opinion(actor=other_officer, assignment=assisting, opinion="建议与街道联动")
    assisting.refresh_from_db()
    assert assisting.state == Assignment.State.DONE
    assert any("协办意见" in t for t in titles(officer))


def test_return_request_within_window_and_reassign(staff, unit, other_unit, officer):
    proposal = walk_to("assigned", staff=staff, unit=unit)
    assignment = proposal.assignments.get()
    request = services.assignment_request_return(
        actor=officer, assignment=assignment, reason="不属本单位职责"
    )
    with pytest.raises(ApplicationError) as exc:
        services.assignment_request_return(actor=officer, assignment=assignment, reason="再次")
    assert exc.value.code == "request_pending"
    with pytest.raises(ApplicationError):
        services.return_request_decide(actor=staff, request=request, approve=False, note="")
    services.return_request_decide(
        actor=staff, request=request, approve=True, note="同意", reassign_to=other_unit
    )
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    new = proposal.assignments.get(unit=other_unit)
    assert new.role == Assignment.Role.LEAD and new.is_open


def test_return_request_after_window_is_refused(staff, unit, officer):
    proposal = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 1, 5))
    assignment = proposal.assignments.get()
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    with pytest.raises(ApplicationError) as exc:
        services.assignment_request_return(actor=officer, assignment=assignment, reason="晚了")
    assert exc.value.code == "return_window_passed"


def test_extension_at_most_the_rule(staff, unit, officer):
    proposal = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, 2), received=True)
    assignment = proposal.assignments.get()
    assert assignment.deadline == dt.date(2026, 6, 2)
    with pytest.raises(ApplicationError) as exc:
        services.assignment_request_extension(
            actor=officer, assignment=assignment, requested_deadline=dt.date(2026, 12, 1), reason="复杂"
        )
    assert "requested_deadline" in exc.value.extra
    request = services.assignment_request_extension(
        actor=officer, assignment=assignment, requested_deadline=dt.date(2026, 8, 31), reason="需协调市级部门"
    )
    services.extension_request_decide(actor=staff, request=request, approve=True, note="同意")
    assignment.refresh_from_db()
    assert assignment.deadline == dt.date(2026, 8, 31)


def test_follow_up_for_b_class(staff, unit, officer):
    proposal = walk_to("replied", staff=staff, unit=unit, officer=officer, reply_class="B")
    assignment = proposal.assignments.get()
    assert assignment.follow_up_open
    services.reply_follow_up(actor=officer, assignment=assignment, content="已完成改造", is_resolved=True)
    assignment.refresh_from_db()
    assert not assignment.follow_up_open
    with pytest.raises(ApplicationError):
        services.reply_follow_up(actor=officer, assignment=assignment, content="再报")


def test_close_unrated_after_deadline(staff):
    proposal = walk_to("replied", staff=staff)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_close_unrated(actor=None, system=True, proposal=proposal)
    assert exc.value.code == "rating_not_due"
    Proposal.objects.filter(pk=proposal.pk).update(rating_deadline=dt.date(2020, 1, 1))
    services.proposal_close_unrated(actor=None, system=True, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED and proposal.closed_as == Proposal.ClosedAs.NOT_RATED


def test_close_unrated_without_an_actor_is_no_bypass(staff, deputy):
    # given a proposal past its rating deadline
    proposal = walk_to("replied", staff=staff)
    Proposal.objects.filter(pk=proposal.pk).update(rating_deadline=dt.date(2020, 1, 1))
    # when nobody (or a deputy) closes it, then the service refuses: only staff or a job that
    # says it is one (system=True)
    for actor in (None, deputy.user):
        with pytest.raises(PermissionDeniedError):
            services.proposal_close_unrated(actor=actor, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).state == P.REPLIED
    services.proposal_close_unrated(actor=staff, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).state == P.CLOSED


def test_withhold_needs_reason(staff):
    proposal = walk_to("closed", staff=staff)
    with pytest.raises(ApplicationError):
        services.proposal_withhold(actor=staff, proposal=proposal, reason="")
    services.proposal_withhold(actor=staff, proposal=proposal, reason="涉及个人隐私")
    proposal.refresh_from_db()
    assert proposal.is_withheld and not proposal.is_public
    services.proposal_unwithhold(actor=staff, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.is_public


def test_oversight_marks(staff):
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory

    committee = OrganizationFactory(kind=Organization.Kind.WORKING_COMMITTEE)
    proposal = walk_to("assigned", staff=staff)
    services.proposal_set_oversight(
        actor=staff,
        proposal=proposal,
        is_key_oversight=True,
        oversight_committee=committee,
        oversight_leader="王副区长",
    )
    proposal.refresh_from_db()
    assert proposal.is_key_oversight and proposal.oversight_committee == committee
    with pytest.raises(ApplicationError):
        services.proposal_set_oversight(
            actor=staff, proposal=proposal, is_key_oversight=True, oversight_committee=_new_unit()
        )


def test_cosigner_answers_once(deputy, cosigner_deputy):
    proposal = services.proposal_create(
        actor=deputy.user, kind="suggestion", title="t", content="c", co_signers=[cosigner_deputy.pk]
    )
    cosigner = proposal.cosigners.get()
    with pytest.raises(PermissionDeniedError):
        services.cosign_confirm(actor=deputy.user, cosigner=cosigner)
    services.cosign_decline(actor=cosigner_deputy.user, cosigner=cosigner)
    cosigner.refresh_from_db()
    assert cosigner.state == CoSigner.State.DECLINED
    with pytest.raises(ApplicationError):
        services.cosign_confirm(actor=cosigner_deputy.user, cosigner=cosigner)


def test_invalid_cosigner_ids(deputy):
    with pytest.raises(ApplicationError) as exc:
        services.proposal_create(
            actor=deputy.user, kind="suggestion", title="t", content="c", co_signers=[999999]
        )
    assert "co_signers" in exc.value.extra
    assert not Proposal.objects.exists()
