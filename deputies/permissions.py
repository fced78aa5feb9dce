"""Pure predicates on the deputies registry. Views, the API and templates ask these; the
walls themselves are in the selectors (a list only ever queries what the caller may see)."""

from __future__ import annotations

from congress import roles

CHANGE_DEPUTY = "deputies.change_deputy"


def can_view_deputy_registry(user) -> bool:
    """Committee staff and committee members read the whole registry (all terms): the
    structure statistics and the resource database (seed 十二, 十四). Members read it without
    the private fields (``can_view_deputy_private_fields``)."""
    return roles.has_role(user, roles.STAFF, roles.MEMBER, roles.SYSADMIN)


def can_view_deputy_private_fields(user, deputy=None) -> bool:
    """Whether ``user`` reads ``Deputy.PRIVATE_FIELDS`` (full birth date, phone, e-mail, login
    account): committee staff and system administrators for every deputy, a deputy for their
    own row; committee members never (they read business records, not personal data)."""
    if roles.is_staff_member(user):
        return True
    return deputy is not None and deputy.user_id is not None and deputy.user_id == getattr(user, "pk", None)


def can_manage_deputy_registry(user) -> bool:
    """Only committee staff register deputies, import rosters and link accounts."""
    return roles.is_staff_member(user)


def can_edit_deputy_profile(user, deputy) -> bool:
    """Whether ``user`` may choose the public fields and update the contact details of
    ``deputy``: the django-guardian object permission ``deputies.change_deputy`` on that
    very row, which ``deputies.services.deputy_link_user`` grants the deputy's own account."""
    if not getattr(user, "is_authenticated", False) or deputy is None:
        return False
    return user.has_perm(CHANGE_DEPUTY, deputy)
