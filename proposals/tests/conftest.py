import pytest

from deputies.tests.factories import DeputyFactory


@pytest.fixture
def deputy(deputy_user):
    return deputy_user.deputy


@pytest.fixture
def cosigner_deputy(term):
    return DeputyFactory(term=term, with_user=True)
