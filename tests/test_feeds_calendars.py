"""Feeds and calendars of the public website (issue 15, item 2): RSS of news, replies and
supervision records, parsed with the standard library; iCalendar of meetings and hearings,
checked line by line against RFC 5545 (the ``icalendar`` package is not installed); constant
queries at two sizes; a new published news item shows on the next request (page cache)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import ics, page_cache
from congress.tests.factories import NewsItemFactory, TermFactory
from meetings.tests.factories import MeetingFactory
from proposals.tests.factories import walk_to
from supervision import services
from supervision.models import WorkReport
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("language") == "zh-CN"
    assert channel.findtext("link").startswith("http://testserver/")
    return channel.findall("item")


def check_ics(response) -> list[str]:
    """The RFC 5545 line structure: CRLF, folded lines ≤ 75 octets, BEGIN/END balanced, every
    DTSTART/DTEND in the declared zone. Returns the unfolded lines."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw)
    lines = "\r\n".join(raw).replace("\r\n ", "").split("\r\n")
    stack = []
    for line in lines:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
        elif line.startswith(("DTSTART", "DTEND")) and stack[-1] == "VEVENT":
            assert line.split(":")[0].endswith(f";TZID={ics.TZID}")
    assert stack == [] and lines[0] == "BEGIN:VCALENDAR" and f"TZID:{ics.TZID}" in lines
    return lines


def test_news_feed_lists_published_items_with_absolute_links(client):
    shown = NewsItemFactory(title="区人大常委会召开第十次会议", summary="会议审议了三项报告")
    hidden = NewsItemFactory(title="草稿新闻", is_published=False, body="内部草稿正文")
    items = rss_items(client.get("/feeds/news/"))
    assert [item.findtext("title") for item in items] == [shown.title]
    link = items[0].findtext("link")
    assert link == f"http://testserver{reverse('public:news-detail', args=[shown.pk])}"
    assert "会议审议了三项报告" in items[0].findtext("description")
    assert hidden.title not in client.get("/feeds/news/").content.decode()


def test_news_feed_as_atom(client):
    from xml.etree import ElementTree

    shown = NewsItemFactory(title="区人大常委会召开第十一次会议")
    NewsItemFactory(title="草稿新闻", is_published=False)
    response = client.get("/feeds/news/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{atom}entry")
    assert [entry.findtext(f"{atom}title") for entry in entries] == [shown.title]
    link = entries[0].find(f"{atom}link").get("href")
    assert link == f"http://testserver{reverse('public:news-detail', args=[shown.pk])}"
    assert entries[0].findtext(f"{atom}updated") and entries[0].findtext(f"{atom}id")


def test_news_list_links_the_feed():
    from django.test import Client

    html = Client().get(reverse("public:news-list")).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html and "/feeds/news/" in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and "/feeds/news/atom/" in html
    assert "订阅" in html


def test_replies_feed_shows_confirmed_replies_of_public_proposals_only(client):
    closed = walk_to("closed", title="关于增设社区养老服务点的建议")
    open_one = walk_to("reply_review", title="尚未答复确认的建议")
    items = rss_items(client.get("/feeds/replies/"))
    assert len(items) == 1
    item = items[0]
    assert closed.title in item.findtext("title")
    assert item.findtext("link") == f"http://testserver{reverse('public:proposal-detail', args=[closed.pk])}"
    body = client.get("/feeds/replies/").content.decode()
    assert open_one.title not in body
    assert closed.lead_deputy.user.username not in body and "满意" not in body  # no rating, no account


def test_supervision_feed_shows_closed_reports_only(client, staff, officer, unit):
    # Through the services, as every state is reached (supervision.tests.conftest.advance).
    due = timezone.localdate() + dt.timedelta(days=30)
    closed = services.report_create(actor=staff, title="关于大气污染防治工作的报告", unit=unit, due_date=due)
    closed = advance(closed, WorkReport.State.CLOSED, staff=staff, officer=officer)
    services.report_create(actor=staff, title="尚在审议的报告", unit=unit, due_date=due)
    items = rss_items(client.get("/feeds/supervision/"))
    assert len(items) == 1 and closed.title in items[0].findtext("title")
    assert items[0].findtext("link").endswith(reverse("public:supervision-report", args=[closed.pk]))
    assert "报告正文" not in client.get("/feeds/supervision/").content.decode()  # advance's report text


