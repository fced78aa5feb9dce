"""Public home, news and the portal home: query counts stay constant as rows grow, and
history records who changed an official record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import NewsItem, Organization
from congress.tests.factories import NewsItemFactory
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)  # warm: the session, roles and district profile come from the cache after it
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), ctx


def test_public_home_queries_are_pinned(client, term, django_assert_num_queries):
    NewsItemFactory.create_batch(3, kind=NewsItem.Kind.NEWS)
    NewsItemFactory.create_batch(2, kind=NewsItem.Kind.DEPUTY_EXPRESS)
    DeputyFactory.create_batch(3, term=term)
    client.get(reverse("public:home"))  # the district profile is cached from here on
    # news, notices, bulletins, current term, deputy/group counts, hearings open for sign-up
    with django_assert_num_queries(6):
        client.get(reverse("public:home"))
    NewsItemFactory.create_batch(10, kind=NewsItem.Kind.NOTICE)
    DeputyFactory.create_batch(10, term=term)
    with django_assert_num_queries(6):
        client.get(reverse("public:home"))


def test_news_list_queries_constant(client):
    NewsItemFactory.create_batch(3)
    small, _ = _count(client, reverse("public:news-list"))
    NewsItemFactory.create_batch(30)
    large, ctx = _count(client, reverse("public:news-list"))
    assert small == large, [q["sql"] for q in ctx.captured_queries]


def test_unpublished_news_is_not_public(client):
    hidden = NewsItemFactory(is_published=False, title="内部草稿")
    assert client.get(reverse("public:news-detail", args=[hidden.pk])).status_code == 404
    assert "内部草稿" not in client.get(reverse("public:news-list")).content.decode()


def test_directory_queries_constant_as_deputies_grow(client, term):
    DeputyFactory.create_batch(3, term=term)
    small, _ = _count(client, reverse("public:deputy-directory"))
    DeputyFactory.create_batch(40, term=term)
    large, ctx = _count(client, reverse("public:deputy-directory"))
    assert small == large, [q["sql"] for q in ctx.captured_queries]


def test_portal_home_queries_constant_as_data_grows(client, officer, unit):
    client.force_login(officer)
    small, _ = _count(client, reverse("portal:home"))
    NewsItemFactory.create_batch(20)
    large, ctx = _count(client, reverse("portal:home"))
    assert small == large, [q["sql"] for q in ctx.captured_queries]


def test_admin_change_is_recorded_with_user(admin_client, admin_user):
    org = Organization.objects.create(name="区民政局", kind=Organization.Kind.DEPARTMENT)
    response = admin_client.post(
        reverse("admin:congress_organization_change", args=[org.pk]),
        {
            "name": "区民政局",
            "short_name": "民政局",
            "kind": "department",
            "head_name": "张局长",
            "deputy_head_name": "",
            "address": "",
            "phone": "",
            "is_handling_unit": "on",
            "is_active": "on",
            "sort_order": 100,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = org.history.latest()
    assert latest.history_user == admin_user
    assert latest.head_name == "张局长"
    delta = latest.diff_against(latest.prev_record)
    assert {change.field for change in delta.changes} == {"short_name", "head_name"}
    history_page = admin_client.get(reverse("admin:congress_organization_history", args=[org.pk]))
    assert "张局长" in history_page.content.decode()


def test_deleting_an_official_record_is_recorded(admin_user):
    org = Organization.objects.create(name="临时单位", kind=Organization.Kind.OTHER)
    pk = org.pk
    org.delete()
    assert Organization.history.filter(id=pk, history_type="-").exists()
