"""Writes of the shared core. Other apps call these, never ``.save()`` on core models."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from congress import caching, roles, yearly
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.holiday_notice import ParsedDay
from congress.models import ApiToken, CalendarDay, EnrolmentCode, Organization, User
from congress.selectors import CalendarYearChanges, calendar_year_changes
from congress.units import ACT_FOR_UNIT, acting_units, forget


@transaction.atomic
def user_set_roles(*, user: User, role_names: Iterable[str]) -> None:
    """Replace the user's role groups with ``role_names`` (keys of ``congress.roles.LABELS``)."""
    wanted = set(role_names)
    unknown = wanted - set(roles.ALL)
    if unknown:
        raise ApplicationError(_("未知角色：%(r)s") % {"r": "、".join(sorted(unknown))}, code="unknown_role")
    if roles.roles_conflict(wanted):
        raise ApplicationError(
            roles.ROLES_EXCLUSIVE, code="roles_exclusive", extra={"role_names": [str(roles.ROLES_EXCLUSIVE)]}
        )
    groups = [Group.objects.get_or_create(name=name)[0] for name in sorted(wanted)]
    user.groups.set(groups)
    user.is_staff = bool(wanted & {roles.STAFF, roles.MEMBER, *roles.ADMINISTRATORS}) or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_congress_roles", None)


@transaction.atomic
def user_set_units(*, user: User, units: Iterable[Organization]) -> None:
    """Make ``user`` act for exactly ``units``: the object permission every unit wall checks
    (``congress.units``). Most officers act for one unit; one covering two acts for both."""
    wanted = {unit.pk: unit for unit in units}
    for current in acting_units(user):
        if current.pk not in wanted:
            remove_perm(ACT_FOR_UNIT, user, current)
    for unit in wanted.values():
        assign_perm(ACT_FOR_UNIT, user, unit)
    forget(user)


def user_set_unit(*, user: User, unit: Organization | None) -> None:
    """Make ``user`` act for exactly ``unit`` (or none)."""
    user_set_units(user=user, units=[unit] if unit is not None else [])


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


# Which model permissions each role's group holds, so the admin opens the right models.
# Domain apps: staff work in them (no deletes: official records are changed, not removed);
# committee members read their business records; system administrators hold everything,
# accounts included. Accounts (e-mail, phone, roles) are the system administrators' alone;
# members do not read other people's notifications either.
DOMAIN_APPS = ("congress", "deputies", "proposals", "meetings", "appointments", "supervision", "budget")
ACCOUNT_MODELS = {("congress", "user"), ("congress", "historicaluser")}
STAFF_EXCLUDED_MODELS = ACCOUNT_MODELS
MEMBER_EXCLUDED_MODELS = ACCOUNT_MODELS | {("congress", "notification")}
EXCLUDED_MODELS = {roles.STAFF: STAFF_EXCLUDED_MODELS, roles.MEMBER: MEMBER_EXCLUDED_MODELS}


def _model_of(permission) -> tuple[str, str]:
    return (permission.content_type.app_label, permission.content_type.model)


def _role_permissions(role: str):
    from django.contrib.auth.models import Permission

    if role == roles.SYSADMIN:
        return Permission.objects.exclude(_permissions_q(roles.SYSADMIN_WITHHELD)).exclude(
            content_type__app_label__in=roles.SYSADMIN_WITHHELD_APPS
        )
    if role == roles.SECURITY_ADMIN:
        return Permission.objects.filter(_permissions_q(roles.SECURITY_ADMIN_PERMISSIONS))
    if role == roles.AUDITOR:
        return Permission.objects.filter(_permissions_q(roles.AUDITOR_PERMISSIONS))
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related("content_type")
    excluded = EXCLUDED_MODELS.get(role, set())
    if role == roles.STAFF:
        allowed = [p for p in domain if not p.codename.startswith("delete_") and _model_of(p) not in excluded]
        # Staff read the login records (MLPS: successes and failures are reviewable).
        allowed += list(
            Permission.objects.filter(content_type__app_label="axes", codename__startswith="view_")
        )
        return allowed
    if role == roles.MEMBER:
        return [p for p in domain if p.codename.startswith("view_") and _model_of(p) not in excluded]
    return []


def _permissions_q(names) -> Q:
    """``Q`` matching the permissions named "app_label.codename" (none when ``names`` is empty)."""
    match = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        match |= Q(content_type__app_label=app_label, codename=codename)
    return match


