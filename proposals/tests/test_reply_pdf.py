"""The reply letter (答复函) of a disclosed proposal as a PDF in the GB/T 9704 letter layout:
the Chinese text is really there (pdftotext), one letter per confirmed reply, nothing the public
page does not show, 404 for anything the public may not read."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.tests.pdftext import pdf_pages, pdf_text
from proposals import services
from proposals.tests.factories import officer_for, receive, reviewer_actor, walk_to

pytestmark = pytest.mark.django_db


def _url(proposal):
    return reverse("public:proposal-reply-pdf", args=[proposal.pk])


def test_the_reply_letter_of_a_closed_proposal(client, unit, staff, officer):
    reviewer = reviewer_actor()
    proposal = walk_to("assigned", unit=unit, staff=staff, received=True, title="关于增设社区养老食堂的建议")
    assignment = proposal.assignments.get()
    draft = services.reply_submit(
        actor=officer, assignment=assignment, reply_class="B", content="内部初稿不应出现"
    )
    services.reply_send_back(actor=reviewer, reply=draft, comments="审核意见不公开")
    reply = services.reply_submit(
        actor=officer,
        assignment=assignment,
        reply_class="A",
        content="您提出的关于增设社区养老食堂的建议收悉。\n经研究，今年新增助餐点十二个。",
    )
    services.reply_confirm(actor=reviewer, reply=reply)
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")

    response = client.get(_url(proposal))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    text = pdf_text(response.content)
    flat = "".join(text.split())  # pdftotext breaks lines where the page does
    assert unit.name in flat  # 版头 and 署名
    assert "关于《关于增设社区养老食堂的建议》的答复" in flat  # 标题
    assert f"{proposal.lead_deputy.name}代表：" in flat  # 主送
    assert "今年新增助餐点十二个" in flat  # 正文
    assert "答复分类：A" in flat
    year, letter, number = proposal.serial.split("-")
    assert f"{letter}〔{year}〕{int(number)}号" in flat  # 发文字号
    reply.refresh_from_db()
    signed = timezone.localdate(reply.reviewed_at)
    assert f"{signed.year}年{signed.month}月{signed.day}日" in flat  # 成文日期
    assert "（此件公开发布）" in flat
    assert "—1—" in flat  # 页码 "— 1 —"
    assert "内部初稿不应出现" not in flat and "审核意见不公开" not in flat

    page = client.get(reverse("public:proposal-detail", args=[proposal.pk])).content.decode()
    assert _url(proposal) in page


def test_two_lead_units_two_letters(client, unit, other_unit, staff):
    reviewer = reviewer_actor()
    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(actor=staff, proposal=proposal, lead_units=[unit.pk, other_unit.pk])
    for each in (unit, other_unit):
        assignment = proposal.assignments.get(unit=each)
        officer = officer_for(each)
        receive(assignment, officer)
        reply = services.reply_submit(
            actor=officer, assignment=assignment, reply_class="B", content=f"{each.name}的答复正文"
        )
        services.reply_confirm(actor=reviewer, reply=reply)
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")

    pages = ["".join(page.split()) for page in pdf_pages(client.get(_url(proposal)).content)]

    letters = [page for page in pages if "答复分类：B" in page]
    assert len(letters) == 2  # each letter from a new page
    assert {unit.name, other_unit.name} == {
        each.name for each in (unit, other_unit) for page in letters if f"{each.name}的答复正文" in page
    }


def test_what_the_public_may_not_read_is_a_404(client, unit, staff):
    replied = walk_to("replied", unit=unit, staff=staff)  # not closed yet
    withheld = walk_to("closed", unit=unit, staff=staff)
    services.proposal_withhold(actor=staff, proposal=withheld, reason="涉及个人隐私")
    for proposal in (replied, withheld):
        assert client.get(_url(proposal)).status_code == 404
    assert client.get("/proposals/999999/reply.pdf").status_code == 404
