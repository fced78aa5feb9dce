"""A draft is the deputy's until submitted: only the lead deputy and the invited co-signers see
an online draft — in the portal, the API and the admin — and only the lead deputy edits and
submits it. Staff type in paper proposals on a deputy's behalf; those drafts are the staff's."""

import pytest
from django.urls import reverse

from congress import roles
from congress.exceptions import PermissionDeniedError
from congress.tests.factories import UserFactory
from proposals import permissions, selectors, services
from proposals.models import Proposal
from proposals.tests.factories import CoSignerFactory, ProposalFactory, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory(username="member_user", roles=[roles.MEMBER])


@pytest.fixture
def online_draft(deputy, term, cosigner_deputy):
    draft = ProposalFactory(lead_deputy=deputy, term=term, title="关于加装电梯的建议（草稿）")
    CoSignerFactory(proposal=draft, deputy=cosigner_deputy)
    return draft


@pytest.fixture
def paper_draft(deputy, term, staff):
    return ProposalFactory(
        lead_deputy=deputy,
        term=term,
        source=Proposal.Source.PAPER,
        created_by=staff,
        title="关于增设路灯的建议（纸质）",
    )


def _visible(user):
    return set(selectors.proposal_list_visible_to(user).values_list("pk", flat=True))


# --- selectors and predicates ----------------------------------------------------------------


def test_online_draft_is_seen_by_its_deputies_only(online_draft, cosigner_deputy, staff, member):
    # given: one submitted proposal everyone in the committee may read
    submitted = walk_to("submitted", staff=staff)
    # then
    assert _visible(online_draft.lead_deputy.user) == {online_draft.pk}
    assert _visible(cosigner_deputy.user) == {online_draft.pk}
    assert _visible(staff) == {submitted.pk}
    assert _visible(member) == {submitted.pk}
    for user in (staff, member):
        with pytest.raises(Exception) as exc:
            selectors.proposal_get_for_user(user, online_draft.pk)
        assert exc.typename == "Http404"


def test_a_staff_member_who_is_a_deputy_sees_own_drafts(online_draft, cosigner_deputy, term):
    user = cosigner_deputy.user
    user.groups.add(*UserFactory(roles=[roles.STAFF]).groups.all())
    other = ProposalFactory(term=term)
    assert online_draft.pk in _visible(user) and other.pk not in _visible(user)


def test_paper_drafts_are_the_staffs(paper_draft, staff, member):
    assert paper_draft.pk in _visible(staff)
    assert paper_draft.pk not in _visible(member)
    assert permissions.can_edit_proposal(staff, paper_draft)
    assert permissions.can_submit_proposal(staff, paper_draft)
    assert not permissions.can_edit_proposal(member, paper_draft)
    assert not permissions.can_edit_proposal(paper_draft.lead_deputy.user, paper_draft)
    with pytest.raises(PermissionDeniedError) as exc:
        services.proposal_submit(actor=paper_draft.lead_deputy.user, proposal=paper_draft)
    assert str(exc.value.message) == "纸质登记的建议由工作人员提交。"


def test_staff_may_not_edit_or_submit_an_online_draft(online_draft, staff):
    assert not permissions.can_edit_proposal(staff, online_draft)
    assert not permissions.can_submit_proposal(staff, online_draft)
    assert permissions.can_edit_proposal(online_draft.lead_deputy.user, online_draft)
    assert permissions.can_submit_proposal(online_draft.lead_deputy.user, online_draft)


# --- portal ------------------------------------------------------------------------------------


def test_portal_hides_online_drafts_from_staff_and_members(client, online_draft, staff, member):
    for user in (staff, member):
        client.force_login(user)
        assert client.get(reverse("portal:proposal-detail", args=[online_draft.pk])).status_code == 404
        assert client.get(reverse("portal:proposal-edit", args=[online_draft.pk])).status_code == 404
        assert client.post(reverse("portal:proposal-submit", args=[online_draft.pk])).status_code == 404
        listing = client.get(reverse("portal:proposal-list")).content.decode()
        assert online_draft.title not in listing
    online_draft.refresh_from_db()
    assert online_draft.state == Proposal.State.DRAFT


def test_portal_shows_the_deputy_the_draft_buttons(client, online_draft):
    client.force_login(online_draft.lead_deputy.user)
    html = client.get(reverse("portal:proposal-detail", args=[online_draft.pk])).content.decode()
    assert "修改草稿" in html and reverse("portal:proposal-submit", args=[online_draft.pk]) in html


def test_portal_shows_staff_the_buttons_of_a_paper_draft(client, paper_draft, staff):
    client.force_login(staff)
    html = client.get(reverse("portal:proposal-detail", args=[paper_draft.pk])).content.decode()
    assert "修改草稿" in html and reverse("portal:proposal-submit", args=[paper_draft.pk]) in html
    client.post(reverse("portal:proposal-submit", args=[paper_draft.pk]))
    paper_draft.refresh_from_db()
    assert paper_draft.state == Proposal.State.SUBMITTED


# --- API ---------------------------------------------------------------------------------------


def test_api_hides_online_drafts_from_staff_and_members(api_client, online_draft, staff, member):
    for user in (staff, member):
        api_client.force_authenticate(user)
        assert api_client.get(f"/api/v1/proposals/{online_draft.pk}/").status_code == 404
        assert api_client.post(f"/api/v1/proposals/{online_draft.pk}/submit/").status_code == 404
        ids = {p["id"] for p in api_client.get("/api/v1/proposals/").data["results"]}
        assert online_draft.pk not in ids
    api_client.force_authenticate(online_draft.lead_deputy.user)
    assert api_client.get(f"/api/v1/proposals/{online_draft.pk}/").status_code == 200


def test_api_staff_create_and_submit_a_paper_draft(api_client, deputy, staff):
    api_client.force_authenticate(staff)
    response = api_client.post(
        "/api/v1/proposals/",
        {"kind": "suggestion", "title": "关于整治噪声的建议", "content": "……", "lead_deputy": deputy.pk},
        format="json",
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    response = api_client.post(f"/api/v1/proposals/{pk}/submit/")
    assert response.status_code == 200 and response.data["state"] == "submitted"


# --- admin -------------------------------------------------------------------------------------


@pytest.fixture
def admin_as(client):
    def login(user):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client.force_login(user)
        return client

    return login


def test_admin_hides_online_drafts(admin_as, online_draft, paper_draft, staff, member):
    submitted = walk_to("submitted", staff=staff)
    for user in (staff, member):
        client = admin_as(user)
        listing = client.get(reverse("admin:proposals_proposal_changelist"))
        assert listing.status_code == 200
        shown = {p.pk for p in listing.context["cl"].result_list}
        assert online_draft.pk not in shown and submitted.pk in shown
        assert (paper_draft.pk in shown) == (user == staff)
        change = client.get(reverse("admin:proposals_proposal_change", args=[online_draft.pk]))
        assert change.status_code == 302  # the admin's "does not exist" redirect
        history = client.get(reverse("admin:proposals_proposal_history", args=[online_draft.pk]))
        assert history.status_code == 404
        version = online_draft.history.first().history_id
        url = reverse("admin:proposals_proposal_simple_history", args=[online_draft.pk, version])
        assert client.get(url).status_code == 404
