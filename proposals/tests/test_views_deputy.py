"""The deputy's pages: my proposals, the draft form with the co-signer picker, submission,
co-sign invitations, the proposal page (timeline, replies after confirmation, rating) and
the walls around them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.services import user_set_unit
from congress.tests.factories import TermFactory
from congress.tests.uploads import PDF
from deputies.tests.factories import DeputyFactory
from proposals import services
from proposals.models import Attachment, CoSigner, Proposal, Rating
from proposals.tests.factories import CategoryFactory, CoSignerFactory, ProposalFactory, walk_to

pytestmark = pytest.mark.django_db
P = Proposal.State


def _rows(n, *, deputy, term):
    """n drafts of the deputy and n proposals of others the deputy co-signed."""
    for _ in range(n):
        ProposalFactory(term=term, lead_deputy=deputy, category=CategoryFactory(name="教育"))
        CoSignerFactory(deputy=deputy, proposal=ProposalFactory(term=term), state=CoSigner.State.CONFIRMED)


@pytest.mark.parametrize("rows", [2, 6])
def test_my_list_shows_own_and_cosigned_with_constant_queries(
    client, deputy, term, rows, django_assert_num_queries
):
    _rows(rows, deputy=deputy, term=term)
    stranger = ProposalFactory(term=term, title="别人的建议")
    invited = CoSignerFactory(deputy=deputy, proposal=ProposalFactory(term=term, title="邀请附议的建议"))
    client.force_login(deputy.user)
    # 1 session, 2 user, 3 the user's role groups, 4 the deputy record (cached after),
    # 5 the page's count, 6 open co-sign invitations, 7 replies awaiting my rating, 8 the
    # district profile (header), 9 the page of proposals (lead deputy, category and the first
    # lead unit's name in one query), 10-12 the session saved (savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(reverse("portal:proposal-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="title"') == 2 * rows + 1  # own, co-signed and the invited one
    assert stranger.title not in html
    assert invited.proposal.title in html and "确认附议" in html
    assert "领衔" in html and "附议（领衔：" in html


def test_list_filters_and_htmx_rows(client, deputy, term, django_assert_num_queries):
    draft = ProposalFactory(term=term, lead_deputy=deputy, title="关于学校午餐的建议")
    submitted = walk_to(
        "submitted", proposal=ProposalFactory(term=term, lead_deputy=deputy, title="关于停车的建议")
    )
    client.force_login(deputy.user)
    # htmx: 1 session, 2 user, 3 roles, 4 deputy, 5 count, 6 page, 7-9 session saved
    with django_assert_num_queries(8):
        response = client.get(reverse("portal:proposal-list"), {"state": "submitted"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert submitted.title in html and draft.title not in html
    assert "<html" not in html
    response = client.get(reverse("portal:proposal-list"), {"q": "午餐"})
    assert draft.title in response.content.decode() and submitted.title not in response.content.decode()
    # garbage filters are ignored, never a 500
    response = client.get(reverse("portal:proposal-list"), {"state": "<x>", "kind": "1;drop", "page": "zz"})
    assert response.status_code == 200


def test_another_deputys_proposal_is_404(client, deputy, term):
    other = ProposalFactory(term=term)
    client.force_login(deputy.user)
    for name in ("portal:proposal-detail", "portal:proposal-edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:proposal-submit", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("portal:proposal-rate", args=[other.pk]), {"satisfaction": "satisfied"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.state == P.DRAFT


def test_create_draft_with_cosigners_category_and_attachment(
    client, deputy, cosigner_deputy, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="城市建设")
    client.force_login(deputy.user)
    assert client.get(reverse("portal:proposal-create")).status_code == 200
    upload = SimpleUploadedFile("调研报告.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:proposal-create"),
            {
                "kind": "suggestion",
                "title": "关于增设公交线路的建议",
                "content": "居民出行不便。",
                "category": category.pk,
                "co_signers": [cosigner_deputy.pk],
                "attachments": [upload],
                "save": "1",
            },
        )
    proposal = Proposal.objects.get(title="关于增设公交线路的建议")
    assert response.status_code == 302 and response.url == reverse(
        "portal:proposal-detail", args=[proposal.pk]
    )
    assert proposal.state == P.DRAFT and proposal.lead_deputy == deputy and proposal.category == category
    assert list(proposal.cosigners.values_list("deputy_id", "state")) == [(cosigner_deputy.pk, "invited")]
    assert Attachment.objects.get(proposal=proposal).name == "调研报告.pdf"
    page = client.get(response.url).content.decode()
    assert "调研报告.pdf" in page and "修改草稿" in page and cosigner_deputy.name in page


def test_create_and_submit_at_once(client, deputy):
    client.force_login(deputy.user)
    response = client.post(
        reverse("portal:proposal-create"),
        {"kind": "suggestion", "title": "关于路灯的建议", "content": "路灯不亮。", "submit_now": "1"},
        follow=True,
    )
    assert Proposal.objects.get(title="关于路灯的建议").state == P.SUBMITTED
    assert "已提交，等待常委会工作人员立案。" in response.content.decode()


def test_motion_without_cosigners_is_saved_but_not_submitted(client, deputy):
    client.force_login(deputy.user)
    response = client.post(
        reverse("portal:proposal-create"),
        {"kind": "motion", "title": "关于制定条例的议案", "content": "理由如下。", "submit_now": "1"},
        follow=True,
    )
    assert Proposal.objects.get(title="关于制定条例的议案").state == P.DRAFT
    assert "议案须由" in response.content.decode()


def test_form_errors_keep_the_input(client, deputy, cosigner_deputy):
    client.force_login(deputy.user)
    response = client.post(
        reverse("portal:proposal-create"),
        {"kind": "suggestion", "title": "", "content": "保留我写的内容", "co_signers": [cosigner_deputy.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写标题。" in html
    assert "保留我写的内容" in html
    assert f'value="{cosigner_deputy.pk}" checked' in html  # the picked co-signer stays picked
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "bogus"}, "请选择建议或议案。"),
        ({"co_signers": ["abc"]}, "无效的代表"),
        ({"co_signers": ["999999"]}, "无效的代表编号：999999"),
        ({"category": "999999"}, "请选择有效的类别。"),
        ({"title": "长" * 201}, "标题不能超过200个字。"),
    ],
)
def test_garbage_input_is_a_chinese_field_error_not_a_500(client, deputy, data, message):
    client.force_login(deputy.user)
    post = {"kind": "suggestion", "title": "标题", "content": "内容", **data}
    response = client.post(reverse("portal:proposal-create"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_own_deputy_cannot_be_a_cosigner(client, deputy):
    client.force_login(deputy.user)
    response = client.post(
        reverse("portal:proposal-create"),
        {"kind": "suggestion", "title": "标题", "content": "内容", "co_signers": [deputy.pk]},
    )
    assert "不能包含领衔代表本人。" in response.content.decode()


def test_edit_draft_replaces_cosigners_and_others_cannot_edit(client, deputy, term, cosigner_deputy):
    dropped = DeputyFactory(term=term, with_user=True)
    proposal = ProposalFactory(term=term, lead_deputy=deputy)
    CoSignerFactory(proposal=proposal, deputy=dropped)
    client.force_login(deputy.user)
    page = client.get(reverse("portal:proposal-edit", args=[proposal.pk])).content.decode()
    assert proposal.title in page and dropped.name in page
    response = client.post(
        reverse("portal:proposal-edit", args=[proposal.pk]),
        {
            "kind": "suggestion",
            "title": "改后的标题",
            "content": "改后的内容",
            "co_signers": [cosigner_deputy.pk],
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "改后的标题"
    assert list(proposal.cosigners.values_list("deputy_id", flat=True)) == [cosigner_deputy.pk]
    # a co-signer sees the draft but cannot edit it
    client.force_login(cosigner_deputy.user)
    response = client.post(
        reverse("portal:proposal-edit", args=[proposal.pk]),
        {"kind": "suggestion", "title": "篡改", "content": "篡改"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "改后的标题"


def test_submitted_proposal_cannot_be_edited(client, deputy, term):
    proposal = walk_to("submitted", proposal=ProposalFactory(term=term, lead_deputy=deputy))
    client.force_login(deputy.user)
    response = client.get(reverse("portal:proposal-edit", args=[proposal.pk]), follow=True)
    assert "只有领衔代表可以修改草稿。" in response.content.decode()
    response = client.post(reverse("portal:proposal-submit", args=[proposal.pk]), follow=True)
    assert "当前状态为“已提交”" in response.content.decode()


def test_cosigner_picker_lists_same_term_deputies(client, deputy, term, django_assert_num_queries):
    picked = DeputyFactory(term=term, name="王小明")
    match = DeputyFactory(term=term, name="王大明")
    DeputyFactory(name="王其他届", term=TermFactory(number=16, name="第十六届", is_current=False))
    client.force_login(deputy.user)
    url = reverse("portal:proposal-cosigner-search")
    # 1 session, 2 user, 3 the deputy record, 4 matching deputies with their group,
    # 5-7 session saved
    with django_assert_num_queries(6):
        response = client.get(url, {"q": "王", "co_signers": [picked.pk]}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert match.name in html
    assert picked.name not in html and "王其他届" not in html and deputy.name not in html
    chip = client.get(reverse("portal:proposal-cosigner-chip"), {"id": match.pk})
    assert f'name="co_signers" value="{match.pk}" checked' in chip.content.decode()
    assert client.get(reverse("portal:proposal-cosigner-chip"), {"id": "x"}).status_code == 404


def test_non_deputy_has_no_draft_form(client, officer):
    client.force_login(officer)
    assert client.get(reverse("portal:proposal-create")).status_code == 404
    assert client.get(reverse("portal:proposal-cosigner-search")).status_code == 404


def test_cosign_invitation_confirm_with_htmx_and_walls(client, term, cosigner_deputy):
    invitation = CoSignerFactory(deputy=cosigner_deputy, proposal=ProposalFactory(term=term))
    other = CoSignerFactory(proposal=ProposalFactory(term=term))
    client.force_login(cosigner_deputy.user)
    response = client.post(
        reverse("portal:proposal-cosign-confirm", args=[invitation.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "已附议" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == CoSigner.State.CONFIRMED
    # answering twice is a message, not a 500
    response = client.post(reverse("portal:proposal-cosign-decline", args=[invitation.pk]), follow=True)
    assert "您已答复过该附议邀请。" in response.content.decode()
    # another deputy's invitation is a 404
    assert client.post(reverse("portal:proposal-cosign-confirm", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.state == CoSigner.State.INVITED


def test_returned_proposal_shows_the_reason(client, deputy, term, staff):
    proposal = walk_to("submitted", proposal=ProposalFactory(term=term, lead_deputy=deputy))
    services.proposal_return(actor=staff, proposal=proposal, reason="属于个人诉求，建议通过信访渠道反映")
    client.force_login(deputy.user)
    html = client.get(reverse("portal:proposal-detail", args=[proposal.pk])).content.decode()
    assert "不予立案理由" in html and "属于个人诉求" in html


def test_reply_reaches_the_deputy_only_after_confirmation_then_rating_closes(
    client, deputy, term, unit, staff, officer, reviewer
):
    proposal = walk_to(
        "reply_review",
        proposal=ProposalFactory(term=term, lead_deputy=deputy),
        unit=unit,
        staff=staff,
        officer=officer,
    )
    client.force_login(deputy.user)
    url = reverse("portal:proposal-detail", args=[proposal.pk])
    html = client.get(url).content.decode()
    assert "已答复。" not in html  # the reply text, still in review
    assert unit.name in html and "办理过程" in html and "提交答复" in html
    services.reply_confirm(actor=reviewer, reply=proposal.assignments.get().replies.get())
    html = client.get(url).content.decode()
    assert "已答复。" in html and 'class="class-badge"' in html
    assert 'id="rate"' in html
    response = client.post(
        reverse("portal:proposal-rate", args=[proposal.pk]), {"satisfaction": "satisfied", "comment": "很好"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED
    assert Rating.objects.get(proposal=proposal).comment == "很好"
    html = client.get(url).content.decode()
    assert 'id="rate"' not in html and "很好" in html


def test_rating_garbage_is_400_with_the_comment_kept(client, deputy, term, unit):
    proposal = walk_to("replied", proposal=ProposalFactory(term=term, lead_deputy=deputy), unit=unit)
    client.force_login(deputy.user)
    response = client.post(
        reverse("portal:proposal-rate", args=[proposal.pk]), {"satisfaction": "great", "comment": "我的意见"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请选择满意、基本满意或不满意。" in html and "我的意见" in html
    proposal.refresh_from_db()
    assert proposal.state == P.REPLIED


def test_detail_page_queries_do_not_grow_with_the_timeline(
    client, deputy, term, unit, django_assert_max_num_queries
):
    proposal = walk_to("closed", proposal=ProposalFactory(term=term, lead_deputy=deputy), unit=unit)
    client.force_login(deputy.user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("portal:proposal-detail", args=[proposal.pk]))
    assert response.status_code == 200


def test_unsatisfied_without_a_reason_is_400_with_the_choice_kept(client, deputy, term, unit):
    proposal = walk_to("replied", proposal=ProposalFactory(term=term, lead_deputy=deputy), unit=unit)
    client.force_login(deputy.user)
    url = reverse("portal:proposal-rate", args=[proposal.pk])
    response = client.post(url, {"satisfaction": "unsatisfied", "comment": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "选择“不满意”时，请填写不满意的理由。" in html
    assert re.search(r'value="unsatisfied"[^>]*checked', html)  # the choice is kept
    assert not Rating.objects.filter(proposal=proposal).exists()
    assert Proposal.objects.get(pk=proposal.pk).state == P.REPLIED
    response = client.post(url, {"satisfaction": "unsatisfied", "comment": "进度太慢，请加快"})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == P.REHANDLING


def test_a_reply_without_the_assisting_opinion_is_flagged_on_the_proposal_page(
    client, deputy, term, unit, other_unit, staff, officer
):
    # given the lead unit replied while the assisting unit had not sent its opinion
    from proposals.tests.factories import receive

    proposal = walk_to("registered", proposal=ProposalFactory(term=term, lead_deputy=deputy), staff=staff)
    services.proposal_assign(
        actor=staff, proposal=proposal, lead_units=[unit.pk], assisting_units=[other_unit.pk]
    )
    lead = proposal.assignments.get(unit=unit)
    receive(lead, officer)
    url = reverse("portal:proposal-detail", args=[proposal.pk])
    client.force_login(deputy.user)
    assert "答复时缺协办意见" not in client.get(url).content.decode()
    services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")

    # then the deputy and staff see the flag, and the timeline names the unit
    for user in (deputy.user, staff):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert 'id="opinion-missing-flag"' in html and "答复时缺协办意见" in html
        assert "协办意见未到" in html and f"{other_unit.name}（协办）尚未提交意见" in html


@pytest.mark.parametrize("rows", [2, 6])
def test_my_list_count_is_cached_until_a_proposals_write_commits(
    client, deputy, term, rows, settings, django_capture_on_commit_callbacks
):
    # given the list's count kept in a local-memory cache (the tests' database cache would add
    # its own queries)
    settings.CONGRESS_LIST_COUNT_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_capture_on_commit_callbacks(execute=True):
        _rows(rows, deputy=deputy, term=term)
    client.force_login(deputy.user)
    url = reverse("portal:proposal-list")
    assert f"共 {2 * rows} 件" in client.get(url).content.decode()

    # when the list is read again: no COUNT, the same number
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert f"共 {2 * rows} 件" in html
    assert not [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    # the user, the deputy record, open invitations, replies awaiting my rating, the page's rows
    # (with this cache the session, roles and district profile come from it too)
    assert len(ctx.captured_queries) == 5, [q["sql"][:80] for q in ctx.captured_queries]

    # a filter is another count
    assert "共 0 件" in client.get(url, {"state": "submitted"}).content.decode()

    # then a proposal written (and committed) is counted on the next request
    with django_capture_on_commit_callbacks(execute=True):
        ProposalFactory(term=term, lead_deputy=deputy)
    assert f"共 {2 * rows + 1} 件" in client.get(url).content.decode()
    assert "共 0 件" in client.get(url, {"state": "submitted"}).content.decode()


def test_a_cached_list_count_follows_the_officers_units(
    client, officer, unit, other_unit, settings, django_capture_on_commit_callbacks
):
    settings.CONGRESS_LIST_COUNT_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("assigned", unit=unit, officer=officer)
    url = reverse("portal:proposal-list")
    client.force_login(officer)
    assert "共 1 件" in client.get(url).content.decode()
    # the officer moved to another unit (no proposals write): another wall, another count
    user_set_unit(user=officer, unit=other_unit)
    assert "共 0 件" in client.get(url).content.decode()
