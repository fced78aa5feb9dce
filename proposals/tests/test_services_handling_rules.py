"""Issue 9: the unit signs for an item with the four fixed before it handles it, and may change
them later with history; assisting and joint opinions are due ahead of the lead unit's reply,
a reply without them is flagged, and the proposal's close closes whatever is still open of it;
"unsatisfied" needs a reason."""

import datetime as dt

import pytest

from congress.casework.models import ReminderMark
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Rule
from congress.tests.factories import OrganizationFactory
from proposals import services
from proposals.models import Assignment, Proposal, ProposalEvent, Rating
from proposals.tasks import send_daily_reminders
from proposals.tests.factories import officer_for, receive, reviewer_actor, walk_to

pytestmark = pytest.mark.django_db
A = Assignment.State
P = Proposal.State


def _events(proposal, action):
    return list(ProposalEvent.objects.filter(proposal=proposal, action=action).order_by("id"))


def _with_assisting(staff, unit, other_unit, *, assigned_on=None, joint=()):
    """A registered proposal assigned to ``unit`` (lead) and ``other_unit`` (assisting)."""
    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(
        actor=staff,
        proposal=proposal,
        lead_units=[unit.pk],
        assisting_units=[other_unit.pk],
        joint_units=[u.pk for u in joint],
        assigned_on=assigned_on,
    )
    return (
        proposal,
        proposal.assignments.get(unit=unit),
        proposal.assignments.get(unit=other_unit),
    )


# --- 1. 签收 with the four fixed comes first ---------------------------------------------------


def test_nothing_is_handled_before_the_unit_signs_for_it(staff, unit, other_unit, officer, other_officer):
    # given a lead and an assisting assignment nobody has signed for
    proposal, lead, assisting = _with_assisting(staff, unit, other_unit)

    # when the units contact, reply, give an opinion or ask for time before signing
    attempts = [
        lambda: services.contact_add(actor=officer, assignment=lead, stage="before", note="电话联系"),
        lambda: services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决"),
        lambda: services.assignment_request_extension(
            actor=officer,
            assignment=lead,
            requested_deadline=lead.deadline + dt.timedelta(days=10),
            reason="复杂",
        ),
        lambda: services.assignment_send_opinion(actor=other_officer, assignment=assisting, opinion="同意"),
    ]

    # then each is a conflict naming the state (待签收), and nothing was written
    for attempt in attempts:
        with pytest.raises(InvalidTransition) as exc:
            attempt()
        assert "待签收" in exc.value.message
    for assignment in (lead, assisting):
        assignment.refresh_from_db()
        assert assignment.state == A.ASSIGNED and assignment.received_at is None
    assert not lead.contacts.exists() and not lead.replies.exists() and not lead.extension_requests.exists()
    assert Proposal.objects.get(pk=proposal.pk).state == P.ASSIGNED

    # a unit may still ask to return an item that is not its own without signing for it
    request = services.assignment_request_return(actor=officer, assignment=lead, reason="不属本单位职责")
    assert request.state == "pending"


def test_receive_needs_the_handling_officer_and_the_leader(staff, unit, officer):
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()

    with pytest.raises(ApplicationError) as exc:
        services.assignment_receive(
            actor=officer, assignment=assignment, responsible_person="王科长", responsible_leader="  "
        )
    assert exc.value.extra == {"responsible_leader": ["请填写分管领导。"]}
    with pytest.raises(ApplicationError) as exc:
        services.assignment_receive(
            actor=officer, assignment=assignment, responsible_person="", responsible_leader=""
        )
    assert set(exc.value.extra) == {"responsible_person", "responsible_leader"}
    assert Assignment.objects.get(pk=assignment.pk).state == A.ASSIGNED

    services.assignment_receive(
        actor=officer,
        assignment=assignment,
        responsible_person=" 王科长 ",
        responsible_leader="李副局长",
        responsible_phone="021-1",
        measures="实地调研",
    )
    assignment.refresh_from_db()
    assert assignment.state == A.HANDLING and assignment.received_at
    assert (assignment.responsible_person, assignment.responsible_leader) == ("王科长", "李副局长")
    [event] = _events(assignment.proposal, "assignment_receive")
    assert "王科长" in event.note and "李副局长" in event.note


