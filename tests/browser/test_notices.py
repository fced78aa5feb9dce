"""Notices in the reader's language: deputy1 works in English and submits a suggestion; staff,
who read Chinese, get the notice in Chinese, and in English once they switch language.
Screenshots of the staff's messages page in both languages (phone + desktop)."""

from proposals.models import Proposal
from tests.browser.conftest import PHONE, login, shot

TITLE = "关于在徐汇区增设社区食堂的建议"


def choose_language(page, name: str):
    """The header's language button (behind the menu on a phone)."""
    if page.locator(".menu-toggle").is_visible():
        page.click(".menu-toggle")
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_notice_is_read_in_the_readers_language(page, demo_data):
    # deputy1 switches to English and submits a suggestion
    login(page, "deputy1")
    choose_language(page, "English")
    page.goto("/portal/proposals/new/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=content]", "老年人用餐不便，建议在各街道增设社区食堂。")
    page.click("button[name=submit_now]")
    page.wait_for_url("**/portal/proposals/*/")
    assert Proposal.objects.get(title=TITLE).state == Proposal.State.SUBMITTED

    # staff read Chinese: the notice is in Chinese
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login(page, "staff")
    page.goto("/portal/")
    assert page.get_by_text(f"新提交待立案：{TITLE}").first.is_visible()  # the home's unread list
    page.goto("/portal/notifications/")
    notice = page.locator(".card", has_text=TITLE)
    assert notice.get_by_text(f"新提交待立案：{TITLE}").is_visible()
    shot(page, "notices-01-staff-chinese")

    # ... and in English once they switch
    choose_language(page, "English")
    notice = page.locator(".card", has_text=TITLE)
    assert notice.get_by_text(f"New submission to register: {TITLE}").is_visible()
    shot(page, "notices-02-staff-english")
