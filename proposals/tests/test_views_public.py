"""The public reply search and reading pages: only closed, not withheld proposals, ever."""

import pytest
from django.urls import reverse

from proposals import services
from proposals.tests.factories import CategoryFactory, ProposalFactory, walk_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 6])
def test_public_search_with_constant_queries(client, unit, staff, rows, django_assert_num_queries):
    category = CategoryFactory(name="教育")
    closed = [walk_to("closed", unit=unit, staff=staff, category=category) for _ in range(rows)]
    # 1 years with disclosed proposals, 2 handling units, 3 active categories, 4 count,
    # 5 the page (lead deputy, category, lead unit and its reply class in one query),
    # 6 district profile (footer)
    with django_assert_num_queries(6):
        response = client.get(reverse("public:proposal-list"))
    html = response.content.decode()
    assert html.count('class="title"') == rows
    assert all(p.title in html for p in closed)
    assert unit.name in html and 'class="class-badge">A<' in html and closed[0].serial in html
    # htmx live results: 1 count, 2 page
    with django_assert_num_queries(2):
        response = client.get(
            reverse("public:proposal-list"), {"q": closed[0].title, "year": "2026"}, HTTP_HX_REQUEST="true"
        )
    assert response.content.decode().count('class="title"') == 1


def test_public_never_shows_open_or_withheld(client, unit, staff):
    shown = walk_to("closed", unit=unit, staff=staff, title="公开的建议")
    withheld = walk_to("closed", unit=unit, staff=staff, title="不公开的建议")
    services.proposal_withhold(actor=staff, proposal=withheld, reason="涉及个人隐私")
    replied = walk_to("replied", unit=unit, staff=staff, title="待测评的建议")
    draft = ProposalFactory(title="草稿建议")
    html = client.get(reverse("public:proposal-list"), {"q": "建议"}).content.decode()
    assert shown.title in html
    for hidden in (withheld, replied, draft):
        assert hidden.title not in html
        assert client.get(reverse("public:proposal-detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("public:proposal-detail", args=[shown.pk])).status_code == 200


def test_public_detail_shows_public_replies_only(client, unit, staff, officer, django_assert_num_queries):
    from proposals.tests.factories import reviewer_actor

    reviewer = reviewer_actor()
    proposal = walk_to("assigned", unit=unit, staff=staff, received=True)
    assignment = proposal.assignments.get()
    first = services.reply_submit(actor=officer, assignment=assignment, reply_class="B", content="初稿答复")
    services.reply_send_back(actor=reviewer, reply=first, comments="内部审核意见")
    second = services.reply_submit(actor=officer, assignment=assignment, reply_class="A", content="正式答复")
    services.reply_confirm(actor=reviewer, reply=second)
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")
    # 1 the proposal with deputy and category, 2 assignments with units, 3 confirmed replies,
    # 4 their attachments, 5 confirmed co-signers, 6 district profile
    with django_assert_num_queries(6):
        response = client.get(reverse("public:proposal-detail", args=[proposal.pk]))
    html = response.content.decode()
    assert "正式答复" in html and proposal.content in html and unit.name in html
    assert "初稿答复" not in html and "内部审核意见" not in html


def test_public_search_filters_and_garbage(client, unit, other_unit, staff):
    education = walk_to(
        "closed", unit=unit, staff=staff, title="学校建议", category=CategoryFactory(name="教育")
    )
    health = walk_to("closed", unit=other_unit, staff=staff, title="医院建议")
    html = client.get(reverse("public:proposal-list"), {"unit": other_unit.pk}).content.decode()
    assert health.title in html and education.title not in html
    html = client.get(reverse("public:proposal-list"), {"category": education.category_id}).content.decode()
    assert education.title in html and health.title not in html
    html = client.get(reverse("public:proposal-list"), {"q": education.lead_deputy.name}).content.decode()
    assert education.title in html and health.title not in html
    html = client.get(reverse("public:proposal-list"), {"q": unit.name}).content.decode()
    assert education.title in html
    for garbage in (
        {"year": "二〇二六"},
        {"unit": "-1"},
        {"category": "1 OR 1=1"},
        {"page": "999"},
        {"q": "%" * 500},
    ):
        assert client.get(reverse("public:proposal-list"), garbage).status_code == 200


def test_public_search_finds_a_reply_by_category_deputy_group_and_street(
    client, api_client, unit, staff, term
):
    """养老 finds the 养老服务 reply though neither its title nor its content says 养老; the lead
    deputy's group (代表组) and street (街道) find it too — on the page and in the public API."""
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory
    from deputies.tests.factories import DeputyFactory, DeputyGroupFactory

    street = OrganizationFactory(name="湖南路街道", kind=Organization.Kind.STREET)
    group = DeputyGroupFactory(term=term, organization=street, name="湖南街道代表组")
    care = walk_to(
        "closed",
        unit=unit,
        staff=staff,
        term=term,
        title="关于增设日间照料中心的建议",
        content="社区老人白天无人照看。",
        category=CategoryFactory(name="养老服务"),
        lead_deputy=DeputyFactory(term=term, group=group, with_user=True),
    )
    other = walk_to("closed", unit=unit, staff=staff, term=term, title="关于学校周边交通的建议")
    for query in ("养老", "养老服务", "湖南街道代表组", "湖南路街道", "湖南", "养老 湖南路"):
        html = client.get(reverse("public:proposal-list"), {"q": query}).content.decode()
        assert care.title in html and other.title not in html, query
        data = api_client.get("/api/v1/public/proposals/", {"search": query}).data
        assert [p["id"] for p in data["results"]] == [care.pk], query
    assert other.title not in client.get(reverse("public:proposal-list"), {"q": "养老 学校"}).content.decode()
