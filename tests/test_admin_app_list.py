"""The admin's app list (sidebar of every page, the index's list) is kept per permission state
and language (``congress.thirdparty.AdminSite``, issue 16): what each user sees stays exactly
what their permissions give, a permission or role change shows on the next request, the
current page's model is still marked, and the index costs the same queries however many
permissions or records there are."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import roles
from congress.history_admin import SimpleHistoryAdmin
from congress.services import user_set_roles
from congress.tests.factories import UserFactory
from congress.thirdparty import KEPT

pytestmark = pytest.mark.django_db

# two admins that ask the model permissions alone (no role checks)
CRONTABS = reverse("admin:django_celery_beat_crontabschedule_changelist")
INTERVALS = reverse("admin:django_celery_beat_intervalschedule_changelist")


def sidebar(response) -> str:
    html = response.content.decode()
    match = re.search(r'<nav class="sticky" id="nav-sidebar".*?</nav>', html, re.S)
    assert match, "no sidebar on the page"
    return match.group(0)


def _perm(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


@pytest.fixture
def reader(client):
    """A staff account that may read the crontab schedules through a plain group, logged in."""
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="测试只读组")
    group.permissions.add(_perm("view_crontabschedule"))
    user.groups.add(group)
    client.force_login(user)
    return user, group


def test_a_permission_given_or_taken_shows_in_the_sidebar_on_the_next_request(client, reader):
    user, group = reader
    assert INTERVALS not in sidebar(client.get(CRONTABS))

    group.permissions.add(_perm("view_intervalschedule"))
    assert INTERVALS in sidebar(client.get(CRONTABS))

    group.permissions.remove(_perm("view_intervalschedule"))
    assert INTERVALS not in sidebar(client.get(CRONTABS))

    user.user_permissions.add(_perm("view_intervalschedule"))
    assert INTERVALS in sidebar(client.get(CRONTABS))


def test_a_role_given_shows_in_the_sidebar_on_the_next_request(client, reader):
    user, _ = reader
    user.user_permissions.add(_perm("view_crontabschedule"))  # kept when the roles change
    deputies = reverse("admin:deputies_deputy_changelist")
    assert deputies not in sidebar(client.get(CRONTABS))

    user_set_roles(user=user, role_names=[roles.STAFF])
    assert deputies in sidebar(client.get(CRONTABS))

    user_set_roles(user=user, role_names=[])
    user.is_staff = True  # taken with the last role; given back to keep the admin open
    user.save(update_fields=["is_staff"])
    assert deputies not in sidebar(client.get(CRONTABS))


def test_each_page_marks_its_own_model_in_the_kept_sidebar(client, reader):
    user, group = reader
    group.permissions.add(_perm("view_intervalschedule"))
    for page, other in [(CRONTABS, INTERVALS), (INTERVALS, CRONTABS), (CRONTABS, INTERVALS)]:
        nav = sidebar(client.get(page))
        assert re.search(rf'current-model">\s*<th[^>]*>\s*<a href="{page}" aria-current="page"', nav)
        assert f'<a href="{other}">' in nav
        assert nav.count("current-model") == 1


def test_the_same_permissions_in_another_language_are_kept_apart(client, reader):
    chinese = sidebar(client.get(CRONTABS))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = sidebar(client.get(CRONTABS))
    assert "周期任务" in chinese and "周期任务" not in english


def _index_queries(client) -> int:
    index = reverse("admin:index")
    client.get(index)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(index)
    assert response.status_code == 200
    return len(captured)


def test_the_index_costs_the_same_queries_with_few_or_many_permissions(client):
    user = UserFactory(roles=[roles.STAFF])
    client.force_login(user)
    KEPT.clear()
    few = _index_queries(client)
    user.user_permissions.add(*Permission.objects.order_by("pk")[:60])
    KEPT.clear()
    many = _index_queries(client)
    assert few == many
    # session, user, its permissions (2), the district profile, the calendar, recent actions
    assert many <= 8


def test_the_rows_checkbox_is_djangos_own_html():
    """``congress.history_admin.SimpleHistoryAdmin.action_checkbox`` writes the HTML Django's
    widget renders (a title that needs escaping included), without the template engine."""
    from django.contrib import admin

    from congress.models import Organization

    unit = Organization.objects.create(name='区"水务"局 <测试> & 一')
    model_admin = admin.site._registry[Organization]
    assert isinstance(model_admin, SimpleHistoryAdmin)
    assert model_admin.action_checkbox(unit) == admin.ModelAdmin.action_checkbox(model_admin, unit)


def _counts(captured) -> int:
    return sum(1 for query in captured if query["sql"].startswith("SELECT COUNT(*)"))


def test_a_changelist_counts_its_rows_once_unless_narrowed(client):
    """``OneCountChangeList``: the list's count serves as the table's when no filter or search
    narrows it; narrowed, the table is counted too and the page still says "(N total)"."""
    from congress.models import Organization

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for i in range(3):
        Organization.objects.create(name=f"测试单位{i}")
    Organization.objects.create(name="区水务局")
    total = Organization.objects.count()
    page = reverse("admin:congress_organization_changelist")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    assert response.status_code == 200
    assert _counts(captured) == 1
    assert (response.context["cl"].result_count, response.context["cl"].full_result_count) == (total, total)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page, {"q": "水务"})
    assert _counts(captured) == 2
    assert (response.context["cl"].result_count, response.context["cl"].full_result_count) == (1, total)
