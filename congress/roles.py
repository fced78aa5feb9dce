"""Roles are Django groups with these names. Code checks roles only through the predicates
here and in each app's ``permissions.py``; group names never appear anywhere else."""

from django.utils.translation import gettext_lazy as _

STAFF = "committee_staff"  # 常委会办公室、代表工委、各工委工作人员: register, assign, publish
MEMBER = "committee_member"  # 常委会组成人员 / 主任会议: read everything, deliberate
DEPUTY = "deputy"  # 人大代表: own proposals, activities, record
UNIT_OFFICER = "unit_officer"  # 承办单位联络员: own unit's assignments and attendance only
REVIEWER = "reviewer"  # 区政府办公室 / 区委办公室: approve leave, confirm replies
# 代表联络站工作人员: keeps the schedule, file and citizens' opinions of the stations the account
# is a worker of (``liaison.Station.workers``) and nothing else.
STATION_WORKER = "station_worker"
# 三员分立 (MLPS level 3): three administrators, mutually exclusive and never with a business
# role; the superuser is for setting up an installation only (the admin index warns it).
SYSADMIN = "sysadmin"  # 系统管理员: accounts and settings; no audit, roles, tokens or lockouts
SECURITY_ADMIN = "secadmin"  # 安全管理员: roles, lockouts, tokens, second factors; no business data
AUDITOR = "auditor"  # 安全审计员: reads the audit records only
# Another system calling the API under this account: its token needs no second factor and
# lasts CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS. Set by the security administrator.
INTEGRATION = "integration"

LABELS = {
    STAFF: _("常委会工作人员"),
    MEMBER: _("常委会组成人员"),
    DEPUTY: _("人大代表"),
    UNIT_OFFICER: _("承办单位联络员"),
    REVIEWER: _("政府办/区委办审核人"),
    STATION_WORKER: _("代表联络站工作人员"),
    SYSADMIN: _("系统管理员"),
    SECURITY_ADMIN: _("安全管理员"),
    AUDITOR: _("安全审计员"),
    INTEGRATION: _("接口集成账号"),
}
ALL = tuple(LABELS)
ADMINISTRATORS = (SYSADMIN, SECURITY_ADMIN, AUDITOR)

# What ``manage.py bootstrap`` grants each separated administrator ("app_label.codename"; those
# whose model does not exist yet are skipped, and granted at the first bootstrap after it does).
# The audit log (issue 10, finding 5) adds ``congress.view_auditentry``: the auditor's alone.
AUDITOR_PERMISSIONS = (
    "congress.view_auditentry",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    "axes.view_accessattempt",
    "admin.view_logentry",  # the admin's own record of changes
)
SECURITY_ADMIN_PERMISSIONS = (
    "congress.view_user",  # to open an account and set its roles (congress.admin.UserAdmin)
    "congress.change_user",
    "auth.view_group",
    "congress.view_apitoken",
    "congress.change_apitoken",  # revoke
    "congress.view_enrolmentcode",
    "congress.add_enrolmentcode",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",  # lift a lockout
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",  # a lost phone
)
# Never the system administrator's, whatever "everything" grows to: the other two's domains.
SYSADMIN_WITHHELD = tuple(
    sorted(
        set(AUDITOR_PERMISSIONS)
        | (
            set(SECURITY_ADMIN_PERMISSIONS)
            - {"congress.view_user", "congress.change_user", "auth.view_group"}
        )
    )
)
# login records and lockouts, second-factor devices, the admin's change log
SYSADMIN_WITHHELD_APPS = ("axes", "otp_totp", "admin")


def role_names(user) -> set[str]:
    """The user's role names, kept on the request's user object and, between requests, in the
    cache until the user's groups change (``congress.yearly``)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_congress_roles", None)
    if cached is None:
        from congress import yearly

        cached = remember(
            user, yearly.role_names(user.pk, read=lambda: user.groups.values_list("name", flat=True))
        )
    return cached


def remember(user, group_names) -> set[str]:
    """Keep the user's roles from their group names read from the cache by someone else (a
    page that reads them with other keys in one round trip)."""
    cached = set(group_names)
    if user.is_superuser:
        cached |= {SYSADMIN, STAFF}
    user._congress_roles = cached
    return cached


def is_read(user) -> bool:
    """Whether this request has read the user's roles already."""
    return getattr(user, "_congress_roles", None) is not None


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


ROLES_EXCLUSIVE = _("系统管理员、安全管理员、安全审计员三个角色互斥，且不能与其他角色同时授予。")


def roles_conflict(names) -> bool:
    """True when ``names`` holds an administrator role beside any other role."""
    names = set(names)
    return bool(names & set(ADMINISTRATORS)) and len(names) > 1


def can_assign_roles(user) -> bool:
    """Roles (and the units people act for) are the security administrator's to give; the
    superuser may while setting up."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, SECURITY_ADMIN)
