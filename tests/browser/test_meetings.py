"""End to end: unit1 asks leave in the portal, govoffice approves, staff check in and close on
the tablet page, and the public page shows the published attendance (the publish task runs
from the on-commit hook, eagerly in tests)."""

import datetime as dt

from django.utils import timezone

from tests.browser.conftest import login, shot


def _switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def test_leave_approval_check_in_close_and_public_attendance(page, demo_data):
    from congress.models import User
    from meetings import services
    from meetings.demo import UPCOMING_TITLE
    from meetings.models import Meeting, RequiredAttendance

    meeting = Meeting.objects.get(title=UPCOMING_TITLE)
    own = RequiredAttendance.objects.get(meeting=meeting, unit__name="区教育局")

    # unit1 asks leave for the head; an empty substitute is refused and the reason is kept
    login(page, "unit1")
    assert page.get_by_text("需列席的会议").first.is_visible()
    shot(page, "meetings-portal-home-unit1")
    page.goto("/portal/meetings/")
    page.get_by_role("link", name=UPCOMING_TITLE).first.click()
    page.get_by_role("link", name="申请请假").click()
    page.fill("textarea[name=reason]", "同日参加市教委全市教育工作会议")
    page.fill("input[name=substitute]", "")
    page.get_by_role("button", name="提交请假申请").click()
    assert page.get_by_text("请填写委派出席的副职姓名。").is_visible()
    assert page.input_value("textarea[name=reason]") == "同日参加市教委全市教育工作会议"
    shot(page, "meetings-leave-form-error")
    page.fill("input[name=substitute]", "沈副局长")
    page.get_by_role("button", name="提交请假申请").click()
    assert page.locator(".msg-success", has_text="请假申请已提交").is_visible()
    shot(page, "meetings-portal-detail-unit1")

    # govoffice approves it (unit2's request waits beside it)
    _switch_user(page, "govoffice")
    assert page.get_by_text("待审批的列席请假").first.is_visible()
    page.goto("/portal/meetings/leave-requests/")
    assert page.get_by_text("区卫生健康委员会").first.is_visible()
    shot(page, "meetings-leave-requests")
    item = page.locator(f"#leave-{own.pk}")
    item.locator("input[name=note]").fill("同意，请沈副局长列席")
    item.get_by_role("button", name="批准", exact=True).click()
    assert page.locator(".msg-success", has_text="已批准 区教育局 的请假").is_visible()
    own.refresh_from_db()
    assert own.status == RequiredAttendance.Status.LEAVE_APPROVED

    # the meeting day: the meeting has started (moved into the past by staff)
    staff = User.objects.get(username="staff")
    starts = timezone.now() - dt.timedelta(minutes=3)
    services.meeting_update(
        meeting=meeting, actor=staff, starts_at=starts, ends_at=starts + dt.timedelta(hours=3)
    )

    # staff check in 区民政局 on the tablet list, then close the meeting
    _switch_user(page, "staff")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"/portal/meetings/{meeting.pk}/check-in/")
    civil = RequiredAttendance.objects.get(meeting=meeting, unit__name="区民政局")
    page.locator(f"#checkin-{civil.pk}").get_by_role("button", name="签到", exact=True).click()
    page.locator(f"#checkin-{civil.pk}").get_by_text("已签到").first.wait_for()
    assert page.locator(".checkin-row").count() == 8
    shot(page, "meetings-check-in-tablet")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="结束会议").click()
    assert page.get_by_text("会议已结束").first.is_visible()
    meeting.refresh_from_db()
    assert meeting.attendance_published_at is not None

    # the public page shows every required unit with its status and substitute
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/meetings/{meeting.pk}/")
    table = page.locator("#attendance table")
    assert table.locator("tbody tr").count() == 8
    edu = table.locator("tr", has_text="区教育局")
    assert "请假" in edu.inner_text() and "沈副局长" in edu.inner_text()
    assert "出席" in table.locator("tr", has_text="区民政局").inner_text()
    assert "缺席" in table.locator("tr", has_text="区卫生健康委员会").inner_text()  # leave never approved
    shot(page, "meetings-public-attendance")

    page.get_by_role("link", name="区教育局").click()
    assert page.locator("h1", has_text="区教育局列席会议记录").is_visible()
    shot(page, "meetings-public-unit-record")
    page.goto("/meetings/")
    shot(page, "meetings-public-list")
    page.goto("/meetings/attendance/")
    shot(page, "meetings-public-units")