def test_the_four_fixed_stay_editable_while_handling_with_history(
    staff, unit, officer, other_officer, reviewer
):
    # given an assignment signed for
    proposal = walk_to("assigned", staff=staff, unit=unit, received=True)
    assignment = proposal.assignments.get()
    versions = assignment.history.count()

    # when the unit changes its leader and measures
    services.assignment_update_fixed(
        actor=officer,
        assignment=assignment,
        responsible_person="王科长",
        responsible_leader="赵副局长",
        measures="会同街道实地察看",
    )

    # then the assignment has them, its history the old ones, the timeline the change
    assignment.refresh_from_db()
    assert assignment.responsible_leader == "赵副局长" and assignment.measures == "会同街道实地察看"
    assert assignment.history.count() == versions + 1
    assert assignment.history.first().history_change_reason == "修改四定"
    assert assignment.history.all()[1].responsible_leader == "李副局长"
    [event] = _events(proposal, "assignment_update_fixed")
    assert "分管领导：李副局长 → 赵副局长" in event.note and event.actor == officer
    assert event.action_label == "修改四定"

    # nothing changed: nothing written
    services.assignment_update_fixed(
        actor=officer,
        assignment=assignment,
        responsible_person="王科长",
        responsible_leader="赵副局长",
        measures="会同街道实地察看",
    )
    assert len(_events(proposal, "assignment_update_fixed")) == 1

    # the same rules as at 签收, the same unit only
    with pytest.raises(ApplicationError) as exc:
        services.assignment_update_fixed(
            actor=officer, assignment=assignment, responsible_person="王科长", responsible_leader=""
        )
    assert "responsible_leader" in exc.value.extra
    with pytest.raises(PermissionDeniedError):
        services.assignment_update_fixed(
            actor=other_officer, assignment=assignment, responsible_person="x", responsible_leader="y"
        )

    # still editable while the reply is reviewed, not once it is done
    reply = services.reply_submit(actor=officer, assignment=assignment, reply_class="A", content="已解决")
    services.assignment_update_fixed(
        actor=officer, assignment=assignment, responsible_person="孙科员", responsible_leader="赵副局长"
    )
    services.reply_confirm(actor=reviewer, reply=reply)
    with pytest.raises(InvalidTransition):
        services.assignment_update_fixed(
            actor=officer, assignment=assignment, responsible_person="周科员", responsible_leader="赵副局长"
        )
    assert Assignment.objects.get(pk=assignment.pk).responsible_person == "孙科员"


def test_four_fixed_update_is_refused_before_signing(staff, unit, officer):
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    with pytest.raises(InvalidTransition):
        services.assignment_update_fixed(
            actor=officer, assignment=assignment, responsible_person="王科长", responsible_leader="李副局长"
        )


def test_a_reply_sent_back_for_the_missing_four_fixed_gets_them_then_goes_again(staff, unit, officer):
    # given a unit that signed before the leader was required (its row has no leader) and
    # replied; the reviewer sends the reply back asking for the four fixed
    proposal = walk_to("reply_review", staff=staff, unit=unit, officer=officer)
    assignment = proposal.assignments.get()
    Assignment.objects.filter(pk=assignment.pk).update(responsible_person="", responsible_leader="")
    services.reply_send_back(
        actor=reviewer_actor(), reply=assignment.replies.get(), comments="请补充具体承办人和分管领导"
    )

    # when it replies again without them, then it is told to name them first
    with pytest.raises(ApplicationError) as exc:
        services.reply_submit(actor=officer, assignment=assignment, reply_class="A", content="再次答复")
    assert exc.value.code == "four_fixed_missing"

    # and once named, the reply goes
    services.assignment_update_fixed(
        actor=officer, assignment=assignment, responsible_person="王科长", responsible_leader="李副局长"
    )
    services.reply_submit(actor=officer, assignment=assignment, reply_class="A", content="再次答复")
    assert Assignment.objects.get(pk=assignment.pk).state == A.REVIEW


# --- 2. assisting opinions before the lead's reply; closing closes the rest --------------------


