import pytest

from congress import roles
from congress.tests.factories import UserFactory
from liaison import services
from liaison.tests.factories import CategoryFactory, StationFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def worker(db):
    return UserFactory(username="station_worker", roles=[roles.STATION_WORKER])


@pytest.fixture
def other_worker(db):
    return UserFactory(username="other_station_worker", roles=[roles.STATION_WORKER])


@pytest.fixture
def deputy(deputy_user):
    return deputy_user.deputy


@pytest.fixture
def station(worker, deputy):
    return StationFactory(workers=[worker], deputies=[deputy])


@pytest.fixture
def other_station(other_worker):
    return StationFactory(workers=[other_worker])


@pytest.fixture
def category(db):
    return CategoryFactory(code="urban", name="城市建设")


def submit(station, category, **extra):
    values = {"street": station.street, "category": category, "content": "路灯坏了", "mobile": "13912345678"}
    values.update(extra)
    return services.opinion_submit(station=station, **values)


@pytest.fixture
def opinion(station, category):
    return submit(station, category)
