"""Inquiry pages: a member asks in the portal (an empty question keeps the page and says why),
the unit answers and commits on its own questions only (404 for another unit's), reports a
commitment fulfilled from its inbox; the public reads a held inquiry; the admin's steps;
constant queries as data grows; the demo."""

import datetime as dt

import pytest
from django.urls import reverse

from congress.demo import load_demo
from congress.tests.demo_snapshot import load_demo_cached
from supervision import services
from supervision.models import Inquiry, InquiryCommitment, InquiryEvent, InquiryQuestion
from supervision.tests.inquiry_fixtures import DEPUTY

pytestmark = pytest.mark.django_db
C = InquiryCommitment.State


def test_a_member_asks_in_the_portal(client, inquiry, member, unit):
    client.force_login(member)
    page = client.get(reverse("portal:supervision-inquiry", args=[inquiry.pk]))
    assert page.status_code == 200 and "提出询问" in page.content.decode()
    url = reverse("portal:supervision-inquiry-ask", args=[inquiry.pk])
    response = client.post(url, {"unit": unit.pk, "content": ""})
    assert response.status_code == 400 and "请填写询问的问题。" in response.content.decode()
    response = client.post(url, {"unit": unit.pk, "content": "托育补贴何时发放？"})
    assert response.status_code == 302
    assert InquiryQuestion.objects.get().asker == member


def test_the_unit_answers_and_commits_on_its_own_questions_only(
    client, inquiry, question, officer, other_officer, member, other_unit, today
):
    theirs = services.question_ask(actor=member, inquiry=inquiry, unit=other_unit, content="医疗问题甲")
    client.force_login(officer)
    html = client.get(reverse("portal:supervision-inquiry", args=[inquiry.pk])).content.decode()
    assert question.content in html and 'id="ask"' not in html
    assert theirs.content not in html and other_unit.name not in html  # nor on the timeline
    assert client.post(reverse("portal:supervision-question-answer", args=[theirs.pk]), {}).status_code == 404
    prefix = f"q{question.pk}-"
    url = reverse("portal:supervision-question-answer", args=[question.pk])
    response = client.post(url, {prefix + "answerer_role": "head", prefix + "answer": ""})
    assert response.status_code == 400 and "请填写答复内容。" in response.content.decode()
    response = client.post(
        url, {prefix + "answerer_role": "head", prefix + "answerer_name": "李局长", prefix + "answer": "答复"}
    )
    assert response.status_code == 302
    url = reverse("portal:supervision-question-commit", args=[question.pk])
    past = str(today - dt.timedelta(days=1))
    response = client.post(url, {prefix + "content": "承诺", prefix + "due_date": past})
    assert response.status_code == 400 and "落实期限不能早于今天。" in response.content.decode()
    due = str(today + dt.timedelta(days=3))
    assert client.post(url, {prefix + "content": "三天内整改", prefix + "due_date": due}).status_code == 302
    commitment = InquiryCommitment.objects.get()
    # it is in the unit's inbox, due soon, and reported fulfilled from its page
    inbox = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert "三天内整改" in inbox and "tone-due" in inbox
    url = reverse("portal:supervision-commitment-report", args=[commitment.pk])
    assert client.post(url, {"report": ""}).status_code == 400
    assert client.post(url, {"report": "已整改完毕"}).status_code == 302
    commitment.refresh_from_db()
    assert commitment.state == C.REPORTED
    client.force_login(other_officer)
    assert client.get(reverse("portal:supervision-commitment", args=[commitment.pk])).status_code == 404


def test_the_public_reads_a_held_inquiry_only(client, inquiry, answered, commitment, staff):
    assert client.get(reverse("public:supervision-inquiry", args=[inquiry.pk])).status_code == 404
    services.inquiry_hold(actor=staff, inquiry=inquiry)
    listing = client.get(reverse("public:supervision-inquiry-list")).content.decode()
    assert inquiry.title in listing
    html = client.get(reverse("public:supervision-inquiry", args=[inquiry.pk])).content.decode()
    assert answered.answer in html and commitment.content in html and "王副局长" in html


