"""The security audit log (issue 10, finding 5): every kind of event is recorded; nothing
changes or deletes a row (admin for everyone, PostgreSQL trigger for the ORM); the hash chain
finds a row removed, inserted, altered or moved; the retention purge keeps it verifiable; only
auditors read it."""

import datetime as dt
import io
import threading
from contextlib import contextmanager

import openpyxl
import pytest
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ExportMixin

from congress import roles
from congress.audit import (
    AuditedExportMixin,
    audit_log,
    audit_purge,
    audit_verify,
    log_personal_data_read,
)
from congress.models import AuditChainHead, AuditEntry, Rule
from congress.services import user_set_roles, user_set_unit
from congress.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
Kind = AuditEntry.Kind


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind).order_by("seq"))


def last(kind):
    return AuditEntry.objects.filter(kind=kind).order_by("-seq").first()


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor_user", roles=[roles.AUDITOR])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root_user", is_superuser=True, is_staff=True)


# --- logins -------------------------------------------------------------------------------


def test_login_failure_logout_and_lockout_are_recorded(client, staff):
    client.post(reverse("login"), {"username": staff.username, "password": "wrong-password"})
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "nobody-here", "password": "wrong-password"})

    failed = entries(Kind.LOGIN_FAILED)
    assert [e.username for e in failed][:2] == [staff.username, "nobody-here"]
    assert failed[0].actor_id is None and failed[0].ip_address == "127.0.0.1"
    login = last(Kind.LOGIN)
    assert login.actor_id == staff.pk and login.username == staff.username and login.path == reverse("login")
    assert last(Kind.LOGOUT).actor_id == staff.pk
    assert last(Kind.LOCKED_OUT).username == "nobody-here"


def test_api_token_login_and_its_failure_are_recorded(api_client, staff):
    api_client.post(reverse("api-token"), {"username": staff.username, "password": "wrong"}, format="json")
    api_client.post(reverse("api-token"), {"username": staff.username, "password": PASSWORD}, format="json")

    assert last(Kind.LOGIN_FAILED).username == staff.username
    assert last(Kind.LOGIN).actor_id == staff.pk


# --- denials ------------------------------------------------------------------------------


def test_a_refusal_and_a_record_outside_the_wall_are_recorded(api_client, deputy_user, term):
    from deputies.tests.factories import DeputyFactory

    other = DeputyFactory(term=term)
    api_client.force_authenticate(deputy_user)

    refused = api_client.get(reverse("api-deputy-list"))
    hidden = api_client.get(reverse("api-deputy-detail", args=[other.pk]))

    assert (refused.status_code, hidden.status_code) == (403, 404)
    denied = entries(Kind.DENIED)
    assert [(e.status, e.path, e.actor_id) for e in denied] == [
        (403, reverse("api-deputy-list"), deputy_user.pk),
        (404, reverse("api-deputy-detail", args=[other.pk]), deputy_user.pk),
    ]


def test_unknown_addresses_and_anonymous_visitors_are_not_denials(client, api_client, staff):
    api_client.get(reverse("api-deputy-list"))  # anonymous: the login wall, not a denial
    client.force_login(staff)
    client.get("/no-such-page/")

    assert not entries(Kind.DENIED)


# --- exports ------------------------------------------------------------------------------


def test_every_exporting_admin_is_audited():
    exporting = [a for a in admin.site._registry.values() if isinstance(a, ExportMixin)]

    assert exporting, "the admin exports something"
    assert [type(a).__name__ for a in exporting if not isinstance(a, AuditedExportMixin)] == []


def download_export(client, url_name):
    """Tick every column on the admin's export page and download the workbook."""
    url = reverse(url_name)
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.__class__.__name__ == "BooleanField"}
    response = client.post(url, {**data, "format": "0", "resource": "0"})
    assert response.status_code == 200
    return response


def test_deputy_excel_export_records_who_what_rows_and_the_personal_fields(client, staff, term):
    from deputies.tests.factories import DeputyFactory

    DeputyFactory.create_batch(3, term=term)
    client.force_login(staff)

    response = download_export(client, "admin:deputies_deputy_export")

    assert response["Content-Disposition"].startswith("attachment")
    export = last(Kind.EXPORT)
    assert (export.actor_id, export.object_type, export.rows) == (staff.pk, "deputies.deputy", 3)
    assert export.detail["format"] == "xlsx" and "phone" in export.detail["personal_fields"]


def test_statistics_and_list_workbooks_are_recorded(client, staff):
    client.force_login(staff)
    year = timezone.localdate().year

    statistics = client.get(reverse("admin:proposals_proposal_statistics") + f"?year={year}&export=xlsx")
    proposals = client.get(reverse("admin:proposals_proposal_export"))

    assert statistics.status_code == proposals.status_code == 200
    kinds = [(e.object_type, e.rows, e.actor_id) for e in entries(Kind.EXPORT)]
    assert kinds == [(f"proposals.unit_statistics.{year}", 0, staff.pk), ("proposals.proposal", 0, staff.pk)]


