"""Pure predicates on the deputies registry. Views, the API and templates ask these; the
walls themselves are in the selectors (a list only ever queries what the caller may see)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.workflow import who

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


# --- activities and training (seed 十四) ---


@who(_("常委会工作人员"))
def can_manage_activities(user, _obj=None) -> bool:
    """Committee staff (代表工委) publish activities, record attendance and leave, close them."""
    return roles.is_staff_member(user)


@who(_("人大代表"))
def is_deputy(user, _obj=None) -> bool:
    """A deputy signs up to activities in the portal."""
    return roles.has_role(user, roles.DEPUTY)


def _own(user, deputy_user_id) -> bool:
    return deputy_user_id is not None and deputy_user_id == getattr(user, "pk", None)


@who(_("报名代表本人"))
def owns_signup(user, signup) -> bool:
    """The deputy whose sign-up it is (checks in at the venue with their own account)."""
    return _own(user, signup.deputy.user_id)


@who(_("报名代表本人、常委会工作人员"))
def can_cancel_signup(user, signup) -> bool:
    """The deputy cancels their own place (before the cut-off); staff cancel for them."""
    return owns_signup(user, signup) or can_manage_activities(user)


# --- resource database and performance record (seed 十四) ---


def can_search_deputy_resources(user) -> bool:
    """The resource database (代表资源信息库) is for committee staff picking deputies for an
    inspection or a hearing: staff only, not members or deputies."""
    return roles.has_role(user, roles.STAFF)


@who(_("代表本人、常委会工作人员"))
def can_manage_voter_report(user, report) -> bool:
    """A report to voters is scheduled and written up by the deputy or by staff for them."""
    return can_manage_activities(user) or _own(user, report.deputy.user_id)