def test_assisting_deadline_is_ahead_of_the_lead_deadline(staff, unit, other_unit):
    # given the seed rules: an opinion within one month, and 10 working days before the lead's
    # reply deadline; assigned 2026-03-02, the lead replies by 2026-06-02
    proposal, lead, assisting = _with_assisting(staff, unit, other_unit, assigned_on=dt.date(2026, 3, 2))
    assert lead.deadline == dt.date(2026, 6, 2)
    assert assisting.deadline == dt.date(2026, 4, 2)  # one month is the earlier

    # when another assisting unit is added late (2026-05-11: one month would be 2026-06-11)
    [late] = services.proposal_assign(
        actor=staff,
        proposal=proposal,
        assisting_units=[OrganizationFactory().pk],
        assigned_on=dt.date(2026, 5, 11),
    )
    # then its opinion is due 10 working days before the lead's deadline
    assert late.deadline == dt.date(2026, 5, 19)

    # and a district that gives assisting units three months still gets them before the lead
    Rule.objects.create(key="proposals.assisting_opinion_deadline", value={"count": 3, "unit": "months"})
    Rule.objects.create(key="proposals.assisting_opinion_lead_days", value=5)
    _p, _lead, slow = _with_assisting(
        staff, OrganizationFactory(), OrganizationFactory(), assigned_on=dt.date(2026, 3, 2)
    )
    assert slow.deadline == dt.date(2026, 5, 26)  # 5 working days before 2026-06-02


def test_lead_reply_without_the_opinion_is_flagged_to_staff(
    staff, unit, other_unit, officer, django_capture_on_commit_callbacks
):
    # given a lead unit and an assisting unit that has not sent its opinion
    proposal, lead, assisting = _with_assisting(staff, unit, other_unit)
    receive(lead, officer)

    # when the lead unit replies
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")

    # then the proposal is flagged (with history), its timeline names the unit, staff are told
    proposal.refresh_from_db()
    assert proposal.opinion_missing is True
    assert proposal.history.first().history_change_reason == "协办意见未到"
    [event] = _events(proposal, "opinion_missing")
    assert other_unit.name in event.note and event.action_label == "协办意见未到"
    notice = Notification.objects.get(recipient=staff, key__endswith=":opinion-missing")
    assert proposal.title in notice.title and other_unit.name in notice.body
    assert notice.level == Notification.Level.WARNING


