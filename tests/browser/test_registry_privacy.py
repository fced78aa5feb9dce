"""A committee member in the admin reads a deputy's record without the private fields and
finds no accounts (用户); staff see the birth date and contact details. Screenshots."""

from congress.models import User
from deputies.models import Deputy
from tests.browser.conftest import DESKTOP, PHONE, shot
from tests.browser.test_rules import admin_login


def test_member_reads_the_registry_without_private_fields(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    deputy = Deputy.objects.filter(user__username="deputy1").get()
    url = f"/admin/deputies/deputy/{deputy.pk}/change/"

    admin_login(page, "member")
    assert page.locator("a[href='/admin/congress/user/']").count() == 0
    shot(page, "privacy-01-member-index", widths=(DESKTOP,))
    page.goto(url)
    page.get_by_text("出生年份").wait_for()
    body = page.locator("body").inner_text()
    assert "联系电话" not in body and "登录账号" not in body
    if deputy.phone:
        assert deputy.phone not in body
    shot(page, "privacy-02-member-deputy", widths=(DESKTOP, PHONE))
    response = page.goto("/admin/congress/user/")
    assert response.status == 403

    page.context.clear_cookies()
    admin_login(page, "staff")
    page.goto(url)
    page.get_by_text("联系电话").first.wait_for()
    shot(page, "privacy-03-staff-deputy", widths=(DESKTOP,))
    assert User.objects.filter(username="member").exists()
