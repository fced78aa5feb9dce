"""The portal home's panels are kept per user in the cache (issue 16) and a write, a role or a
unit changed is seen on the next request; the units a user acts for are cached between requests
and dropped when a grant or the unit changes. The data versions are bumped when a transaction
commits: the writes here run their commit hooks (``django_capture_on_commit_callbacks``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import roles, units
from congress.models import User
from congress.portal import panels_for
from congress.services import user_set_roles, user_set_unit
from congress.tests.factories import OrganizationFactory
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def panel_cache_on(settings):
    settings.CONGRESS_PANEL_CACHE_SECONDS = 60


def titles(user, panel_title):
    panel = next(p for p in panels_for(user) if p.title == panel_title)
    return [item.title for item in panel.items]


def fresh(user):
    """The user as the next request reads it (nothing kept on the object)."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("rows", [1, 4])
def test_a_second_home_reads_the_panels_from_the_cache(
    client, officer, unit, rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(rows):
            walk_to("assigned", unit=unit, officer=officer, title=f"第{i + 1}件建议")
    client.force_login(officer)
    client.get(reverse("portal:home"))

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("portal:home"))

    assert "第1件建议" in response.content.decode()
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "proposals_assignment" not in sql and "guardian_userobjectpermission" not in sql
    # the session's user and the unread notices: nothing of the panels, the profiles (the
    # deputies' record of the user), the roles or the units
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in ctx.captured_queries]
    assert tables == ['"congress_user"', '"congress_notification"'], tables


def test_a_write_is_seen_on_the_next_request(officer, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("assigned", unit=unit, officer=officer, title="第一件建议")
    assert titles(fresh(officer), "待办建议") == ["第一件建议"]

    with django_capture_on_commit_callbacks(execute=True):
        walk_to("assigned", unit=unit, officer=officer, title="第二件建议")

    assert sorted(titles(fresh(officer), "待办建议")) == ["第一件建议", "第二件建议"]


def test_panels_are_kept_per_user_roles_and_units(
    officer, unit, other_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("assigned", unit=unit, officer=officer, title="本单位的建议")
    assert titles(fresh(officer), "待办建议") == ["本单位的建议"]
    assert titles(fresh(other_officer), "待办建议") == []

    user_set_unit(user=officer, unit=OrganizationFactory(name="区民政局"))  # another unit
    assert titles(fresh(officer), "待办建议") == []

    user_set_roles(user=officer, role_names=[roles.STAFF])  # no longer an officer
    assert "待办建议" not in [p.title for p in panels_for(fresh(officer))]


def test_the_units_are_cached_between_requests_and_follow_grants_and_renames(officer, unit):
    assert units.acting_unit_list(fresh(officer)) == [unit]
    with CaptureQueriesContext(connection) as ctx:
        assert [u.name for u in units.acting_unit_list(fresh(officer))] == ["区教育局"]
    assert "guardian_userobjectpermission" not in " ".join(q["sql"] for q in ctx.captured_queries)

    unit.name = "区教育局（改）"
    unit.save()
    assert [u.name for u in units.acting_unit_list(fresh(officer))] == ["区教育局（改）"]

    from guardian.shortcuts import remove_perm

    remove_perm(units.ACT_FOR_UNIT, officer, unit)  # not through the service: the signal drops it
    assert units.acting_unit_list(fresh(officer)) == []