def _role_forbidden_permissions(role: str):
    """Permissions a role's group must not hold, even if an earlier release granted them."""
    from django.contrib.auth.models import Permission

    if role == roles.SYSADMIN:
        # an installation set up before 三员分立 gave the system administrator everything
        return Permission.objects.filter(
            _permissions_q(roles.SYSADMIN_WITHHELD)
            | Q(content_type__app_label__in=roles.SYSADMIN_WITHHELD_APPS)
        )
    if role in (roles.SECURITY_ADMIN, roles.AUDITOR):
        granted = (
            roles.SECURITY_ADMIN_PERMISSIONS if role == roles.SECURITY_ADMIN else roles.AUDITOR_PERMISSIONS
        )
        return Permission.objects.exclude(_permissions_q(granted))
    excluded = EXCLUDED_MODELS.get(role, set())
    if not excluded:
        return Permission.objects.none()
    models = Q()
    for app_label, model in excluded:
        models |= Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(models)


def ensure_role_groups() -> None:
    """Create the role groups and give them their model permissions (idempotent; run by
    ``manage.py bootstrap`` after every migrate so new models are covered). Permissions a
    role must not hold (members and staff on accounts) are taken away again, so an
    installation set up by an earlier release loses them at its next bootstrap."""
    for name in roles.ALL:
        group, _created = Group.objects.get_or_create(name=name)
        wanted = list(_role_permissions(name))
        if wanted:
            group.permissions.add(*wanted)
        forbidden = list(_role_forbidden_permissions(name))
        if forbidden:
            group.permissions.remove(*forbidden)


@transaction.atomic
def calendar_year_save(
    *, year: int, days: Sequence[ParsedDay], actor: User, remove_others: bool = False
) -> CalendarYearChanges:
    """Save a year's holidays and shifted working days read from the State Council's notice
    (or a list) in one go: new days added, differing ones changed, each with a history row
    naming ``actor`` and the year. ``remove_others`` also deletes the year's rows the text
    does not mention (a guess entered before the notice came out): only for users who may
    delete rows (system administrators; staff change official records, they do not remove
    them). Staff with the add and change permissions of 节假日与调休 may call it."""
    if not roles.can_enter_calendar(actor):
        raise PermissionDeniedError(_("您没有录入节假日与调休的权限。"))
    if remove_others and not actor.has_perm("congress.delete_calendarday"):
        raise PermissionDeniedError(_("只有系统管理员可以删除节假日与调休记录。"))
    if not days:
        raise ApplicationError(_("没有要保存的日期。"), code="empty")
    changes = calendar_year_changes(year=year, days=days)
    reason = _("按年度录入%(year)d年节假日安排") % {"year": year}
    try:
        with transaction.atomic():
            _calendar_year_write(changes, actor=actor, reason=reason, remove_others=remove_others)
    except IntegrityError:
        # Someone saved the same days between this preview and the save (date is unique).
        raise ApplicationError(
            _("刚才有人保存了同一年度的数据，请重新预览后再保存。"), code="concurrent_change"
        ) from None
    return changes


def _calendar_year_write(
    changes: CalendarYearChanges, *, actor: User, reason: str, remove_others: bool
) -> None:
    caching.bump_on_commit("congress")  # bulk writes send no signal (page cache)
    yearly.forget(yearly.CALENDAR_KEY)  # nor to the cached working-day calendar
    if changes.created:
        bulk_create_with_history(
            [CalendarDay(date=d.date, is_workday=d.is_workday, name=d.name) for d in changes.created],
            CalendarDay,
            default_user=actor,
            default_change_reason=reason,
        )
    if changes.updated:
        now = timezone.now()
        rows = []
        for row, day in changes.updated:
            row.is_workday, row.name, row.updated_at = day.is_workday, day.name, now
            rows.append(row)
        bulk_update_with_history(
            rows,
            CalendarDay,
            ["is_workday", "name", "updated_at"],
            default_user=actor,
            default_change_reason=reason,
        )
    if remove_others:
        for row in changes.others:
            row._history_user = actor
            row._change_reason = reason
            row.delete()


# --- API tokens ---------------------------------------------------------------------------

OTP_REQUIRED = gettext_noop("请填写身份验证器显示的动态验证码。")
OTP_INVALID = gettext_noop("动态验证码不正确或已过期，请重新输入。")
OTP_NOT_ENROLLED = gettext_noop("该账号须先在管理后台绑定身份验证器，才能申请接口令牌。")


