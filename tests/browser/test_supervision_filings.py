"""Filing review walked in the browser: a citizen on a phone searches the public register,
opens a document, sends a review suggestion against an article (an empty one keeps the page and
says why) and reads the receipt; unit1 finds the filing it must correct in its 监督事项 inbox,
submits the corrected text and sees what changed; staff accept the correction in the admin and
read the expert's opinion; the public page shows the outcome. Screenshots at every step."""

from supervision.models import FilingSuggestion, NormativeDocument
from tests.browser.conftest import DESKTOP, PHONE, login, shot

LUNCH = "徐汇区学生午餐配送管理办法"
FAMILY = "徐汇区家庭医生签约服务管理办法"
SUGGESTION = "第三条只对签约居民优先安排专家号源，建议明确不影响其他居民正常就诊。"


def switch_user(page, username=None):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    if username:
        login(page, username)


def test_a_citizen_suggests_and_a_unit_corrects(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False

    # 1. a citizen on a phone searches the register and sends a suggestion on an article
    switch_user(page)
    page.goto("/supervision/filings/")
    page.locator("main").get_by_label("搜索", exact=True).fill("家庭医生")
    page.locator("main").get_by_role("button", name="搜索").click()
    page.get_by_role("link", name=FAMILY).wait_for()
    shot(page, "filing-01-register-search")
    page.get_by_role("link", name=FAMILY).click()
    page.get_by_role("heading", name=FAMILY).wait_for()
    page.get_by_role("button", name="提交审查建议").click()  # empty: the page says why
    page.get_by_text("请填写审查建议。").wait_for()
    page.get_by_label("针对条款").select_option(label="第三条")
    page.get_by_label("审查建议").fill(SUGGESTION)
    page.get_by_label("手机号码").fill("13800138000")
    shot(page, "filing-02-suggestion-form")
    page.get_by_role("button", name="提交审查建议").click()
    page.get_by_text("审查建议已受理").wait_for()
    suggestion = FilingSuggestion.objects.get(content=SUGGESTION)
    assert suggestion.article_label == "第三条"
    assert page.get_by_text(suggestion.receipt).count() >= 1
    assert page.get_by_text("13800138000").count() == 0
    shot(page, "filing-03-receipt")

    # 2. unit1 finds the filing to correct in its inbox and submits the corrected text
    filing = NormativeDocument.objects.get(title=LUNCH)
    assert filing.state == NormativeDocument.State.CORRECTION_REQUESTED
    switch_user(page, "unit1")
    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text=LUNCH)
    assert row.count() == 1
    shot(page, "filing-04-unit-inbox")
    row.get_by_role("link").click()
    page.get_by_role("heading", name="报送纠正后文本").wait_for()
    box = page.get_by_label("纠正后的文件全文")
    box.fill(
        box.input_value().replace(
            "学生午餐配送企业由学校自行确定，无需公开招标。",
            "学生午餐配送企业按照政府采购有关规定公开招标确定。",
        )
    )
    shot(page, "filing-05-unit-correction-form")
    page.get_by_role("button", name="报送纠正后文本").click()
    page.get_by_text("纠正后文本已报送，等待审查确认。").wait_for()
    page.locator(".filing-diff ins", has_text="公开招标确定").wait_for()
    shot(page, "filing-06-unit-diff")
    filing.refresh_from_db()
    assert filing.state == NormativeDocument.State.CORRECTION_SUBMITTED

    # 3. staff accept it in the admin, where the expert's opinion on another filing is kept too
    switch_user(page)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "Congress-Demo-2026")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/supervision/normativedocument/{filing.pk}/change/")
    page.locator(".workflow-steps").get_by_role("link", name="确认已纠正").click()
    page.click("input[type=submit]")
    page.get_by_text("已确认纠正。").wait_for()
    shot(page, "filing-07-staff-accepted", widths=(DESKTOP,))
    filing.refresh_from_db()
    assert filing.state == NormativeDocument.State.CORRECTED
    family = NormativeDocument.objects.get(title=FAMILY)
    page.goto(f"/admin/supervision/normativedocument/{family.pk}/change/")
    page.get_by_text("张明远").first.wait_for()
    shot(page, "filing-08-admin-expert-opinion", widths=(DESKTOP,))

    # 4. the public page shows the outcome and the corrected text
    switch_user(page)
    page.goto(f"/supervision/filings/{filing.pk}/")
    page.get_by_text("已纠正").first.wait_for()
    page.get_by_text("公开招标确定").first.wait_for()
    shot(page, "filing-09-public-corrected")
