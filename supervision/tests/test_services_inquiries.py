"""Inquiries: questions by members and deputies to units, answers by the head or a named deputy
head, commitments tracked to done (report → accept / send back), the walls, bad input, the
public record once held, reminders before the due date and escalation after it (idempotent)."""

import datetime as dt

import pytest
from django.http import Http404

from congress import roles
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification
from congress.tests.factories import UserFactory
from supervision import selectors_inquiries as sel
from supervision import services
from supervision.models import Inquiry, InquiryCommitment, InquiryQuestion
from supervision.tests.inquiry_fixtures import DEPUTY, HEAD

pytestmark = pytest.mark.django_db
C = InquiryCommitment.State


def test_a_commitment_from_question_to_done(inquiry, question, answered, commitment, officer, staff):
    # given an answered question with a commitment
    assert question.state == InquiryQuestion.State.ASKED
    assert (answered.state, answered.answerer_name) == (InquiryQuestion.State.ANSWERED, "王副局长")
    assert commitment.state == C.OPEN and commitment.unit_id == question.unit_id
    # when the unit reports and staff send it back, then accept the second report
    commitment = services.commitment_report(actor=officer, commitment=commitment, report="已新增学位800个")
    assert commitment.state == C.REPORTED
    commitment = services.commitment_send_back(actor=staff, commitment=commitment, reason="尚未达到承诺数量")
    assert commitment.state == C.OPEN
    commitment = services.commitment_report(actor=officer, commitment=commitment, report="已新增学位1260个")
    commitment = services.commitment_accept(actor=staff, commitment=commitment)
    # then it is done, with every step on its timeline and in its history
    assert commitment.state == C.DONE and commitment.done_at
    assert [e.action for e in commitment.events.order_by("id")] == [
        "create",
        "report",
        "send_back",
        "report",
        "accept",
    ]
    assert commitment.history.count() >= 5
    assert [e.action for e in inquiry.events.order_by("id")] == [
        "create",
        "ask",
        "question_answer",
        "question_commit",
    ]
    assert inquiry.events.get(action="question_answer").action_label == "录入答复"


def test_the_head_answers_in_person_by_default_name(question, officer):
    question.unit.head_name = "李局长"
    question.unit.save()
    answered = services.question_answer(actor=officer, question=question, answer="答复", answerer_role=HEAD)
    assert answered.answerer_name == "李局长"


def test_bad_input_is_refused_in_chinese(inquiry, question, officer, member, unit, today):
    with pytest.raises(ApplicationError) as err:
        services.question_ask(actor=member, inquiry=inquiry, unit=unit, content="  ")
    assert err.value.extra == {"content": ["请填写询问的问题。"]}
    with pytest.raises(ApplicationError) as err:
        services.question_answer(actor=officer, question=question, answer="x", answerer_role="boss")
    assert "answerer_role" in err.value.extra
    unit.deputy_head_name = ""
    unit.save()
    with pytest.raises(ApplicationError) as err:
        services.question_answer(actor=officer, question=question, answer="x", answerer_role=DEPUTY)
    assert err.value.extra == {"answerer_name": ["请填写应询人姓名（单位未登记该负责人）。"]}
    answered = services.question_answer(
        actor=officer, question=question, answer="x", answerer_role=DEPUTY, answerer_name="赵副局长"
    )
    with pytest.raises(ApplicationError) as err:
        services.commitment_add(
            actor=officer, question=answered, content="承诺", due_date=today - dt.timedelta(days=1)
        )
    assert err.value.extra == {"due_date": ["落实期限不能早于今天。"]}


def test_who_may_do_what(
    inquiry, question, answered, commitment, officer, other_officer, member, staff, unit
):
    outsider = UserFactory(roles=[])
    with pytest.raises(PermissionDeniedError):
        services.question_ask(actor=outsider, inquiry=inquiry, unit=unit, content="问题")
    with pytest.raises(PermissionDeniedError):
        services.question_ask(actor=member, inquiry=inquiry, unit=unit, content="问题", asker=staff)
    with pytest.raises(PermissionDeniedError):
        services.commitment_report(actor=other_officer, commitment=commitment, report="报告")
    with pytest.raises(PermissionDeniedError):
        services.commitment_accept(actor=officer, commitment=commitment)
    with pytest.raises(InvalidTransition):
        services.commitment_accept(actor=staff, commitment=commitment)  # not reported yet
    # staff enter a question asked on paper, naming the deputy who asked
    deputy = UserFactory(roles=[roles.DEPUTY])
    entered = services.question_ask(actor=staff, inquiry=inquiry, unit=unit, content="问题", asker=deputy)
    assert entered.asker == deputy