def _api_token_check_second_factor(*, user: User, otp: str) -> None:
    from django_otp import devices_for_user, match_token

    if not roles.api_token_needs_second_factor(user):
        return
    if not any(devices_for_user(user, confirmed=True)):
        raise ApplicationError(_(OTP_NOT_ENROLLED), code="otp_not_enrolled")
    if not otp:
        raise ApplicationError(_(OTP_REQUIRED), code="otp_required", extra={"otp": [_(OTP_REQUIRED)]})
    if match_token(user, otp.strip()) is None:
        raise ApplicationError(_(OTP_INVALID), code="otp_invalid", extra={"otp": [_(OTP_INVALID)]})


def api_token_issue(*, user: User, otp: str = "", address: str | None = None) -> tuple[ApiToken, str]:
    """Issue a token to ``user``, who has just given the right password (the caller checks it,
    with the lockout). An account that may use the admin gives its current TOTP code too,
    unless the second factor is off (``CONGRESS_ADMIN_REQUIRE_OTP``) or it is an integration
    account. Returns the row and the key — the only time the key exists outside the client."""
    _api_token_check_second_factor(user=user, otp=otp or "")
    hours = (
        settings.CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS
        if roles.is_integration_account(user)
        else settings.CONGRESS_API_TOKEN_TTL_HOURS
    )
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(key),
        prefix=key[:6],
        created_at=now,
        created_from=address or None,
        expires_at=now + dt.timedelta(hours=hours),
    )
    return token, key


# A token's last use is written at most this often (not on every request).
API_TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, reason: str) -> ApiToken:
    """Revoke one token now. Its owner may (``OWNER``), and the security administrator
    (``SECURITY_ADMIN``, checked by the caller: the admin's permission). A token already
    revoked or expired is a 400 ``token_not_active``."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.state != "active":
        raise ApplicationError(_("该令牌已失效，无需吊销。"), code="token_not_active")
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.revoke_reason = reason
    token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return token


def api_tokens_revoke_for_user(*, user: User, reason: str) -> int:
    """Revoke every token of ``user`` still in force (a password change, a deactivation).
    One UPDATE, whatever the number."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )


# --- second-factor enrolment codes -----------------------------------------------------------

ENROLMENT_CODE_INVALID = gettext_noop("绑定码不正确、已过期或已使用，请向安全管理员申请新的绑定码。")
# No 0/O, 1/I/L: read aloud or typed from a note without mistakes (10 of 31 signs, ~50 bits).
ENROLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@transaction.atomic
def enrolment_code_issue(*, user: User, issued_by: User | None) -> tuple[EnrolmentCode, str]:
    """Issue ``user`` a one-time code to bind a first authenticator; an earlier code not yet
    used stops working. The caller (the admin action) checks that ``issued_by`` is the
    security administrator (permission ``congress.add_enrolmentcode``); ``None`` is the
    server's shell (``manage.py enrolment_code``) for the first administrators. Returns the row and
    the code, which exists nowhere else once the page showing it is closed."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(10))
    row = EnrolmentCode.objects.create(
        user=user,
        digest=EnrolmentCode.digest_of(raw),
        issued_by=issued_by,
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.CONGRESS_OTP_ENROLMENT_CODE_HOURS),
    )
    return row, f"{raw[:5]}-{raw[5:]}"


def enrolment_code_check(*, user: User, code: str) -> EnrolmentCode:
    """The user's own unused, unexpired code matching ``code``; ``ApplicationError`` otherwise."""
    row = EnrolmentCode.objects.filter(
        user=user,
        digest=EnrolmentCode.digest_of(code or ""),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    if row is None:
        raise ApplicationError(_(ENROLMENT_CODE_INVALID), code="enrolment_code_invalid")
    return row


@transaction.atomic
def otp_enrolment_start(*, user: User, code: str):
    """A valid enrolment code opens enrolment: any unconfirmed device of the user (whose
    secret may have been seen before) is dropped and a new one made; returns the code row
    and the device whose secret may now be shown."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    row = enrolment_code_check(user=user, code=code)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    return row, device


@transaction.atomic
def otp_enrolment_complete(*, user: User, enrolment_code_id: int, device) -> None:
    """The first correct TOTP code binds the device: it is confirmed and the enrolment code
    used up, both or neither."""
    row = (
        EnrolmentCode.objects.select_for_update()
        .filter(pk=enrolment_code_id, user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if row is None:
        raise ApplicationError(_(ENROLMENT_CODE_INVALID), code="enrolment_code_invalid")
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
