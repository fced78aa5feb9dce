"""A suggestion from draft to public reply, walked by the real users in their own pages:
deputy1 drafts it (with a co-signer picked by search) and submits it; deputy2 confirms
co-signing; staff register it and assign it to 区教育局 (lead) and 区卫生健康委员会 (assisting)
with the admin's actions; unit1 can do nothing but sign for it or ask to return it, signs with
the four fixed (the leader is required), changes its measures, logs a contact and submits a
class-A reply beside the assisting opinion it has not received; govoffice confirms the reply;
deputy1 sees the missing-opinion flag, is asked for a reason for "unsatisfied" and rates it
satisfied; unit2's assisting item closes with it; the anonymous public finds it by search and
reads the reply. Screenshots at every step (phone + desktop)."""

import re

from congress.demo import DEMO_PASSWORD
from deputies.models import Deputy
from proposals.models import Proposal
from tests.browser.conftest import DESKTOP, PHONE, login, shot

TITLE = "关于在徐汇中学门口增设护学岗的建议"
CONTENT = "上下学高峰时段学校门口车流密集，学生过马路存在安全隐患。建议增设护学岗，并施划人行横道。"
REPLY = "经与交警支队会商，已于本学期起在校门口设置护学岗，早晚高峰各安排两名护学人员。"


def switch_user(page, username=None):
    """Log the current user out (a fresh cookie jar) and, if given, log the next one in."""
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    if username:
        login(page, username)


