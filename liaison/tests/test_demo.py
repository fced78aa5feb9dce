"""The demo district: a liaison office for every street and the town with reception days,
opinions in every state, and the station worker ``station1`` who gets an API token and sees
the station's opinions only."""

import pytest

from congress.demo import DEMO_PASSWORD, demo_streets, load_demo
from congress.tests.demo_snapshot import load_demo_cached
from liaison.models import Opinion, Station

pytestmark = pytest.mark.django_db


def test_demo_stations_opinions_and_the_station_worker(api_client, settings):
    settings.CONGRESS_ALLOW_DEMO_DATA = True
    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    load_demo()  # idempotent
    streets = demo_streets()
    offices = Station.objects.filter(kind=Station.Kind.OFFICE)
    assert {s.street_id for s in offices} == {s.pk for s in streets} and offices.count() == len(streets)
    assert all(s.receptions.exists() and s.deputies.exists() for s in offices)
    assert set(Opinion.objects.values_list("state", flat=True)) == set(Opinion.State.values)
    assert Opinion.objects.filter(proposal__isnull=False).exists()
    # station1 logs in to the API and sees the station's opinions only
    answer = api_client.post(
        "/api/v1/auth/token/", {"username": "station1", "password": DEMO_PASSWORD}, format="json"
    )
    assert answer.status_code in (200, 201), answer.json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    rows = api_client.get("/api/v1/opinions/").json()["results"]
    mine = Station.objects.get(workers__username="station1")
    assert rows and {r["station"] for r in rows} == {mine.pk}
