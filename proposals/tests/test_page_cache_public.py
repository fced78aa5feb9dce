"""The public page cache and the proposals (issue 16): the replies pages depend on
``proposals.public`` only, so what the public sees changes on the next request after each write
that changes it (closing, withholding, disclosure, a follow-up report, an edit, a delete, the
daily close), while a draft, a submission or a co-signature leaves them served from the cache —
and the deputy's public page, which counts the deputy's proposals, renders again. The writes
really commit (``transaction=True``): the versions are bumped when a transaction commits."""

import datetime as dt

import pytest
from django.urls import reverse

from congress import page_cache
from deputies.tests.factories import DeputyFactory
from proposals import services
from proposals.models import CoSigner, Proposal
from proposals.services.reminders import proposals_close_unrated_due
from proposals.tests.factories import CategoryFactory, officer_for, walk_to

pytestmark = pytest.mark.django_db(transaction=True)

LIST = reverse("public:proposal-list")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CONGRESS_PAGE_CACHE = True


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def state(response) -> str | None:
    return response.headers.get(page_cache.HEADER)


def html(client, url) -> str:
    return get(client, url).content.decode()


def detail(proposal) -> str:
    return reverse("public:proposal-detail", args=[proposal.pk])


def test_closing_withholding_and_disclosure_are_seen_on_the_next_request(client, unit, staff):
    proposal = walk_to("replied", unit=unit, staff=staff, title="关于加装电梯的建议")
    assert "关于加装电梯的建议" not in html(client, LIST)
    assert state(get(client, LIST)) == "hit"

    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")
    assert "关于加装电梯的建议" in html(client, LIST)
    assert "关于加装电梯的建议" in html(client, detail(proposal))
    assert state(get(client, detail(proposal))) == "hit"

    services.proposal_withhold(actor=staff, proposal=proposal, reason="涉及个人隐私")
    assert "关于加装电梯的建议" not in html(client, LIST)
    assert client.get(detail(proposal)).status_code == 404

    services.proposal_unwithhold(actor=staff, proposal=proposal)
    assert "关于加装电梯的建议" in html(client, LIST)
    assert "关于加装电梯的建议" in html(client, detail(proposal))


def test_a_follow_up_report_on_a_closed_proposal(client, unit, staff):
    officer = officer_for(unit)
    proposal = walk_to("closed", unit=unit, staff=staff, officer=officer, reply_class="B")
    assert "加装工程已完工" not in html(client, detail(proposal))
    services.reply_follow_up(
        actor=officer, assignment=proposal.assignments.get(), content="加装工程已完工", is_resolved=True
    )
    assert "加装工程已完工" in html(client, detail(proposal))


def test_an_edit_a_category_and_a_delete_of_what_the_public_sees(client, unit, staff):
    category = CategoryFactory(name="城市建设")
    proposal = walk_to("closed", unit=unit, staff=staff, title="旧的标题", category=category)
    assert "旧的标题" in html(client, LIST)
    proposal.title = "改过的标题"  # an edit in the admin (history kept by the model)
    proposal.save()
    page = html(client, LIST)
    assert "改过的标题" in page and "旧的标题" not in page

    proposal.title = "只改标题"  # a save naming its fields, not the state
    proposal.save(update_fields=["title"])
    assert "只改标题" in html(client, LIST)

    category.name = "城乡建设"
    category.save()
    assert "城乡建设" in html(client, detail(proposal))

    proposal.delete()
    assert "只改标题" not in html(client, LIST)


def test_a_whole_row_save_that_leaves_closed(client, unit, staff):
    """The factory's instance read its state as a draft long ago: the save of the whole row
    reads the stored state first, so leaving ``closed`` empties the replies pages."""
    proposal = walk_to("closed", unit=unit, staff=staff, title="重新办理的建议")
    assert "重新办理的建议" in html(client, LIST)
    proposal.state = Proposal.State.REPLIED
    proposal.save()
    assert "重新办理的建议" not in html(client, LIST)