def test_lead_reply_after_every_opinion_is_not_flagged(
    staff, unit, other_unit, officer, other_officer, django_capture_on_commit_callbacks
):
    proposal, lead, assisting = _with_assisting(staff, unit, other_unit)
    receive(assisting, other_officer)
    services.assignment_send_opinion(actor=other_officer, assignment=assisting, opinion="建议联动街道")
    receive(lead, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")
    proposal.refresh_from_db()
    assert proposal.opinion_missing is False and not _events(proposal, "opinion_missing")
    assert not Notification.objects.filter(key__endswith=":opinion-missing").exists()


def _replied_with_open_assisting(staff, unit, other_unit, officer, *, assigned_on=None):
    """Replied and confirmed by the lead unit; the assisting unit never signed, a joint unit
    signed but gave no opinion."""
    joint_unit = OrganizationFactory()
    proposal, lead, assisting = _with_assisting(
        staff, unit, other_unit, assigned_on=assigned_on, joint=[joint_unit]
    )
    joint = proposal.assignments.get(unit=joint_unit)
    receive(joint)
    receive(lead, officer)
    reply = services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")
    services.reply_confirm(actor=reviewer_actor(), reply=reply)
    proposal.refresh_from_db()
    assert proposal.state == P.REPLIED
    return proposal, lead, assisting, joint


def test_rating_closes_every_open_assignment_with_the_proposal(staff, unit, other_unit, officer):
    proposal, lead, assisting, joint = _replied_with_open_assisting(staff, unit, other_unit, officer)

    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")

    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED
    states = dict(Assignment.objects.filter(proposal=proposal).values_list("pk", "state"))
    assert states == {lead.pk: A.DONE, assisting.pk: A.CLOSED, joint.pk: A.CLOSED}
    closes = _events(proposal, "assignment_close")
    assert {e.assignment_id for e in closes} == {assisting.pk, joint.pk}
    assert all(e.to_state == A.CLOSED and e.actor == proposal.lead_deputy.user for e in closes)
    assert Assignment.objects.get(pk=assisting.pk).history.first().history_change_reason == "随建议办结"


def test_closing_unrated_closes_open_assignments_by_staff_and_by_the_daily_job(
    staff, unit, other_unit, officer
):
    # by staff
    proposal, _lead, assisting, joint = _replied_with_open_assisting(staff, unit, other_unit, officer)
    services.proposal_close_unrated(actor=staff, proposal=proposal, force=True)
    assert set(
        Assignment.objects.filter(pk__in=[assisting.pk, joint.pk]).values_list("state", flat=True)
    ) == {A.CLOSED}

    # by the daily job, in bulk
    lead_unit = OrganizationFactory()
    proposal, _lead, assisting, joint = _replied_with_open_assisting(
        staff, lead_unit, OrganizationFactory(), officer_for(lead_unit)
    )
    result = send_daily_reminders((proposal.rating_deadline + dt.timedelta(days=1)).isoformat())
    assert result["closed_unrated"] == 1
    assert set(
        Assignment.objects.filter(pk__in=[assisting.pk, joint.pk]).values_list("state", flat=True)
    ) == {A.CLOSED}
    assert {e.assignment_id for e in _events(proposal, "assignment_close")} == {assisting.pk, joint.pk}


def test_the_daily_job_does_not_remind_what_closed_with_its_proposal(
    staff, unit, other_unit, officer, other_officer, django_capture_on_commit_callbacks
):
    # given a proposal closed while its assisting unit (due 2026-04-02) never answered
    proposal, _lead, assisting, _joint = _replied_with_open_assisting(
        staff, unit, other_unit, officer, assigned_on=dt.date(2026, 3, 2)
    )
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")

    # when the daily job runs at a milestone and after the deadline
    with django_capture_on_commit_callbacks(execute=True):
        before = send_daily_reminders("2026-03-31")
        after = send_daily_reminders("2026-04-10")

    # then the closed assignment is neither reminded nor escalated
    assert before["unit_reminders"] == 0 and after["overdue"] == 0
    assert (
        not Notification.objects.filter(recipient=other_officer).exclude(key__contains=":assigned").exists()
    )
    assert not ReminderMark.objects.exists()


# --- 3. "unsatisfied" needs a reason ---------------------------------------------------------------


def test_unsatisfied_needs_a_reason(staff, unit, officer):
    proposal = walk_to("replied", staff=staff, unit=unit, officer=officer)
    lead_user = proposal.lead_deputy.user

    with pytest.raises(ApplicationError) as exc:
        services.proposal_rate(actor=lead_user, proposal=proposal, satisfaction="unsatisfied", comment="  ")
    assert exc.value.extra == {"comment": ["选择“不满意”时，请填写不满意的理由。"]}
    assert not Rating.objects.filter(proposal=proposal).exists()
    assert Proposal.objects.get(pk=proposal.pk).state == P.REPLIED

    services.proposal_rate(actor=lead_user, proposal=proposal, satisfaction="unsatisfied", comment="进度太慢")
    assert Proposal.objects.get(pk=proposal.pk).state == P.REHANDLING
    assert Rating.objects.get(proposal=proposal).comment == "进度太慢"


def test_a_cosigners_unsatisfied_needs_a_reason_too(staff, unit, officer, term):
    from deputies.tests.factories import DeputyFactory

    cosigner = DeputyFactory(term=term, with_user=True)
    draft = services.proposal_create(
        actor=staff,
        kind="suggestion",
        title="纸质建议",
        content="……",
        lead_deputy=DeputyFactory(term=term, with_user=True),
        co_signers=[cosigner.pk],
        source="paper",
    )
    proposal = walk_to("replied", proposal=draft, staff=staff, unit=unit, officer=officer)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_rate(actor=cosigner.user, proposal=proposal, satisfaction="unsatisfied")
    assert "comment" in exc.value.extra
