"""API tokens (issue 10, finding 3): stored as a digest and shown once, expiring, revoked on a
password change and on deactivation, listed and revocable by their owner (API and portal page
我的令牌) and by the security administrator (admin); a staff account needs its second factor
for a token unless it is an integration account."""

import datetime as dt
import hashlib
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import roles
from congress.models import ApiToken
from congress.tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"


def get_token(api_client, user, **extra) -> dict:
    response = api_client.post(
        TOKEN_URL, {"username": user.username, "password": PASSWORD, **extra}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def me_status(api_client, key) -> int:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    try:
        return api_client.get(reverse("api-me")).status_code
    finally:
        api_client.credentials()


@contextmanager
def clock_moved(**delta):
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() + dt.timedelta(**delta)):
        yield


def current_code(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


@pytest.fixture
def otp_on(settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True


# --- stored as a digest, shown once --------------------------------------------------------


def test_the_key_is_shown_once_and_stored_only_as_its_digest(api_client, officer):
    body = get_token(api_client, officer)
    key = body["token"]

    token = ApiToken.objects.get(user=officer)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) // 4
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert key not in stored
    assert me_status(api_client, key) == 200


def test_a_token_login_creates_no_session(api_client, officer):
    from axes.models import AccessLog
    from django.conf import settings
    from django.contrib.sessions.models import Session

    response = api_client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies and not Session.objects.exists()
    assert AccessLog.objects.filter(username=officer.username).count() == 1  # the login is recorded


def test_each_login_issues_a_new_token(api_client, officer):
    first = get_token(api_client, officer)["token"]
    second = get_token(api_client, officer)["token"]

    assert first != second
    assert me_status(api_client, first) == me_status(api_client, second) == 200


# --- expiry -------------------------------------------------------------------------------


def test_a_token_expires_after_the_ttl(api_client, officer, settings):
    assert settings.CONGRESS_API_TOKEN_TTL_HOURS == 8
    body = get_token(api_client, officer)
    key = body["token"]

    with clock_moved(hours=7, minutes=59):
        assert me_status(api_client, key) == 200
    with clock_moved(hours=8, minutes=1):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        expired = api_client.get(reverse("api-me"))
    assert expired.status_code in (401, 403)
    assert expired.json()["code"] == "authentication_failed"
    assert expired.json()["detail"] == "令牌无效、已过期或已吊销。"
    issued = ApiToken.objects.get(user=officer)
    assert dt.datetime.fromisoformat(body["expires_at"]) == issued.expires_at


def test_the_ttl_is_a_setting(api_client, officer, settings):
    settings.CONGRESS_API_TOKEN_TTL_HOURS = 1
    key = get_token(api_client, officer)["token"]

    with clock_moved(minutes=61):
        assert me_status(api_client, key) in (401, 403)


def test_integration_accounts_get_longer_tokens(api_client, settings, db):
    settings.CONGRESS_API_INTEGRATION_TOKEN_TTL_HOURS = 24 * 30
    system = UserFactory(roles=[roles.STAFF, roles.INTEGRATION])
    key = get_token(api_client, system)["token"]

    with clock_moved(days=29):
        assert me_status(api_client, key) == 200
    with clock_moved(days=31):
        assert me_status(api_client, key) in (401, 403)


# --- revoked on password change and deactivation -----------------------------------------


def test_a_password_change_revokes_every_token(api_client, officer):
    key = get_token(api_client, officer)["token"]

    officer.set_password("Another-Passw0rd-2026")
    officer.save()

    assert me_status(api_client, key) in (401, 403)
    token = ApiToken.objects.get(user=officer)
    assert token.revoked_at is not None and token.revoke_reason == ApiToken.RevokeReason.PASSWORD_CHANGED


def test_a_password_change_in_the_admin_revokes_too(api_client, client, officer, db):
    key = get_token(api_client, officer)["token"]
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {
            "password1": "Another-Passw0rd-2026",
            "password2": "Another-Passw0rd-2026",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert me_status(api_client, key) in (401, 403)


def test_saving_a_user_without_a_new_password_keeps_the_tokens(api_client, officer):
    key = get_token(api_client, officer)["token"]

    officer.display_name = "新名字"
    officer.save()

    assert me_status(api_client, key) == 200


def test_deactivation_revokes_every_token(api_client, officer):
    key = get_token(api_client, officer)["token"]

    officer.is_active = False
    officer.save(update_fields=["is_active"])
    officer.is_active = True
    officer.save(update_fields=["is_active"])

    assert me_status(api_client, key) in (401, 403)
    assert ApiToken.objects.get(user=officer).revoke_reason == ApiToken.RevokeReason.DEACTIVATED


# --- the second factor for staff -----------------------------------------------------------


def test_staff_password_alone_gets_no_token_when_the_second_factor_is_on(api_client, staff, otp_on):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    response = api_client.post(TOKEN_URL, {"username": staff.username, "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "otp_required"
    assert response.json()["otp"] == ["请填写身份验证器显示的动态验证码。"]
    assert not ApiToken.objects.exists()


def test_staff_with_a_wrong_code_gets_no_token(api_client, staff, otp_on):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    response = api_client.post(
        TOKEN_URL, {"username": staff.username, "password": PASSWORD, "otp": "000000"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "otp_invalid"
    assert not ApiToken.objects.exists()


def test_staff_with_the_right_code_get_a_token(api_client, staff, otp_on):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    body = get_token(api_client, staff, otp=current_code(device))

    assert me_status(api_client, body["token"]) == 200


def test_staff_without_a_device_are_told_to_enrol(api_client, staff, otp_on):
    response = api_client.post(
        TOKEN_URL, {"username": staff.username, "password": PASSWORD, "otp": "123456"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "otp_not_enrolled"
    assert "绑定身份验证器" in response.json()["detail"]


def test_deputies_and_officers_need_no_second_factor(api_client, officer, deputy_user, otp_on):
    get_token(api_client, officer)
    get_token(api_client, deputy_user)


def test_an_integration_account_needs_no_second_factor(api_client, otp_on, db):
    system = UserFactory(roles=[roles.STAFF, roles.INTEGRATION])

    get_token(api_client, system)


def test_with_the_second_factor_off_every_account_gets_a_token_with_its_password(api_client, staff, settings):
    # `make run` (CONGRESS_LOCAL): the demo accounts keep getting tokens
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    root = UserFactory(is_superuser=True, is_staff=True, roles=[roles.SYSADMIN])

    get_token(api_client, staff)
    get_token(api_client, root)


# --- listed and revoked by the owner: API ------------------------------------------------


def test_the_owner_lists_own_tokens_only(api_client, officer, other_officer):
    key = get_token(api_client, officer)["token"]
    get_token(api_client, officer)
    get_token(api_client, other_officer)

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = api_client.get(TOKENS_URL).json()

    assert [row["prefix"] for row in body] == list(
        ApiToken.objects.filter(user=officer).order_by("-created_at", "-pk").values_list("prefix", flat=True)
    )
    assert {row["state"] for row in body} == {"active"}
    assert sum(row["current"] for row in body) == 1
    assert "digest" not in body[0] and "token" not in body[0]


def test_the_owner_revokes_a_token(api_client, officer):
    key = get_token(api_client, officer)["token"]
    other_key = get_token(api_client, officer)["token"]
    other = ApiToken.objects.get(digest=hashlib.sha256(other_key.encode()).hexdigest())

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.post(f"{TOKENS_URL}{other.pk}/revoke/")

    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert me_status(api_client, other_key) in (401, 403)
    assert me_status(api_client, key) == 200
    other.refresh_from_db()
    assert other.revoke_reason == ApiToken.RevokeReason.OWNER and other.revoked_by == officer


def test_another_users_token_is_404(api_client, officer, other_officer):
    get_token(api_client, other_officer)
    theirs = ApiToken.objects.get(user=other_officer)
    api_client.force_authenticate(officer)

    response = api_client.post(f"{TOKENS_URL}{theirs.pk}/revoke/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoking_twice_is_a_chinese_400(api_client, officer):
    get_token(api_client, officer)
    token = ApiToken.objects.get(user=officer)
    api_client.force_authenticate(officer)
    api_client.post(f"{TOKENS_URL}{token.pk}/revoke/")

    again = api_client.post(f"{TOKENS_URL}{token.pk}/revoke/")

    assert again.status_code == 400
    assert again.json()["code"] == "token_not_active"


def queries_of(request) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        request()
    return [q["sql"] for q in captured.captured_queries]


def test_token_list_costs_the_same_queries_whatever_the_number(api_client, officer):
    api_client.force_authenticate(officer)
    for _ in range(2):
        get_token(api_client, officer)
    few = queries_of(lambda: api_client.get(TOKENS_URL))
    for _ in range(6):
        get_token(api_client, officer)
    many = queries_of(lambda: api_client.get(TOKENS_URL))

    # the caller's tokens in one query (plus the test client's session, read and renewed)
    assert len([q for q in few if "congress_apitoken" in q]) == 1
    assert len(many) == len(few) <= 5, many


def test_tokens_api_needs_a_login(api_client, db):
    assert api_client.get(TOKENS_URL).status_code == 403


# --- listed and revoked by the owner: portal page 我的令牌 ---------------------------------


def test_portal_page_lists_and_revokes_own_tokens(client, api_client, officer, other_officer):
    key = get_token(api_client, officer)["token"]
    get_token(api_client, other_officer)
    mine = ApiToken.objects.get(user=officer)
    theirs = ApiToken.objects.get(user=other_officer)
    client.force_login(officer)

    page = client.get(reverse("portal:tokens"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "我的令牌" in html and mine.prefix in html and theirs.prefix not in html

    denied = client.post(reverse("portal:token-revoke", args=[theirs.pk]))
    done = client.post(reverse("portal:token-revoke", args=[mine.pk]), follow=True)

    assert denied.status_code == 404
    assert done.status_code == 200
    assert "令牌已吊销" in done.content.decode()
    assert me_status(api_client, key) in (401, 403)


def test_portal_token_page_queries_are_constant(client, api_client, officer):
    client.force_login(officer)
    get_token(api_client, officer)
    client.get(reverse("portal:tokens"))
    one = queries_of(lambda: client.get(reverse("portal:tokens")))
    for _ in range(5):
        get_token(api_client, officer)
    client.get(reverse("portal:tokens"))  # a login saved the user: its roles are read again once
    six = queries_of(lambda: client.get(reverse("portal:tokens")))

    # user, the page's count and rows of tokens (session, district and roles from the cache, no
    # session write): the same whatever the number of tokens
    assert len(six) == len(one) <= 10, six


# --- listed and revoked by the security administrator (admin) ------------------------------


def test_the_admin_lists_tokens_and_revokes_them(client, api_client, officer, db):
    key = get_token(api_client, officer)["token"]
    token = ApiToken.objects.get(user=officer)
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)

    listing = client.get(reverse("admin:congress_apitoken_changelist"))
    revoked = client.post(
        reverse("admin:congress_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )

    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoke_reason == ApiToken.RevokeReason.SECURITY_ADMIN and token.revoked_by == root
    assert me_status(api_client, key) in (401, 403)
    assert client.get(reverse("admin:congress_apitoken_add")).status_code == 403
