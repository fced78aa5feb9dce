"""A deputy writes up the report to voters they held and publishes it from the phone; a voter
reads it on the deputy's public page and comments; the deputy reads the comment in the portal
(issue 14 item 5). On the way: the meeting leave and the record's public items in the portal."""

from django.urls import reverse

from deputies.models import Deputy
from deputies.models_record import VoterReport
from tests.browser.conftest import login, shot


def test_deputy_publishes_the_report_and_reads_a_voters_comment(page, demo_data):
    deputy = Deputy.objects.get(user__username="deputy2")
    report = VoterReport.objects.get(deputy=deputy, state=VoterReport.State.HELD)
    login(page, "deputy2")
    page.goto("/portal/me/deputy/reports/")
    shot(page, "deputy-reports-list")
    page.get_by_role("link", name=report.title).click()
    page.fill("textarea[name=text]", "一年来，我围绕老旧小区改造履职，收集意见十二条，均已转交办理。")
    shot(page, "deputy-report-write")
    page.get_by_role("button", name="公开报告内容").click()
    page.get_by_text("报告内容已在您的公开页面发布").first.wait_for()

    # the record's public items and the meeting leave, as the deputy sees them
    page.goto("/portal/me/deputy/")
    page.locator("#record-visibility").wait_for()
    shot(page, "deputy-record-visibility")
    upcoming = deputy.user.meeting_participations.filter(leave_at__isnull=False).first()
    page.goto(reverse("portal:meeting-detail", args=[upcoming.meeting_id]))
    page.get_by_role("button", name="撤回请假").wait_for()
    shot(page, "meeting-participant-leave")

    # a voter, without an account, comments on the public page
    voter = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    public = voter.new_page()
    public.goto(
        page.url.split("/portal/")[0] + reverse("public:deputy-voter-report", args=[deputy.pk, report.pk])
    )
    public.fill("textarea[name=content]", "希望继续关注小区停车难。")
    public.get_by_role("button", name="提交意见").click()
    public.get_by_text("感谢您的意见").first.wait_for()
    voter.close()

    page.goto(f"/portal/me/deputy/reports/{report.pk}/")
    page.get_by_text("希望继续关注小区停车难。").wait_for()
    shot(page, "deputy-report-comments")
