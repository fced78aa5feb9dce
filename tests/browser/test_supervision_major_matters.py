"""Major-matter reports walked in the browser by the demo accounts: unit1 (the education
bureau) finds the list item it has yet to report on its portal home, reports it on the phone
(a decision date in the past keeps the page and says why); staff schedule it, send the opinion
in the admin; unit1 finds it in the 监督事项 inbox and feeds back; staff conclude it; anyone
reads the yearly list and the concluded record on the website. Screenshots at phone and
desktop widths."""

import datetime as dt

from django.utils import timezone

from supervision.models_major_matters import MajorMatter
from supervision.services import major_matters as services
from tests.browser.conftest import login, shot

TOPIC = "学前教育普惠性资源扩容实施方案"


def test_a_unit_reports_a_major_matter_and_the_public_reads_it(page, demo_data):
    from congress.models import User
    from meetings.models import Meeting

    login(page, "unit1")
    page.goto("/portal/")
    shot(page, "major-matters-01-unit-home")
    page.get_by_role("link", name=TOPIC).click()
    assert page.get_by_label("事项名称").input_value() == TOPIC  # filled from the list item
    page.get_by_label("拟决策时间").fill("2020-01-01")
    page.get_by_label("报告内容").fill("拟新增普惠性托位1200个，经费由区财政保障。")
    page.get_by_role("button", name="提交报告").click()
    page.get_by_text("拟决策时间须晚于今天").wait_for()
    assert "新增普惠性托位" in page.get_by_label("报告内容").input_value()
    page.get_by_label("拟决策时间").fill((timezone.localdate() + dt.timedelta(days=45)).isoformat())
    shot(page, "major-matters-02-unit-form")
    page.get_by_role("button", name="提交报告").click()
    page.get_by_text("已向常委会报告").wait_for()
    shot(page, "major-matters-03-unit-reported")
    matter = MajorMatter.objects.get(title=TOPIC)
    assert matter.state == MajorMatter.State.REGISTERED

    staff = User.objects.get(username="staff")
    meeting = Meeting.objects.filter(kind=Meeting.Kind.STANDING).order_by("-starts_at").first()
    matter = services.major_matter_schedule(actor=staff, matter=matter, meeting=meeting)
    services.major_matter_send_opinion(
        actor=staff, matter=matter, content="建议优先在新建住宅区布点，同步配齐保育人员。"
    )

    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text=TOPIC)
    shot(page, "major-matters-04-unit-inbox")
    row.get_by_role("link").first.click()
    page.get_by_label("审议意见采纳情况").fill(
        "区政府采纳审议意见：首批托位布点在新建住宅区，保育人员按标准配齐。"
    )
    page.get_by_role("button", name="提交反馈").click()
    page.get_by_text("已反馈审议意见采纳情况").wait_for()
    matter.refresh_from_db()
    assert matter.state == MajorMatter.State.FEEDBACK_RECEIVED
    services.major_matter_conclude(actor=staff, matter=matter)

    page.context.clear_cookies()  # anyone
    page.goto("/supervision/major-matters/")
    page.get_by_role("link", name=TOPIC).wait_for()
    shot(page, "major-matters-05-public-list")
    page.get_by_role("link", name=TOPIC).click()
    page.get_by_text("首批托位布点在新建住宅区").wait_for()
    shot(page, "major-matters-06-public-record")
