"""Writes of the shared core. Other apps call these, never ``.save()`` on core models."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from congress import roles
from congress.exceptions import ApplicationError
from congress.models import Organization, User

ACT_FOR_UNIT = "congress.act_for_unit"


@transaction.atomic
def user_set_roles(*, user: User, role_names: Iterable[str]) -> None:
    """Replace the user's role groups with ``role_names`` (keys of ``congress.roles.LABELS``)."""
    wanted = set(role_names)
    unknown = wanted - set(roles.ALL)
    if unknown:
        raise ApplicationError(_("未知角色：%(r)s") % {"r": "、".join(sorted(unknown))}, code="unknown_role")
    groups = [Group.objects.get_or_create(name=name)[0] for name in sorted(wanted)]
    user.groups.set(groups)
    user.is_staff = bool(wanted & {roles.STAFF, roles.MEMBER, roles.SYSADMIN}) or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_congress_roles", None)


@transaction.atomic
def user_set_unit(*, user: User, unit: Organization | None) -> None:
    """Make ``user`` act for exactly ``unit`` (or none): the object permission that every
    unit wall checks. A unit officer or reviewer acts for one unit at a time."""
    for current in get_objects_for_user(user, ACT_FOR_UNIT, klass=Organization, accept_global_perms=False):
        if current != unit:
            remove_perm(ACT_FOR_UNIT, user, current)
    if unit is not None:
        assign_perm(ACT_FOR_UNIT, user, unit)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    role_names: Iterable[str] = (),
    unit: Organization | None = None,
) -> User:
    user = User(username=username, display_name=display_name, email=email, phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, role_names=role_names)
    if unit is not None:
        user_set_unit(user=user, unit=unit)
    return user


def ensure_role_groups() -> None:
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)
