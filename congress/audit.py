"""The security audit log (MLPS 安全审计): one append-only, hash-chained table, ``AuditEntry``.

What is recorded, and where from:

- logins, failed logins, logouts and lockouts — Django's and django-axes' signals (also the API
  token login, which sends ``user_logged_in``);
- denials — ``AuditDenialsMiddleware``: a signed-in user answered 403, or 404 on a record's
  address (a URL with a path parameter), with the path and status;
- exports — ``AuditedExportMixin`` on every admin Excel export (django-import-export), and
  ``log_export`` from the other exports (statistics workbooks): who, what, how many rows;
- reads of personal data — ``log_personal_data_read`` wherever a deputy's private fields are
  shown to someone else (admin change and history pages, API);
- changes to accounts, roles and rules — model signals on users, groups, group membership,
  permissions, unit rights (guardian) and ``Rule``, with the acting user from the request.

Each row's ``hash`` is an HMAC (key ``settings.AUDIT_HMAC_KEY``, by default derived from
``SECRET_KEY``) over its content and the previous row's hash. Appends are serialized by a row
lock on ``AuditChainHead`` (which also remembers both ends of the chain), so ``audit_verify``
finds any row removed, inserted, altered or moved. Rows older than the rule
``audit.retention_days`` (at least 180) go only through ``audit_purge``, which leaves a checkpoint
row naming the last purged hash; on PostgreSQL a trigger refuses every other UPDATE or DELETE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from congress.models import AuditChainHead, AuditEntry

logger = logging.getLogger(__name__)

Kind = AuditEntry.Kind
MIN_RETENTION_DAYS = 180
# The PostgreSQL setting the append-only triggers accept a DELETE under (audit_purge sets it
# for its own transaction only: SET LOCAL).
PURGE_SETTING = "congress.audit_purge"
# Fields the chain covers, in this order (``seq`` and ``prev_hash`` tie a row to its place).
CHAINED_FIELDS = (
    "seq",
    "at",
    "kind",
    "actor_id",
    "username",
    "ip_address",
    "method",
    "path",
    "status",
    "object_type",
    "object_id",
    "object_repr",
    "rows",
    "detail",
    "prev_hash",
)


# --- the chain ---------------------------------------------------------------------------


def _key() -> bytes:
    configured = getattr(settings, "AUDIT_HMAC_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"congress.audit:" + settings.SECRET_KEY.encode()).digest()


def _value(entry: AuditEntry, name: str):
    value = getattr(entry, name)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(entry: AuditEntry) -> str:
    """The HMAC of a row's content and its predecessor's hash."""
    payload = json.dumps(
        [_value(entry, name) for name in CHAINED_FIELDS],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _head_for_update() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _append(**fields) -> AuditEntry:
    """Append one row at the end of the chain (the head's row lock serializes appends)."""
    with transaction.atomic():
        head = _head_for_update()
        entry = AuditEntry(seq=head.last_seq + 1, prev_hash=head.last_hash, **fields)
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def _client_ip(request) -> str:
    if request is None:
        return ""
    # client_ip: the address behind trusted proxies only (congress.client_address).
    address = getattr(request, "client_ip", None) or getattr(request, "axes_ip_address", None)
    return str(address or request.META.get("REMOTE_ADDR", ""))[:45]


def _request_user(request):
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def audit_log(
    *,
    kind: str,
    request=None,
    actor=None,
    username: str = "",
    status: int | None = None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    rows: int | None = None,
    detail: dict | None = None,
) -> AuditEntry | None:
    """Record one event. ``actor`` defaults to the request's signed-in user; ``obj`` fills the
    object columns. A failure to write propagates: an action is not served unaudited."""
    actor = actor if actor is not None else _request_user(request)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    fields = {
        "kind": kind,
        "actor_id": getattr(actor, "pk", None),
        "username": (username or getattr(actor, "username", ""))[:150],
        "ip_address": _client_ip(request),
        "method": (getattr(request, "method", "") or "")[:10],
        "path": (request.get_full_path() if hasattr(request, "get_full_path") else "")[:500],
        "status": status,
        "object_type": object_type[:100],
        "object_id": str(object_id)[:64],
        "object_repr": object_repr[:200],
        "rows": rows,
        "detail": detail or {},
    }
    return _append(**fields)


def log_personal_data_read(
    *,
    request=None,
    actor=None,
    obj=None,
    object_type: str = "",
    object_ids: Iterable = (),
    fields: Iterable[str] = (),
    purpose: str = "",
) -> AuditEntry | None:
    """A person's private fields were shown to someone else: one row per page or response
    (``obj`` for one record, ``object_ids`` for a list), naming the fields. Also a record on the
    ``congress.audit`` logger, for log shipping."""
    ids = [str(pk) for pk in object_ids]
    fields = sorted(fields)
    detail = {"fields": fields}
    if ids:
        detail["ids"] = ids[:500]
    if purpose:
        detail["purpose"] = purpose
    actor = actor if actor is not None else _request_user(request)
    username = getattr(actor, "username", "") or ""
    object_type = object_type or (obj._meta.label_lower if obj is not None else "")
    shown_ids = [str(obj.pk)] if obj is not None else ids
    logger.info(
        "personal data read: %s read %s of %s %s (%s) from %s",
        username or "-",
        ",".join(fields),
        object_type,
        ",".join(shown_ids[:50]),
        purpose or "-",
        _client_ip(request) or "-",
        extra={
            "actor": username,
            "object_type": object_type,
            "object_id": ",".join(shown_ids[:50]),
            "fields": fields,
            "purpose": purpose,
        },
    )
    return audit_log(
        kind=Kind.PERSONAL_DATA_READ,
        request=request,
        actor=actor,
        obj=obj,
        object_type=object_type,
        rows=len(ids) if ids else (1 if obj is not None else None),
        detail=detail,
    )


def log_export(
    *, request, what: str, rows: int, file_format: str = "xlsx", personal_fields: Iterable[str] = ()
) -> AuditEntry | None:
    """An export left the portal: who, what (a model label or the export's name), how many rows."""
    detail = {"format": file_format}
    if personal_fields:
        detail["personal_fields"] = sorted(personal_fields)
    return audit_log(kind=Kind.EXPORT, request=request, object_type=what, rows=rows, detail=detail)


class AuditedExportMixin:
    """Put before django-import-export's ``ExportMixin``/``ExportActionMixin`` on a ModelAdmin:
    every export it serves is recorded (model, rows, format, and the personal fields it held when
    ``audit_personal_fields`` names some). ``tests/test_audit.py`` checks every exporting admin
    has it."""

    audit_personal_fields: tuple[str, ...] = ()

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        request._audit_export = {"rows": len(dataset), "headers": list(dataset.headers or [])}
        return dataset

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        exported = getattr(request, "_audit_export", {"rows": 0, "headers": []})
        log_export(
            request=request,
            what=self.model._meta.label_lower,
            rows=exported["rows"],
            file_format=file_format.get_title(),
            personal_fields=self.audit_exported_personal_fields(request),
        )
        return data

    def audit_exported_personal_fields(self, request) -> tuple[str, ...]:
        return self.audit_personal_fields


# --- denials -----------------------------------------------------------------------------


class AuditDenialsMiddleware:
    """Record a refusal of a signed-in user: any 403, and a 404 on a record's address (a URL
    pattern with a path parameter — the walls answer 404 for a record outside them). Unknown
    addresses and anonymous visitors are not recorded (the login wall answers them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status in (403, 404):
            match = getattr(request, "resolver_match", None)
            user = _request_user(request)
            if user is not None and match is not None and (status == 403 or match.kwargs):
                audit_log(
                    kind=Kind.DENIED,
                    request=request,
                    status=status,
                    detail={"view": match.view_name or match._func_path},
                )
        return response


# --- verification and retention ------------------------------------------------------------


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_verify(*, batch: int = 2000) -> VerifyResult:
    """Walk the chain from the purge checkpoint to the head: every seq present once and in
    order, every ``prev_hash`` the previous row's hash, every ``hash`` the HMAC of its row, the
    head naming the last row, and the newest purge checkpoint naming where the rows begin."""
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(pk=1)
    problems: list[str] = []
    expected_seq, expected_prev = head.base_seq + 1, head.base_hash
    checked = 0
    last_seq = 0
    position = head.base_seq
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=position).order_by("seq")[:batch])
        if not rows:
            break
        for entry in rows:
            checked += 1
            if entry.seq != expected_seq:
                problems.append(f"seq {entry.seq}: expected seq {expected_seq} (rows missing or inserted)")
            if entry.prev_hash != expected_prev:
                problems.append(f"seq {entry.seq}: prev_hash does not match the previous row")
            if not hmac.compare_digest(entry.hash, entry_hash(entry)):
                problems.append(f"seq {entry.seq}: hash does not match its content (altered)")
            expected_seq, expected_prev, last_seq = entry.seq + 1, entry.hash, entry.seq
        position = rows[-1].seq
    older = AuditEntry.objects.filter(seq__lte=head.base_seq).count()
    if older:
        problems.append(f"{older} rows at or before the purge checkpoint seq {head.base_seq}")
    if head.last_seq != (last_seq or head.base_seq) or (checked and head.last_hash != expected_prev):
        problems.append(
            f"the chain ends at seq {last_seq or head.base_seq}, the head says {head.last_seq} "
            "(rows removed from the end)"
        )
    if head.base_seq:
        checkpoint = AuditEntry.objects.filter(kind=Kind.PURGE).order_by("-seq").first()
        detail = checkpoint.detail if checkpoint is not None else {}
        if (detail.get("purged_through_seq"), detail.get("purged_through_hash")) != (
            head.base_seq,
            head.base_hash,
        ):
            problems.append("the purge checkpoint does not name where the rows begin")
    return VerifyResult(checked=checked, problems=problems)


def retention_days() -> int:
    from congress.rules import rule_get

    return max(int(rule_get("audit.retention_days")), MIN_RETENTION_DAYS)


def audit_purge(*, now: dt.datetime | None = None) -> int:
    """Delete audit rows (and axes login records) older than the retention rule, in one
    transaction: the rows removed are a prefix of the chain, the head's base moves to the last
    of them, and a ``purge`` checkpoint row names it, so ``audit_verify`` still passes. Returns
    how many audit rows went. The periodic task ``congress.tasks.purge_audit_log`` runs it."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    with transaction.atomic():
        head = _head_for_update()
        last = AuditEntry.objects.filter(at__lt=cutoff).order_by("-seq").values("seq", "hash").first()
        with _purge_allowed():
            login_records = (
                AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
                + AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
            )
            deleted = AuditEntry.objects.filter(seq__lte=last["seq"]).delete()[0] if last else 0
        if last is None:
            return 0
        head.base_seq, head.base_hash = last["seq"], last["hash"]
        head.save(update_fields=["base_seq", "base_hash"])
        _append(
            kind=Kind.PURGE,
            detail={
                "purged_through_seq": last["seq"],
                "purged_through_hash": last["hash"],
                "deleted": deleted,
                "login_records_deleted": login_records,
                "cutoff": cutoff.isoformat(),
            },
        )
    return deleted


@contextmanager
def _purge_allowed():
    """Inside the purge's transaction only: the PostgreSQL triggers let its DELETEs through."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])


# --- signals: logins, accounts, roles, rules ---------------------------------------------------

# User fields whose change is an account change (last_login moves at every login: not one).
ACCOUNT_FIELDS = ("username", "password", "is_active", "is_staff", "is_superuser", "email", "phone")


def _current_request():
    """The request being served, as simple-history's middleware keeps it (None in jobs, shell)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def _on_logged_in(sender, request, user, **kwargs):
    audit_log(kind=Kind.LOGIN, request=request, actor=user)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))
    audit_log(kind=Kind.LOGIN_FAILED, request=request, actor=None, username=username)


