"""业务规则 in the admin as staff see it at 1366px: a duration is a count and a unit, 请假审批机关
is a table of unit kinds with a select of offices; the default is beside each value and the
change is kept in the history. Screenshots (desktop, and the phone for the form)."""

from congress.demo import DEMO_PASSWORD
from congress.models import Rule
from congress.rules import Duration, rule_get
from tests.browser.conftest import DESKTOP, PHONE, shot


def admin_login(page, username="staff"):
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")


def test_staff_edit_a_duration_and_a_mapping_rule(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    admin_login(page)

    # the list reads like the rules, not like JSON
    page.goto("/admin/congress/rule/")
    page.get_by_role("link", name="建议答复期限", exact=True).wait_for()
    shot(page, "rules-01-list", widths=(DESKTOP,))

    # 1. a duration: count + unit, the default beside it
    page.get_by_role("link", name="建议答复期限", exact=True).click()
    page.get_by_text("默认值：3个月").wait_for()
    shot(page, "rules-02-duration-form", widths=(DESKTOP, PHONE))
    page.set_viewport_size(DESKTOP)
    page.fill("input[name=value_0]", "0")
    page.click("input[name=_save]")
    page.get_by_text("期限至少为 1。").wait_for()
    shot(page, "rules-03-duration-error", widths=(DESKTOP,))
    page.fill("input[name=value_0]", "60")
    page.select_option("select[name=value_1]", label="个工作日")
    page.fill("input[name=note]", "区人大常委会2027年第1号文件")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    assert rule_get("proposals.reply_deadline") == Duration(60, "workdays")
    page.locator("tr", has_text="建议答复期限").get_by_text("60个工作日").wait_for()
    shot(page, "rules-04-duration-saved", widths=(DESKTOP,))

    # 2. a mapping: unit kinds (fixed) → the approving office
    page.get_by_role("link", name="请假审批机关", exact=True).click()
    street = page.get_by_label("街道", exact=True)
    assert street.input_value() == "gov_office"
    shot(page, "rules-05-mapping-form", widths=(DESKTOP, PHONE))
    page.set_viewport_size(DESKTOP)
    page.get_by_label("街道", exact=True).select_option(label="区委办公室")
    page.fill("input[name=note]", "街道请假改由区委办公室审批")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    assert rule_get("meetings.leave_approvers")["street"] == "party_office"
    page.locator("tr", has_text="请假审批机关").get_by_text("街道 → 区委办公室").wait_for()

    # the reply classes: rows of code + name + 须跟踪办理, two empty rows to add one
    page.goto("/admin/congress/rule/")
    page.get_by_role("link", name="答复分类", exact=True).click()
    page.get_by_role("columnheader", name="须跟踪办理").wait_for()
    shot(page, "rules-06-choices-form", widths=(DESKTOP, PHONE))

    # a ratio: typed as a fraction or percentage, the percentage shown as one types
    page.goto("/admin/congress/rule/")
    page.get_by_role("link", name="驻会人员目标比例", exact=True).click()
    page.fill("input[name=value]", "65%")
    page.get_by_text("＝ 65%").wait_for()
    page.fill("input[name=value]", "2/3")
    page.get_by_text("＝ 2/3（66.7%）").wait_for()
    shot(page, "rules-06b-ratio-form", widths=(DESKTOP,))

    # 3. the history keeps both changes with their reasons
    rule = Rule.objects.get(key="meetings.leave_approvers")
    page.goto(f"/admin/congress/rule/{rule.pk}/history/")
    page.get_by_role("cell", name="街道请假改由区委办公室审批", exact=True).wait_for()
    shot(page, "rules-07-mapping-history", widths=(DESKTOP,))