# --- personal data ------------------------------------------------------------------------


@pytest.fixture
def private_deputy(term):
    from deputies.tests.factories import DeputyFactory

    return DeputyFactory(term=term, phone="13912345678", with_user=True)


def test_staff_opening_a_deputys_private_fields_is_recorded(client, staff, private_deputy):
    client.force_login(staff)

    client.get(reverse("admin:deputies_deputy_change", args=[private_deputy.pk]))
    client.get(reverse("admin:deputies_deputy_history", args=[private_deputy.pk]))

    reads = entries(Kind.PERSONAL_DATA_READ)
    assert [(e.actor_id, e.object_type, e.object_id) for e in reads] == [
        (staff.pk, "deputies.deputy", str(private_deputy.pk))
    ] * 2
    assert set(reads[0].detail["fields"]) >= {"phone", "birth_date", "email"}


def test_api_reads_of_private_fields_are_recorded_but_not_ones_own_or_a_members(
    api_client, staff, private_deputy
):
    member = UserFactory(roles=[roles.MEMBER])

    api_client.force_authenticate(staff)
    api_client.get(reverse("api-deputy-list"))
    api_client.get(reverse("api-deputy-detail", args=[private_deputy.pk]))
    api_client.force_authenticate(member)  # members never get the private fields
    api_client.get(reverse("api-deputy-list"))
    api_client.force_authenticate(private_deputy.user)  # one's own record
    api_client.get(reverse("api-deputy-detail", args=[private_deputy.pk]))

    reads = entries(Kind.PERSONAL_DATA_READ)
    assert [(e.actor_id, e.rows, e.detail["ids"]) for e in reads] == [
        (staff.pk, 1, [str(private_deputy.pk)]),
        (staff.pk, 1, [str(private_deputy.pk)]),
    ]


def test_a_member_opening_the_record_reads_no_private_fields(client, private_deputy):
    client.force_login(UserFactory(roles=[roles.MEMBER]))
    client.get(reverse("admin:deputies_deputy_change", args=[private_deputy.pk]))

    assert not entries(Kind.PERSONAL_DATA_READ)


# --- accounts, roles, rules ---------------------------------------------------------------


def test_changes_to_accounts_roles_unit_rights_and_rules_are_recorded(rf, staff, unit):
    user = UserFactory(username="newcomer")
    user_set_roles(user=user, role_names=[roles.STAFF])
    user.is_active = False
    user.save()
    user.set_password("Another-Passw0rd-9")
    user.save()
    user_set_unit(user=user, unit=unit)
    Group.objects.create(name="临时组")
    user.groups.clear()
    rule = Rule.objects.create(key="audit.retention_days", value=365, note="延长保存")

    changes = [
        e.detail for e in entries(Kind.ACCOUNT_CHANGE) if e.object_repr.startswith(("newcomer", "用户"))
    ]
    assert {"created": True, "is_staff": False, "is_superuser": False} in changes
    assert any(d.get("action") == "add" and d.get("group") == [roles.STAFF] for d in changes)
    assert {"is_active": False} in changes and {"password": "(changed)"} in changes
    assert any(d.get("action") == "clear" for d in changes)
    granted = [e.detail for e in entries(Kind.ACCOUNT_CHANGE) if e.detail.get("permission") == "act_for_unit"]
    assert granted and granted[-1]["action"] == "grant"
    assert any(e.object_repr == "临时组" for e in entries(Kind.ACCOUNT_CHANGE))
    assert last(Kind.RULE_CHANGE).detail == {
        "key": "audit.retention_days",
        "value": 365,
        "note": "延长保存",
        "created": True,
    }
    assert last(Kind.RULE_CHANGE).object_id == str(rule.pk)


