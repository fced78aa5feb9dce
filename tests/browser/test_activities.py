"""A deputy signs up to an activity on the phone, checks in at the venue by its QR code address,
and sees the performance record grow (issue 14 items 3 and 5)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from deputies import services_activities
from tests.browser.conftest import login, shot


def _attended(page) -> tuple[int, str]:
    count = int(page.locator('[data-item="activities_attended"]').first.inner_text())
    score = page.locator("[data-score]").first.inner_text()
    return count, score


def test_deputy_signs_up_checks_in_and_the_record_grows(page, demo_data):
    staff = get_user_model().objects.get(username="staff")
    activity = services_activities.activity_publish(
        actor=staff,
        kind="research",
        title="社区微更新现场调研",
        location="天平街道代表之家",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        capacity=3,
    )
    login(page, "deputy1")
    page.goto("/portal/me/deputy/")
    before, score_before = _attended(page)

    menu = page.get_by_role("button", name="菜单")
    if menu.is_visible():  # phone width: the nav folds behind the menu button
        menu.click()
    page.get_by_role("link", name="代表活动").first.click()
    page.wait_for_url("**/portal/activities/")
    item = page.locator(f"#activity-{activity.pk}")
    item.get_by_role("button", name="报名").click()
    page.get_by_text("报名成功").first.wait_for()
    assert item.get_by_text("已报名").first.is_visible()
    # the full one (deputy2 holds its only place): deputy1 joins the waiting list
    page.get_by_role("button", name="报名候补").first.click()
    page.get_by_text("候补名单").first.wait_for()
    shot(page, "activities-signed-up")

    # at the venue: the QR code opens the signed check-in address on the phone
    page.goto(f"/portal/activities/check-in/{services_activities.check_in_token(activity)}/")
    page.get_by_role("button", name="确认签到").click()
    page.get_by_text("签到成功").first.wait_for()
    shot(page, "activities-checked-in")

    page.goto("/portal/me/deputy/")
    after, score_after = _attended(page)
    assert after == before + 1
    assert float(score_after) > float(score_before)
    page.locator("#record").scroll_into_view_if_needed()
    shot(page, "activities-record-grown")

    # the public page shows the same record
    deputy = staff.__class__.objects.get(username="deputy1").deputy
    page.goto(f"/deputies/{deputy.pk}/")
    assert int(page.locator('[data-item="activities_attended"]').first.inner_text()) == after
