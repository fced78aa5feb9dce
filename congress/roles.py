"""Roles are Django groups with these names. Code checks roles only through the predicates
here and in each app's ``permissions.py``; group names never appear anywhere else."""

from django.utils.translation import gettext_lazy as _

STAFF = "committee_staff"  # 常委会办公室、代表工委、各工委工作人员: register, assign, publish
MEMBER = "committee_member"  # 常委会组成人员 / 主任会议: read everything, deliberate
DEPUTY = "deputy"  # 人大代表: own proposals, activities, record
UNIT_OFFICER = "unit_officer"  # 承办单位联络员: own unit's assignments and attendance only
REVIEWER = "reviewer"  # 区政府办公室 / 区委办公室: approve leave, confirm replies
SYSADMIN = "sysadmin"  # 系统管理员: accounts and settings
# Another system calling the API under this account: its token needs no second factor and
# lasts CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS. Set by the security administrator.
INTEGRATION = "integration"
AUDITOR = "auditor"  # 安全审计员: reads the security audit log, nothing else

LABELS = {
    STAFF: _("常委会工作人员"),
    MEMBER: _("常委会组成人员"),
    DEPUTY: _("人大代表"),
    UNIT_OFFICER: _("承办单位联络员"),
    REVIEWER: _("政府办/区委办审核人"),
    SYSADMIN: _("系统管理员"),
    INTEGRATION: _("接口集成账号"),
    AUDITOR: _("安全审计员"),
}
ALL = tuple(LABELS)


def role_names(user) -> set[str]:
    """The user's role names, read once per request object and kept on it."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_congress_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {SYSADMIN, STAFF}
        user._congress_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(role_names(user) & set(roles))


def is_staff_member(user) -> bool:
    """Committee staff (or a system administrator): the people who run the admin."""
    return has_role(user, STAFF, SYSADMIN)


def can_enter_calendar(user) -> bool:
    """Who may enter a year's holidays at once (节假日与调休): whoever may add and change its rows."""
    return user.has_perm("congress.add_calendarday") and user.has_perm("congress.change_calendarday")


def is_integration_account(user) -> bool:
    return has_role(user, INTEGRATION)


def api_token_needs_second_factor(user) -> bool:
    """Staff-level API access needs the same second factor as the admin
    (``CONGRESS_ADMIN_REQUIRE_OTP``): a token for an account that may use the admin is issued
    only with a current TOTP code, unless the account is an integration account."""
    from django.conf import settings

    if not getattr(settings, "CONGRESS_ADMIN_REQUIRE_OTP", False) or is_integration_account(user):
        return False
    return bool(user.is_staff or user.is_superuser)


def can_read_audit_log(user) -> bool:
    """Only auditors read (and export) the security audit log: not the superuser, not the
    system administrator whose actions it records (三员分立)."""
    return bool(getattr(user, "is_active", False)) and has_role(user, AUDITOR)
