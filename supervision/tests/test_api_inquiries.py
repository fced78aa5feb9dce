"""The inquiry API: staff set one up, a member asks, the unit answers and commits, reports the
commitment fulfilled, staff accept; the walls (404 for another unit's question or commitment),
403 whatever the body, 400 in Chinese, 409 from the wrong state; the public list once held;
constant queries."""

import datetime as dt

import pytest

from congress import roles
from congress.tests.factories import UserFactory
from supervision import services
from supervision.models import InquiryCommitment
from supervision.tests.inquiry_fixtures import DEPUTY

pytestmark = pytest.mark.django_db
BASE = "/api/v1/supervision"


def test_from_inquiry_to_accepted_commitment(api_client, staff, member, officer, unit, meeting, committee):
    api_client.force_authenticate(staff)
    created = api_client.post(
        f"{BASE}/inquiries/",
        {"title": "专题询问：托育服务", "meeting": meeting.pk, "committee": committee.pk},
    )
    assert created.status_code == 201 and created.data["state"] == "open"
    pk = created.data["id"]
    api_client.force_authenticate(member)
    asked = api_client.post(
        f"{BASE}/inquiries/{pk}/questions/", {"unit": unit.pk, "content": "托位缺口多大？"}
    )
    assert asked.status_code == 201 and asked.data["asker"] == member.pk
    api_client.force_authenticate(officer)
    answered = api_client.post(
        f"{BASE}/questions/{asked.data['id']}/answer/",
        {"answerer_role": "deputy_head", "answerer_name": "钱副局长", "answer": "年内新增托位500个。"},
    )
    assert answered.status_code == 200 and answered.data["answerer_name"] == "钱副局长"
    due = str(dt.date.today() + dt.timedelta(days=30))
    committed = api_client.post(
        f"{BASE}/questions/{asked.data['id']}/commitments/", {"content": "新增托位500个", "due_date": due}
    )
    assert committed.status_code == 201 and committed.data["state"] == "open"
    cid = committed.data["id"]
    assert [row["id"] for row in api_client.get(f"{BASE}/commitments/").data["results"]] == [cid]
    reported = api_client.post(f"{BASE}/commitments/{cid}/report/", {"report": "已新增托位520个"})
    assert reported.data["state"] == "reported"
    api_client.force_authenticate(staff)
    assert api_client.post(f"{BASE}/commitments/{cid}/accept/", {}).data["state"] == "done"
    held = api_client.post(f"{BASE}/inquiries/{pk}/hold/", {})
    assert held.status_code == 200 and held.data["state"] == "held"
    api_client.force_authenticate(None)
    public = api_client.get("/api/v1/public/supervision/inquiries/").data["results"]
    assert public[0]["questions"][0]["commitments"][0]["state"] == "done"
    assert "asker" not in public[0]["questions"][0]


def test_walls_404_for_another_units_question_and_commitment(api_client, question, commitment, other_officer):
    api_client.force_authenticate(other_officer)
    assert api_client.get(f"{BASE}/commitments/{commitment.pk}/").status_code == 404
    assert api_client.get(f"{BASE}/commitments/").data["results"] == []
    response = api_client.post(f"{BASE}/commitments/{commitment.pk}/report/", {"report": "x"})
    assert response.status_code == 404
    response = api_client.post(f"{BASE}/questions/{question.pk}/answer/", {})
    assert response.status_code == 404
    assert api_client.get(f"{BASE}/inquiries/{question.inquiry_id}/").status_code == 404


def test_403_whatever_the_body(api_client, inquiry, commitment, officer, member):
    api_client.force_authenticate(officer)
    assert api_client.post(f"{BASE}/inquiries/{inquiry.pk}/questions/", {}).status_code == 403
    assert api_client.post(f"{BASE}/commitments/{commitment.pk}/accept/", {}).status_code == 403
    assert api_client.post(f"{BASE}/inquiries/", {}).status_code == 403
    api_client.force_authenticate(member)
    response = api_client.post(f"{BASE}/commitments/{commitment.pk}/report/", {})
    assert response.status_code == 403 and response.data["code"] == "not_unit_officer"


def test_bad_input_is_400_in_chinese(api_client, inquiry, answered, officer, member, unit):
    api_client.force_authenticate(member)
    response = api_client.post(f"{BASE}/inquiries/{inquiry.pk}/questions/", {"unit": 99999, "content": ""})
    assert response.status_code == 400
    assert "找不到编号为 99999 的单位。" in str(response.data) and "请填写询问的问题。" in str(response.data)
    api_client.force_authenticate(officer)
    past = str(dt.date.today() - dt.timedelta(days=1))
    response = api_client.post(
        f"{BASE}/questions/{answered.pk}/commitments/", {"content": "x", "due_date": past}
    )
    assert response.status_code == 400 and "落实期限不能早于今天。" in str(response.data)
    response = api_client.post(
        f"{BASE}/questions/{answered.pk}/commitments/", {"content": "x", "due_date": "明天"}
    )
    assert response.status_code == 400 and "日期格式应为 YYYY-MM-DD。" in str(response.data)


def test_409_from_the_wrong_state(api_client, commitment, answered, staff, officer):
    api_client.force_authenticate(staff)
    response = api_client.post(f"{BASE}/commitments/{commitment.pk}/accept/", {})
    assert response.status_code == 409 and response.data["code"] == "invalid_transition"
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"{BASE}/questions/{answered.pk}/answer/", {"answerer_role": "head", "answer": "再答"}
    )
    assert response.status_code == 409


@pytest.mark.parametrize("rows", [2, 5])
def test_the_lists_cost_the_same_queries_for_more_rows(
    api_client, staff, officer, unit, member, meeting, rows, django_assert_num_queries, today
):
    for i in range(rows):
        inquiry = services.inquiry_create(actor=staff, title=f"询问{i}", meeting=meeting)
        question = services.question_ask(actor=member, inquiry=inquiry, unit=unit, content=f"问题{i}")
        question = services.question_answer(
            actor=officer, question=question, answer="答复", answerer_role=DEPUTY, answerer_name="副职"
        )
        services.commitment_add(actor=officer, question=question, content=f"承诺{i}", due_date=today)
        services.inquiry_hold(actor=staff, inquiry=inquiry)
    fresh = type(officer).objects.get
    api_client.force_authenticate(fresh(pk=officer.pk))
    # 1 count, 2 the page, 3 its questions, 4 their commitments (roles and units cached)
    with django_assert_num_queries(4):
        assert len(api_client.get(f"{BASE}/inquiries/").data["results"]) == rows
    # 1 count, 2 the page (roles and units cached)
    api_client.force_authenticate(fresh(pk=officer.pk))
    with django_assert_num_queries(2):
        assert len(api_client.get(f"{BASE}/commitments/").data["results"]) == rows
    api_client.force_authenticate(None)
    # 1 count, 2 the page, 3 questions, 4 commitments
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/public/supervision/inquiries/").data["results"]) == rows
    assert InquiryCommitment.objects.count() == rows


def test_staff_enter_a_question_naming_the_deputy(api_client, inquiry, staff, unit):
    deputy = UserFactory(roles=[roles.DEPUTY])
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"{BASE}/inquiries/{inquiry.pk}/questions/", {"unit": unit.pk, "content": "问题", "asker": deputy.pk}
    )
    assert response.status_code == 201 and response.data["asker"] == deputy.pk
