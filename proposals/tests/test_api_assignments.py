"""The unit inbox API: walls, errors, requests, pinned query counts."""

import pytest

from proposals.models import Assignment
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def test_inbox_shows_only_own_unit_by_deadline(
    api_client, staff, unit, other_unit, officer, django_assert_num_queries
):
    import datetime as dt

    mine = [walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, d)) for d in (20, 2, 10)]
    walk_to("assigned", staff=staff, unit=other_unit)
    api_client.force_authenticate(officer)
    # 1 the officer's unit ids (guardian), 2 count, 3 the page with proposal, lead deputy and
    # unit joined
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/assignments/")
    ids = [a["proposal"]["id"] for a in response.data["results"]]
    assert ids == [mine[1].pk, mine[2].pk, mine[0].pk]


def test_foreign_assignment_is_404(api_client, staff, unit, other_unit, officer, other_officer):
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    api_client.force_authenticate(other_officer)
    assert api_client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 404
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/reply/", {"reply_class": "A", "content": "x"}, format="json"
    )
    assert response.status_code == 404
    assert not assignment.replies.exists()


def test_reply_input_errors_are_400(api_client, staff, unit, officer):
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/reply/", {"reply_class": "Z"}, format="json"
    )
    assert response.status_code == 400 and {"reply_class", "content"} <= set(response.data)
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/contacts/", {"stage": "later", "note": ""}, format="json"
    )
    assert response.status_code == 400 and {"stage", "note"} <= set(response.data)


def test_confirm_needs_a_reply_in_review_and_the_gov_office(api_client, staff, unit, officer, reviewer):
    assignment = walk_to("assigned", staff=staff, unit=unit, received=True).assignments.get()
    api_client.force_authenticate(officer)
    assert api_client.post(
        f"/api/v1/assignments/{assignment.pk}/confirm/", {}, format="json"
    ).status_code in (403, 409)
    api_client.post(
        f"/api/v1/assignments/{assignment.pk}/reply/", {"reply_class": "A", "content": "x"}, format="json"
    )
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/confirm/", {}, format="json")
    assert response.status_code == 403
    api_client.force_authenticate(reviewer)
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/send-back/", {}, format="json")
    assert response.status_code == 400 and "comments" in response.data
    assert (
        api_client.post(f"/api/v1/assignments/{assignment.pk}/confirm/", {}, format="json").status_code == 200
    )
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/confirm/", {}, format="json")
    assert response.status_code == 409 and "已办复" in response.data["detail"]


