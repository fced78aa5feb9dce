"""Issue 10, finding 9: Redis down. The cache (Redis) answers nothing: pages, the public API
and token login still answer 200, without the cache (congress/cache_backends.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from congress.tests.factories import PASSWORD
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db

# Port 1 on the loopback: nothing listens there, so every connection is refused at once. The
# machine's real Redis is never touched (other agents use it).
DEAD_REDIS = "redis://127.0.0.1:1/0"


def redis_cache(settings, backend):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": DEAD_REDIS}}


@pytest.fixture
def cache_down(settings):
    redis_cache(settings, "congress.cache_backends.ResilientRedisCache")


def test_djangos_own_redis_cache_raises_when_redis_is_down(settings):
    # given the backend the portal used before: the failure these tests guard against
    redis_cache(settings, "django.core.cache.backends.redis.RedisCache")
    # then
    with pytest.raises(RedisConnectionError):
        cache.get("anything")


def test_the_cache_down_is_a_miss_not_an_error(cache_down):
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.get_many(["k"]) == {}
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")
    cache.delete("k")
    with pytest.raises(RedisConnectionError):
        cache.ping()  # what /healthz asks


def test_public_pages_search_and_public_api_answer_200_with_the_cache_down(client, unit, staff, cache_down):
    closed = walk_to("closed", unit=unit, staff=staff, title="校园周边交通安全")

    for url, params in [
        (reverse("public:home"), {}),
        (reverse("public:proposal-list"), {"q": "交通"}),
        (reverse("public:proposal-detail", args=[closed.pk]), {}),
        ("/api/v1/public/proposals/", {"search": "交通"}),
        ("/api/v1/public/deputies/", {}),
        ("/oparl/v1/system", {}),
        ("/oparl/v1/body/congress/paper", {}),
        (f"/oparl/v1/paper/proposal-{closed.pk}", {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
    assert "校园周边交通安全" in client.get(reverse("public:proposal-list"), {"q": "交通"}).content.decode()


def test_token_login_and_the_login_page_work_with_the_cache_down(client, api_client, staff, cache_down):
    response = api_client.post(
        reverse("api-token"), {"username": staff.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"]

    # sessions are in the database, not the cache
    response = client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_healthz_names_the_cache_when_redis_is_down(client, cache_down):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["cache"].startswith("error: ") and body["database"] == "ok"
