"""Who acts for which unit: the one place every wall, predicate and recipient list asks.

A unit officer (承办单位联络员) or a reviewer of the government or Party office acts for a unit
through the django-guardian object permission ``congress.act_for_unit`` on its
``Organization``. Someone may act for several units (an officer covering two departments): every
list, detail page and action treats all of them alike. The caller's units are read once per
request (cached on the user object) and, between requests, kept in Django's cache until a grant
of the user or one of the units changes (``connect_signals``, like the roles in
``congress.yearly``); recipients are read in bulk, a constant number of queries whatever the
number of units.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import BigIntegerField, QuerySet
from django.db.models.functions import Cast

from congress import roles, yearly
from congress.models import Organization, User

ACT_FOR_UNIT = "congress.act_for_unit"
CODENAME = "act_for_unit"
_CACHE = "_congress_acting_units"


def _grants():
    from guardian.models import UserObjectPermission

    return UserObjectPermission.objects.filter(
        permission__codename=CODENAME, content_type=ContentType.objects.get_for_model(Organization)
    )


def acting_units(user) -> QuerySet[Organization]:
    """The units ``user`` acts for, as an unevaluated queryset (usable as a subquery): none for
    anyone who is not a unit officer or reviewer."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    granted = _grants().filter(user_id=user.pk).values_list(Cast("object_pk", BigIntegerField()))
    return Organization.objects.filter(pk__in=granted)


def units_key(user_id) -> str:
    return f"congress:acting-units:v1:{user_id}"


def acting_unit_list(user) -> list[Organization]:
    """The units, read once per request and kept on the user object; from the cache between
    requests (one query on a miss, none on a hit)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        key = units_key(user.pk)
        cached = cache.get(key)
        if cached is None:
            cached = list(acting_units(user).order_by("sort_order", "pk"))
            cache.set(key, cached, timeout=yearly.TTL)
        setattr(user, _CACHE, cached)
    return cached


def remember(user, units: list[Organization]) -> None:
    """Keep the user's units read from the cache by someone else (with other keys at once)."""
    setattr(user, _CACHE, units)


def is_read(user) -> bool:
    """Whether this request has read the user's units already."""
    return getattr(user, _CACHE, None) is not None


def acting_unit_ids(user) -> frozenset[int]:
    return frozenset(unit.pk for unit in acting_unit_list(user))


def acting_unit(user) -> Organization | None:
    """The first of the user's units: the one a page names in its heading."""
    units = acting_unit_list(user)
    return units[0] if units else None


def acts_for(user, unit_id: int | None) -> bool:
    """Whether ``user`` acts for the unit (any of theirs, not only the first)."""
    return unit_id is not None and unit_id in acting_unit_ids(user)


def acts_for_kind(user, kind: str) -> bool:
    """Whether ``user`` acts for some unit of this kind (e.g. a government office)."""
    return any(unit.kind == kind for unit in acting_unit_list(user))


def forget(user) -> None:
    """Drop the cached units after the user's units changed (the grants' signals do it too)."""
    user.__dict__.pop(_CACHE, None)
    yearly.forget(units_key(user.pk))


def connect_signals() -> None:
    """A grant given or taken (``assign_perm``, ``remove_perm``, the admin) drops its user's
    cached units; a unit renamed or deleted drops those of everyone acting for it."""
    from django.db.models.signals import post_delete, post_save
    from guardian.models import UserObjectPermission

    def grant_changed(sender, instance, **kwargs):
        yearly.forget(units_key(instance.user_id))

    def unit_changed(sender, instance, **kwargs):
        user_ids = _grants().filter(object_pk=str(instance.pk)).values_list("user_id", flat=True)
        yearly.forget(*(units_key(pk) for pk in user_ids))

    uid = "congress.units."
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(grant_changed, sender=UserObjectPermission, dispatch_uid=f"{uid}grant-{name}")
        signal.connect(unit_changed, sender=Organization, dispatch_uid=f"{uid}unit-{name}")


# --- recipients ------------------------------------------------------------------------------


def unit_user_ids(unit_ids: Iterable[int] | None = None, *, role: str | None = None) -> dict[int, list[int]]:
    """unit id -> ids of the active users acting for it (all units when None), optionally only
    those with ``role``. One query."""
    rows = _grants().filter(user__is_active=True)
    if unit_ids is not None:
        unit_ids = {int(pk) for pk in unit_ids}
        if not unit_ids:
            return {}
        rows = rows.filter(object_pk__in=[str(pk) for pk in unit_ids])
    if role is not None:
        rows = rows.filter(user__groups__name=role)
    result: dict[int, list[int]] = {}
    for user_id, object_pk in rows.values_list("user_id", "object_pk").distinct():
        result.setdefault(int(object_pk), []).append(user_id)
    return result


def unit_users(unit_ids: Iterable[int], *, role: str | None = None) -> dict[int, list[User]]:
    """unit id -> the active users acting for it (two queries)."""
    ids = unit_user_ids(unit_ids, role=role)
    users = User.objects.in_bulk({uid for uids in ids.values() for uid in uids})
    return {unit_id: [users[uid] for uid in uids if uid in users] for unit_id, uids in ids.items()}


def unit_officers(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The unit officers (承办单位联络员) of each unit."""
    return unit_users(unit_ids, role=roles.UNIT_OFFICER)


def office_reviewer_ids(kind: str) -> list[int]:
    """Reviewers acting for an office of this kind (区政府办公室 confirms replies and approves
    departments' leave; 区委办公室 approves the 一府两院's leave). One query."""
    offices = Organization.objects.filter(kind=kind).values_list("pk", flat=True)
    rows = _grants().filter(
        user__is_active=True,
        user__groups__name=roles.REVIEWER,
        object_pk__in=[str(pk) for pk in offices],
    )
    return sorted(set(rows.values_list("user_id", flat=True)))


def office_reviewers(kind: str) -> QuerySet[User]:
    return User.objects.filter(pk__in=office_reviewer_ids(kind))


def staff_user_ids() -> list[int]:
    """Active committee staff: who gets escalations and digests."""
    return list(
        User.objects.filter(is_active=True, groups__name=roles.STAFF).values_list("pk", flat=True).distinct()
    )
