"""A voter on a phone finds their deputy by street (issue 14, item 6): from the deputy directory to
the street's liaison stations, the deputies who receive there and the next reception day, then the
deputy's own page with their record and the way to leave them an opinion. On the demo district."""

from tests.browser.conftest import PHONE, shot


def test_a_voter_finds_their_deputy_by_street(page, demo_data):
    page.set_viewport_size(PHONE)
    page.goto("/liaison/")
    page.get_by_label("所在街道（镇）").select_option(label="天平路街道")
    page.get_by_role("heading", name="天平路街道的联络站点").wait_for()
    # the street's next reception days and its stations with the deputies who receive there
    assert page.locator("#receptions li").count() >= 1
    station = page.locator("#stations li").filter(has_text="天平路街道").first
    deputy = station.get_by_role("link").nth(1)  # the first link is the station, then its deputies
    name = deputy.inner_text()
    shot(page, "find-deputy-01-street")

    deputy.click()
    page.get_by_role("heading", name=name).first.wait_for()
    page.get_by_role("link", name="给代表留言").wait_for()
    shot(page, "find-deputy-02-deputy")

    page.get_by_role("link", name="给代表留言").click()
    page.get_by_label("反映内容").wait_for()
    assert "deputy=" in page.url
