"""The public appointment notices, the staff's composition dashboard in the admin, and the
read-only version for committee members in the portal."""

from appointments.models import Nomination
from congress.demo import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, login, shot


def test_public_sees_the_publicity_and_the_results(page, demo_data):
    in_publicity = Nomination.objects.get(status=Nomination.Status.PUBLICITY)
    sworn = Nomination.objects.get(status=Nomination.Status.SWORN)

    page.goto("/appointments/")
    assert page.get_by_role("heading", name="正在公示").is_visible()
    assert page.get_by_role("link", name=in_publicity.person_name).first.is_visible()
    shot(page, "appointments-public-list")

    page.get_by_role("link", name=sworn.person_name).first.click()
    page.wait_for_url(f"**/appointments/{sworn.pk}/")
    assert page.get_by_role("heading", name="宪法宣誓").is_visible()
    assert page.get_by_text("宪法宣誓誓词（2018年修订）").is_visible()
    shot(page, "appointments-public-detail")


def test_staff_dashboard_shows_the_warnings(page, demo_data):
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.goto("/admin/appointments/committeemember/")
    page.get_by_role("link", name="组成结构与镇人代会检查").click()
    page.wait_for_url("**/admin/appointments/committeemember/dashboard/")
    warnings = page.locator(".findings li.level-warning")
    assert warnings.filter(has_text="驻会人员比例").count() == 1
    assert warnings.filter(has_text="下半年尚未召开或安排").count() == 1
    shot(page, "appointments-admin-dashboard")

    nomination = Nomination.objects.get(status=Nomination.Status.NOMINATED)
    page.goto(f"/admin/appointments/nomination/{nomination.pk}/change/")
    page.get_by_role("link", name="登记法律知识考试").click()
    page.fill("input[name=score]", "58")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(f"**/admin/appointments/nomination/{nomination.pk}/change/")
    assert page.get_by_text("当前状态：考试未合格").is_visible()
    shot(page, "appointments-admin-nomination")


def test_member_reads_the_dashboard_in_the_portal(page, demo_data):
    login(page, "member")
    assert page.get_by_role("heading", name="组成结构与镇人代会预警").is_visible()
    shot(page, "appointments-portal-home")
    page.goto("/portal/composition/")
    assert page.get_by_role("heading", name="组成结构与镇人代会检查").is_visible()
    assert page.get_by_text("在管理后台处理").count() == 0
    shot(page, "appointments-portal-dashboard")
