import pytest

from deputies.tests.factories import DeputyFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Tests create many users; the production hasher's work factor is not what we test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def deputy(deputy_user):
    return deputy_user.deputy


@pytest.fixture
def cosigner_deputy(term):
    return DeputyFactory(term=term, with_user=True)
