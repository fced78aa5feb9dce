"""An inquiry walked by the real users in their own pages: member opens the demo's regular
inquiry from the portal home, asks 区教育局 a question on the phone (an empty question keeps
the page and says why); unit1 finds the open commitment of the held inquiry in its 监督事项
inbox and reports it fulfilled; staff accept it with the button on its admin page; the public
reads the held inquiry. Screenshots at every step (phone + desktop)."""

from supervision.demo_inquiries import HELD_TITLE, OPEN_TITLE
from supervision.models import InquiryCommitment, InquiryQuestion
from tests.browser.conftest import DESKTOP, PHONE, login, shot

QUESTION = "学校食堂食品安全抽检的频次和结果是否向家长公开？"
REPORT = "已完成全区普惠性民办幼儿园认定，补助标准自下月起按新标准拨付，并已在区政府网站公布。"


def switch_user(page, username=None):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    if username:
        login(page, username)


def test_a_member_asks_and_the_unit_reports_a_commitment_fulfilled(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False

    # 1. the member finds the open inquiry on the portal home and asks 区教育局
    switch_user(page, "member")
    page.goto("/portal/")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("heading", name=OPEN_TITLE).wait_for()
    page.get_by_role("button", name="提出询问").click()  # empty: the page says why
    page.get_by_text("请填写询问的问题。").wait_for()
    page.get_by_label("被询问单位").select_option(label="区教育局")
    page.get_by_label("询问的问题").fill(QUESTION)
    shot(page, "inquiry-01-member-asks")
    page.get_by_role("button", name="提出询问").click()
    page.get_by_text("询问已提出，被询问单位将由负责人应询。").wait_for()
    shot(page, "inquiry-02-member-asked")
    question = InquiryQuestion.objects.get(content=QUESTION)
    assert question.asker.username == "member" and question.unit.name == "区教育局"

    # 2. unit1 finds the open commitment in its inbox and reports it fulfilled
    commitment = InquiryCommitment.objects.get(
        question__inquiry__title=HELD_TITLE, unit__name="区教育局", state=InquiryCommitment.State.OPEN
    )
    switch_user(page, "unit1")
    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text=commitment.content[:20])
    assert row.count() == 1
    shot(page, "inquiry-03-unit-inbox")
    row.get_by_role("link").click()
    page.get_by_role("button", name="报告落实情况").click()  # empty: the page says why
    page.get_by_text("请填写落实情况。").wait_for()
    page.get_by_label("落实情况").fill(REPORT)
    shot(page, "inquiry-04-unit-report-form")
    page.get_by_role("button", name="报告落实情况").click()
    page.get_by_text("落实情况已报告，等待常委会工作人员核实。").wait_for()
    shot(page, "inquiry-05-unit-reported")
    commitment.refresh_from_db()
    assert commitment.state == InquiryCommitment.State.REPORTED and commitment.report == REPORT
    # the unit sees only its own questions at the inquiry: not 区卫生健康委员会's
    page.goto(f"/portal/supervision/inquiries/{commitment.question.inquiry_id}/")
    assert page.get_by_text("托幼机构卫生保健").count() == 0

    # 3. staff accept it with the button on its admin page
    switch_user(page)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "Congress-Demo-2026")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/supervision/inquirycommitment/{commitment.pk}/change/")
    page.locator(".workflow-steps").get_by_role("link", name="确认已落实").click()
    page.click("input[type=submit]")
    page.get_by_text("已确认落实。").wait_for()
    shot(page, "inquiry-06-staff-accepted", widths=(DESKTOP,))
    commitment.refresh_from_db()
    assert commitment.state == InquiryCommitment.State.DONE

    # 4. the public reads the held inquiry, the commitment shown as fulfilled
    switch_user(page)
    page.goto("/supervision/inquiries/")
    page.get_by_role("link", name=HELD_TITLE).click()
    page.get_by_role("heading", name=HELD_TITLE).wait_for()
    assert page.get_by_text(REPORT).count() == 1
    shot(page, "inquiry-07-public-record")