def _on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(kind=Kind.LOGOUT, request=request, actor=user)


def _on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_log(
        kind=Kind.LOCKED_OUT,
        request=request,
        actor=None,
        username=str(username or ""),
        detail={"ip_address": str(ip_address or "")},
    )


def _on_user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    before = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first()
    instance._audit_before = before


def _on_user_post_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        changed = {"created": True, "is_staff": instance.is_staff, "is_superuser": instance.is_superuser}
    else:
        before = getattr(instance, "_audit_before", None)
        if before is None:
            return
        changed = {
            name: ("(changed)" if name == "password" else getattr(instance, name))
            for name in ACCOUNT_FIELDS
            if before[name] != getattr(instance, name)
        }
        instance._audit_before = None
        if not changed:
            return
    audit_log(kind=Kind.ACCOUNT_CHANGE, request=_current_request(), obj=instance, detail=changed)


def _on_deleted(sender, instance, **kwargs):
    kind = Kind.RULE_CHANGE if sender._meta.label_lower == "congress.rule" else Kind.ACCOUNT_CHANGE
    audit_log(kind=kind, request=_current_request(), obj=instance, detail={"deleted": True})


def _on_group_post_save(sender, instance, created, raw=False, **kwargs):
    if not raw:
        audit_log(
            kind=Kind.ACCOUNT_CHANGE,
            request=_current_request(),
            obj=instance,
            detail={"created": True} if created else {"name": instance.name},
        )


