"""Lockout and throttles by the client's address (issue 10, finding 4): X-Forwarded-For is
believed only from trusted proxies, accounts lock by account and account+address (never by
address alone), and an address cycling usernames is throttled without locking the users."""

from unittest import mock

import pytest
from axes.models import AccessFailureLog
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from congress.client_address import client_address_from
from congress.tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.9"
NEIGHBOUR = "198.51.100.7"


def login(client, username, password, *, peer="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.CONGRESS_TRUSTED_PROXIES = [PROXY]


# --- which address --------------------------------------------------------------------


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        ([], "127.0.0.1", "6.6.6.6", "127.0.0.1"),  # nobody trusted: the header is ignored
        ([PROXY], "127.0.0.1", "6.6.6.6", "127.0.0.1"),  # peer is not the proxy: ignored
        ([PROXY], PROXY, ATTACKER, ATTACKER),
        ([PROXY], PROXY, f"6.6.6.6, {ATTACKER}", ATTACKER),  # the client's own prefix is not believed
        (["10.0.0.0/8"], PROXY, f"6.6.6.6, {ATTACKER}, 10.1.1.1", ATTACKER),  # two trusted hops
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, "garbage", PROXY),
        (["1"], PROXY, f"6.6.6.6, {ATTACKER}", ATTACKER),  # a number of hops
        (["2"], PROXY, f"6.6.6.6, {ATTACKER}", "6.6.6.6"),
        (["2"], PROXY, ATTACKER, ATTACKER),
        ([PROXY], PROXY, "[2001:db8::7]:443", "2001:db8::7"),
    ],
)
def test_client_address_believes_only_trusted_proxies(settings, trusted, peer, forwarded, expected):
    settings.CONGRESS_TRUSTED_PROXIES = trusted
    assert client_address_from(peer, forwarded) == expected


def test_login_records_keep_the_client_address_behind_the_proxy(client, behind_proxy, staff):
    login(client, staff.username, "wrong-password", peer=PROXY, forwarded=ATTACKER)

    assert AccessFailureLog.objects.get().ip_address == ATTACKER


def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client, behind_proxy, staff):
    login(client, staff.username, "wrong-password", peer="192.0.2.44", forwarded=NEIGHBOUR)

    assert AccessFailureLog.objects.get().ip_address == "192.0.2.44"


def test_spoofed_forwarded_for_does_not_escape_the_anonymous_api_throttle(api_client, db):
    url = reverse("api-public-proposal-list")
    with mock.patch.object(AnonRateThrottle, "rate", "3/min", create=True):
        answers = [
            api_client.get(url, REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}").status_code
            for n in range(5)
        ]

    assert answers == [200, 200, 200, 429, 429]


def test_clients_behind_the_proxy_are_throttled_one_by_one(api_client, behind_proxy, db):
    url = reverse("api-public-proposal-list")
    with mock.patch.object(AnonRateThrottle, "rate", "2/min", create=True):
        for _ in range(3):
            api_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
        neighbour = api_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR)
        attacker = api_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert neighbour.status_code == 200
    assert attacker.status_code == 429


# --- lockout by account, never by address alone ----------------------------------------


def test_five_failures_behind_the_proxy_do_not_lock_another_user(client, behind_proxy, staff, officer):
    for n in range(5):
        login(client, f"guess{n}", "wrong-password", peer=PROXY, forwarded=ATTACKER)
    for _ in range(5):
        login(client, staff.username, "wrong-password", peer=PROXY, forwarded=ATTACKER)

    neighbour = login(client, officer.username, PASSWORD, peer=PROXY, forwarded=NEIGHBOUR)

    assert neighbour.status_code == 302


def test_the_attacked_account_is_locked_from_every_address(client, behind_proxy, staff):
    for _ in range(5):
        login(client, staff.username, "wrong-password", peer=PROXY, forwarded=ATTACKER)

    assert login(client, staff.username, PASSWORD, peer=PROXY, forwarded=NEIGHBOUR).status_code == 429


# --- an address cycling usernames is throttled -----------------------------------------


def test_an_address_cycling_usernames_is_throttled_not_the_users(
    client, api_client, behind_proxy, settings, staff
):
    limit = settings.CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT
    for n in range(limit):
        response = login(client, f"user{n}", "wrong-password", peer=PROXY, forwarded=ATTACKER)
        assert response.status_code == 200

    page = login(client, staff.username, PASSWORD, peer=PROXY, forwarded=ATTACKER)
    api = api_client.post(
        reverse("api-token"),
        {"username": staff.username, "password": PASSWORD},
        format="json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    neighbour = login(client, staff.username, PASSWORD, peer=PROXY, forwarded=NEIGHBOUR)

    assert page.status_code == 429
    assert "此地址登录失败次数过多" in page.content.decode()
    assert api.status_code == 429
    assert api.json()["code"] == "address_throttled"
    assert "此地址登录失败次数过多" in api.json()["detail"]
    assert neighbour.status_code == 302  # the account itself was never locked


def test_the_address_throttle_ends_after_its_window(client, behind_proxy, settings, staff):
    import datetime as dt

    from django.db.models import F

    settings.CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        login(client, f"user{n}", "wrong-password", peer=PROXY, forwarded=ATTACKER)
    assert login(client, staff.username, PASSWORD, peer=PROXY, forwarded=ATTACKER).status_code == 429

    AccessFailureLog.objects.update(
        attempt_time=F("attempt_time")
        - dt.timedelta(minutes=settings.CONGRESS_LOGIN_ADDRESS_WINDOW_MINUTES + 1)
    )
    assert login(client, staff.username, PASSWORD, peer=PROXY, forwarded=ATTACKER).status_code == 302


def test_admin_login_is_throttled_by_address_too(client, behind_proxy, settings, staff):
    settings.CONGRESS_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        login(client, f"user{n}", "wrong-password", peer=PROXY, forwarded=ATTACKER)

    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )

    assert response.status_code == 429
    assert UserFactory._meta.model.objects.filter(pk=staff.pk, last_login__isnull=True).exists()