def test_the_daily_close_of_unrated_proposals(client, unit, staff):
    proposal = walk_to("replied", unit=unit, staff=staff, title="未测评的建议")
    assert "未测评的建议" not in html(client, LIST)
    assert proposals_close_unrated_due(today=proposal.rating_deadline + dt.timedelta(days=1)) == 1
    assert "未测评的建议" in html(client, LIST)


def test_drafting_submitting_and_cosigning_leave_the_replies_pages_cached(client, term, unit, staff):
    """The congress session: the public keeps reading the replies from the cache while the
    deputies write; the deputy's own public page (which counts the submitted proposals and the
    confirmed co-signatures) shows each write on the next request."""
    closed = walk_to("closed", unit=unit, staff=staff, term=term, title="已答复的建议")
    lead = DeputyFactory(term=term, with_user=True, name="王代表")
    colleague = DeputyFactory(term=term, with_user=True, name="李代表")
    profile = reverse("public:deputy-profile", args=[lead.pk])
    colleague_profile = reverse("public:deputy-profile", args=[colleague.pk])
    replies = [
        LIST,
        LIST + "?q=建议",
        detail(closed),
        reverse("public:search") + "?q=建议",
        reverse("public:search") + "?q=建议&kind=proposals",
    ]
    for url in [*replies, profile, colleague_profile]:
        get(client, url)
    before = html(client, profile)

    draft = services.proposal_create(
        actor=lead.user,
        kind=Proposal.Kind.SUGGESTION,
        title="新的草稿",
        content="内容",
        co_signers=[colleague.pk],
    )
    assert all(state(get(client, url)) == "hit" for url in replies)

    services.proposal_submit(actor=lead.user, proposal=draft)
    assert all(state(get(client, url)) == "hit" for url in replies)
    after = get(client, profile)
    assert state(after) == "miss" and after.content.decode() != before

    colleague_before = html(client, colleague_profile)
    services.cosign_confirm(actor=colleague.user, cosigner=CoSigner.objects.get(proposal=draft))
    assert all(state(get(client, url)) == "hit" for url in replies)
    colleague_after = get(client, colleague_profile)
    assert state(colleague_after) == "miss" and colleague_after.content.decode() != colleague_before

    # registration and assignment change nothing public either
    services.proposal_register(actor=staff, proposal=Proposal.objects.get(pk=draft.pk))
    services.proposal_assign(actor=staff, proposal=Proposal.objects.get(pk=draft.pk), lead_units=[unit.pk])
    assert all(state(get(client, url)) == "hit" for url in replies)


def test_the_public_api_of_replies_depends_on_what_the_public_sees_too(client, term, unit, staff):
    """The public proposals API (``congress.api.public_cache``) records what it reads like the
    pages: the congress session's writes leave its answers cached, closing a proposal does not."""
    from congress.api.public_cache import HEADER

    closed = walk_to("closed", unit=unit, staff=staff, term=term, title="已答复的建议")
    lead = DeputyFactory(term=term, with_user=True)
    urls = [
        reverse("api-public-proposal-list"),
        reverse("api-public-proposal-list") + "?search=建议",
        reverse("api-public-proposal-detail", args=[closed.pk]),
    ]
    for url in urls:
        assert client.get(url).headers[HEADER] == "miss"
        hit = client.get(url)
        assert hit.headers[HEADER] == "hit"
        etag = hit.headers["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    draft = services.proposal_create(
        actor=lead.user, kind=Proposal.Kind.SUGGESTION, title="新的草稿", content="内容"
    )
    services.proposal_submit(actor=lead.user, proposal=draft)
    assert [client.get(url).headers[HEADER] for url in urls] == ["hit", "hit", "hit"]

    second = walk_to("replied", unit=unit, staff=staff, term=term, title="第二件建议")
    services.proposal_rate(actor=second.lead_deputy.user, proposal=second, satisfaction="satisfied")
    listed = client.get(urls[0])
    assert listed.headers[HEADER] == "miss"
    assert "第二件建议" in listed.content.decode()
    assert client.get(urls[2], HTTP_IF_NONE_MATCH=etag).status_code == 200  # the ETag moved on too
