"""The staff admin at 1366 px, in Chinese: the registration queue opens a proposal by its title,
staff register it and assign it with the buttons of its page (the unit picked with the
searchable picker), and the busiest change lists keep every column readable. Screenshots in
tests/screenshots/admin-*.png."""

from congress.demo import DEMO_PASSWORD
from proposals.models import Proposal
from tests.browser.conftest import DESKTOP, PHONE, shot

# The lists staff read most; each must fit 1366 px with no column squeezed to two characters.
LISTS = [
    "/admin/proposals/proposal/",
    "/admin/proposals/assignment/",
    "/admin/meetings/meeting/",
    "/admin/meetings/requiredattendance/",
    "/admin/appointments/nomination/",
    "/admin/deputies/deputy/",
]

COLUMNS = """() => {
  const table = document.querySelector('#result_list');
  const results = table.closest('.results');
  const cells = [...table.querySelectorAll('tbody tr:first-child > *')].filter(
    c => !c.classList.contains('action-checkbox'));
  const em = parseFloat(getComputedStyle(table.querySelector('tbody td')).fontSize);
  return {
    overflow: Math.round(results.scrollWidth - results.clientWidth),
    columns: cells.map(c => [c.className.split(' ')[0], Math.round(c.getBoundingClientRect().width / em * 10) / 10]),
  };
}"""


def look(page, name, widths=(DESKTOP,), full_page=False):
    """Screenshots, then back to the desktop width the admin is used at (``shot`` ends on the
    phone width)."""
    shot(page, name, widths=widths, full_page=full_page)
    page.set_viewport_size(DESKTOP)


def staff_admin_login(page):
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")


def test_staff_register_and_assign_from_the_proposals_page(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    proposal = Proposal.objects.filter(state=Proposal.State.SUBMITTED).order_by("id").first()
    staff_admin_login(page)

    # the registration queue: the title opens the proposal
    page.goto("/admin/proposals/proposal/?state__exact=submitted")
    look(page, "admin-01-registration-queue")
    page.locator("#result_list").get_by_role("link", name=proposal.title, exact=True).click()
    page.wait_for_url(f"**/admin/proposals/proposal/{proposal.pk}/change/?*")  # the queue's filter kept
    steps = page.locator(".workflow-steps")
    assert steps.get_by_text("当前状态：已提交").is_visible()
    for label in ("立案", "不予立案", "并案", "督办设置", "不予公开"):
        assert steps.get_by_role("link", name=label, exact=True).is_visible(), label
    assert steps.get_by_role("link", name="交办", exact=True).count() == 0
    look(page, "admin-02-submitted-proposal", widths=(DESKTOP, PHONE))

    # 立案
    steps.get_by_role("link", name="立案", exact=True).click()
    page.get_by_label("说明").fill("材料齐全，予以立案")
    look(page, "admin-03-register-form")
    page.get_by_role("button", name="确认立案").click()
    page.wait_for_url(f"**/admin/proposals/proposal/{proposal.pk}/change/")
    page.locator(".messagelist .success", has_text="已立案。").wait_for()
    assert page.locator(".workflow-state").inner_text() == "当前状态：已立案"
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REGISTERED and proposal.serial

    # 交办 without a lead unit: the reason in Chinese, what was typed kept
    page.locator(".workflow-steps").get_by_role("link", name="交办", exact=True).click()
    page.get_by_label("说明").fill("请按期答复")
    page.get_by_role("button", name="确认交办").click()
    page.locator(".errorlist", has_text="请至少选择一个主办单位。").wait_for()
    assert page.get_by_label("说明").input_value() == "请按期答复"

    # the lead unit picked with the searchable picker, then 交办
    page.fill("#id_lead_units_input", "教育")
    page.select_option("#id_lead_units_from", label="区教育局")
    page.click("#id_lead_units_add")
    assert page.locator("#id_lead_units_to option", has_text="区教育局").count() == 1
    look(page, "admin-04-assign-form", full_page=True)
    page.get_by_role("button", name="确认交办").click()
    page.wait_for_url(f"**/admin/proposals/proposal/{proposal.pk}/change/")
    page.locator(".messagelist .success", has_text="已交办。").wait_for()
    assert page.locator(".workflow-state").inner_text() == "当前状态：办理中"
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED
    assert list(proposal.assignments.values_list("unit__name", "role")) == [("区教育局", "lead")]
    look(page, "admin-05-assigned-proposal", full_page=True)


def test_the_busiest_lists_are_readable_at_1366(page, demo_data, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    staff_admin_login(page)
    for url in LISTS:
        page.goto(url)
        measured = page.evaluate(COLUMNS)
        look(page, url.strip("/").replace("/", "-"))
        assert measured["overflow"] <= 1, (url, measured)
        for column, width in measured["columns"]:
            assert width >= 3, (url, column, width)  # three characters at least
        opening = page.locator("#result_list tbody tr:first-child th a").first
        assert opening.inner_text().strip() not in ("", "-"), url  # the record opens by its name