def _on_rule_post_save(sender, instance, created, raw=False, **kwargs):
    if not raw:
        audit_log(
            kind=Kind.RULE_CHANGE,
            request=_current_request(),
            obj=instance,
            object_repr=instance.key,
            detail={"key": instance.key, "value": instance.value, "note": instance.note, "created": created},
        )


def _on_membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Group membership and permissions (either side of the m2m)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        pk_set = _cleared_pks(sender, instance, model)
        if not pk_set:
            return
    names = [str(o) for o in model._default_manager.filter(pk__in=pk_set or ())][:100]
    audit_log(
        kind=Kind.ACCOUNT_CHANGE,
        request=_current_request(),
        obj=instance,
        detail={
            "relation": sender._meta.label_lower,
            "action": {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}[action],
            model._meta.model_name: names,
        },
    )


def _cleared_pks(through, instance, model) -> set:
    """What ``clear()`` is about to remove: the through rows of ``instance``."""
    fks = [f for f in through._meta.fields if f.is_relation]
    own = next(f for f in fks if isinstance(instance, f.related_model))
    other = next(f for f in fks if f is not own and f.related_model is model)
    return set(through.objects.filter(**{own.attname: instance.pk}).values_list(other.attname, flat=True))


def _on_object_permission(sender, instance, created=None, **kwargs):
    """A per-object right (django-guardian), e.g. acting for a unit, granted or taken."""
    audit_log(
        kind=Kind.ACCOUNT_CHANGE,
        request=_current_request(),
        object_type=instance.content_type.model if instance.content_type_id else "",
        object_id=str(instance.object_pk),
        detail={
            "user": str(getattr(instance, "user", "") or getattr(instance, "group", "")),
            "permission": instance.permission.codename,
            "action": "grant" if created is not None else "revoke",
        },
    )


