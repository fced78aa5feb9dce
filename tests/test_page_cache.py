"""Whole-page cache of anonymous public HTML (issue 16): public pages carry nothing per visitor,
a second visit is served from the cache without a query, and every kind of write that changes
what a public page shows is visible on the next request. The writes here really commit
(``transaction=True``): the data versions are bumped when a transaction commits."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import caching, page_cache
from congress.models import DistrictProfile, NewsItem, Organization
from congress.tests.factories import NewsItemFactory, OrganizationFactory, TermFactory, staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CONGRESS_PAGE_CACHE = True


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def state(response) -> str | None:
    return response.headers.get(page_cache.HEADER)


def test_a_public_page_carries_nothing_per_visitor(client):
    response = get(client, reverse("public:home"))
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
    assert not response.cookies  # no CSRF cookie, no session
    assert 'action="/i18n/setlang/"' in html  # the language switch works without a token


def test_the_second_visit_is_served_from_the_cache_without_a_query(client):
    NewsItemFactory(title="第一条新闻")
    assert state(get(client, reverse("public:news-list"))) == "miss"

    with CaptureQueriesContext(connection) as ctx:
        response = get(client, reverse("public:news-list"))

    assert state(response) == "hit" and ctx.captured_queries == []
    assert "第一条新闻" in response.content.decode()
    assert response.headers["Content-Security-Policy"]  # the headers are kept


def test_the_language_and_htmx_requests_are_cached_apart(client):
    chinese = get(client, reverse("public:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = get(client, reverse("public:home"))
    assert state(english) == "miss" and english.content.decode() != chinese
    assert state(get(client, reverse("public:home"))) == "hit"
    partial = get(client, reverse("public:proposal-list"), HTTP_HX_REQUEST="true")
    whole = get(client, reverse("public:proposal-list"))
    assert state(partial) == "miss" and state(whole) == "miss"
    assert len(partial.content) < len(whole.content)


def test_switching_language_by_the_header_form_needs_no_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_signed_in_visitor_is_never_served_or_stored(client):
    get(client, reverse("public:home"))
    user = staff_user()
    client.force_login(user)
    response = get(client, reverse("public:home"))
    assert state(response) is None
    assert "X-CSRFToken" in response.content.decode()  # htmx posts still carry the token
    client.logout()
    assert state(get(client, reverse("public:home"))) == "hit"  # the anonymous copy is untouched


def test_a_visitor_with_messages_or_a_session_is_not_served_from_the_cache(client):
    get(client, reverse("public:home"))
    client.cookies["messages"] = "x"
    assert state(get(client, reverse("public:home"))) is None
    del client.cookies["messages"]
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up"
    assert state(get(client, reverse("public:home"))) is None


def test_pages_that_are_not_public_are_not_cached(client):
    response = get(client, reverse("login"))  # a form with a CSRF token
    assert state(response) is None
    assert state(get(client, reverse("login"))) is None
    assert client.get("/no-such-page/").status_code == 404


def test_a_view_can_refuse_the_cache(client, rf):
    request = rf.get("/")
    page_cache.skip(request)
    assert request._congress_page_cache_skip


# --- a write is visible on the next request, for every kind of write ----------------------


def test_news_published_edited_and_withdrawn(client):
    item = NewsItemFactory(title="旧标题", kind=NewsItem.Kind.NEWS)
    url = reverse("public:news-list")
    assert "旧标题" in get(client, url).content.decode()
    item.title = "新标题"
    item.save()
    html = get(client, url).content.decode()
    assert "新标题" in html and "旧标题" not in html
    item.is_published = False
    item.save()
    assert "新标题" not in get(client, url).content.decode()
    NewsItemFactory(title="又一条")
    assert "又一条" in get(client, url).content.decode()
    NewsItem.objects.filter(title="又一条").delete()
    assert "又一条" not in get(client, url).content.decode()


def test_the_district_profile(client):
    DistrictProfile.objects.update_or_create(pk=1, defaults={"name": "徐汇区", "congress_name": "甲委员会"})
    assert "甲委员会" in get(client, reverse("public:home")).content.decode()
    profile = DistrictProfile.objects.get(pk=1)
    profile.congress_name = "乙委员会"
    profile.save()
    assert "乙委员会" in get(client, reverse("public:home")).content.decode()


def test_deputies(client):
    from deputies.tests.factories import DeputyFactory

    term = TermFactory(is_current=True)
    url = reverse("public:deputy-directory")
    get(client, url)
    deputy = DeputyFactory(term=term, name="张三丰")
    assert "张三丰" in get(client, url).content.decode()
    deputy.name = "李四光"
    deputy.save()
    html = get(client, url).content.decode()
    assert "李四光" in html and "张三丰" not in html


def test_meetings(client):
    from meetings.tests.factories import MeetingFactory

    url = reverse("public:meeting-list")
    get(client, url)
    assert state(get(client, url)) == "hit"
    meeting = MeetingFactory(title="第九十九次会议")
    assert "第九十九次会议" in get(client, url).content.decode()
    meeting.is_schedule_published = False
    meeting.save()
    assert "第九十九次会议" not in get(client, url).content.decode()


@pytest.mark.parametrize(
    "namespace, page",
    [
        ("congress", "public:home"),
        ("deputies", "public:deputy-directory"),
        ("supervision", "public:supervision-index"),
        ("appointments", "public:appointment-list"),
        ("meetings", "public:meeting-list"),
        ("budget", "public:budget-index"),
    ],
)
def test_a_kernel_transition_bumps_its_app_on_commit(client, namespace, page):
    TermFactory(is_current=True)
    url = reverse(page)
    get(client, url)
    assert namespace in stored_dependencies(url)
    with transaction.atomic():
        caching.bump_on_commit(namespace)  # what congress.casework.services.transition() does
        assert state(get(client, url)) == "hit"  # not before the commit
    assert state(get(client, url)) == "miss"


def stored_dependencies(url: str) -> set[str]:
    """The namespaces the stored copy of ``url`` depends on."""
    from django.core.cache import cache
    from django.test import RequestFactory

    stored = cache.get(page_cache._key(RequestFactory().get(url)))
    assert stored is not None, url
    return set(stored[0])


def test_a_page_depends_on_what_it_read_only(client):
    get(client, reverse("public:news-list"))
    assert stored_dependencies(reverse("public:news-list")) == {"congress"}
    get(client, reverse("public:proposal-list"))
    depends = stored_dependencies(reverse("public:proposal-list"))
    assert "proposals.public" in depends and "proposals" not in depends
    with transaction.atomic():
        caching.bump_on_commit("proposals")  # a draft, a submission, a co-signature
    assert state(get(client, reverse("public:news-list"))) == "hit"
    assert state(get(client, reverse("public:proposal-list"))) == "hit"
    caching.bump_on_commit("proposals.public")
    assert state(get(client, reverse("public:proposal-list"))) == "miss"


def test_a_hit_is_one_cache_round_trip(client, monkeypatch):
    from django.core.cache import cache

    url = reverse("public:proposal-list")
    get(client, url)
    calls, depth = [], [0]

    def counting(name, real):
        def call(*args, **kwargs):
            if not depth[0]:  # the local-memory backend's get_many calls its own get
                calls.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "add", "set_many", "delete", "delete_many"):
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))
    assert state(get(client, url)) == "hit"
    assert calls == ["get_many"]


def test_a_read_served_from_another_cache_still_counts(client):
    """The district profile comes from Django's cache on the second render: the page still
    depends on the core (``yearly.district_profile`` notes it), and the public search's cached
    count notes what it read."""
    get(client, reverse("public:home"))
    get(client, reverse("public:proposal-list") + "?q=养老")
    page_cache_reads = set()
    token = page_cache._reads.set(page_cache_reads)
    try:
        from congress import yearly
        from proposals.selectors import public_proposal_search

        yearly.district_profile()
        public_proposal_search("养老").count()
    finally:
        page_cache._reads.reset(token)
    assert {"congress", "deputies", "proposals.public"} <= page_cache_reads


def test_a_proposal_saved(client):
    from proposals.tests.factories import ProposalFactory

    get(client, reverse("public:proposal-list"))
    ProposalFactory()
    assert state(get(client, reverse("public:proposal-list"))) == "miss"


def test_appointments(client):
    from appointments.tests.factories import CommitteeMemberFactory

    get(client, reverse("public:appointment-list"))
    CommitteeMemberFactory()
    assert state(get(client, reverse("public:appointment-list"))) == "miss"


def test_units_and_other_core_rows(client):
    unit = OrganizationFactory(name="区甲局")
    get(client, reverse("public:home"))
    unit.name = "区乙局"
    unit.save()
    assert state(get(client, reverse("public:home"))) == "miss"


def test_a_login_or_a_notice_does_not_empty_the_cache(client):
    user = staff_user()
    get(client, reverse("public:home"))
    user.first_name = "改"
    user.save()
    from congress.notifications import Message, notify

    notify(recipients=[user], key="k", title=Message("通知"), email=False)
    assert state(get(client, reverse("public:home"))) == "hit"


def test_every_project_app_keys_the_pages_and_every_public_model_bumps_its_app():
    labels = set(page_cache.namespaces())
    assert {
        "congress",
        "deputies",
        "meetings",
        "appointments",
        "proposals",
        "supervision",
        "budget",
    } <= labels
    for model in apps.get_models():
        if model._meta.app_label not in labels or page_cache.is_quiet(model):
            continue
        before = caching.data_version(model._meta.app_label)
        page_cache._bump_for(model)
        assert caching.data_version(model._meta.app_label) != before, model


def test_a_batch_in_one_transaction_bumps_once(django_assert_max_num_queries):
    calls = []
    real = caching.bump_data_version
    caching.bump_data_version = calls.append
    try:
        with transaction.atomic():
            for i in range(50):
                Organization.objects.create(name=f"单位{i}", kind=Organization.Kind.DEPARTMENT)
    finally:
        caching.bump_data_version = real
    assert calls == ["congress"]


def test_supervision_records(client):
    """A special supervisor appointed (a supervision record) shows on the public list on the next
    request; the page depends on ``supervision`` and ``deputies`` (the deputy's name)."""
    from django.utils import timezone

    from deputies.tests.factories import DeputyFactory
    from supervision.models import SpecialSupervisor

    court = OrganizationFactory(name="区人民法院", kind=Organization.Kind.COURT)
    deputy = DeputyFactory(term=TermFactory(is_current=True), name="赵监督")
    url = reverse("public:supervision-special-supervisors")
    assert "赵监督" not in get(client, url).content.decode()
    assert state(get(client, url)) == "hit"
    today = timezone.localdate()
    SpecialSupervisor.objects.create(
        deputy=deputy, institution=court, term_start=today, term_end=today + dt.timedelta(days=730)
    )
    response = get(client, url)
    assert state(response) == "miss" and "赵监督" in response.content.decode()
    assert {"supervision", "deputies"} <= stored_dependencies(url)
