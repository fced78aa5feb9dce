import pytest
from django.urls import reverse

from congress.demo import DEMO_PASSWORD, load_demo


@pytest.fixture
def demo(db, settings):
    load_demo()


def test_public_pages_answer_in_chinese(client, demo):
    # One demo load for all pages: loading the whole district is the slow part.
    for name in ["public:home", "public:news-list", "public:deputy-directory", "login"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert 'lang="zh-hans"' in response.content.decode(), name
    assert client.get(reverse("api-docs")).status_code == 200
    assert client.get(reverse("schema")).status_code == 200


def test_portal_home_for_each_demo_account(client, demo):
    for username in ["staff", "deputy1", "deputy2", "unit1", "unit2", "govoffice"]:
        login = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 302, username
        response = client.get(reverse("portal:home"))
        assert response.status_code == 200, username
        client.logout()


def test_demo_loading_is_idempotent(demo):
    from congress.models import Organization, User
    from deputies.models import Deputy

    counts = (User.objects.count(), Organization.objects.count(), Deputy.objects.count())
    load_demo()
    assert (User.objects.count(), Organization.objects.count(), Deputy.objects.count()) == counts


def test_wsgi_application_loads():
    from congress.wsgi import application

    assert callable(application)


def test_role_groups_open_the_right_admin_pages(client, demo):
    from congress.services import ensure_role_groups

    ensure_role_groups()
    client.post(reverse("login"), {"username": "staff", "password": DEMO_PASSWORD})
    for url in [
        "/admin/",
        "/admin/congress/organization/",
        "/admin/congress/rule/",
        "/admin/deputies/deputy/",
        "/admin/proposals/proposal/",
        "/admin/meetings/meeting/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/congress/user/").status_code == 403
    client.logout()
    client.post(reverse("login"), {"username": "member", "password": DEMO_PASSWORD})
    assert client.get("/admin/proposals/proposal/").status_code == 200
    response = client.get("/admin/congress/organization/add/")
    assert response.status_code == 403


def test_admin_index_links_the_dashboards(client, demo):
    from congress.services import ensure_role_groups

    ensure_role_groups()
    client.post(reverse("login"), {"username": "staff", "password": DEMO_PASSWORD})
    page = client.get("/admin/").content.decode()
    for name in [
        "admin:proposals_proposal_oversight",
        "admin:proposals_proposal_statistics",
        "admin:deputies_deputy_statistics",
        "admin:appointments_committeemember_dashboard",
    ]:
        url = reverse(name)
        assert url in page, name
        assert client.get(url).status_code == 200, name
