"""Accounts are the system administrators' alone: committee members (and staff) read business
records, not who logs in with which e-mail address. The role groups never hold permissions on
accounts, and ``manage.py bootstrap`` takes them away from an installation that had them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = reverse("admin:congress_user_changelist")


@pytest.fixture
def member(db):
    return UserFactory(username="member_user", roles=[roles.MEMBER])


def _perm(codename):
    return Permission.objects.get(content_type__app_label="congress", codename=codename)


def test_bootstrap_takes_account_permissions_from_members(member):
    # given: an installation whose members' group was given the users' view permission
    call_command("bootstrap")
    group = Group.objects.get(name=roles.MEMBER)
    group.permissions.add(_perm("view_user"), _perm("view_historicaluser"), _perm("view_notification"))
    # when
    call_command("bootstrap")
    # then
    held = set(group.permissions.values_list("codename", flat=True))
    assert not held & {"view_user", "view_historicaluser", "view_notification"}
    assert {"view_deputy", "view_proposal", "view_rule"} <= held
    staff_held = set(Group.objects.get(name=roles.STAFF).permissions.values_list("codename", flat=True))
    assert "view_user" not in staff_held and "view_notification" in staff_held


def test_member_has_no_users_admin(client, member, staff):
    call_command("bootstrap")
    client.force_login(member)
    assert client.get(USERS).status_code == 403
    assert client.get(reverse("admin:congress_user_change", args=[staff.pk])).status_code == 403
    assert client.get(reverse("admin:congress_user_history", args=[staff.pk])).status_code == 403
    assert client.get(reverse("admin:congress_notification_changelist")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert USERS not in index and reverse("admin:deputies_deputy_changelist") in index
    assert staff.email not in index


def test_a_group_given_the_permission_by_hand_still_does_not_open_accounts(client, member):
    # the admin asks for the role, not only the model permission
    Group.objects.get(name=roles.MEMBER).permissions.add(_perm("view_user"))
    client.force_login(member)
    assert client.get(USERS).status_code == 403


def test_system_administrator_manages_accounts(client, staff):
    admin_user = UserFactory(username="root", roles=[roles.SYSADMIN])
    call_command("bootstrap")
    client.force_login(admin_user)
    page = client.get(USERS)
    assert page.status_code == 200 and staff.email in page.content.decode()
    assert USERS in client.get(reverse("admin:index")).content.decode()
