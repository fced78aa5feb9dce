"""A citizen signs up for a public hearing on a phone (390 px), without an account: finds the
demo's open hearing from the notices, sends the form empty (the page says why, field by field),
fills it in, gets a receipt number, looks the sign-up up by that number later (masked name, no
mobile), and reads the concluded budget hearing's record and report; the hearing's calendar
file downloads. Screenshots at every step (phone + desktop)."""

from supervision.demo_hearings import DONE_TITLE, OPEN_TITLE
from supervision.models_hearings import HearingSignup
from tests.browser.conftest import PHONE, shot

MOBILE = "13712345678"


def test_a_citizen_signs_up_on_a_phone_and_checks_the_receipt(page, demo_data):
    # 1. the notices, then the open hearing
    page.set_viewport_size(PHONE)
    page.goto("/supervision/hearings/")
    shot(page, "hearing-01-notices")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("heading", name=OPEN_TITLE).wait_for()
    shot(page, "hearing-02-notice")

    # 2. an empty form keeps the page and says what is missing
    page.get_by_role("button", name="提交报名").click()
    page.get_by_text("请填写姓名。").wait_for()
    page.get_by_text("请填写手机号码。").wait_for()
    page.get_by_text("请选择您的观点（支持、反对或其他意见）。").wait_for()
    shot(page, "hearing-03-empty-form")

    # 3. a wrong mobile, then the right one
    page.get_by_label("姓名", exact=True).fill("林小红")
    page.get_by_label("手机号码", exact=True).fill("1371234")
    page.get_by_label("反对", exact=True).check()
    page.get_by_label("陈述要点", exact=True).fill("一楼住户的采光和通行应有补偿，建议先出台补偿标准。")
    page.get_by_role("button", name="提交报名").click()
    page.get_by_text("请填写正确的11位手机号码。").wait_for()
    assert page.get_by_label("陈述要点", exact=True).input_value().startswith("一楼住户")  # input kept
    page.get_by_label("手机号码", exact=True).fill(MOBILE)
    page.get_by_label("所在街道（镇）").select_option(index=1)
    shot(page, "hearing-04-filled")
    page.get_by_role("button", name="提交报名").click()

    # 4. the receipt: number, masked name, no mobile
    page.get_by_role("heading", name="听证报名回执").wait_for()
    signup = HearingSignup.objects.get(mobile=MOBILE)
    assert signup.hearing.title == OPEN_TITLE and signup.stance == "oppose" and not signup.show_name
    html = page.content()
    assert signup.receipt in html and "林*" in html and "林小红" not in html and MOBILE not in html
    shot(page, "hearing-05-receipt")

    # 5. later: look it up by number from the notices page
    page.context.clear_cookies()
    page.goto("/supervision/hearings/")
    page.get_by_label("已报名？输入回执编号查询遴选结果").fill(signup.receipt.lower())
    page.get_by_role("button", name="查询").click()
    page.get_by_text(signup.receipt).first.wait_for()
    page.get_by_text("待遴选").wait_for()

    # 6. the concluded hearing: participants masked unless agreed, the record, the report
    page.goto("/supervision/hearings/")
    page.get_by_role("link", name=DONE_TITLE).click()
    page.get_by_role("heading", name="听证记录").wait_for()
    page.get_by_role("heading", name="意见采纳情况").wait_for()
    html = page.content()
    assert "王丽华" in html and "周*" in html and "周强" not in html and "13901230012" not in html
    shot(page, "hearing-06-concluded")

    # 7. the calendar file
    with page.expect_download() as download:
        page.get_by_role("link", name="加入日历").click()
    assert download.value.suggested_filename.endswith(".ics")
