"""The site-wide search of the public website (issue 15, item 4; ``congress.site_search``):
every kind of public record is found, nothing that is not public is, words of one character
and several words work, the page is escaped, answers bad input with a message, costs a
constant number of queries, and is served from the page cache until a write."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appointments.models import Nomination
from appointments.tests.conftest import advance
from appointments.tests.factories import NominationFactory
from budget.tests.factories import fiscal_year, import_book
from congress import site_search
from congress.models import NewsItem
from congress.tests.factories import NewsItemFactory
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory
from liaison.tests.factories import StationFactory, StreetFactory
from meetings.tests.factories import MeetingFactory
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db

WORD = "养老"


def search(client, q, status=200, **params):
    response = client.get(reverse("public:search"), {"q": q, **params})
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def public_rows(*, term, unit, staff, word=WORD, n=1):
    """``n`` public rows of every kind, each with ``word`` in a searched field."""
    street = StreetFactory(name=f"{word}街道测试")
    group = DeputyGroupFactory(term=term, organization=street, name=f"{word}街道代表组")
    rows = {
        "street": street,
        "budget": import_book(fiscal_year(2026, actor=staff), prefixes=("208",), actor=staff),
    }
    for i in range(n):
        rows.setdefault("news", []).append(NewsItemFactory(title=f"关于{word}服务的新闻{i}"))
        rows.setdefault("bulletins", []).append(
            NewsItemFactory(
                title=f"代表快递第{i}期", body=f"聚焦{word}问题", kind=NewsItem.Kind.DEPUTY_EXPRESS
            )
        )
        rows.setdefault("proposals", []).append(
            walk_to("closed", unit=unit, staff=staff, title=f"关于加强{word}设施的建议{i}")
        )
        rows.setdefault("deputies", []).append(DeputyFactory(term=term, group=group, name=f"王{i}"))
        rows.setdefault("meetings", []).append(MeetingFactory(term=term, title=f"{word}工作专题会议{i}"))
        nomination = NominationFactory(term=term, proposed_post=f"区{word}服务中心主任{i}")
        rows.setdefault("appointments", []).append(
            advance(nomination, Nomination.Status.PUBLICITY, actor=staff)
        )
        rows.setdefault("liaison", []).append(StationFactory(street=street, name=f"社区联络站{i}"))
    return rows


def test_every_kind_is_found_grouped_with_its_count(client, term, unit, staff):
    rows = public_rows(term=term, unit=unit, staff=staff, n=2)

    html = search(client, WORD)

    for kind in [
        "news",
        "bulletins",
        "proposals",
        "deputies",
        "meetings",
        "appointments",
        "liaison",
        "budget",
    ]:
        assert f'id="kind-{kind}"' in html, kind
    assert rows["news"][0].title.replace(WORD, f"<mark>{WORD}</mark>") in html
    assert reverse("public:proposal-detail", args=[rows["proposals"][1].pk]) in html
    assert reverse("public:deputy-profile", args=[rows["deputies"][0].pk]) in html
    assert reverse("public:meeting-detail", args=[rows["meetings"][0].pk]) in html
    assert reverse("public:appointment-detail", args=[rows["appointments"][0].pk]) in html
    assert reverse("public:liaison-station", args=[rows["liaison"][1].pk]) in html
    assert "聚焦<mark>养老</mark>问题" in html  # a snippet of the body
    assert html.count('<span class="count">2</span>') == 7
    assert "20805 行政事业单位<mark>养老</mark>支出" in html  # a budget line, with its book's level
    assert "/budget/2026/?book=general&amp;stage=approved&amp;parent=208" in html


def test_more_hits_of_a_kind_page_by_page(client, term, unit, staff, settings):
    for i in range(site_search.HITS_PER_KIND + 2):
        NewsItemFactory(title=f"养老新闻{i}", published_at=timezone.now() - dt.timedelta(days=i))
    walk_to("closed", unit=unit, staff=staff, title="养老建议")

    html = search(client, WORD)
    news = html[html.index('id="kind-news"') : html.index("</section>", html.index('id="kind-news"'))]
    assert news.count("<li>") == site_search.HITS_PER_KIND
    assert "kind=news" in news and "查看全部 7 条" in news
    assert "</mark>新闻0<" in news and "</mark>新闻6<" not in news  # newest first
    # the rest of the proposals are on their own search page
    proposals = site_search.source_for("proposals")
    assert (
        site_search.more_url(proposals, "养老 电梯")
        == f"{reverse('public:proposal-list')}?q=%E5%85%BB%E8%80%81+%E7%94%B5%E6%A2%AF"
    )

    html = search(client, WORD, kind="news")
    assert html.count("<li>") == 7 and "</mark>新闻6<" in html and 'id="kind-proposals"' not in html


def test_nothing_that_is_not_public_is_found(client, term, unit, staff):
    NewsItemFactory(title="养老草稿", is_published=False)
    walk_to("replied", unit=unit, staff=staff, title="养老未办结建议")
    walk_to(
        "closed",
        unit=unit,
        staff=staff,
        title="养老不公开建议",
        is_withheld=True,
        withheld_reason="涉及个人信息",
    )
    DeputyFactory(term=term, name="李四", phone="13900009999", occupation="养老院院长", is_active=True)
    DeputyFactory(term=term, name="养老辞职代表", is_active=False)
    MeetingFactory(term=term, title="养老内部会议", is_schedule_published=False)
    NominationFactory(term=term, proposed_post="养老局局长")  # nominated: not public yet
    StationFactory(name="养老已撤销联络站", is_active=False)

    for q in [WORD, "13900009999", "院长"]:  # a deputy's phone and occupation are private
        assert "没有找到" in search(client, q), q
    html = search(client, "李四")  # found by name, shown without a private field
    assert 'id="kind-deputies"' in html and "13900009999" not in html and "院长" not in html


def test_a_budget_draft_is_not_found(client, staff):
    import_book(fiscal_year(2027, actor=staff), stage="draft", prefixes=("208",), actor=staff)
    assert "没有找到" in search(client, "养老")
    import_book(fiscal_year(2027, actor=staff), stage="approved", prefixes=("208",), actor=staff)
    assert 'id="kind-budget"' in search(client, "养老")


def test_one_character_and_several_words(client, term, unit, staff):
    NewsItemFactory(title="加装电梯的进展")
    NewsItemFactory(title="电梯安全检查")
    NewsItemFactory(title="老旧小区改造")

    html = search(client, "梯")
    assert "加装电<mark>梯</mark>的进展" in html and "电<mark>梯</mark>安全检查" in html
    assert "老旧小区改造" not in html

    html = search(client, "电梯  加装")  # every word, in any order
    assert "<mark>加装</mark><mark>电梯</mark>的进展" in html and "电梯安全检查" not in html
    assert "找到 1 条结果" in html


def test_the_page_is_escaped(client):
    NewsItemFactory(title="<script>alert(1)</script>养老", body="<img src=x onerror=alert(2)>养老")

    html = search(client, "<script> 养老")

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;<mark>养老</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt;<mark>养老</mark>" in html
    assert 'value="&lt;script&gt; 养老"' in html


@pytest.mark.parametrize(
    ("q", "status", "message"),
    [
        ("", 200, "一次搜索全站公开的内容"),
        ("   ", 200, "一次搜索全站公开的内容"),
        ("养" * 51, 400, "搜索词太长"),
        ("一 二 三 四 五 六", 400, "搜索词太多"),
        ("\x00\x01", 400, "请输入要搜索的词"),
        ("%_\\'\"", 200, "没有找到"),
    ],
)
def test_odd_input_gets_a_message(client, q, status, message):
    NewsItemFactory(title="养老")
    assert message in search(client, q, status=status)


def test_an_unknown_kind_or_page_searches_everything(client):
    NewsItemFactory(title="养老")
    assert 'id="kind-news"' in search(client, WORD, kind="nope")
    assert "<mark>养老</mark>" in search(client, WORD, kind="news", page="x")


def test_the_header_of_public_pages_has_the_search_box(client):
    html = client.get(reverse("public:home")).content.decode()
    assert f'action="{reverse("public:search")}"' in html and 'name="q"' in html


@pytest.mark.parametrize("n", [1, 3])
def test_constant_queries(client, term, unit, staff, n, django_assert_num_queries):
    public_rows(term=term, unit=unit, staff=staff, n=n)
    found = 8  # the kinds ``public_rows`` writes; the supervision records are searched in the demo
    # Every kind's count in one query (the proposals' own count apart); per kind found, its first
    # hits (the proposals' lead unit and the nominations' nominating body joined; the news body,
    # proposal content annotated); 1 district profile.
    with django_assert_num_queries(1 + 1 + found + 1):
        html = search(client, WORD)
    assert html.count("<section") == found
    assert html.count(f'<span class="count">{n}</span>') == found - 1  # the budget has its own number
    # One kind's page: its count and its rows (the district profile is cached by now).
    with django_assert_num_queries(2):
        search(client, WORD, kind="appointments")


def test_the_kinds_counted_together_in_one_query(django_assert_num_queries):
    for i in range(site_search.HITS_PER_KIND + 2):
        NewsItemFactory(title=f"养老新闻{i}")
    NewsItemFactory(title="电梯新闻", kind=NewsItem.Kind.DEPUTY_EXPRESS)
    searches = {
        kind: site_search.source_for(kind).search([WORD]) for kind in ["news", "bulletins", "meetings"]
    }
    assert all(site_search.counts_together(rows) for rows in searches.values())

    with django_assert_num_queries(1):
        counts = site_search.count_kinds(searches)
    assert {kind: counts.get(kind, 0) for kind in searches} == {"news": 7, "bulletins": 0, "meetings": 0}
    assert site_search.count_kinds({"news": searches["news"]}) == {"news": 7}
    assert site_search.count_kinds({}) == {}
    # Rows merged before they are counted (DISTINCT), or a queryset with a count of its own, are
    # counted apart.
    assert not site_search.counts_together(searches["news"].distinct())


def test_the_proposals_keep_their_cached_count(term, unit, staff):
    walk_to("closed", unit=unit, staff=staff, title="养老建议")
    assert not site_search.counts_together(site_search.source_for("proposals").search([WORD]))


@pytest.mark.django_db(transaction=True)
def test_cached_until_a_write(client, settings):
    settings.CONGRESS_PAGE_CACHE = True
    NewsItemFactory(title="养老新闻一")
    assert client.get(reverse("public:search"), {"q": WORD}).headers["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("public:search"), {"q": WORD})
    assert response.headers["X-Page-Cache"] == "hit" and ctx.captured_queries == []

    NewsItemFactory(title="养老新闻二")

    response = client.get(reverse("public:search"), {"q": WORD})
    assert response.headers["X-Page-Cache"] == "miss" and "</mark>新闻二" in response.content.decode()
    # a refused search is not stored
    assert "X-Page-Cache" not in client.get(reverse("public:search"), {"q": "养" * 60}).headers


def test_registering_another_function_under_a_taken_kind_is_an_error():
    with pytest.raises(ValueError, match="news"):
        site_search.register_search("news", "x", lambda words: None, 1, hit=lambda row: None)


# What the public pages show of each supervision record (the selectors' rules, written out).
SUPERVISION_PUBLIC = {
    "supervision_reports": ("supervision.WorkReport", {"closed"}),
    "supervision_interpellations": (
        "supervision.Interpellation",
        {"answered", "reanswer_requested", "closed"},
    ),
    "supervision_inquiries": ("supervision.Inquiry", {"held"}),
    "supervision_inspections": ("supervision.Inspection", {"deliberated", "closed"}),
    "supervision_hearings": (
        "supervision.PublicHearing",
        {"published", "selected", "held", "concluded", "cancelled"},
    ),
    "supervision_evaluations": ("supervision.Evaluation", {"open", "closed"}),
    "supervision_investigations": ("supervision.Investigation", {"concluded"}),
    "supervision_major_matters": ("supervision.MajorMatter", {"concluded"}),
}


@pytest.fixture
def demo_data_db(transactional_db):
    from congress.tests.demo_snapshot import load_demo_cached

    load_demo_cached()


def test_supervision_records_public_ones_found_others_not(client, demo_data_db):
    from django.apps import apps

    hidden_checked = 0
    for source in site_search.sources():
        if not source.kind.startswith("supervision_"):
            continue
        row = source.search([]).first()
        assert row is not None, f"the demo has no public {source.kind}"
        hit = source.hit(row)
        html = search(client, hit.title[:20])
        assert f'href="{hit.url}"' in html, source.kind
        if source.kind not in SUPERVISION_PUBLIC:  # the filing register shows every filed document
            continue
        label, public_states = SUPERVISION_PUBLIC[source.kind]
        model = apps.get_model(label)
        assert (
            set(model.objects.filter(pk__in=source.search([]).values("pk")).values_list("state", flat=True))
            <= public_states
        )
        for hidden in model.objects.exclude(state__in=public_states)[:3]:
            found = source.search(site_search.parse_query(hidden.title[:20]))
            assert not found.filter(pk=hidden.pk).exists(), (source.kind, hidden.state)
            hidden_checked += 1
    assert hidden_checked >= 5  # the demo has records in private states
