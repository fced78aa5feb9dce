"""The API contract of issue 14 (items 1 and 2): public stations, receptions, categories, a
citizen's opinion by receipt; the walls and steps for staff, station workers and deputies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison import services
from liaison.models import Opinion
from liaison.tests.conftest import submit
from liaison.tests.factories import ReceptionFactory, StationFactory

pytestmark = pytest.mark.django_db


def _is_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def test_public_stations_receptions_and_categories(api_client, station, category, deputy):
    ReceptionFactory(station=station, deputies=[deputy])
    stations = api_client.get("/api/v1/public/stations/").json()["results"]
    row = next(r for r in stations if r["id"] == station.pk)
    assert row["street"] == station.street_id and row["address"] == station.address
    assert row["deputies"] == [{"id": deputy.pk, "name": deputy.name}]
    receptions = api_client.get(f"/api/v1/public/receptions/?station={station.pk}").json()["results"]
    assert len(receptions) == 1 and receptions[0]["deputies"][0]["name"] == deputy.name
    assert api_client.get("/api/v1/public/opinion-categories/").json() == [
        {"code": "urban", "name": "城市建设"}
    ]


def test_citizen_submits_follows_and_confirms(api_client, station, category, worker):
    # when
    answer = api_client.post(
        "/api/v1/public/opinions/",
        {
            "street": station.street_id,
            "station": station.pk,
            "category": "urban",
            "content": "井盖松动",
            "mobile": "13912345678",
            "name": "张三",
        },
        format="json",
    )
    # then
    assert answer.status_code == 201, answer.json()
    receipt = answer.json()["receipt"]
    followed = api_client.get(f"/api/v1/public/opinions/{receipt}/").json()
    assert followed["status"] == "received" and followed["steps"][0]["action"] == "create"
    assert "13912345678" not in str(followed) and "张三" not in str(followed) and "mobile" not in followed
    # confirming before it is closed: 409
    early = api_client.post(
        f"/api/v1/public/opinions/{receipt}/confirm/", {"result": "solved"}, format="json"
    )
    assert early.status_code == 409 and _is_chinese(early.json()["detail"])
    opinion = Opinion.objects.get(receipt=receipt)
    services.opinion_close(actor=worker, opinion=opinion, result="已修复")
    reopened = api_client.post(
        f"/api/v1/public/opinions/{receipt.lower()}/confirm/", {"result": "not_solved"}, format="json"
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "reopened"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": ""}, "content"),
        ({"mobile": "1234"}, "mobile"),
        ({"category": "nope"}, "category"),
        ({"street": 999999}, "street"),
    ],
)
def test_bad_opinions_answer_400_in_chinese(api_client, station, category, body, field):
    data = {
        "street": station.street_id,
        "category": "urban",
        "content": "内容",
        "mobile": "13912345678",
        **body,
    }
    answer = api_client.post("/api/v1/public/opinions/", data, format="json")
    assert answer.status_code == 400
    assert _is_chinese(answer.json()[field][0])


def test_unknown_receipt_is_404(api_client, db):
    assert api_client.get("/api/v1/public/opinions/MYNOTHERE/").status_code == 404


def test_walls(
    api_client, station, other_station, category, deputy, deputy_user, worker, other_worker, staff
):
    # given: one opinion at each station, one addressed to the deputy
    mine = submit(station, category)
    theirs = submit(other_station, category)
    addressed = submit(other_station, category, deputy=deputy)
    # a station worker sees the station's only
    api_client.force_authenticate(worker)
    assert {r["id"] for r in api_client.get("/api/v1/opinions/").json()["results"]} == {mine.pk}
    assert api_client.get(f"/api/v1/opinions/?receipt={theirs.receipt}").json()["results"] == []
    assert (
        api_client.post(
            f"/api/v1/opinions/{theirs.pk}/route/", {"layer": "street"}, format="json"
        ).status_code
        == 404
    )
    # the other worker: theirs and the addressed one (same station)
    api_client.force_authenticate(other_worker)
    assert {r["id"] for r in api_client.get("/api/v1/opinions/").json()["results"]} == {
        theirs.pk,
        addressed.pk,
    }
    # a deputy sees only the ones addressed to them
    api_client.force_authenticate(deputy_user)
    assert {r["id"] for r in api_client.get("/api/v1/opinions/").json()["results"]} == {addressed.pk}
    # staff see all, by receipt
    api_client.force_authenticate(staff)
    rows = api_client.get(f"/api/v1/opinions/?receipt={theirs.receipt}").json()["results"]
    assert [r["id"] for r in rows] == [theirs.pk] and rows[0]["mobile"] == "139****5678"


def test_anonymous_gets_no_opinions(api_client, opinion):
    assert api_client.get("/api/v1/opinions/").status_code in (401, 403)


def test_route_and_close_by_api(api_client, opinion, worker, unit):
    api_client.force_authenticate(worker)
    missing_unit = api_client.post(
        f"/api/v1/opinions/{opinion.pk}/route/", {"layer": "department"}, format="json"
    )
    assert missing_unit.status_code == 400 and _is_chinese(missing_unit.json()["unit"][0])
    bad_layer = api_client.post(f"/api/v1/opinions/{opinion.pk}/route/", {"layer": "moon"}, format="json")
    assert bad_layer.status_code == 400
    routed = api_client.post(
        f"/api/v1/opinions/{opinion.pk}/route/", {"layer": "department", "unit": unit.pk}, format="json"
    )
    assert routed.status_code == 200 and routed.json()["state"] == "handling" and routed.json()["deadline"]
    again = api_client.post(f"/api/v1/opinions/{opinion.pk}/route/", {"layer": "street"}, format="json")
    assert again.status_code == 409
    empty = api_client.post(f"/api/v1/opinions/{opinion.pk}/close/", {"result": ""}, format="json")
    assert empty.status_code == 400
    closed = api_client.post(f"/api/v1/opinions/{opinion.pk}/close/", {"result": "已答复"}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_a_deputy_may_route_but_not_others(api_client, station, category, deputy, deputy_user, other_worker):
    opinion = submit(station, category, deputy=deputy)
    api_client.force_authenticate(deputy_user)
    answer = api_client.post(f"/api/v1/opinions/{opinion.pk}/route/", {"layer": "suggestion"}, format="json")
    assert answer.status_code == 200 and answer.json()["proposal"]


def _count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_list_queries_stay_constant(api_client, station, category, staff, deputy):
    # Queries: (public stations) count, stations with their street, the deputies prefetch;
    # (receptions) count, rows with the station, the deputies prefetch; (opinions) the token
    # user, count, rows with category, street, station, unit and deputy joined.
    for _i in range(2):
        submit(station, category)
        StationFactory(deputies=[deputy])
        ReceptionFactory(station=station, deputies=[deputy])
    api_client.force_authenticate(staff)
    urls = [
        "/api/v1/public/stations/",
        f"/api/v1/public/receptions/?station={station.pk}",
        "/api/v1/opinions/",
    ]
    for url in urls:
        api_client.get(url)  # warm the caches (the caller's roles)
    few = [_count(lambda url=url: api_client.get(url)) for url in urls]
    for _i in range(6):
        submit(station, category)
        StationFactory(deputies=[deputy])
        ReceptionFactory(station=station, deputies=[deputy])
    many = [_count(lambda url=url: api_client.get(url)) for url in urls]
    assert few == many
