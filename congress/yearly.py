"""Data that changes about once a year, read on every page: the district's profile, each user's
roles, the rules and the holiday calendar's overrides. Each is kept in Django's cache and dropped the moment it changes (a save or
delete through the ORM, a change of group membership), both at once and again when the
transaction commits, so the next request reads the new value and no other process can put the
old one back in between. A cache that is down degrades to reading the database each time."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from congress import page_cache

PROFILE_KEY = "congress:district-profile:v1"
RULES_KEY = "congress:rules:v1"
CALENDAR_KEY = "congress:calendar-overrides:v1"
_MISSING = "∅"
# Also forgotten after this long: covers writes that send no signal (a shell's update(), a
# restored backup, another database behind the same cache).
TTL = 10 * 60  # a stored "no row" (None means "not cached")


def roles_key(user_id) -> str:
    return f"congress:roles:v1:{user_id}"


def forget(*keys: str) -> None:
    """Drop cached values now and again once the surrounding transaction commits."""
    keys = [key for key in keys if key]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def district_profile():
    """The profile row or ``None`` (cached)."""
    from congress.models import DistrictProfile

    page_cache.note("congress")  # a hit reads no table (public page cache)
    cached = cache.get(PROFILE_KEY)
    if cached is None:
        row = DistrictProfile.objects.filter(pk=1).first()
        cache.set(PROFILE_KEY, row if row is not None else _MISSING, timeout=TTL)
        return row
    return None if cached == _MISSING else cached


def stored_rules() -> dict:
    """Every stored rule value by key (one query on a miss, none on a hit)."""
    from congress.models import Rule

    page_cache.note("congress")
    cached = cache.get(RULES_KEY)
    if cached is None:
        cached = dict(Rule.objects.values_list("key", "value"))
        cache.set(RULES_KEY, cached, timeout=TTL)
    return cached


def calendar_overrides() -> dict:
    """Every ``CalendarDay`` as date -> is a working day (one query on a miss, none on a hit):
    each deadline colour of a page asks the working-day calendar."""
    from congress.models import CalendarDay

    page_cache.note("congress")  # the core, always a page's dependency: said for the record
    cached = cache.get(CALENDAR_KEY)
    if cached is None:
        cached = dict(CalendarDay.objects.values_list("date", "is_workday"))
        cache.set(CALENDAR_KEY, cached, timeout=TTL)
    return cached


def role_names(user_id, *, read) -> frozenset[str]:
    """The user's group names; ``read()`` queries them on a miss."""
    key = roles_key(user_id)
    page_cache.note("congress")
    cached = cache.get(key)
    if cached is None:
        cached = frozenset(read())
        cache.set(key, cached, timeout=TTL)
    return cached


def connect_signals() -> None:
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from congress.models import CalendarDay, DistrictProfile, Rule, User

    def profile_changed(**kwargs):
        forget(PROFILE_KEY)

    def calendar_changed(**kwargs):
        forget(CALENDAR_KEY)

    def rules_changed(**kwargs):
        forget(RULES_KEY)

    def user_changed(sender, instance, **kwargs):
        forget(roles_key(instance.pk))

    def group_changed(sender, instance, **kwargs):
        if instance.pk:
            forget(*(roles_key(pk) for pk in instance.user_set.values_list("pk", flat=True)))

    def membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
            return
        if not reverse:  # user.groups.…
            forget(roles_key(instance.pk))
        elif action == "pre_clear":  # group.user_set.clear(): who was in it
            forget(*(roles_key(pk) for pk in instance.user_set.values_list("pk", flat=True)))
        elif pk_set:
            forget(*(roles_key(pk) for pk in pk_set))

    uid = "congress.yearly."
    for signal in (post_save, post_delete):
        signal.connect(
            profile_changed, sender=DistrictProfile, dispatch_uid=uid + "profile" + signal_name(signal)
        )
        signal.connect(rules_changed, sender=Rule, dispatch_uid=uid + "rules" + signal_name(signal))
        signal.connect(
            calendar_changed, sender=CalendarDay, dispatch_uid=uid + "calendar" + signal_name(signal)
        )
        signal.connect(user_changed, sender=User, dispatch_uid=uid + "user" + signal_name(signal))
    post_save.connect(group_changed, sender=Group, dispatch_uid=uid + "group-save")
    pre_delete.connect(group_changed, sender=Group, dispatch_uid=uid + "group-delete")
    m2m_changed.connect(membership_changed, sender=User.groups.through, dispatch_uid=uid + "membership")


def signal_name(signal) -> str:
    from django.db.models.signals import post_delete

    return "-delete" if signal is post_delete else "-save"