def test_an_admin_change_of_roles_names_the_acting_administrator(client):
    call_command("bootstrap")
    # roles are the security administrator's to give (三员分立, congress/tests/test_admin_roles.py)
    admin_user = UserFactory(roles=[roles.SECURITY_ADMIN])
    target = UserFactory(username="target_user")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:congress_user_change", args=[target.pk]),
        {
            "username": target.username,
            "display_name": target.display_name,
            "email": target.email,
            "phone": "",
            "is_active": "on",
            "role_names": [roles.STAFF],
            "acting_unit": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = [e for e in entries(Kind.ACCOUNT_CHANGE) if e.detail.get("action") == "add"]
    assert added and added[-1].actor_id == admin_user.pk and added[-1].object_id == str(target.pk)
    assert added[-1].detail["group"] == [roles.STAFF]


# --- append-only ----------------------------------------------------------------------------


def test_no_one_adds_changes_or_deletes_audit_rows_in_the_admin(client, auditor, superuser):
    entry = audit_log(kind=Kind.LOGIN, actor=auditor)
    model_admin = admin.site._registry[AuditEntry]
    change_url = reverse("admin:congress_auditentry_change", args=[entry.pk])
    delete_url = reverse("admin:congress_auditentry_delete", args=[entry.pk])

    for user in (auditor, superuser):
        request = type("R", (), {"user": user})()
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, entry)
        assert not model_admin.has_delete_permission(request, entry)
        client.force_login(user)
        assert client.post(delete_url, {"post": "yes"}).status_code in (302, 403)
        assert client.post(change_url, {"kind": Kind.EXPORT}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, kind=Kind.LOGIN).exists()


def test_only_the_auditor_reads_the_log(client, auditor, superuser, staff):
    audit_log(kind=Kind.LOGIN, actor=staff)
    url = reverse("admin:congress_auditentry_changelist")

    for user in (superuser, staff, UserFactory(roles=[roles.SYSADMIN])):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    client.force_login(auditor)
    page = client.get(url + f"?kind__exact={Kind.LOGIN}")

    assert page.status_code == 200
    assert staff.username in page.content.decode() and "登录成功" in page.content.decode()


def test_the_auditors_export_is_itself_audited(client, auditor, staff):
    audit_log(kind=Kind.LOGIN, actor=staff)
    client.force_login(auditor)
    rows = AuditEntry.objects.count()

    response = download_export(client, "admin:congress_auditentry_export")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["序号", "时间", "类别", "用户名"]
    export = last(Kind.EXPORT)
    assert (export.actor_id, export.object_type, export.rows) == (auditor.pk, "congress.auditentry", rows)


def test_login_records_cannot_be_deleted_in_the_admin_even_by_the_superuser(client, superuser, staff):
    client.post(reverse("login"), {"username": staff.username, "password": "wrong"})
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    client.force_login(superuser)
    log, failure = AccessLog.objects.get(username=staff.username), AccessFailureLog.objects.get()

    for model, obj in (("accesslog", log), ("accessfailurelog", failure)):
        response = client.post(reverse(f"admin:axes_{model}_delete", args=[obj.pk]), {"post": "yes"})
        assert response.status_code in (302, 403)
        model_admin = admin.site._registry[type(obj)]
        request = type("R", (), {"user": superuser})()
        assert not model_admin.has_delete_permission(request, obj)
        assert "delete_selected" not in model_admin.get_actions(request)
    assert (
        AccessLog.objects.filter(pk=log.pk).exists()
        and AccessFailureLog.objects.filter(pk=failure.pk).exists()
    )


