"""Separated administrators (issue 10, finding 6, 三员分立): the system administrator (accounts,
settings; no audit, no roles, no tokens), the security administrator (roles, lockouts, tokens,
second factors; no business data) and the auditor (the audit log only) — mutually exclusive,
none alongside a business role; the superuser is for setup only."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from congress import roles
from congress.exceptions import ApplicationError
from congress.services import user_set_roles
from congress.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = reverse("admin:congress_user_changelist")
EXCLUSIVE = "系统管理员、安全管理员、安全审计员三个角色互斥，且不能与其他角色同时授予。"


@pytest.fixture
def three(db):
    call_command("bootstrap")
    return {
        "sysadmin": UserFactory(username="sys", roles=[roles.SYSADMIN]),
        "secadmin": UserFactory(username="sec", roles=[roles.SECURITY_ADMIN]),
        "auditor": UserFactory(username="aud", roles=[roles.AUDITOR]),
    }


def group_perms(role) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


# --- mutually exclusive ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        [roles.SYSADMIN, roles.SECURITY_ADMIN],
        [roles.SECURITY_ADMIN, roles.AUDITOR],
        [roles.SYSADMIN, roles.AUDITOR],
        [roles.AUDITOR, roles.STAFF],
        [roles.SECURITY_ADMIN, roles.DEPUTY],
        [roles.SYSADMIN, roles.MEMBER],
        [roles.SECURITY_ADMIN, roles.INTEGRATION],
    ],
)
def test_the_service_refuses_two_administrator_roles_or_one_with_a_business_role(names):
    user = UserFactory()

    with pytest.raises(ApplicationError) as caught:
        user_set_roles(user=user, role_names=names)

    assert caught.value.code == "roles_exclusive"
    assert str(caught.value.message) == EXCLUSIVE
    assert not user.groups.exists()


def test_business_roles_combine_as_before():
    user = UserFactory()
    user_set_roles(user=user, role_names=[roles.STAFF, roles.MEMBER, roles.INTEGRATION])
    assert set(user.groups.values_list("name", flat=True)) == {roles.STAFF, roles.MEMBER, roles.INTEGRATION}


def test_the_user_form_refuses_the_combination_in_chinese(client, three):
    target = UserFactory(username="target")
    client.force_login(three["secadmin"])

    response = client.post(
        reverse("admin:congress_user_change", args=[target.pk]),
        {"role_names": [roles.AUDITOR, roles.STAFF], "acting_unit": ""},
    )

    assert response.status_code == 200
    assert EXCLUSIVE in response.content.decode()
    assert not target.groups.exists()


# --- who does what ----------------------------------------------------------------------------


def test_the_security_administrator_assigns_roles_and_nothing_else_of_an_account(client, three):
    target = UserFactory(username="target", email="t@example.invalid")
    client.force_login(three["secadmin"])

    response = client.post(
        reverse("admin:congress_user_change", args=[target.pk]),
        {"role_names": [roles.STAFF], "acting_unit": "", "email": "evil@example.invalid", "username": "x"},
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    target.refresh_from_db()
    assert list(target.groups.values_list("name", flat=True)) == [roles.STAFF]
    assert target.email == "t@example.invalid" and target.username == "target"
    assert client.get(reverse("admin:congress_user_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_password_change", args=[target.pk])).status_code == 403


def test_the_system_administrator_manages_accounts_but_not_roles(client, three):
    target = UserFactory(username="target")
    client.force_login(three["sysadmin"])

    page = client.get(reverse("admin:congress_user_change", args=[target.pk]))
    response = client.post(
        reverse("admin:congress_user_change", args=[target.pk]),
        {
            "username": "target",
            "display_name": "新名字",
            "email": "",
            "phone": "",
            "is_active": "on",
            "role_names": [roles.SYSADMIN],
        },
    )

    assert page.status_code == 200
    assert 'name="role_names"' not in page.content.decode()
    assert response.status_code == 302, response.content.decode()[-2000:]
    target.refresh_from_db()
    assert target.display_name == "新名字" and not target.groups.exists()


def test_the_system_administrator_holds_no_audit_token_or_lockout_permission(three):
    held = group_perms(roles.SYSADMIN)

    assert "congress.change_user" in held and "congress.change_rule" in held
    assert not held & set(roles.AUDITOR_PERMISSIONS)
    assert not held & set(roles.SYSADMIN_WITHHELD)
    assert {"congress.view_apitoken", "congress.change_apitoken"} <= set(roles.SYSADMIN_WITHHELD)
    assert not {p for p in held if p.startswith(("axes.", "otp_totp.", "admin."))}


def test_the_security_administrator_holds_no_business_data(three):
    held = group_perms(roles.SECURITY_ADMIN)

    assert {"congress.view_apitoken", "congress.change_apitoken", "axes.delete_accessattempt"} <= held
    assert not {p for p in held if p.split(".")[0] in ("deputies", "proposals", "meetings", "supervision")}
    assert not held & set(roles.AUDITOR_PERMISSIONS) - {"axes.view_accessattempt"}


def test_the_auditor_reads_the_audit_records_only(client, three):
    held = group_perms(roles.AUDITOR)

    assert held and all(p.split(".")[1].startswith("view_") for p in held)
    assert held <= set(roles.AUDITOR_PERMISSIONS)
    client.force_login(three["auditor"])
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert client.get(USERS).status_code == 403
    assert client.get(reverse("admin:congress_rule_changelist")).status_code == 403
    assert client.get(reverse("admin:congress_apitoken_changelist")).status_code == 403


def test_the_security_administrator_lifts_a_lockout_and_sees_no_deputies(client, three):
    attempt = AccessAttempt.objects.create(
        username="victim", ip_address="203.0.113.9", failures_since_start=5, attempt_time=timezone.now()
    )
    client.force_login(three["secadmin"])

    deputies = client.get(reverse("admin:deputies_deputy_changelist"))
    lifted = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert deputies.status_code == 403
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_security_administrator_revokes_tokens(client, three):
    assert client.force_login(three["secadmin"]) is None
    assert client.get(reverse("admin:congress_apitoken_changelist")).status_code == 200


# --- the superuser is for setup only --------------------------------------------------------


def test_the_admin_index_warns_a_superuser(client, three):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    warned = client.get(reverse("admin:index")).content.decode()
    client.force_login(three["sysadmin"])
    plain = client.get(reverse("admin:index")).content.decode()

    assert "超级用户仅用于初始设置" in warned
    assert "超级用户仅用于初始设置" not in plain


def test_the_roles_are_named_in_chinese():
    assert str(roles.LABELS[roles.SECURITY_ADMIN]) == "安全管理员"
    assert str(roles.LABELS[roles.AUDITOR]) == "安全审计员"
    assert str(roles.LABELS[roles.SYSADMIN]) == "系统管理员"
