"""MLPS level-3 basics: login lockout, password rules, idle sessions, session keys, login
records, the admin's second factor, and no page loading anything from outside the site."""

import datetime as dt
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import roles
from congress.tests.factories import PASSWORD, NewsItemFactory, UserFactory

LOCKED_PAGE_TITLE = "账号已暂时锁定"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@contextmanager
def clock_moved(**delta):
    """Every ``timezone.now()`` answers later by ``delta`` (sessions, axes)."""
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() + dt.timedelta(**delta)):
        yield


# --- lockout ---------------------------------------------------------------------------


def test_five_failed_logins_lock_the_account_with_the_chinese_page(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, staff.username, "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()

    fifth = login(client, staff.username, "wrong-password")
    with_right_password = login(client, staff.username, PASSWORD)

    assert fifth.status_code == 429
    assert LOCKED_PAGE_TITLE in fifth.content.decode()
    assert "30 分钟" in fifth.content.decode()
    assert with_right_password.status_code == 429
    assert SESSION_KEY not in client.session


def attempts_happened_earlier(**delta):
    """axes counts failures since ``now - AXES_COOLOFF_TIME``: age the recorded attempts."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(**delta))


def test_lockout_lasts_thirty_minutes(client, staff):
    for _ in range(5):
        login(client, staff.username, "wrong-password")

    attempts_happened_earlier(minutes=29)
    assert login(client, staff.username, PASSWORD).status_code == 429
    # a try during the lockout starts the 30 minutes again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)
    attempts_happened_earlier(minutes=31)
    response = login(client, staff.username, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_lockout_settings_are_five_failures_thirty_minutes_in_the_database():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5  # hours
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_one_address_trying_many_accounts_is_throttled_not_locked(client, staff, officer, settings):
    # never by address alone (issue 10): five guesses do not lock the others at that address…
    for n in range(5):
        login(client, f"guess{n}", "wrong-password")
    assert login(client, officer.username, PASSWORD).status_code == 302
    client.logout()
    # …but an address cycling usernames is slowed (congress/tests/test_client_address.py)
    for n in range(settings.CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT - 5):
        login(client, f"more{n}", "wrong-password")
    assert login(client, staff.username, PASSWORD).status_code == 429


def test_success_resets_the_failure_count(client, staff):
    for _ in range(4):
        login(client, staff.username, "wrong-password")
    assert login(client, staff.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        login(client, staff.username, "wrong-password")
    assert login(client, staff.username, PASSWORD).status_code == 302


def test_api_token_locks_after_five_failures_with_chinese_json(api_client, staff):
    url = reverse("api-token")
    for _ in range(4):
        response = api_client.post(url, {"username": staff.username, "password": "bad"}, format="json")
        assert response.status_code == 400

    fifth = api_client.post(url, {"username": staff.username, "password": "bad"}, format="json")
    right = api_client.post(url, {"username": staff.username, "password": PASSWORD}, format="json")

    for response in (fifth, right):
        assert response.status_code == 429
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "locked_out"
        assert "已锁定 30 分钟" in response.json()["detail"]


def test_login_page_and_api_share_the_failure_count(client, api_client, staff):
    for _ in range(3):
        login(client, staff.username, "wrong-password")
    for _ in range(2):
        api_client.post(reverse("api-token"), {"username": staff.username, "password": "x"}, format="json")

    assert login(client, staff.username, PASSWORD).status_code == 429


def test_admin_login_is_locked_too(client, staff):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": staff.username, "password": "wrong-password"})
    response = client.post(reverse("admin:login"), {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED_PAGE_TITLE in response.content.decode()


# --- login records ---------------------------------------------------------------------


def test_successful_and_failed_logins_are_recorded(client, staff):
    login(client, staff.username, "wrong-password")
    login(client, staff.username, PASSWORD)

    failure = AccessFailureLog.objects.get()
    success = AccessLog.objects.get()
    assert failure.username == staff.username and failure.ip_address == "127.0.0.1"
    assert success.username == staff.username and success.path_info == reverse("login")


def test_api_logins_are_recorded(api_client, staff):
    api_client.post(reverse("api-token"), {"username": staff.username, "password": "x"}, format="json")
    api_client.post(reverse("api-token"), {"username": staff.username, "password": PASSWORD}, format="json")

    assert AccessFailureLog.objects.filter(username=staff.username).count() == 1
    assert AccessLog.objects.filter(username=staff.username).count() == 1


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True, roles=[roles.SYSADMIN])


def test_login_records_are_in_the_admin_in_chinese(client, staff, superuser):
    login(client, staff.username, "wrong-password")
    login(client, staff.username, PASSWORD)
    client.logout()
    client.force_login(superuser)

    index = client.get(reverse("admin:index")).content.decode()
    access_logs = client.get(reverse("admin:axes_accesslog_changelist"))
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    attempts = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert "登录记录" in index and "登录失败记录" in index
    assert access_logs.status_code == failures.status_code == attempts.status_code == 200
    assert staff.username in access_logs.content.decode()
    assert "IP 地址" in failures.content.decode()
    assert staff.username in failures.content.decode()


# --- passwords -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1-short", "密码太短，至少需要 10 个字符。"),
        ("abcdefghijkl", "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。"),
        ("abcdefgh1234", "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。"),
        ("12345678901234", "密码只包含数字"),
        ("password1234", "密码须至少包含"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(db, password, message):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert any(message in m for m in caught.value.messages), caught.value.messages


def test_password_similar_to_the_username_is_refused(db):
    user = UserFactory(username="zhangsanfeng")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password("Zhangsanfeng-1", user=user)
    assert any("相似" in m for m in caught.value.messages), caught.value.messages


@pytest.mark.parametrize("password", [PASSWORD, "Congress-Demo-2026", "长城-Wall-2026x"])
def test_strong_passwords_pass(db, password):
    validate_password(password)


def test_password_help_text_is_chinese():
    from congress.passwords import CharacterClassValidator

    with translation.override("zh-hans"):
        text = CharacterClassValidator(min_classes=3).get_help_text()
    assert text == ("密码须至少包含大写字母、小写字母、数字、符号中的 3 类。")


# --- sessions --------------------------------------------------------------------------


def test_login_issues_a_new_session_key(client, staff):
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    login(client, staff.username, PASSWORD)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_session_ends_after_thirty_idle_minutes(client, staff):
    assert settings.SESSION_COOKIE_AGE == 1800
    login(client, staff.username, PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200

    with clock_moved(minutes=31):
        response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_activity_renews_the_idle_window(client, staff):
    login(client, staff.username, PASSWORD)

    with clock_moved(minutes=29):
        assert client.get(reverse("portal:home")).status_code == 200
    with clock_moved(minutes=58):
        assert client.get(reverse("portal:home")).status_code == 200
    with clock_moved(minutes=89):
        assert client.get(reverse("portal:home")).status_code == 302


# --- admin second factor (django-otp) --------------------------------------------------


def current_code(device):
    # token() is an int: a code such as 012345 must keep its leading zero, as the app shows it
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def test_without_require_otp_staff_use_the_admin_with_a_password(client, staff, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "双重身份验证" not in response.content.decode()


def test_require_otp_defaults_on_in_production_off_in_debug():
    # the test run has DJANGO_DEBUG=1; the production default is checked in test_settings
    assert settings.CONGRESS_ADMIN_REQUIRE_OTP is False


def test_require_otp_enrols_staff_without_a_device(client, staff, settings):
    from congress.services import enrolment_code_issue

    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    # first enrolment needs the security administrator's one-time code (test_otp_enrolment.py)
    _row, code = enrolment_code_issue(user=staff, issued_by=staff)
    client.force_login(staff)
    assert "密钥" not in client.get(reverse("admin:index")).content.decode()
    assert client.post(reverse("admin:index"), {"enrolment_code": code}).status_code == 302

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "双重身份验证" in html and "密钥" in html
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    assert client.get(reverse("admin:index")).status_code == 200
    assert TOTPDevice.objects.filter(user=staff).count() == 1  # reloading keeps the same key

    wrong = client.post(reverse("admin:index"), {"otp_token": "000000"})
    assert wrong.status_code == 400
    assert "验证码不正确或已过期" in wrong.content.decode()
    # django-otp throttles after a wrong code (a growing delay); skip the wait here
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()

    right = client.post(reverse("admin:index"), {"otp_token": current_code(device)})
    assert right.status_code == 302, right.content.decode()[-1500:]
    assert right.url == reverse("admin:index")
    device.refresh_from_db()
    assert device.confirmed is True
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 200
    assert "双重身份验证" not in admin_index.content.decode()


def test_require_otp_asks_for_the_code_of_a_confirmed_device(client, superuser, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client.force_login(superuser)
    target = reverse("admin:congress_organization_changelist")

    page = client.get(target)
    assert page.status_code == 200
    assert "请输入身份验证器应用中显示的 6 位动态验证码" in page.content.decode()
    assert "密钥" not in page.content.decode()  # no secret for an enrolled user

    bad_format = client.post(target, {"otp_token": "abc"})
    assert bad_format.status_code == 400
    assert "请输入身份验证器显示的 6 位数字" in bad_format.content.decode()
    # a failed attempt may start django-otp's throttle delay; the test does not wait for it
    device.refresh_from_db()
    device.throttle_reset()

    right = client.post(target, {"otp_token": current_code(device)})
    assert right.status_code == 302, right.content.decode()[-3000:]
    assert right.url == target
    assert client.get(target).status_code == 200
    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_require_otp_verification_ends_with_the_session(client, staff, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    client.post(reverse("admin:index"), {"otp_token": current_code(device)})
    client.logout()

    client.force_login(staff)
    assert "双重身份验证" in client.get(reverse("admin:index")).content.decode()


def test_require_otp_post_to_an_admin_action_without_verification_changes_nothing(client, staff, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    news = NewsItemFactory(is_published=False, published_at=None)
    client.force_login(staff)

    client.post(
        reverse("admin:congress_newsitem_changelist"),
        {"action": "publish", "_selected_action": [news.pk]},
    )

    news.refresh_from_db()
    assert news.is_published is False


def test_require_otp_leaves_the_portal_and_admin_login_alone(client, staff, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    assert client.get(reverse("admin:login")).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("portal:home")).status_code == 200


def test_otp_devices_are_managed_in_the_admin(client, superuser, staff):
    client.force_login(superuser)

    add = client.get(reverse("admin:otp_totp_totpdevice_add"))
    created = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": staff.pk,
            "name": "手机",
            "confirmed": "on",
            "key": "3132333435363738393031323334353637383930",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )

    assert add.status_code == 200
    assert created.status_code == 302, created.content.decode()[:2000]
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).count() == 1
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200


# --- nothing from outside the site -----------------------------------------------------

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*((https?:)?//[^)'\"]+)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+['\"]((https?:)?//[^'\"]+)", re.IGNORECASE)
RESOURCE_ATTRS = {"src", "href", "srcset", "data", "poster", "action", "formaction", "background"}


class ResourceParser(HTMLParser):
    """Collects every attribute that makes the browser fetch something. An ``<a href>`` to
    another site is a link the user may follow, not a resource, so it is allowed."""

    def __init__(self):
        super().__init__()
        self.external = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.external += [(tag, name, m[0]) for m in CSS_URL.findall(value)]
            if name not in RESOURCE_ATTRS:
                continue
            if tag == "a" and name == "href":
                continue
            candidates = (
                [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            )
            self.external += [(tag, name, v) for v in candidates if EXTERNAL.match(v)]

    def handle_data(self, data):
        self.external += [("style/script", "url", m[0]) for m in CSS_URL.findall(data)]
        self.external += [("style", "@import", m[0]) for m in CSS_IMPORT.findall(data)]


def external_resources(html: str) -> list:
    parser = ResourceParser()
    parser.feed(html)
    return parser.external


def test_resource_parser_catches_external_loads():
    html = (
        '<link rel="stylesheet" href="https://cdn.example.com/x.css"><script src="//cdn.example.com/a.js">'
        '</script><img src="http://x.example/i.png"><a href="https://www.npc.gov.cn/">全国人大</a>'
        '<div style="background: url(https://x.example/bg.png)"></div><style>@import "https://f.example/f.css";</style>'
    )
    assert len(external_resources(html)) == 5


@pytest.fixture
def site(db, term, unit, officer, deputy_user, staff, superuser):
    news = NewsItemFactory(title="区人大常委会举行会议", body="正文")
    return {"news": news}


def _pages(site):
    public = ["public:home", "public:news-list", "public:deputy-directory", "login", "api-docs"]
    public += ["public:proposal-list", "public:meeting-list"]  # when those apps are there
    urls = []
    for name in public:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    urls.append(reverse("public:news-detail", args=[site["news"].pk]))
    return urls


def assert_local_only(response, url):
    assert response.status_code == 200, url
    assert "Content-Security-Policy" in response.headers, url
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "http" not in csp
    assert external_resources(response.content.decode()) == [], url


def test_public_pages_load_nothing_from_outside(client, site):
    for url in _pages(site):
        assert_local_only(client.get(url), url)


def test_portal_pages_load_nothing_from_outside(client, site, officer, deputy_user, staff):
    for user in (officer, deputy_user, staff):
        client.force_login(user)
        for name in ("portal:home", "portal:notifications"):
            url = reverse(name)
            assert_local_only(client.get(url), url)


def test_admin_pages_load_nothing_from_outside(client, site, superuser, staff):
    client.force_login(superuser)
    for url in (
        reverse("admin:index"),
        reverse("admin:congress_user_changelist"),
        reverse("admin:congress_user_change", args=[staff.pk]),
        reverse("admin:congress_organization_changelist"),
        reverse("admin:congress_newsitem_add"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:otp_totp_totpdevice_add"),
    ):
        assert_local_only(client.get(url), url)


def test_otp_and_lockout_pages_load_nothing_from_outside(client, staff, settings):
    settings.CONGRESS_ADMIN_REQUIRE_OTP = True
    client.force_login(staff)
    otp_page = client.get(reverse("admin:index"))
    assert_local_only(otp_page, "otp")
    client.logout()
    for _ in range(5):
        locked = login(client, staff.username, "wrong")
    assert locked.status_code == 429
    assert external_resources(locked.content.decode()) == []


def test_swagger_ui_uses_the_sidecar_static_files(client, db):
    html = client.get(reverse("api-docs")).content.decode()

    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    # The page's own start-up script is served by the same view (?script), not inline: the CSP
    # allows no inline script.
    init = [s for s in scripts if not s.startswith(settings.STATIC_URL)]
    assert len(init) == 1 and init[0].startswith(reverse("api-docs") + "?")
    assert "<script>" not in html
    assert scripts and styles
    for asset in [s for s in scripts if s not in init] + styles:
        assert asset.startswith(settings.STATIC_URL + "drf_spectacular_sidecar/"), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
    init_js = client.get(init[0].replace("&amp;", "&")).content.decode()
    assert '"validatorUrl": null' in init_js  # no badge fetched from validator.swagger.io
    assert external_resources(html) == []


def test_stylesheets_import_nothing_from_outside():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not CSS_URL.findall(text), css
        assert not CSS_IMPORT.findall(text), css


def test_security_headers_on_every_answer(client, db):
    response = client.get(reverse("public:home"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
