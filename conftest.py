"""Fixtures shared by every app's tests: role users, the API client, and a guard that
PostgreSQL-only tests really run on PostgreSQL in CI."""

import os

import pytest
from django.db import connection

from congress import roles


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "congress.sms.MemorySmsBackend"
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # A test that switches to English must not leave the next test in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    if os.environ.get("CONGRESS_REQUIRE_POSTGRES") and not on_postgres:
        raise pytest.UsageError("CI must run on PostgreSQL (DATABASE_URL)")
    skip = pytest.mark.skip(reason="needs PostgreSQL; runs in CI")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture
def broker_down():
    """The Celery broker is down (a refused port), tasks are not eager: publishing fails."""
    from congress.celery import app
    from congress.tests.brokers import DEAD_BROKER, use_broker

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    use_broker(DEAD_BROKER, eager=False)
    yield
    use_broker(saved[0], eager=saved[1])


@pytest.fixture
def test_redis():
    """The machine's Redis on a test-only database (emptied), or skip where there is none
    (CI always has one: there it fails instead)."""
    import redis

    from congress.tests.brokers import TEST_REDIS_URL, redis_available

    if not redis_available():
        if os.environ.get("CONGRESS_REQUIRE_POSTGRES"):
            pytest.fail(f"CI needs Redis at {TEST_REDIS_URL}")
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    yield TEST_REDIS_URL
    client.flushdb()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def term(db):
    from congress.tests.factories import TermFactory

    return TermFactory()


@pytest.fixture
def unit(db):
    from congress.tests.factories import OrganizationFactory

    return OrganizationFactory(name="区教育局")


@pytest.fixture
def other_unit(db):
    from congress.tests.factories import OrganizationFactory

    return OrganizationFactory(name="区卫生健康委员会")


@pytest.fixture
def staff(db):
    from congress.tests.factories import UserFactory

    return UserFactory(username="staff_user", roles=[roles.STAFF])


@pytest.fixture
def officer(unit):
    from congress.tests.factories import UserFactory

    return UserFactory(username="officer_user", roles=[roles.UNIT_OFFICER], unit=unit)


@pytest.fixture
def other_officer(other_unit):
    from congress.tests.factories import UserFactory

    return UserFactory(username="other_officer", roles=[roles.UNIT_OFFICER], unit=other_unit)


@pytest.fixture
def gov_office(db):
    from congress.models import Organization
    from congress.tests.factories import OrganizationFactory

    return OrganizationFactory(name="区政府办公室", kind=Organization.Kind.GOV_OFFICE, is_handling_unit=False)


@pytest.fixture
def reviewer(gov_office):
    from congress.tests.factories import UserFactory

    return UserFactory(username="reviewer_user", roles=[roles.REVIEWER], unit=gov_office)


@pytest.fixture
def deputy_user(term):
    from deputies.tests.factories import DeputyFactory

    return DeputyFactory(term=term, with_user=True).user
