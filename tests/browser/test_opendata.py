"""A member of the public finds the open data from the footer on a phone, reads a dataset's
dictionary, downloads a year's CSV (Chinese headers, the BOM) and opens a reply letter's PDF
link. Screenshots at phone and desktop widths."""

from pathlib import Path

from django.urls import reverse

from congress.tests.factories import OrganizationFactory
from proposals.tests.factories import walk_to
from tests.browser.conftest import shot


def test_the_public_downloads_a_year_of_replies(page, transactional_db):
    unit = OrganizationFactory(name="区教育局")
    proposal = walk_to("closed", unit=unit, title="关于增设社区养老食堂的建议")

    page.goto("/")
    page.get_by_role("link", name="开放数据接口").click()
    page.get_by_role("heading", name="开放数据", exact=True).wait_for()
    page.locator("#proposals summary").click()
    assert page.locator("#proposals .dictionary").get_by_text("领衔代表姓名").is_visible()
    shot(page, "opendata-01-page")

    with page.expect_download() as info:
        page.get_by_role("link", name=f"代表建议、议案及答复 {proposal.year}年 CSV").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff编号,类型,标题".encode())
    assert "关于增设社区养老食堂的建议" in data.decode("utf-8-sig")
    assert reverse("public:proposal-reply-pdf", args=[proposal.pk]) in data.decode("utf-8-sig")
