"""``/healthz``: database, cache and broker; 503 when one of them is down."""

import socket
from unittest import mock

import pytest
from django.urls import reverse


def closed_loopback_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_ok(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_needs_no_login_and_answers_json(client, db):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("scheme", ["redis", "amqp"])
def test_healthz_is_503_when_the_broker_is_unreachable(client, db, settings, scheme):
    settings.CELERY_BROKER_URL = f"{scheme}://127.0.0.1:{closed_loopback_port()}/"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["broker"].startswith("error: ")


def test_healthz_is_503_when_the_cache_fails(client, db):
    broken = mock.Mock(**{"set.side_effect": ConnectionError("cache down")})

    with mock.patch("congress.views.health.cache", broken):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"


def test_healthz_is_503_when_the_database_fails(client, db):
    with mock.patch("congress.views.health.connection.cursor", side_effect=OSError("db down")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "error: OSError"


def test_healthz_refuses_writes(client, db):
    assert client.post(reverse("healthz")).status_code == 405
