import pytest
from django.urls import reverse

from congress.demo import DEMO_PASSWORD, load_demo
from congress.tests.demo_snapshot import load_demo_cached


@pytest.fixture
def demo(db, settings):
    load_demo_cached()


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


def test_demo_heads_are_named_and_the_public_attendance_shows_names(client, demo):
    """The demo district names the heads of its units (fictional people) and every deputy
    head; its published attendance shows those names, never a post in brackets."""
    from congress.models import Organization, is_placeholder_name
    from meetings.models import PublishedAttendance

    units = Organization.objects.filter(
        kind__in=["government", "court", "procuratorate", "department", "street", "town"]
    )
    assert units.count() > 30
    for unit in units:
        assert unit.head_name and unit.head_title and unit.deputy_head_name, unit.name
        assert not is_placeholder_name(unit.head_name), unit.name
        unit.full_clean()
    assert len({unit.head_name for unit in units}) == units.count()  # one person per unit
    published = PublishedAttendance.objects.select_related("unit")
    assert published.exists()
    for row in published:
        assert row.expected_person == row.unit.head_name, row
        assert row.substitute == (row.unit.deputy_head_name if row.status == "leave_approved" else "")
    government = published.filter(unit__kind="government").first()
    html = client.get(reverse("public:meeting-detail", args=[government.meeting_id])).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert government.unit.head_name in table and "（" not in table


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


def test_every_demo_account_gets_an_api_token_as_under_make_run(client, demo, settings):
    """The contract other systems rely on: under `make run` (CONGRESS_LOCAL, so no second
    factor) every demo account gets a token from POST /api/v1/auth/token/ with its password."""
    from congress.models import User

    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    usernames = list(
        User.objects.filter(is_active=True).order_by("username").values_list("username", flat=True)
    )
    assert {"admin", "staff", "deputy1", "unit1", "secadmin", "auditor", "court1"} <= set(usernames)
    for username in usernames:
        response = client.post(
            "/api/v1/auth/token/",
            {"username": username, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, (username, response.content)
        token = response.json()["token"]
        me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert me.status_code == 200, username
