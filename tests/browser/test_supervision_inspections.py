"""A law-enforcement inspection walked by the real users in their own pages: unit1 finds the
demo inspection's issue sent back for a second round in its 监督事项 inbox (coloured, with the
overdue one), opens it on the phone, sees the first round's evaluation, reports the
rectification (an empty report keeps the page and says why); staff accept it with the button
on its admin page; deputy2 signs up to a group of the inspection in preparation; the public
reads the deliberated inspection with how each issue was rectified. Screenshots at every step
(phone + desktop)."""

from supervision.demo_inspections import CARE_TITLE, FOOD_TITLE
from supervision.models import InspectionGroupMember, InspectionIssue
from tests.browser.conftest import DESKTOP, PHONE, login, shot

REPORT = "已对全区学校食堂从业人员开展健康证明专项核查，建立持证上岗电子档案，培训考核纳入学校年度考评。"


def switch_user(page, username=None):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    if username:
        login(page, username)


def test_a_unit_officer_rectifies_an_inspection_issue(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    issue = InspectionIssue.objects.get(inspection__title=FOOD_TITLE, round=2)

    # 1. unit1 finds the issue in its inbox, with the overdue one coloured
    switch_user(page, "unit1")
    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text=issue.description[:20])
    assert row.count() == 1
    assert page.locator(".s-rows li.tone-overdue", has_text="执法检查问题").count() >= 1
    shot(page, "inspection-01-unit-inbox")
    row.get_by_role("link").click()
    page.get_by_role("heading", name=f"执法检查问题 {issue.number}").wait_for()
    page.get_by_text("评价意见：未说明培训考核的整改措施").wait_for()  # the first round's evaluation
    page.get_by_role("button", name="报送整改情况").click()  # empty: the page says why
    page.get_by_text("请填写整改情况。").wait_for()
    page.get_by_label("整改情况").fill(REPORT)
    shot(page, "inspection-02-unit-rectify-form")
    page.get_by_role("button", name="报送整改情况").click()
    page.get_by_text("整改情况已报送，等待常委会工作人员评价。").wait_for()
    shot(page, "inspection-03-unit-reported")
    issue.refresh_from_db()
    assert issue.state == InspectionIssue.State.REPORTED
    assert issue.rectifications.get(round=2).content == REPORT

    # 2. staff accept it with the button on its admin page
    switch_user(page)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "Congress-Demo-2026")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/supervision/inspectionissue/{issue.pk}/change/")
    page.locator(".workflow-steps").get_by_role("link", name="认定整改到位").click()
    page.fill("textarea[name=reason]", "经抽查，已整改到位。")
    page.click("input[type=submit]")
    page.get_by_text("已认定整改到位。").wait_for()
    shot(page, "inspection-04-staff-accepted", widths=(DESKTOP,))
    issue.refresh_from_db()
    assert issue.state == InspectionIssue.State.ACCEPTED

    # 3. deputy2 signs up to a group of the inspection in preparation
    switch_user(page, "deputy2")
    page.goto("/portal/supervision/inspections/")
    page.get_by_role("link", name=CARE_TITLE).click()
    page.get_by_role("heading", name=CARE_TITLE).wait_for()
    page.get_by_role("button", name="报名参加本组").first.click()
    page.get_by_text("已报名参加检查组").wait_for()
    shot(page, "inspection-05-deputy-signed-up")
    assert InspectionGroupMember.objects.filter(
        user__username="deputy2", group__inspection__title=CARE_TITLE
    ).exists()

    # 4. the public reads the inspection and how the issue was rectified
    switch_user(page)
    page.goto("/supervision/inspections/")
    page.get_by_role("link", name=FOOD_TITLE).click()
    page.get_by_role("heading", name=FOOD_TITLE).wait_for()
    page.get_by_text(REPORT[:20]).wait_for()
    shot(page, "inspection-06-public")
