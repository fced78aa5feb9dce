"""The proposals API: the whole life end to end, walls, errors, pinned query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deputies.tests.factories import DeputyFactory
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory, walk_to

pytestmark = pytest.mark.django_db
P = Proposal.State


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_whole_life_through_the_api(api_client, deputy, cosigner_deputy, staff, unit, officer, reviewer):
    # given: a deputy drafts with a co-signer
    client = as_user(api_client, deputy.user)
    response = client.post(
        "/api/v1/proposals/",
        {
            "kind": "suggestion",
            "title": "关于增设公交线路的建议",
            "content": "……",
            "co_signers": [cosigner_deputy.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert response.data["state"] == "draft"
    assert response.data["co_signers"][0]["state"] == "invited"

    # the co-signer confirms and the deputy submits
    as_user(api_client, cosigner_deputy.user)
    assert (
        api_client.post(f"/api/v1/proposals/{pk}/cosign/", {"accept": True}, format="json").status_code == 200
    )
    as_user(api_client, deputy.user)
    assert api_client.post(f"/api/v1/proposals/{pk}/submit/").data["state"] == "submitted"

    # staff register and assign
    as_user(api_client, staff)
    assert (
        api_client.post(f"/api/v1/proposals/{pk}/register/", {}, format="json").data["state"] == "registered"
    )
    response = api_client.post(f"/api/v1/proposals/{pk}/assign/", {"lead_units": [unit.pk]}, format="json")
    assert response.status_code == 200 and response.data["state"] == "assigned"

    # the unit sees it in its inbox, logs contact, replies
    as_user(api_client, officer)
    inbox = api_client.get("/api/v1/assignments/").data["results"]
    assert [item["proposal"]["id"] for item in inbox] == [pk]
    assignment_id = inbox[0]["id"]
    assert inbox[0]["deadline"]
    response = api_client.post(
        f"/api/v1/assignments/{assignment_id}/receive/",
        {"responsible_person": "王科长", "responsible_leader": "李副局长"},
        format="json",
    )
    assert response.status_code == 200
    response = api_client.post(
        f"/api/v1/assignments/{assignment_id}/contacts/",
        {"stage": "before", "note": "电话联系"},
        format="json",
    )
    assert response.status_code == 201
    response = api_client.post(
        f"/api/v1/assignments/{assignment_id}/reply/",
        {"reply_class": "A", "content": "已开通。"},
        format="json",
    )
    assert response.status_code == 201 and response.data["state"] == "review"

    # the government office sends it back once, then confirms
    as_user(api_client, reviewer)
    assert api_client.get("/api/v1/reviews/").data["count"] == 1
    response = api_client.post(
        f"/api/v1/assignments/{assignment_id}/send-back/", {"comments": "请补充"}, format="json"
    )
    assert response.status_code == 200 and response.data["state"] == "handling"
    as_user(api_client, officer)
    api_client.post(
        f"/api/v1/assignments/{assignment_id}/reply/",
        {"reply_class": "A", "content": "已开通71路。"},
        format="json",
    )
    as_user(api_client, reviewer)
    assert (
        api_client.post(f"/api/v1/assignments/{assignment_id}/confirm/", {}, format="json").status_code == 200
    )

    # the deputy rates; the proposal is closed and public
    as_user(api_client, deputy.user)
    response = api_client.post(
        f"/api/v1/proposals/{pk}/rate/", {"satisfaction": "satisfied", "comment": "好"}, format="json"
    )
    assert response.status_code == 200 and response.data["state"] == "closed"
    assert [e["to_state"] for e in response.data["events"]][-1] == "closed"

    api_client.force_authenticate(None)
    public = api_client.get("/api/v1/public/proposals/", {"search": "公交"})
    assert public.status_code == 200 and [p["id"] for p in public.data["results"]] == [pk]
    detail = api_client.get(f"/api/v1/public/proposals/{pk}/")
    assert detail.data["assignments"][0]["replies"][0]["content"] == "已开通71路。"


def test_disallowed_transition_is_409_with_chinese_and_changes_nothing(api_client, staff):
    proposal = walk_to("registered", staff=staff)
    as_user(api_client, staff)
    response = api_client.post(f"/api/v1/proposals/{proposal.pk}/register/", {}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "invalid_transition"
    assert "已立案" in response.data["detail"]
    proposal.refresh_from_db()
    assert proposal.state == P.REGISTERED


def test_deputy_cannot_register_own_proposal(api_client, staff):
    proposal = walk_to("submitted", staff=staff)
    as_user(api_client, proposal.lead_deputy.user)
    response = api_client.post(f"/api/v1/proposals/{proposal.pk}/register/", {}, format="json")
    assert response.status_code == 403
    assert response.data["detail"]


def test_foreign_proposal_is_404(api_client, deputy):
    other = ProposalFactory()
    as_user(api_client, deputy.user)
    assert api_client.get(f"/api/v1/proposals/{other.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/proposals/{other.pk}/submit/").status_code == 404
    other.refresh_from_db()
    assert other.state == P.DRAFT


def test_bad_input_is_400_with_field_errors(api_client, deputy, staff):
    as_user(api_client, deputy.user)
    response = api_client.post("/api/v1/proposals/", {"kind": "petition", "title": ""}, format="json")
    assert response.status_code == 400
    assert {"kind", "title", "content"} <= set(response.data)
    response = api_client.post(
        "/api/v1/proposals/",
        {"kind": "suggestion", "title": "t", "content": "c", "co_signers": [987654]},
        format="json",
    )
    assert response.status_code == 400 and "co_signers" in response.data

    proposal = walk_to("submitted", staff=staff)
    as_user(api_client, staff)
    response = api_client.post(f"/api/v1/proposals/{proposal.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.data
    registered = walk_to("registered", staff=staff)
    response = api_client.post(
        f"/api/v1/proposals/{registered.pk}/assign/", {"lead_units": [424242]}, format="json"
    )
    assert response.status_code == 400 and "lead_units" in response.data


def test_return_with_reason_the_deputy_reads(api_client, staff):
    proposal = walk_to("submitted", staff=staff)
    as_user(api_client, staff)
    api_client.post(f"/api/v1/proposals/{proposal.pk}/return/", {"reason": "不属于本级事权"}, format="json")
    as_user(api_client, proposal.lead_deputy.user)
    data = api_client.get(f"/api/v1/proposals/{proposal.pk}/").data
    assert data["state"] == "returned" and data["return_reason"] == "不属于本级事权"


def test_deputy_list_is_own_and_cosigned(api_client, deputy, term, django_assert_num_queries):
    own = ProposalFactory.create_batch(3, lead_deputy=deputy, term=term)
    cosigned = ProposalFactory(term=term)
    cosigned.cosigners.create(deputy=deputy)
    ProposalFactory.create_batch(2, term=term)  # other deputies' proposals
    as_user(api_client, deputy.user)
    # 1 the deputy record, 2 the user's roles, 3 count, 4 the page with deputy, category and lead unit
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/proposals/")
    assert {p["id"] for p in response.data["results"]} == {p.pk for p in own} | {cosigned.pk}


def test_staff_list_query_count_is_constant(api_client, staff, django_assert_num_queries):
    # submitted ones: the deputies' online drafts are not the staff's to see
    for _ in range(4):
        walk_to("submitted", staff=staff)
    as_user(api_client, staff)
    # 1 the user's roles, 2 count, 3 the page (deputy, category and lead unit joined or subqueried)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/proposals/")
    assert response.data["count"] == 4


def test_public_api_shows_only_disclosed(api_client, staff, django_assert_num_queries):
    closed = [walk_to("closed", staff=staff) for _ in range(3)]
    hidden = walk_to("closed", staff=staff)
    from proposals import services

    services.proposal_withhold(actor=staff, proposal=hidden, reason="涉及隐私")
    walk_to("replied", staff=staff)
    # 1 count, 2 the page with deputy, category and lead unit name
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/public/proposals/")
    assert {p["id"] for p in response.data["results"]} == {p.pk for p in closed}
    assert api_client.get(f"/api/v1/public/proposals/{hidden.pk}/").status_code == 404


def test_public_search_by_unit_and_deputy_names(api_client, staff, term):
    from congress.tests.factories import OrganizationFactory

    road = OrganizationFactory(name="区建设和管理委员会")
    lead = DeputyFactory(term=term, name="林晓", with_user=True)
    match = walk_to("closed", staff=staff, unit=road, lead_deputy=lead, term=term)
    walk_to("closed", staff=staff)
    for query in ("建设和管理", "林晓", match.serial):
        with CaptureQueriesContext(connection):
            data = api_client.get("/api/v1/public/proposals/", {"search": query}).data
        assert [p["id"] for p in data["results"]] == [match.pk], query


def test_statistics_for_staff_only(api_client, staff, deputy, unit):
    walk_to("closed", staff=staff, unit=unit)
    as_user(api_client, deputy.user)
    assert api_client.get("/api/v1/proposals/statistics/", {"year": 2026}).status_code == 403
    as_user(api_client, staff)
    rows = api_client.get("/api/v1/proposals/statistics/", {"year": 2026}).data
    assert rows[0]["unit"] == unit.name and rows[0]["satisfaction_rate"] == 100.0
    assert api_client.get("/api/v1/proposals/statistics/", {"year": "abc"}).status_code == 400


def test_openapi_schema_documents_request_bodies(api_client, staff):
    as_user(api_client, staff)
    response = api_client.get("/api/schema/")
    if response.status_code == 404:
        pytest.skip("schema served elsewhere")
    text = response.content.decode()
    for fragment in (
        "/api/v1/proposals/{id}/assign/",
        "lead_units",
        "AssignInput",
        "ReplyInput",
        "satisfaction",
    ):
        assert fragment in text


def test_oversight_endpoint_keeps_its_json_names(api_client, staff, term):
    # given: an assigned proposal, a working committee and a deputy to join the oversight
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory

    committee = OrganizationFactory(kind=Organization.Kind.WORKING_COMMITTEE)
    joining = DeputyFactory(term=term)
    proposal = walk_to("assigned", staff=staff)
    as_user(api_client, staff)
    url = f"/api/v1/proposals/{proposal.pk}/supervision/"

    # when: staff set it through the API with the published field names
    response = api_client.post(
        url,
        {
            "is_key_supervision": True,
            "supervising_committee": committee.pk,
            "supervising_deputies": [joining.pk],
            "supervising_leader": "王副区长",
        },
        format="json",
    )

    # then: the answer uses the same names, and the timeline the same action code
    assert response.status_code == 200, response.data
    assert response.data["is_key_supervision"] is True
    assert response.data["supervising_committee"] == committee.name
    assert response.data["supervising_leader"] == "王副区长"
    assert response.data["events"][-1]["action"] == "supervise"
    assert response.data["events"][-1]["action_label"] == "督办设置"
    proposal.refresh_from_db()
    assert proposal.is_key_oversight and list(proposal.oversight_deputies.all()) == [joining]

    # a unit that is not a working committee: a 400 naming the published field
    other = OrganizationFactory(kind=Organization.Kind.DEPARTMENT)
    response = api_client.post(
        url, {"is_key_supervision": False, "supervising_committee": other.pk}, format="json"
    )
    assert response.status_code == 400 and "supervising_committee" in response.data
    # a missing flag: DRF's own 400 under the published name
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 400 and "is_key_supervision" in response.data


def test_unsatisfied_without_a_reason_is_400_on_comment(api_client, staff):
    proposal = walk_to("replied", staff=staff)
    as_user(api_client, proposal.lead_deputy.user)
    url = f"/api/v1/proposals/{proposal.pk}/rate/"
    for body in ({"satisfaction": "unsatisfied"}, {"satisfaction": "unsatisfied", "comment": "  "}):
        response = api_client.post(url, body, format="json")
        assert response.status_code == 400
        assert [str(m) for m in response.data["comment"]] == ["选择“不满意”时，请填写不满意的理由。"]
    assert Proposal.objects.get(pk=proposal.pk).state == P.REPLIED
    response = api_client.post(url, {"satisfaction": "unsatisfied", "comment": "进度太慢"}, format="json")
    assert response.status_code == 200 and response.data["state"] == "rehandling"
    assert response.data["ratings"][0]["comment"] == "进度太慢"


def test_the_missing_opinion_flag_in_the_proposal_detail(api_client, staff, unit, other_unit, officer):
    from proposals import services
    from proposals.tests.factories import receive

    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(
        actor=staff, proposal=proposal, lead_units=[unit.pk], assisting_units=[other_unit.pk]
    )
    as_user(api_client, staff)
    assert api_client.get(f"/api/v1/proposals/{proposal.pk}/").data["opinion_missing"] is False
    lead = proposal.assignments.get(unit=unit)
    receive(lead, officer)
    services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")
    data = api_client.get(f"/api/v1/proposals/{proposal.pk}/").data
    assert data["opinion_missing"] is True
    assert any(e["action"] == "opinion_missing" and other_unit.name in e["note"] for e in data["events"])