def test_qr_check_in_on_a_phone(page, demo_data):
    from congress.models import User
    from meetings import services
    from meetings.demo import UPCOMING_TITLE
    from meetings.models import Meeting, RequiredAttendance

    meeting = Meeting.objects.get(title=UPCOMING_TITLE)
    staff = User.objects.get(username="staff")
    starts = timezone.now() + dt.timedelta(minutes=1)
    services.meeting_update(
        meeting=meeting, actor=staff, starts_at=starts, ends_at=starts + dt.timedelta(hours=3)
    )

    login(page, "unit1")
    page.goto(f"/portal/meetings/check-in/{meeting.check_in_token}/")
    shot(page, "meetings-qr-check-in", widths=({"width": 390, "height": 844},))
    page.get_by_role("button", name="确认签到").click()
    assert page.locator(".msg-success", has_text="签到成功").is_visible()
    row = RequiredAttendance.objects.get(meeting=meeting, unit__name="区教育局")
    assert (row.status, row.check_in_method, row.is_late) == ("attended", "qr", False)


def test_open_and_close_a_meeting_scheduled_for_later(page, demo_data):
    """The meeting starts earlier than scheduled: staff open it, check a unit in and close it,
    all before the scheduled start; the actual times show beside the scheduled ones."""
    from meetings.demo import UPCOMING_TITLE
    from meetings.models import Meeting, RequiredAttendance

    meeting = Meeting.objects.get(title=UPCOMING_TITLE)
    assert meeting.starts_at > timezone.now() + dt.timedelta(days=1)
    civil = RequiredAttendance.objects.get(meeting=meeting, unit__name="区民政局")

    login(page, "staff")
    page.goto(f"/portal/meetings/{meeting.pk}/check-in/")
    # before the check-in window: a notice saying from when, no check-in buttons
    assert page.locator(".notice-wait", has_text="签到尚未开放：会议开始前60分钟").is_visible()
    assert page.locator(f"#checkin-{civil.pk}").get_by_role("button", name="签到", exact=True).count() == 0
    shot(page, "meetings-check-in-before-window")

    page.get_by_role("button", name="开始会议").click()
    assert page.locator(".msg-success", has_text="会议已开始签到").is_visible()
    assert page.get_by_text("进行中").first.is_visible()
    assert page.locator(".meeting-actual", has_text="实际开始").is_visible()
    assert page.locator(".notice-wait").count() == 0
    page.locator(f"#checkin-{civil.pk}").get_by_role("button", name="签到", exact=True).click()
    page.locator(f"#checkin-{civil.pk}").get_by_text("已签到").first.wait_for()
    shot(page, "meetings-check-in-opened-early")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="结束会议").click()
    assert page.locator(".msg-success", has_text="会议已结束").is_visible()
    assert page.get_by_text("会议尚未开始").count() == 0
    assert page.locator(".meeting-actual", has_text="实际结束").is_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.opened_at <= meeting.closed_at < meeting.starts_at
    shot(page, "meetings-check-in-closed-early")

    page.context.clear_cookies()
    page.goto(f"/meetings/{meeting.pk}/")
    assert page.locator(".meeting-actual", has_text="实际开始").is_visible()
    assert "出席" in page.locator("#attendance table tr", has_text="区民政局").inner_text()
    shot(page, "meetings-public-closed-early")