def test_meetings_calendar_has_a_vevent_per_public_meeting(client):
    term = TermFactory()
    shown = MeetingFactory(term=term, title="区人大常委会第三十次会议,审议预算;调整")
    MeetingFactory(term=term, title="未公布日程的会议", is_schedule_published=False)
    cancelled = MeetingFactory(term=term, status="cancelled")
    lines = check_ics(client.get("/meetings.ics"))
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 2
    assert "SUMMARY:区人大常委会第三十次会议\\,审议预算\\;调整" in lines
    assert f"URL:http://testserver{reverse('public:meeting-detail', args=[shown.pk])}" in lines
    assert "未公布日程的会议" not in "".join(lines)
    assert any(line.startswith(f"UID:meeting-{cancelled.pk}@") for line in lines)
    assert "STATUS:CANCELLED" in lines
    html = client.get(reverse("public:meeting-list")).content.decode()
    assert "/meetings.ics" in html and "/meetings.ics?kind=standing" in html


def test_each_body_has_a_calendar_of_its_own(client):
    term = TermFactory()
    standing = MeetingFactory(term=term, kind="standing", title="常委会第三十次会议")
    chairs = MeetingFactory(term=term, kind="chairpersons", title="主任会议第十二次会议")
    lines = check_ics(client.get("/meetings.ics?kind=standing"))
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1
    assert any(line.startswith(f"UID:meeting-{standing.pk}@") for line in lines)
    assert chairs.title not in "".join(lines)
    assert any(line.startswith("X-WR-CALNAME:") and "常委会会议" in line for line in lines)
    assert client.get("/meetings.ics?kind=committee-x").status_code == 404


def test_hearings_calendar_lists_published_hearings(client, django_user_model):
    from congress.tests.factories import staff_user
    from supervision import services
    from supervision.tests.test_views_hearings import _create

    staff = staff_user()
    published = services.hearing_publish(actor=staff, hearing=_create(staff, 1))
    draft = _create(staff, 2)
    lines = check_ics(client.get("/supervision/hearings.ics"))
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1
    assert any(line.startswith(f"UID:public-hearing-{published.pk}@") for line in lines)
    assert draft.title not in "".join(lines)


def test_constant_queries_at_two_sizes(client, django_assert_max_num_queries):
    term = TermFactory()
    urls = ["/feeds/news/", "/feeds/replies/", "/feeds/supervision/", "/meetings.ics"]

    def grow(n):
        NewsItemFactory.create_batch(n)
        MeetingFactory.create_batch(n, term=term)
        for _ in range(n // 2):
            walk_to("closed")

    counts = {}
    for n in (2, 8):
        grow(n)
        for url in urls:
            with django_assert_max_num_queries(6) as ctx:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(ctx.captured_queries))
    assert all(small == big for small, big in counts.values()), counts


@pytest.mark.django_db(transaction=True)
def test_a_new_news_item_shows_on_the_next_request(client, settings):
    settings.CONGRESS_PAGE_CACHE = True
    NewsItemFactory(title="第一条")
    assert client.get("/feeds/news/").headers[page_cache.HEADER] == "miss"
    assert client.get("/feeds/news/").headers[page_cache.HEADER] == "hit"
    NewsItemFactory(title="第二条新发布")
    response = client.get("/feeds/news/")
    assert response.headers[page_cache.HEADER] == "miss" and "第二条新发布" in response.content.decode()
    assert client.get("/meetings.ics").headers[page_cache.HEADER] == "miss"
    assert client.get("/meetings.ics").headers[page_cache.HEADER] == "hit"
