"""The government office reviewer's pages and the staff statistics page."""

import pytest
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from proposals.models import Assignment, Proposal, Reply
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def _in_review(unit, staff, officer, **kwargs):
    proposal = walk_to("reply_review", unit=unit, staff=staff, officer=officer, **kwargs)
    return proposal.assignments.get().replies.get()


@pytest.mark.parametrize("rows", [2, 6])
def test_review_queue_with_constant_queries(
    client, unit, staff, officer, reviewer, rows, django_assert_num_queries
):
    replies = [_in_review(unit, staff, officer) for _ in range(rows)]
    client.force_login(reviewer)
    client.get(reverse("portal:review-list"))  # warm the session
    # 1 user, 2 count, 3 the page of replies (assignment, unit, proposal and lead deputy
    # joined); the session, role groups, the reviewer's unit (is it the government office?) and
    # the district profile come from the cache, and a read-only request saves no session
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:review-list"))
    html = response.content.decode()
    assert html.count('class="title"') == rows
    assert all(reverse("portal:reply-review", args=[r.pk]) in html for r in replies)


def test_review_pages_are_the_reviewers_only(client, unit, staff, officer, deputy_user):
    reply = _in_review(unit, staff, officer)
    for user in (officer, deputy_user, staff):
        client.force_login(user)
        assert client.get(reverse("portal:review-list")).status_code == 404
        assert client.get(reverse("portal:reply-review", args=[reply.pk])).status_code == 404
        assert (
            client.post(reverse("portal:reply-review", args=[reply.pk]), {"decision": "confirm"}).status_code
            == 404
        )
    reply.refresh_from_db()
    assert reply.state == Reply.State.REVIEW


def test_party_office_reviewer_sees_an_empty_queue(client, unit, staff, officer):
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory

    office = OrganizationFactory(kind=Organization.Kind.PARTY_OFFICE, is_handling_unit=False)
    _in_review(unit, staff, officer)
    client.force_login(UserFactory(roles=[roles.REVIEWER], unit=office))
    response = client.get(reverse("portal:review-list"))
    assert response.status_code == 200 and "无需审核" in response.content.decode()


def test_review_page_shows_proposal_reply_and_contacts_then_confirms(client, unit, staff, officer, reviewer):
    from proposals import services

    proposal = walk_to("assigned", unit=unit, staff=staff, received=True)
    assignment = proposal.assignments.get()
    services.contact_add(actor=officer, assignment=assignment, stage="before", note="电话联系了代表")
    reply = services.reply_submit(
        actor=officer, assignment=assignment, reply_class="A", content="问题已解决。"
    )
    client.force_login(reviewer)
    url = reverse("portal:reply-review", args=[reply.pk])
    html = client.get(url).content.decode()
    assert proposal.title in html and proposal.content in html
    assert "问题已解决。" in html and "电话联系了代表" in html and "审核确认" in html
    response = client.post(url, {"decision": "confirm", "comments": ""})
    assert response.status_code == 302 and response.url == reverse("portal:review-list")
    reply.refresh_from_db()
    proposal.refresh_from_db()
    assert reply.state == Reply.State.CONFIRMED and proposal.state == Proposal.State.REPLIED
    # reviewing twice is a message on the page, not a 500
    response = client.post(url, {"decision": "confirm"})
    assert response.status_code == 400 and "不能审核" in response.content.decode()


def test_send_back_needs_comments_and_keeps_them(client, unit, staff, officer, reviewer):
    reply = _in_review(unit, staff, officer)
    client.force_login(reviewer)
    url = reverse("portal:reply-review", args=[reply.pk])
    response = client.post(url, {"decision": "send_back", "comments": "  "})
    assert response.status_code == 400 and "此项为必填项。" in response.content.decode()
    response = client.post(url, {"decision": "maybe", "comments": "我的意见"})
    html = response.content.decode()
    assert response.status_code == 400 and "请选择审核结果。" in html and "我的意见" in html
    assert client.post(url, {"decision": "send_back", "comments": "请补充进度安排"}).status_code == 302
    reply.refresh_from_db()
    assert reply.state == Reply.State.SENT_BACK
    assert reply.assignment.state == Assignment.State.HANDLING


def test_statistics_page_for_staff_with_chart(
    client, unit, staff, officer, deputy_user, django_assert_num_queries
):
    for _ in range(3):
        walk_to("closed", unit=unit, staff=staff, officer=officer)
    client.force_login(staff)
    client.get(reverse("portal:proposal-statistics"))
    # 1 session, 2 user, 3 role groups, 4 years, 5 the reply classes rule (class columns),
    # 6 district profile, 7-9 session saved; the statistics themselves (the rule and the one
    # aggregate per unit) come from the cache the first request filled
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:proposal-statistics"), {"year": "2026"})
    html = response.content.decode()
    assert unit.name in html and "echarts.min.js" in html and "unit-chart-data" in html
    assert client.get(reverse("portal:proposal-statistics"), {"year": "abc"}).status_code == 200
    client.force_login(deputy_user)
    assert client.get(reverse("portal:proposal-statistics")).status_code == 404