def test_walls_a_unit_sees_only_its_own(
    inquiry, question, commitment, staff, officer, other_officer, other_unit, member
):
    theirs = services.question_ask(actor=member, inquiry=inquiry, unit=other_unit, content="医疗问题")
    # the unit sees the inquiry, but only its own question and commitment
    mine = sel.inquiry_with_record(officer, inquiry.pk)
    assert [q.pk for q in mine.questions.all()] == [question.pk]
    assert list(sel.commitment_list_visible_to(officer)) == [commitment]
    assert list(sel.commitment_list_visible_to(other_officer)) == []
    with pytest.raises(Http404):
        sel.commitment_get_for_user(other_officer, commitment.pk)
    with pytest.raises(Http404):
        sel.question_get_for_user(officer, theirs.pk)
    assert [q.pk for q in sel.inquiry_with_record(other_officer, inquiry.pk).questions.all()] == [theirs.pk]
    # members see all; someone without a role nothing
    assert sel.inquiry_with_record(member, inquiry.pk).questions.count() == 2
    with pytest.raises(Http404):
        sel.inquiry_get_for_user(UserFactory(roles=[]), inquiry.pk)


def test_public_once_held(inquiry, question, answered, commitment, staff):
    assert list(sel.inquiries_public()) == []
    inquiry = services.inquiry_hold(actor=staff, inquiry=inquiry)
    assert inquiry.state == Inquiry.State.HELD
    public = sel.inquiry_get_public(inquiry.pk)
    assert [c.pk for q in public.questions.all() for c in q.commitments.all()] == [commitment.pk]


def test_hold_needs_every_answer(inquiry, question, staff):
    with pytest.raises(ApplicationError) as err:
        services.inquiry_hold(actor=staff, inquiry=inquiry)
    assert err.value.code == "unanswered"


def test_no_questions_after_it_was_held(inquiry, answered, staff, member, unit):
    services.inquiry_hold(actor=staff, inquiry=inquiry)
    with pytest.raises(InvalidTransition):
        services.question_ask(actor=member, inquiry=inquiry, unit=unit, content="问题")


def test_reminders_before_the_due_date_and_escalation_after_it(
    answered, officer, staff, committee, django_capture_on_commit_callbacks
):
    committee_user = UserFactory(roles=[roles.STAFF], unit=committee)
    commitment = services.commitment_add(
        actor=officer,
        question=answered,
        content="建成普惠托育点10个",
        due_date=dt.date(2026, 10, 8),
        today=dt.date(2026, 9, 1),
    )
    Notification.objects.all().delete()
    # 2026-09-24: 4 working days left across National Day: the 10-day milestone, once
    first = services.send_daily_reminders(today=dt.date(2026, 9, 24))
    again = services.send_daily_reminders(today=dt.date(2026, 9, 24))
    assert (first["reminders"], again["reminders"]) == (1, 0)
    key = f"supervision.commitment_due:{commitment.pk}:2026-10-08:10"
    notice = Notification.objects.get(recipient=officer, key=key)
    assert notice.url.endswith(f"/portal/supervision/commitments/{commitment.pk}/")
    # overdue: the unit and the inquiry's working committee are told, once
    services.send_daily_reminders(today=dt.date(2026, 10, 9))
    services.send_daily_reminders(today=dt.date(2026, 10, 10))
    overdue = f"supervision.commitment_due:{commitment.pk}:overdue:2026-10-08"
    assert Notification.objects.filter(key=overdue, recipient=officer).count() == 1
    assert Notification.objects.filter(key=overdue, recipient=committee_user).count() == 1
    # reported commitments are no longer owed
    services.commitment_report(actor=officer, commitment=commitment, report="已建成")
    assert services.send_daily_reminders(today=dt.date(2026, 10, 11))["overdue"] == 0