def test_receive_and_requests_through_the_api(api_client, staff, unit, officer):
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/receive/",
        {"responsible_person": "李科长", "responsible_leader": "赵副局长", "measures": "实地调研"},
        format="json",
    )
    assert response.status_code == 200 and response.data["state"] == "handling"
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/extension-requests/",
        {"requested_deadline": "2099-01-01", "reason": "复杂"},
        format="json",
    )
    assert response.status_code == 400 and "requested_deadline" in response.data
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/return-requests/", {"reason": "不属本单位"}, format="json"
    )
    assert response.status_code == 201
    request_id = response.data["return_requests"][0]["id"]
    assert (
        api_client.post(
            f"/api/v1/return-requests/{request_id}/decide/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/return-requests/{request_id}/decide/", {"approve": True, "note": "同意"}, format="json"
    )
    assert response.status_code == 200 and response.data["state"] == "approved"
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN


# --- the right to act comes before the body -------------------------------------------------------

STAFF_ACTIONS = ["register", "return", "merge", "convert", "assign", "withhold", "supervision"]
UNIT_ACTIONS = [
    "receive",
    "fixed",
    "contacts",
    "reply",
    "opinion",
    "follow-up",
    "extension-requests",
    "return-requests",
]
REVIEW_ACTIONS = ["confirm", "send-back"]


def test_without_the_right_every_action_is_403_whatever_the_body(
    api_client, staff, unit, officer, reviewer, deputy
):
    # given a proposal the deputy leads, assigned to the officer's unit
    proposal = walk_to("assigned", staff=staff, unit=unit, lead_deputy=deputy)
    assignment = proposal.assignments.get()
    # when people without the right post empty bodies, then 403 (never 400 with field hints)
    api_client.force_authenticate(deputy.user)
    for action in STAFF_ACTIONS:
        response = api_client.post(f"/api/v1/proposals/{proposal.pk}/{action}/", {}, format="json")
        assert (action, response.status_code) == (action, 403)
    api_client.force_authenticate(officer)
    for action in STAFF_ACTIONS:
        response = api_client.post(f"/api/v1/proposals/{proposal.pk}/{action}/", {}, format="json")
        assert (action, response.status_code) == (action, 403)
    assert api_client.post("/api/v1/proposals/", {}, format="json").status_code == 403
    for action in REVIEW_ACTIONS:
        response = api_client.post(f"/api/v1/assignments/{assignment.pk}/{action}/", {}, format="json")
        assert (action, response.status_code) == (action, 403)
    api_client.force_authenticate(reviewer)
    for action in UNIT_ACTIONS:
        response = api_client.post(f"/api/v1/assignments/{assignment.pk}/{action}/", {}, format="json")
        assert (action, response.status_code) in {(action, 403), (action, 404)}
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.ASSIGNED


def test_with_the_right_an_empty_body_is_400_with_field_messages(api_client, staff, unit, officer, deputy):
    proposal = walk_to("submitted", staff=staff, unit=unit, lead_deputy=deputy)
    api_client.force_authenticate(staff)
    response = api_client.post(f"/api/v1/proposals/{proposal.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.data
    response = api_client.post("/api/v1/proposals/", {}, format="json")
    assert response.status_code == 400 and {"title", "content"} <= set(response.data)
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/receive/", {}, format="json")
    assert response.status_code == 400 and "responsible_person" in response.data


# --- issue 9: sign first; the four fixed over the API -----------------------------------------------


def test_a_unit_acts_over_the_api_only_after_signing(api_client, staff, unit, officer):
    # given an assignment not signed for
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    api_client.force_authenticate(officer)
    url = f"/api/v1/assignments/{assignment.pk}"

    # when the unit contacts, replies or asks for time, then 409 naming the state
    for action, body in (
        ("contacts", {"stage": "before", "note": "电话联系"}),
        ("reply", {"reply_class": "A", "content": "已解决"}),
        ("extension-requests", {"requested_deadline": "2099-01-01", "reason": "复杂"}),
    ):
        response = api_client.post(f"{url}/{action}/", body, format="json")
        assert (action, response.status_code, response.data["code"]) == (action, 409, "invalid_transition")
        assert "待签收" in response.data["detail"]

    # signing needs the leader (400 on the field, in Chinese)
    response = api_client.post(f"{url}/receive/", {"responsible_person": "王科长"}, format="json")
    assert response.status_code == 400 and "responsible_leader" in response.data
    response = api_client.post(
        f"{url}/receive/", {"responsible_person": "王科长", "responsible_leader": " "}, format="json"
    )
    assert response.status_code == 400 and response.data["responsible_leader"]
    assert Assignment.objects.get(pk=assignment.pk).state == Assignment.State.ASSIGNED

    # signed, the reply goes
    response = api_client.post(
        f"{url}/receive/", {"responsible_person": "王科长", "responsible_leader": "李副局长"}, format="json"
    )
    assert response.status_code == 200 and response.data["responsible_leader"] == "李副局长"
    response = api_client.post(f"{url}/reply/", {"reply_class": "A", "content": "已解决"}, format="json")
    assert response.status_code == 201 and response.data["state"] == "review"


def test_the_four_fixed_endpoint(api_client, staff, unit, officer, other_officer):
    # given an assignment not yet signed for
    assignment = walk_to("assigned", staff=staff, unit=unit).assignments.get()
    url = f"/api/v1/assignments/{assignment.pk}/fixed/"
    body = {"responsible_person": "孙科员", "responsible_leader": "周副局长", "measures": "会同街道"}
    api_client.force_authenticate(officer)
    response = api_client.post(url, body, format="json")
    assert response.status_code == 409 and response.data["code"] == "invalid_transition"

    # when signed, the unit changes them
    api_client.post(
        f"/api/v1/assignments/{assignment.pk}/receive/",
        {"responsible_person": "王科长", "responsible_leader": "李副局长"},
        format="json",
    )
    response = api_client.post(url, body, format="json")
    assert response.status_code == 200
    assert (response.data["responsible_person"], response.data["responsible_leader"]) == (
        "孙科员",
        "周副局长",
    )
    assert response.data["measures"] == "会同街道"
    events = api_client.get(f"/api/v1/proposals/{assignment.proposal_id}/").data["events"]
    assert events[-1]["action"] == "assignment_update_fixed" and "李副局长 → 周副局长" in events[-1]["note"]

    # an empty body is 400 on both required fields; others: 404 (another unit), 403 (staff)
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 400 and {"responsible_person", "responsible_leader"} <= set(response.data)
    api_client.force_authenticate(other_officer)
    assert api_client.post(url, body, format="json").status_code == 404
    api_client.force_authenticate(staff)
    assert api_client.post(url, {}, format="json").status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).responsible_person == "孙科员"


def test_the_four_fixed_endpoint_is_in_the_openapi_schema(api_client, staff):
    api_client.force_authenticate(staff)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/assignments/{id}/fixed/"]["post"]
    assert operation["summary"].startswith("修改四定")
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["required"]) == {"responsible_person", "responsible_leader"}
    receive = schema["paths"]["/api/v1/assignments/{id}/receive/"]["post"]["requestBody"]
    receive_ref = receive["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "responsible_leader" in schema["components"]["schemas"][receive_ref]["required"]