@pytest.mark.parametrize("rows", [2, 6])
def test_pages_cost_the_same_queries_for_more_rows(
    client, staff, member, officer, unit, meeting, rows, django_assert_num_queries, today
):
    inquiry = services.inquiry_create(actor=staff, title="询问", meeting=meeting)
    for i in range(rows):
        q = services.question_ask(actor=member, inquiry=inquiry, unit=unit, content=f"问题{i}")
        q = services.question_answer(
            actor=officer, question=q, answer="答复", answerer_role=DEPUTY, answerer_name="副职"
        )
        services.commitment_add(actor=officer, question=q, content=f"承诺{i}", due_date=today)
    services.inquiry_hold(actor=staff, inquiry=inquiry)
    client.get(reverse("public:supervision-inquiry", args=[inquiry.pk]))
    # 1 the inquiry, 2 questions (asker, unit), 3 commitments (the district profile is cached)
    with django_assert_num_queries(3):
        client.get(reverse("public:supervision-inquiry", args=[inquiry.pk]))
    client.force_login(member)
    url = reverse("portal:supervision-inquiry", args=[inquiry.pk])
    client.get(url)
    # 1 user, 2 the inquiry, 3 its questions (asker, unit), 4 their commitments, 5 the timeline
    # (actors); session, roles and district profile from the cache, no session write
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert html.count('class="record"') == rows


def test_admin_steps_ask_answer_commit_hold_accept(client, staff, inquiry, unit, officer, member, today):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    change = reverse("admin:supervision_inquiry_change", args=[inquiry.pk])
    page = client.get(change).content.decode()
    assert "录入询问问题" in page and "询问结束并公开" in page
    step = reverse("admin:supervision_inquiry_step", args=[inquiry.pk, "ask"])
    response = client.post(step, {"asker": member.pk, "unit": unit.pk, "content": ""})
    assert "请填写询问的问题。" in response.content.decode()
    assert client.post(step, {"asker": member.pk, "unit": unit.pk, "content": "问题"}).status_code == 302
    question = InquiryQuestion.objects.get()
    step = reverse("admin:supervision_inquiryquestion_step", args=[question.pk, "answer"])
    response = client.post(step, {"answerer_role": "head", "answerer_name": "李局长", "answer": "答复"})
    assert response.status_code == 302
    step = reverse("admin:supervision_inquiryquestion_step", args=[question.pk, "commit"])
    due = str(today + dt.timedelta(days=10))
    assert client.post(step, {"content": "承诺", "due_date": due}).status_code == 302
    step = reverse("admin:supervision_inquiry_step", args=[inquiry.pk, "hold"])
    assert client.post(step, {}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.state == Inquiry.State.HELD
    commitment = InquiryCommitment.objects.get()
    services.commitment_report(actor=officer, commitment=commitment, report="已落实")
    page = client.get(reverse("admin:supervision_inquirycommitment_change", args=[commitment.pk]))
    assert "确认已落实" in page.content.decode() and "退回继续落实" in page.content.decode()
    step = reverse("admin:supervision_inquirycommitment_step", args=[commitment.pk, "send_back"])
    response = client.post(step, {"reason": ""})
    assert "请说明退回理由。" in response.content.decode()
    step = reverse("admin:supervision_inquirycommitment_step", args=[commitment.pk, "accept"])
    assert client.post(step, {}).status_code == 302
    commitment.refresh_from_db()
    assert commitment.state == C.DONE
    assert InquiryEvent.objects.filter(inquiry=inquiry, actor=staff).count() >= 4
    export = client.post(
        reverse("admin:supervision_inquirycommitment_changelist"),
        {"action": "export_admin_action", "_selected_action": [commitment.pk], "format": "0"},
    )
    assert export.status_code == 200


def test_the_demo_has_an_inquiry_with_a_fulfilled_and_an_open_commitment():
    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    held = Inquiry.objects.get(state=Inquiry.State.HELD)
    states = set(InquiryCommitment.objects.filter(question__inquiry=held).values_list("state", flat=True))
    assert {C.DONE, C.OPEN} <= states
    assert Inquiry.objects.filter(state=Inquiry.State.OPEN).exists()
    before = (Inquiry.objects.count(), InquiryQuestion.objects.count(), InquiryCommitment.objects.count())
    load_demo()
    assert (
        Inquiry.objects.count(),
        InquiryQuestion.objects.count(),
        InquiryCommitment.objects.count(),
    ) == before
