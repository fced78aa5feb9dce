"""Second-factor enrolment (issue 10, finding 8): a staff member without a device enrols only
with a one-time enrolment code issued by the security administrator (admin action 发放绑定码),
shown once, stored as a digest, expiring and single use — a stolen password alone no longer
enrols the thief's authenticator."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import roles
from congress.models import EnrolmentCode
from congress.tests.factories import UserFactory

CODE = re.compile(r'<code class="enrolment-code">([A-Z0-9-]+)</code>')
WRONG_CODE = "绑定码不正确、已过期或已使用，请向安全管理员申请新的绑定码。"


def current_code(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


@pytest.fixture
def secadmin(db):
    call_command("bootstrap")
    return UserFactory(username="sec", roles=[roles.SECURITY_ADMIN])


@pytest.fixture
def otp_on(settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True


def issue_code(client, secadmin, *users) -> list[str]:
    client.force_login(secadmin)
    # the security administrator's own second factor is not what these tests are about
    with override_settings(CONGRESS_ADMIN_REQUIRE_OTP=False):
        response = client.post(
            reverse("admin:congress_user_changelist"),
            {"action": "issue_enrolment_codes", "_selected_action": [u.pk for u in users]},
        )
    assert response.status_code == 200, response.content.decode()[-2000:]
    client.logout()
    return CODE.findall(response.content.decode())


def test_without_a_code_the_password_alone_shows_no_secret(client, staff, otp_on):
    client.force_login(staff)

    page = client.get(reverse("admin:index"))
    wrong = client.post(reverse("admin:index"), {"enrolment_code": "AAAAA-BBBBB"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "绑定码" in html and "密钥" not in html
    assert wrong.status_code == 400 and WRONG_CODE in wrong.content.decode()
    assert "密钥" not in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_the_security_administrator_issues_a_code_shown_once_and_stored_as_a_digest(client, secadmin, staff):
    (code,) = issue_code(client, secadmin, staff)

    row = EnrolmentCode.objects.get(user=staff)
    assert row.issued_by == secadmin and row.used_at is None
    assert row.expires_at > timezone.now() + dt.timedelta(hours=23)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {EnrolmentCode._meta.db_table}")
        stored = " ".join(str(v) for r in cursor.fetchall() for v in r)
    assert code not in stored and code.replace("-", "") not in stored
    client.force_login(secadmin)
    listing = client.get(reverse("admin:congress_enrolmentcode_changelist"))
    assert listing.status_code == 200 and code not in listing.content.decode()


def test_with_the_code_staff_enrol_once(client, secadmin, staff, otp_on):
    (code,) = issue_code(client, secadmin, staff)
    client.force_login(staff)

    accepted = client.post(reverse("admin:index"), {"enrolment_code": code.lower()})
    page = client.get(reverse("admin:index"))
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    right = client.post(reverse("admin:index"), {"otp_token": current_code(device)})

    assert accepted.status_code == 302
    assert "密钥" in page.content.decode()
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert EnrolmentCode.objects.get(user=staff).used_at is not None
    assert "双重身份验证" not in client.get(reverse("admin:index")).content.decode()


def test_a_used_code_does_not_enrol_again(client, secadmin, staff, otp_on):
    (code,) = issue_code(client, secadmin, staff)
    client.force_login(staff)
    client.post(reverse("admin:index"), {"enrolment_code": code})
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    client.post(reverse("admin:index"), {"otp_token": current_code(device)})
    TOTPDevice.objects.filter(user=staff).delete()  # the phone is lost
    client.logout()
    client.force_login(staff)

    again = client.post(reverse("admin:index"), {"enrolment_code": code})

    assert again.status_code == 400 and WRONG_CODE in again.content.decode()


def test_an_expired_code_is_refused(client, secadmin, staff, otp_on, settings):
    assert settings.CONGRESS_OTP_ENROLMENT_CODE_HOURS == 24
    (code,) = issue_code(client, secadmin, staff)
    row = EnrolmentCode.objects.get(user=staff)
    assert row.expires_at - row.created_at == dt.timedelta(hours=24)
    # the 24 hours have passed (the clock is not moved: the staff member's session would end)
    EnrolmentCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(staff)

    response = client.post(reverse("admin:index"), {"enrolment_code": code})

    assert response.status_code == 400 and WRONG_CODE in response.content.decode()


def test_another_users_code_is_refused(client, secadmin, staff, otp_on):
    other = UserFactory(roles=[roles.STAFF])
    (code,) = issue_code(client, secadmin, other)
    client.force_login(staff)

    response = client.post(reverse("admin:index"), {"enrolment_code": code})

    assert response.status_code == 400


def test_a_new_code_voids_the_previous_one(client, secadmin, staff, otp_on):
    (first,) = issue_code(client, secadmin, staff)
    (second,) = issue_code(client, secadmin, staff)
    client.force_login(staff)

    assert client.post(reverse("admin:index"), {"enrolment_code": first}).status_code == 400
    assert client.post(reverse("admin:index"), {"enrolment_code": second}).status_code == 302


def test_a_secret_seen_before_the_code_is_never_confirmed(client, secadmin, staff, otp_on):
    # an unconfirmed device left from before (its secret may have been seen) is replaced
    old = TOTPDevice.objects.create(user=staff, name="old", confirmed=False)
    (code,) = issue_code(client, secadmin, staff)
    client.force_login(staff)

    client.post(reverse("admin:index"), {"enrolment_code": code})

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_only_the_security_administrator_issues_codes(client, staff, db):
    call_command("bootstrap")
    sysadmin = UserFactory(roles=[roles.SYSADMIN])
    client.force_login(sysadmin)

    page = client.get(reverse("admin:congress_user_changelist"))
    response = client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "issue_enrolment_codes", "_selected_action": [staff.pk]},
    )

    assert "issue_enrolment_codes" not in page.content.decode()
    assert not EnrolmentCode.objects.exists()
    assert response.status_code in (200, 302)


def test_the_first_administrators_get_their_code_from_the_servers_shell(client, staff, otp_on):
    from io import StringIO

    out = StringIO()
    call_command("enrolment_code", staff.username, stdout=out)
    code = out.getvalue().split()[0]
    client.force_login(staff)

    assert client.post(reverse("admin:index"), {"enrolment_code": code}).status_code == 302
    assert EnrolmentCode.objects.get(user=staff).issued_by is None
