"""A deputy hides a field from the public in the portal; staff look at the structure statistics."""

from congress.demo import DEMO_PASSWORD
from deputies.models import Deputy
from tests.browser.conftest import DESKTOP, login, shot


def test_deputy_hides_occupation_from_the_public(page, demo_data):
    deputy = Deputy.objects.get(user__username="deputy1")
    assert "occupation" in deputy.public_fields
    page.goto(f"/deputies/{deputy.pk}/")
    assert page.get_by_text(deputy.occupation).is_visible()

    login(page, "deputy1")
    menu = page.get_by_role("button", name="菜单")
    if menu.is_visible():  # phone width: the nav folds behind the menu button
        menu.click()
    page.get_by_role("link", name="我的履职").first.click()
    page.wait_for_url("**/portal/me/deputy/")
    shot(page, "deputy-my-record")
    page.get_by_label("工作单位及职务").uncheck()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("status").filter(has_text="已保存").wait_for()
    assert not page.get_by_label("工作单位及职务").is_checked()
    shot(page, "deputy-my-record-saved")

    page.goto(f"/deputies/{deputy.pk}/")
    assert page.get_by_role("heading", name=deputy.name).is_visible()
    assert page.get_by_text("工作单位及职务").count() == 0
    assert page.get_by_text(deputy.occupation).count() == 0
    deputy.refresh_from_db()
    assert "occupation" not in deputy.public_fields
    assert deputy.history.first().history_user.username == "deputy1"


def test_staff_sees_structure_statistics(page, demo_data):
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/admin/deputies/deputy/?q=公共卫生")
    assert page.locator("#result_list tbody tr").count() > 0  # the resource database search
    shot(page, "deputy-admin-list", widths=(DESKTOP,))
    page.goto("/admin/deputies/deputy/import-roster/")
    shot(page, "deputy-admin-import", widths=(DESKTOP,))
    page.goto("/admin/deputies/deputy/")
    page.get_by_role("link", name="结构统计").click()
    page.wait_for_url("**/admin/deputies/deputy/statistics/**")
    # ECharts drew an SVG into every chart box.
    for key in ("age", "gender", "education", "sector", "party", "ethnicity", "group"):
        page.locator(f"#chart-{key} svg").first.wait_for()
    assert page.locator("#stats-gender tbody tr").count() == 2
    shot(page, "deputy-statistics")