@pytest.mark.postgres
def test_the_database_refuses_update_and_delete_of_audit_rows_and_login_records(staff):
    entry = audit_log(kind=Kind.LOGIN, actor=staff)
    access = AccessLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t", path_info="/")
    failure = AccessFailureLog.objects.create(
        username="y", ip_address="127.0.0.1", user_agent="t", path_info="/"
    )

    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(username="someone-else"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: AccessLog.objects.filter(pk=access.pk).delete(),
        lambda: AccessFailureLog.objects.filter(pk=failure.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).username == staff.username


# --- the hash chain -------------------------------------------------------------------------


@contextmanager
def raw_sql_bypassing_the_triggers():
    """As a database superuser would tamper: raw SQL with the triggers off (PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def chain(staff):
    rows = [audit_log(kind=Kind.LOGIN, actor=staff, detail={"n": n}) for n in range(5)]
    assert audit_verify().ok
    return rows


def verify_fails(match):
    result = audit_verify()
    assert not result.ok
    assert any(match in problem for problem in result.problems), result.problems
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=io.StringIO(), stderr=io.StringIO())


def test_audit_verify_passes_on_an_intact_chain(chain):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert f"{AuditEntry.objects.count()} rows, chain intact" in out.getvalue()


def test_audit_verify_finds_an_altered_row(chain):
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute(
            "UPDATE congress_auditentry SET username = %s WHERE seq = %s", ["someone", chain[2].seq]
        )
    verify_fails(f"seq {chain[2].seq}: hash does not match")


def test_audit_verify_finds_a_removed_row(chain):
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute("DELETE FROM congress_auditentry WHERE seq = %s", [chain[2].seq])
    verify_fails("rows missing or inserted")


def test_audit_verify_finds_the_last_row_removed(chain):
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute("DELETE FROM congress_auditentry WHERE seq = %s", [chain[-1].seq])
    verify_fails("rows removed from the end")


def test_audit_verify_finds_rows_reordered(chain):
    a, b = chain[1].seq, chain[3].seq
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute("UPDATE congress_auditentry SET seq = -1 WHERE seq = %s", [a])
        cursor.execute("UPDATE congress_auditentry SET seq = %s WHERE seq = %s", [a, b])
        cursor.execute("UPDATE congress_auditentry SET seq = %s WHERE seq = -1", [b])
    verify_fails("prev_hash does not match")


def test_audit_verify_finds_an_inserted_row(chain):
    forged = AuditEntry.objects.get(seq=chain[2].seq)
    with raw_sql_bypassing_the_triggers() as cursor:  # make room after row 3, as an intruder would
        cursor.execute("UPDATE congress_auditentry SET seq = -seq WHERE seq > %s", [forged.seq])
        cursor.execute("UPDATE congress_auditentry SET seq = 1 - seq WHERE seq < 0")
    forged.pk, forged.seq, forged.username = None, forged.seq + 1, "intruder"
    forged.prev_hash, forged.hash = chain[2].hash, "0" * 64  # without the key, no valid HMAC
    forged.save(force_insert=True)
    verify_fails(f"seq {forged.seq}: hash does not match")


# --- retention ------------------------------------------------------------------------------


def test_the_purge_keeps_180_days_and_the_chain_verifiable(staff):
    now = timezone.now()
    old = [audit_log(kind=Kind.LOGIN, actor=staff) for _ in range(3)]
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute(
            "UPDATE congress_auditentry SET at = %s WHERE seq <= %s",
            [now - dt.timedelta(days=181), old[-1].seq],
        )
    # the rows' content changed under them: re-chain as if they had been written then
    _rechain()
    recent = audit_log(kind=Kind.LOGOUT, actor=staff)
    young_login = AccessLog.objects.create(
        username="a", ip_address="127.0.0.1", user_agent="t", path_info="/"
    )
    old_login = AccessLog.objects.create(username="b", ip_address="127.0.0.1", user_agent="t", path_info="/")
    AccessLog.objects.filter(pk=old_login.pk).update(attempt_time=now - dt.timedelta(days=200))

    aged = AuditEntry.objects.filter(seq__lte=old[-1].seq).count()

    deleted = audit_purge(now=now)

    assert deleted == aged >= 3
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    checkpoint = last(Kind.PURGE)
    assert checkpoint.detail["purged_through_seq"] == old[-1].seq
    assert checkpoint.detail["login_records_deleted"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [young_login.pk]
    assert audit_verify().ok, audit_verify().problems
    # and the chain goes on after the checkpoint
    audit_log(kind=Kind.LOGIN, actor=staff)
    assert audit_verify().ok
    # cutting the oldest remaining row is still found
    with raw_sql_bypassing_the_triggers() as cursor:
        cursor.execute("DELETE FROM congress_auditentry WHERE seq = %s", [recent.seq])
    verify_fails("rows missing or inserted")


def _rechain():
    """Recompute every hash in order (test set-up only: ages rows as if written long ago)."""
    from congress.audit import entry_hash

    previous = ""
    for entry in AuditEntry.objects.order_by("seq"):
        entry.prev_hash = previous
        entry.hash = entry_hash(entry)
        with raw_sql_bypassing_the_triggers() as cursor:
            cursor.execute(
                "UPDATE congress_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk],
            )
        previous = entry.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_nothing_old_enough_purges_nothing(staff):
    audit_log(kind=Kind.LOGIN, actor=staff)
    assert audit_purge() == 0
    assert not entries(Kind.PURGE) and audit_verify().ok


def test_the_retention_rule_is_at_least_180_days():
    rule = Rule(key="audit.retention_days", value=90)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "不能少于 180" in str(error.value)
    Rule(key="audit.retention_days", value=365).full_clean()


def test_the_purge_runs_daily_from_beat():
    assert (
        settings.CELERY_BEAT_SCHEDULE["congress-purge-audit-log"]["task"] == "congress.tasks.purge_audit_log"
    )


def test_log_personal_data_read_names_the_fields_and_records(staff, private_deputy):
    entry = log_personal_data_read(actor=staff, obj=private_deputy, fields=["phone"], purpose="联系代表")
    assert (entry.object_type, entry.object_id, entry.rows) == ("deputies.deputy", str(private_deputy.pk), 1)
    assert entry.detail == {"fields": ["phone"], "purpose": "联系代表"}


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    threads_n, each = 4, 10
    barrier = threading.Barrier(threads_n)
    errors = []

    def append(n):
        try:
            barrier.wait()
            for i in range(each):
                audit_log(kind=Kind.LOGIN, username=f"t{n}", detail={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors
    result = audit_verify()
    assert result.ok, result.problems
    assert result.checked == AuditEntry.objects.count() >= threads_n * each
