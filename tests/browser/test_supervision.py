"""A special work report from the request to the public record, walked by the real users in
their own pages: staff request it of 区教育局 in the admin; unit1 finds it in the 监督事项 inbox
and submits the report on the phone (an empty submit keeps the page and says why); staff send
the deliberation opinions with the button on the report's admin page; unit1 reports the rectification; staff
record the satisfaction vote; the anonymous public reads the whole record. Screenshots at
every step (phone + desktop)."""

import datetime as dt

from django.utils import timezone

from congress.demo import DEMO_PASSWORD
from supervision.models import WorkReport
from tests.browser.conftest import DESKTOP, PHONE, login, shot

TITLE = "关于本区中小学生心理健康教育工作情况的报告"
REPORT = "一、基本情况：全区中小学均已配备专兼职心理教师。\n二、存在问题：专职教师不足。\n三、下一步打算：三年内实现专职心理教师全覆盖。"
OPINIONS = "一、加快配齐专职心理教师；二、建立学生心理健康监测预警机制；三、加强家校协同。"
RECTIFICATION = "已新招聘专职心理教师12名，建立全区学生心理健康监测平台，家校协同机制已在全部学校推行。"


def switch_user(page, username=None):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    if username:
        login(page, username)


def admin_login(page):
    switch_user(page)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")


def admin_step(page, report, label):
    """Open the report's page in the admin and press the step's button."""
    page.goto(f"/admin/supervision/workreport/{report.pk}/change/")
    page.locator(".workflow-steps").get_by_role("link", name=label).click()


def test_a_work_report_from_request_to_public_record(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    due = timezone.localdate() + dt.timedelta(days=5)

    # 1. staff request the report of 区教育局 in the admin
    admin_login(page)
    page.goto("/admin/supervision/workreport/add/")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=unit]", label="区教育局")
    page.fill("input[name=due_date]", due.isoformat())
    page.fill("textarea[name=request_note]", "请报告心理健康教育的师资、课程和监测预警情况。")
    shot(page, "supervision-01-staff-request", widths=(DESKTOP,))
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/supervision/workreport/")
    report = WorkReport.objects.get(title=TITLE)
    assert report.state == WorkReport.State.REQUESTED and report.events.get().actor.username == "staff"

    # 2. unit1 finds it in the inbox, due soon, and submits the report on the phone
    switch_user(page, "unit1")
    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text=TITLE)
    assert "tone-due" in row.get_attribute("class")
    shot(page, "supervision-02-unit-inbox")
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="报送报告").click()  # empty: the page says why
    page.get_by_text("请填写报告内容。").wait_for()
    page.get_by_label("报告内容").fill(REPORT)
    shot(page, "supervision-03-unit-report-form")
    page.get_by_role("button", name="报送报告").click()
    page.get_by_text("报告已报送，等待常委会审议。").wait_for()
    shot(page, "supervision-04-unit-submitted")
    report.refresh_from_db()
    assert report.state == WorkReport.State.SUBMITTED and report.content.startswith("一、基本情况")

    # 3. staff send the deliberation opinions with the button on the report's admin page
    admin_login(page)
    admin_step(page, report, "交办审议意见")
    page.fill("textarea[name=content]", OPINIONS)
    shot(page, "supervision-05-staff-opinions", widths=(DESKTOP,))
    page.click("input[type=submit]")
    page.get_by_text("审议意见已交办，整改报告期限已按规则计算。").wait_for()
    report.refresh_from_db()
    assert report.state == WorkReport.State.OPINIONS_SENT and report.rectification_due > due

    # 4. unit1 reads the opinions and reports the rectification
    switch_user(page, "unit1")
    page.goto(f"/portal/supervision/reports/{report.pk}/")
    assert page.get_by_text(OPINIONS).is_visible()
    page.get_by_label("整改情况").fill(RECTIFICATION)
    shot(page, "supervision-06-unit-rectification")
    page.get_by_role("button", name="提交整改情况报告").click()
    page.get_by_text("整改情况已报告，等待常委会满意度测评。").wait_for()
    report.refresh_from_db()
    assert report.state == WorkReport.State.RECTIFICATION_REPORTED

    # 5. staff record the members' satisfaction vote: closed
    admin_login(page)
    admin_step(page, report, "录入满意度测评")
    page.fill("input[name=satisfied]", "22")
    page.fill("input[name=basically_satisfied]", "6")
    page.fill("input[name=unsatisfied]", "1")
    shot(page, "supervision-07-staff-vote", widths=(DESKTOP,))
    page.click("input[type=submit]")
    page.get_by_text("测评结果已录入，已办结。").wait_for()
    report.refresh_from_db()
    assert report.state == WorkReport.State.CLOSED

    # 6. the public reads the whole record
    switch_user(page)
    page.goto("/")
    page.get_by_role("button", name="菜单").click()
    page.locator("nav.nav").get_by_role("link", name="监督工作", exact=True).click()
    shot(page, "supervision-08-public-list")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    for text in ("三年内实现专职心理教师全覆盖", OPINIONS, RECTIFICATION):
        assert page.get_by_text(text).count() == 1
    assert page.locator("#vote .votes").inner_text().replace("\n", "").startswith("满意22基本满意6不满意1")
    shot(page, "supervision-09-public-record")