def connect_signals() -> None:
    """Called once from ``CongressConfig.ready``."""
    from axes.signals import user_locked_out
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from congress.models import Rule

    user_model = get_user_model()
    uid = "congress.audit"
    user_logged_in.connect(_on_logged_in, dispatch_uid=f"{uid}.login")
    user_login_failed.connect(_on_login_failed, dispatch_uid=f"{uid}.login_failed")
    user_logged_out.connect(_on_logged_out, dispatch_uid=f"{uid}.logout")
    user_locked_out.connect(_on_locked_out, dispatch_uid=f"{uid}.locked_out")
    pre_save.connect(_on_user_pre_save, sender=user_model, dispatch_uid=f"{uid}.user_pre")
    post_save.connect(_on_user_post_save, sender=user_model, dispatch_uid=f"{uid}.user_post")
    post_save.connect(_on_group_post_save, sender=Group, dispatch_uid=f"{uid}.group_post")
    post_save.connect(_on_rule_post_save, sender=Rule, dispatch_uid=f"{uid}.rule_post")
    for model in (user_model, Group, Rule):
        post_delete.connect(_on_deleted, sender=model, dispatch_uid=f"{uid}.{model._meta.label_lower}.delete")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            _on_membership_changed, sender=through, dispatch_uid=f"{uid}.{through._meta.label}"
        )
    for model in (UserObjectPermission, GroupObjectPermission):
        post_save.connect(
            _on_object_permission, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.grant"
        )
        post_delete.connect(
            _on_object_permission, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.revoke"
        )