def test_suggestion_from_draft_to_public_reply(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    cosigner = Deputy.objects.get(user__username="deputy2")

    # 1. deputy1 drafts the suggestion on the phone, picks a co-signer by search, submits
    login(page, "deputy1")
    page.goto("/portal/proposals/")
    shot(page, "proposals-01-deputy-list")
    page.get_by_role("link", name="提出建议").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("类别").select_option(label="教育")
    page.get_by_label("内容", exact=True).fill(CONTENT)
    page.get_by_placeholder("输入代表姓名或代表组搜索").fill(cosigner.name)
    page.locator("#cosigner-results button", has_text=cosigner.name).click()
    page.locator("#cosigner-picked .chip", has_text=cosigner.name).wait_for()
    page.wait_for_function("document.getElementById('cosigner-search').value === ''")  # ready for the next
    assert page.locator("#cosigner-results li").count() == 0
    shot(page, "proposals-02-deputy-form")
    page.get_by_role("button", name="保存并提交").click()
    page.get_by_text("已提交，等待常委会工作人员立案。").wait_for()
    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.state == Proposal.State.SUBMITTED
    assert list(proposal.cosigners.values_list("deputy_id", flat=True)) == [cosigner.pk]
    shot(page, "proposals-03-deputy-submitted")

    # 1b. deputy2 confirms co-signing from the invitations on the list (answered in place)
    switch_user(page, "deputy2")
    page.goto("/portal/proposals/")
    invitation = page.locator("#invitations li", has_text=TITLE)
    invitation.get_by_role("button", name="确认附议").click()
    invitation.get_by_text("已附议").wait_for()
    shot(page, "proposals-03b-cosigner-confirmed")

    # 2. staff register it and assign it to 区教育局 with the admin's actions
    switch_user(page)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    changelist = "/admin/proposals/proposal/?state__exact=submitted"
    page.goto(changelist)
    page.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    page.select_option("select[name=action]", "register_selected")
    page.click("button[name=index]")
    page.get_by_text("已立案 1 件").wait_for()
    page.goto("/admin/proposals/proposal/?state__exact=registered")
    page.locator(f"input[name=_selected_action][value='{proposal.pk}']").check()
    page.select_option("select[name=action]", "assign_selected")
    page.click("button[name=index]")
    page.select_option("select[name=lead_units]", label="区教育局")
    page.select_option("select[name=assisting_units]", label="区卫生健康委员会")
    shot(page, "proposals-04-staff-assign", widths=(DESKTOP,))
    page.get_by_role("button", name="确定").or_(page.locator("input[value='确定']")).click()
    page.get_by_text("已交办 1 件").wait_for()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED and proposal.serial

    # 3. unit1 finds it in the inbox: before signing it may only sign for it (or ask to return
    # it); it signs with the four fixed (the leader is required), changes its measures, logs a
    # contact and replies (class A) beside the assisting opinion it has not received
    switch_user(page, "unit1")
    page.goto("/portal/assignments/")
    shot(page, "proposals-05-unit-inbox")
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("#reply").count() == 0 and page.locator("#contacts form").count() == 0
    assert page.locator("#return").count() == 1
    page.get_by_label("具体承办人").fill("王科长")
    page.get_by_label("联系电话").fill("021-64870000")
    page.get_by_label("办理措施").fill("会同交警支队实地察看，制定护学岗方案。")
    page.get_by_role("button", name="签收", exact=True).click()
    page.locator("#receive").get_by_text("请填写分管领导。").wait_for()
    shot(page, "proposals-05b-unit-sign-needs-leader")
    page.get_by_label("分管领导").fill("李副局长")
    page.get_by_role("button", name="签收", exact=True).click()
    page.get_by_text("已签收，请按期办理答复。").wait_for()
    fixed = page.locator("#fixed")
    fixed.locator("summary").click()
    fixed.get_by_label("办理措施").fill("会同交警支队实地察看，制定护学岗方案，开学前到岗。")
    fixed.get_by_role("button", name="保存四定").click()
    page.get_by_text("四定信息已更新。").wait_for()
    shot(page, "proposals-05c-unit-four-fixed")
    contacts = page.locator("#contacts")
    contacts.get_by_label("阶段").select_option(label="办前联系")
    contacts.get_by_label("方式").select_option(label="登门走访")
    contacts.get_by_label("参加人员").fill("王科长、代表本人")
    contacts.get_by_label("情况记录").fill("登门听取代表意见，共同察看校门口交通情况。")
    contacts.get_by_role("button", name="保存联系记录").click()
    page.get_by_text("联系记录已保存。").wait_for()  # appended in place by htmx
    assert page.locator("#contact-rows li", has_text="登门听取代表意见").count() == 1
    shot(page, "proposals-06-unit-contact")
    opinions = page.locator("#assisting-opinions")
    assert opinions.locator("li", has_text="区卫生健康委员会").get_by_text("尚未收到").is_visible()
    reply_form = page.locator("#reply")
    reply_form.get_by_role("radio", name=re.compile("^A类")).check()
    reply_form.get_by_label("答复内容").fill(REPLY)
    reply_form.get_by_role("button", name="提交答复").click()
    page.get_by_text("答复已提交，等待区政府办公室审核确认。").wait_for()
    shot(page, "proposals-07-unit-replied")

    # 4. govoffice reviews the reply beside the proposal and the contacts, and confirms it
    switch_user(page, "govoffice")
    page.goto("/portal/replies/review/")
    shot(page, "proposals-08-review-queue")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_text("登门听取代表意见，共同察看校门口交通情况。").is_visible()
    page.get_by_label("审核意见").fill("答复内容具体，同意。")
    shot(page, "proposals-09-review-page")
    page.get_by_role("button", name="审核确认").click()
    page.get_by_text("已审核确认，答复已送达代表。").wait_for()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REPLIED

    # 5. deputy1 reads the reply (flagged: the assisting opinion had not arrived), is asked
    # for a reason for "unsatisfied", and rates it satisfied
    switch_user(page, "deputy1")
    page.goto(f"/portal/proposals/{proposal.pk}/")
    assert page.get_by_text(REPLY).is_visible()
    assert page.locator("#opinion-missing-flag").is_visible()
    rate = page.locator("#rate")
    rate.get_by_role("radio", name="不满意", exact=True).check()
    rate.get_by_role("button", name="提交测评").click()
    page.locator("#rate").get_by_text("选择“不满意”时，请填写不满意的理由。").wait_for()
    shot(page, "proposals-10a-deputy-unsatisfied-needs-reason")
    rate = page.locator("#rate")
    rate.get_by_role("radio", name="满意", exact=True).check()
    rate.get_by_label("意见").fill("护学岗设立后孩子上学安全多了，满意。")
    shot(page, "proposals-10-deputy-rate")
    rate.get_by_role("button", name="提交测评").click()
    page.get_by_text("测评已提交，谢谢！").wait_for()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.CLOSED
    shot(page, "proposals-11-deputy-closed")

    # 5b. unit2's assisting item, never signed for, closed with the proposal: done in its inbox
    switch_user(page, "unit2")
    page.goto("/portal/assignments/")
    assert page.get_by_role("link", name=TITLE).count() == 0
    page.goto("/portal/assignments/?show=all")
    row = page.locator("ul.p-rows li", has_text=TITLE)
    assert row.get_by_text("已办结").is_visible() and "tone-" not in (row.get_attribute("class") or "")
    shot(page, "proposals-11b-assisting-inbox-closed")

    # 6. the anonymous public finds it with search (htmx live results) and reads the reply
    switch_user(page)
    page.goto("/proposals/")
    page.get_by_role("searchbox", name="搜索", exact=True).fill("护学岗")
    page.locator("#results").get_by_text("共 1 件").wait_for()  # the live results replaced the list
    assert page.locator("#results a.title").all_inner_texts() == [TITLE]
    shot(page, "proposals-12-public-search")
    page.locator("#results a.title", has_text=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_text(REPLY).is_visible()
    assert page.get_by_text("答复内容具体，同意。").count() == 0  # reviewer comments stay internal
    assert page.get_by_text(cosigner.name).is_visible()  # the confirmed co-signer
    shot(page, "proposals-13-public-detail")

    # 7. staff read the year's per-unit statistics with the chart in the portal
    switch_user(page, "staff")
    page.goto("/portal/proposals/statistics/")
    page.locator("#unit-chart canvas").first.wait_for()
    assert page.locator("table.data tbody tr", has_text="区教育局").count() == 1
    shot(page, "proposals-14-statistics")


def test_public_search_finds_replies_by_category_deputy_group_and_street(page, demo_data):
    """养老 finds the 养老服务 reply whose title and content never say 养老; the lead deputy's
    group (代表组) and street (街道) find it too."""
    from urllib.parse import quote

    care = Proposal.objects.get(title="关于在徐家汇地区增设老年助餐点的建议")
    assert "养老" not in care.title + care.content and care.category.name == "养老服务"
    group = care.lead_deputy.group
    page.goto("/proposals/")
    page.get_by_role("searchbox", name="搜索", exact=True).fill("养老")
    page.locator("#results").get_by_text("共 1 件").wait_for()  # the live results replaced the list
    assert page.locator("#results a.title").all_inner_texts() == [care.title]
    shot(page, "proposals-public-search-category")
    for query in (group.name, f"养老 {group.organization.name}"):
        page.goto(f"/proposals/?q={quote(query)}")
        assert care.title in page.locator("#results a.title").all_inner_texts(), query
