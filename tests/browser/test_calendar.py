"""Staff enter 2027's holidays at once: from the admin index's warning to the preview, the
save, and an index without the warning."""

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest

from congress.demo import DEMO_PASSWORD
from congress.models import CalendarDay
from tests.browser.conftest import DESKTOP, shot

EXAMPLE_2027 = (
    Path(__file__).resolve().parents[2]
    / "congress"
    / "tests"
    / "fixtures"
    / "holiday_notice_2027_example.txt"
).read_text(encoding="utf-8")


@pytest.fixture
def today_2026_11_25():
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 25)):
        yield


def test_staff_enter_2027_from_the_notice(page, demo_data, today_2026_11_25):
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.get_by_text("2027 年的法定节假日和调休数据尚未录入").is_visible()

    page.get_by_role("link", name="去录入").click()
    page.wait_for_url("**/admin/congress/calendarday/enter-year/?year=2027")
    assert page.locator('#calendar-years tr[data-year="2027"]').get_by_text("缺失").is_visible()
    shot(page, "calendar-enter-year")

    # a line it cannot read: named in Chinese, no save button
    page.get_by_label("通知全文或日期列表").fill("元旦：1月1日至3日放假\n春节：2月30日放假")
    page.get_by_role("button", name="预览").click()
    page.locator("#parse-errors").wait_for()
    assert page.get_by_text("“2月30日”不是有效的日期。").is_visible()
    assert page.get_by_role("button", name="保存 2027 年的安排").count() == 0
    shot(page, "calendar-enter-year-errors")

    page.get_by_label("通知全文或日期列表").fill(EXAMPLE_2027)
    page.get_by_role("button", name="预览").click()
    page.locator("#preview").wait_for()
    assert page.locator("#preview tbody tr").count() == 35
    assert CalendarDay.objects.count() == 0
    shot(page, "calendar-enter-year-preview")
    page.set_viewport_size(DESKTOP)
    shot(page, "calendar-enter-year-preview-top", full_page=False, widths=(DESKTOP,))

    page.get_by_role("button", name="保存 2027 年的安排").click()
    page.wait_for_url("**/admin/congress/calendarday/?date__year=2027")
    assert page.get_by_text("已保存2027年的节假日安排：新增 35 天").is_visible()
    assert CalendarDay.objects.filter(date__year=2027).count() == 35
    shot(page, "calendar-saved", widths=(DESKTOP,))

    page.goto("/admin/")
    assert page.get_by_text("法定节假日和调休数据尚未录入").count() == 0
