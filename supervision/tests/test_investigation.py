"""Special-question investigation: proposed by the chairpersons' meeting or by one fifth of the
members (a rule; fewer → a Chinese error on ``proposers``), decided at a meeting, a committee
of deputies, findings and resolution; public once concluded; the API's 201/400/403/404/409;
the admin's step buttons; the demo."""

import pytest
from django.urls import reverse

from congress import roles
from congress.exceptions import ApplicationError, InvalidTransition
from congress.models import Rule
from congress.tests.demo_snapshot import load_demo_cached
from congress.tests.factories import UserFactory
from meetings.tests.factories import MeetingFactory
from supervision import selectors_investigation as sel
from supervision import services
from supervision.models import Investigation

pytestmark = pytest.mark.django_db
V = Investigation.State
BASE = "/api/v1/supervision/investigations"


@pytest.fixture
def deputies(db):
    return [UserFactory(roles=[roles.DEPUTY]) for _ in range(2)]


@pytest.fixture
def meeting(db):
    return MeetingFactory()


def _propose(staff, **kwargs):
    data = {
        "title": "关于河道治理资金的调查",
        "subject": "资金拨付滞后",
        "proposed_by": "chairpersons",
        **kwargs,
    }
    return services.investigation_propose(actor=staff, **data)


def test_one_fifth_of_the_members_is_a_rule(staff, members):
    # 4 members in the fixture (+ none else): one fifth → at least 1; make it 10 → 2 needed
    for _ in range(6):
        UserFactory(roles=[roles.MEMBER])
    with pytest.raises(ApplicationError) as err:
        _propose(staff, proposed_by="members", proposers=[members[0]])
    assert err.value.extra == {
        "proposers": ["须由常委会组成人员五分之一以上联名提请，至少 2 人，现有 1 人。"]
    }
    Rule.objects.update_or_create(key="supervision.investigation_min_share", defaults={"value": "1/10"})
    assert _propose(staff, proposed_by="members", proposers=[members[0]]).proposers.count() == 1


def test_from_proposal_to_public_resolution(staff, meeting, deputies, member):
    row = _propose(staff)
    assert list(sel.investigations_public()) == []
    row = services.investigation_decide(actor=staff, investigation=row, adopt=True, meeting=meeting)
    with pytest.raises(ApplicationError) as err:
        services.investigation_form_committee(actor=staff, investigation=row, members=[member])
    assert err.value.code == "bad_people"  # committee members are deputies
    row = services.investigation_form_committee(actor=staff, investigation=row, members=deputies)
    row = services.investigation_report_findings(actor=staff, investigation=row, findings="调查报告")
    with pytest.raises(InvalidTransition):
        services.investigation_report_findings(actor=staff, investigation=row, findings="再报")
    row = services.investigation_resolve(actor=staff, investigation=row, resolution="决议")
    assert row.state == V.CONCLUDED and set(row.committee_members.all()) == set(deputies)
    assert [e.action for e in row.events.order_by("id")] == [
        "propose",
        "decide",
        "form_committee",
        "report_findings",
        "resolve",
    ]
    assert sel.investigation_get_public(row.pk) == row
    # walls: a deputy on the committee sees it, another deputy does not
    assert sel.investigation_get_for_user(deputies[0], row.pk) == row
    assert not sel.investigation_list_visible_to(UserFactory(roles=[roles.DEPUTY])).exists()


def test_the_api(api_client, staff, member, meeting, officer):
    api_client.force_authenticate(member)
    assert api_client.post(f"{BASE}/", {}).status_code == 403
    api_client.force_authenticate(staff)
    response = api_client.post(f"{BASE}/", {"title": "", "subject": "理由", "proposed_by": "x"})
    assert response.status_code == 400
    assert "请填写调查事项。" in str(response.data) and "请选择提请方式。" in str(response.data)
    created = api_client.post(f"{BASE}/", {"title": "调查", "subject": "理由", "proposed_by": "chairpersons"})
    assert created.status_code == 201 and created.data["state"] == "proposed"
    pk = created.data["id"]
    response = api_client.post(f"{BASE}/{pk}/findings/", {"findings": "报告"})
    assert response.status_code == 409 and response.data["code"] == "invalid_transition"
    response = api_client.post(f"{BASE}/{pk}/decide/", {"adopt": False, "meeting": meeting.pk})
    assert response.status_code == 200 and response.data["state"] == "rejected"
    api_client.force_authenticate(officer)
    assert api_client.get(f"{BASE}/{pk}/").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/public/supervision/investigations/").data["results"] == []


def test_admin_steps_and_the_public_page(client, staff, meeting, deputies):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    row = _propose(staff)
    page = client.get(reverse("admin:supervision_investigation_change", args=[row.pk])).content.decode()
    assert 'class="workflow-steps"' in page and "会议决定" in page
    step = lambda name: reverse("admin:supervision_investigation_step", args=[row.pk, name])  # noqa: E731
    response = client.post(step("decide"), {"adopt": "1"})
    assert "请选择作出决定的常委会会议。" in response.content.decode()
    assert client.post(step("decide"), {"adopt": "1", "meeting": meeting.pk}).status_code == 302
    assert client.post(step("form_committee"), {"members": [d.pk for d in deputies]}).status_code == 302
    assert client.post(step("report_findings"), {"findings": "调查报告正文"}).status_code == 302
    assert client.post(step("resolve"), {"resolution": "决议正文"}).status_code == 302
    client.logout()
    html = client.get(reverse("public:supervision-investigation", args=[row.pk])).content.decode()
    assert "调查报告正文" in html and "决议正文" in html
    assert row.title in client.get(reverse("public:supervision-investigation-list")).content.decode()


def test_the_demo_has_a_concluded_and_an_ongoing_investigation():
    from congress.demo import load_demo

    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    states = set(Investigation.objects.values_list("state", flat=True))
    assert {V.CONCLUDED, V.INVESTIGATING} <= states
    before = Investigation.objects.count()
    load_demo()
    assert Investigation.objects.count() == before
